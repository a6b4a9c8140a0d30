"""The markdown-it-pyrs back-end of the Markdown reader (the `fast` extra).

markdown-it-pyrs is the Rust port of the markdown-it parser that
`readers._markdown_it` runs in Python: the same CommonMark rules, with GFM
tables, strikethrough and footnotes, about ten times faster. Its tree differs
in shape (no ``inline`` nodes, hidden paragraphs left out of tight lists,
footnote definitions moved to the end, byte offsets instead of line maps); this
module turns it into the `ParsedNode` tree the reader's builder expects.

It does not cover everything the reference back-end does, so `parse` returns
None, and the reader uses markdown-it-py for the whole document, whenever the
result could differ:

- lines whose container prefix could nest deeper than `MAX_PREFIX` (the Rust
  parser has no nesting limit and overflows its stack on such input);
- raw HTML and autolinks (any ``<``), link reference definitions (any ``]:``
  but a footnote definition's), and any node type not in `_BLOCKS`/`_INLINES`;
- Unicode white space other than space, tab and newline (Python's ``strip``
  in markdown-it-py removes it, the Rust parser keeps it), and an emphasis
  delimiter beside a non-ASCII character (the parsers class Unicode
  punctuation differently: CommonMark 0.31 against 0.30);
- a link or image whose destination is not written verbatim in the source
  (markdown-it-pyrs percent-encodes destinations and refuses some schemes,
  where the reader keeps them as written for the model to check);
- a ``[^`` that is not a citation of a defined reference or a definition at the
  start of a top-level line (markdown-it-pyrs reads it as text, where the
  reference back-end reports it);
- emphasis and links nested past `nodes.MAX_INLINE_DEPTH`.

The reader also re-reads with markdown-it-py any document in which it found a
problem, so errors (messages and lines) always come from the reference
back-end. The inline ``content`` given here is the source of the first line
exactly, then each further line from its first character (indentation
dropped): the builder only matches its start and strips its lines.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..nodes import MAX_INLINE_DEPTH
from ._parsed import ParseResult

if TYPE_CHECKING:
    from markdown_it_pyrs import MarkdownIt
    from markdown_it_pyrs import Node as RsNode

__all__ = ["MAX_PREFIX", "available", "parse"]

# A line's container prefix (indentation, '>' and list markers) bounds how deep
# its blocks nest; past this many characters the reference back-end is used.
MAX_PREFIX = 64
_DEEP_PREFIX = re.compile(rf"^[ \t>*+\-.)0-9]{{{MAX_PREFIX}}}", re.MULTILINE)
# Python's str.strip() (in markdown-it-py) strips these, markdown-it-pyrs does not.
_UNICODE_SPACE = re.compile("[\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
# Whether a delimiter run can open or close emphasis depends on the character beside
# it; the two parsers classify non-ASCII punctuation and symbols differently.
_DELIMITER_BESIDE_NON_ASCII = re.compile("[^\x00-\x7f][*_~]|[*_~][^\x00-\x7f]")
_LINK_DESTINATION_END = ('"', "'", " ", "\n", ")", "\t")
_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]\n]*\]:", re.MULTILINE)

_BLOCKS = {"paragraph", "heading", "lheading", "bullet_list", "ordered_list", "list_item",
           "blockquote", "table", "thead", "tbody", "trow", "tcell", "footnote_def", "code_block",
           "fence", "hr"}  # fmt: skip
_INLINES = {"text", "text_special", "softbreak", "hardbreak", "em", "strong", "code_inline", "link",
            "image", "footnote_ref", "strikethrough"}  # fmt: skip
_RENAMED = {"lheading": "heading", "trow": "tr", "strikethrough": "s", "footnote_def": "footnote_reference"}
# Block nodes whose inline content markdown-it keeps in one ``inline`` child.
_HAS_INLINE = {"paragraph", "heading", "lheading", "tcell"}


class _Node:
    """A `ParsedNode` made from a markdown-it-pyrs node."""

    __slots__ = ("attrs", "children", "content", "map", "meta", "tag", "type")

    def __init__(
        self,
        type: str,
        children: Sequence[_Node] = (),
        *,
        map: Sequence[int] | None = None,
        attrs: Mapping[str, Any] | None = None,
        meta: Mapping[str, Any] | None = None,
        content: str = "",
        tag: str = "",
    ) -> None:
        self.type = type
        self.children = children
        self.map = map
        self.attrs = attrs if attrs is not None else {}
        self.meta = meta if meta is not None else {}
        self.content = content
        self.tag = tag


class _Unsupported(Exception):
    """The tree holds something this back-end cannot give exactly as markdown-it-py does."""


@functools.cache
def available() -> bool:
    """Whether markdown-it-pyrs is installed."""
    try:
        import markdown_it_pyrs  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it_pyrs import MarkdownIt

    return MarkdownIt("commonmark").enable_many(["table", "strikethrough", "footnote"])


def parse(body: str) -> ParseResult | None:
    """Parse a guide's Markdown body, or None where only markdown-it-py gives the exact tree."""
    if "<" in body or _DEEP_PREFIX.search(body):
        return None
    if not body.isascii() and (_UNICODE_SPACE.search(body) or _DELIMITER_BESIDE_NON_ASCII.search(body)):
        return None
    try:
        data = body.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: refused by the reader
        return None
    try:
        return ParseResult(_Converter(body, data).root(_parser().tree(body)))
    except _Unsupported:
        return None


class _Converter:
    """Turns one markdown-it-pyrs tree into `_Node`s, or raises `_Unsupported`."""

    def __init__(self, body: str, data: bytes) -> None:
        self.body = body
        self.data = data
        self.ascii = len(data) == len(body)
        self.line_starts = [0, *(m.end() for m in re.finditer(b"\n", data))]
        self.links = 0
        self.citations = 0
        self.alignments: list[str | None] = []

    def root(self, tree: RsNode) -> _Node:
        blocks: list[_Node] = []
        definitions: list[_Node] = []
        for child in tree.children:
            if child.name == "footnote_container":
                definitions.extend(self.block(definition) for definition in child.children)
            else:
                blocks.append(self.block(child))
        self._check_counts(len(definitions))
        if definitions:
            # markdown-it-py keeps definitions where they are written.
            blocks.extend(definitions)
            blocks.sort(key=lambda node: node.map[0] if node.map else 0)
        return _Node("root", blocks)

    def _check_counts(self, definitions: int) -> None:
        body = self.body
        if body.count("](") != self.links:
            raise _Unsupported
        if body.count("[^") != self.citations + definitions:
            raise _Unsupported
        if len(_FOOTNOTE_DEFINITION.findall(body)) != definitions:
            raise _Unsupported
        if body.count("]:") != definitions:
            raise _Unsupported  # a link reference definition, or text that looks like one

    def line(self, node: RsNode) -> int:
        srcmap = node.srcmap
        if srcmap is None:
            raise _Unsupported
        return bisect.bisect_right(self.line_starts, srcmap[0]) - 1

    def text(self, start: int, end: int) -> str:
        if self.ascii:
            return self.body[start:end]
        return self.data[start:end].decode("utf-8")

    def block(self, node: RsNode) -> _Node:
        name = node.name
        if name not in _BLOCKS:
            raise _Unsupported
        line = self.line(node)
        position = (line, line + 1)
        meta = node.meta
        if name in _HAS_INLINE:
            inline = self.inline_container(node.children)
            tag = f"h{meta['level']}" if name != "paragraph" else "p"
            return _Node(_RENAMED.get(name, name), (inline,), map=position, tag=tag)
        if name == "footnote_def":
            children = self.blocks(node.children)
            return _Node("footnote_reference", children, map=position, meta={"label": meta["label"]})
        if name in ("code_block", "fence", "hr"):
            return _Node(name, map=position)
        attrs: dict[str, Any] = {}
        if name == "ordered_list":
            attrs["start"] = meta.get("start", 1)
        elif name == "table":
            self.alignments = [a if a != "none" else None for a in meta.get("alignments", ())]
        if name == "trow":
            return _Node("tr", self.cells(node.children), map=position)
        children = self.blocks(node.children)
        if name == "thead":
            for cell in children[0].children if children else ():
                cell.type = "th"
        return _Node(_RENAMED.get(name, name), children, map=position, attrs=attrs)

    def cells(self, cells: Sequence[RsNode]) -> list[_Node]:
        built = []
        for index, cell in enumerate(cells):
            if cell.name != "tcell":
                raise _Unsupported
            alignment = self.alignments[index] if index < len(self.alignments) else None
            attrs = {"style": f"text-align:{alignment}"} if alignment else {}
            built.append(_Node("td", (self.inline_container(cell.children),), attrs=attrs))
        return built

    def blocks(self, children: Sequence[RsNode]) -> list[_Node]:
        """Build block children; runs of inline nodes (a tight list's text) become a paragraph."""
        built: list[_Node] = []
        run: list[RsNode] = []
        for child in children:
            if child.name == "footnote_ref_anchor":
                continue
            if child.name in _INLINES:
                run.append(child)
                continue
            if run:
                built.append(self.hidden_paragraph(run))
                run = []
            built.append(self.block(child))
        if run:
            built.append(self.hidden_paragraph(run))
        return built

    def hidden_paragraph(self, run: list[RsNode]) -> _Node:
        line = self.line(run[0])
        return _Node("paragraph", (self.inline_container(run),), map=(line, line + 1), tag="p")

    def inline_container(self, children: Sequence[RsNode]) -> _Node:
        built = [self.inline(child, 0) for child in children if child.name != "footnote_ref_anchor"]
        return _Node("inline", built, content=self.inline_source(children))

    def inline_source(self, children: Sequence[RsNode]) -> str:
        """The source of inline `children`: its first line, then each line from its first character."""
        lines: list[str] = []
        start: int | None = None
        end = 0
        for child in children:
            srcmap = child.srcmap
            if srcmap is None:
                continue
            if child.name in ("softbreak", "hardbreak"):
                if start is not None:
                    lines.append(self.text(start, end if child.name == "softbreak" else srcmap[0]))
                start = None
                continue
            if start is None:
                start = srcmap[0]
            end = srcmap[1]
        if start is not None:
            lines.append(self.text(start, end))
        return "\n".join(lines)

    def inline(self, node: RsNode, depth: int) -> _Node:
        """Build one inline node inside `depth` levels of emphasis and links."""
        name = node.name
        if name not in _INLINES:
            raise _Unsupported
        meta = node.meta
        if name in ("text", "text_special"):
            return _Node(name, content=meta.get("content", ""))
        if name in ("softbreak", "hardbreak"):
            return _Node(name)
        if name == "footnote_ref":
            self.citations += 1
            return _Node(name, meta={"label": meta["label"]})
        if depth >= MAX_INLINE_DEPTH and name != "code_inline":
            raise _Unsupported  # nested too deep: markdown-it-py's reader reports it
        children = [self.inline(child, depth + 1) for child in node.children]
        if name == "code_inline":
            return _Node(name, content="".join(child.content for child in children))
        if name in ("link", "image"):
            return self.link(node, name, children, meta)
        return _Node(_RENAMED.get(name, name), children)

    def link(self, node: RsNode, name: str, children: list[_Node], meta: Mapping[str, Any]) -> _Node:
        url = str(meta.get("url", ""))
        srcmap = node.srcmap
        if srcmap is None:
            raise _Unsupported
        written = self.text(srcmap[0], srcmap[1])
        at = written.rfind("](" + url)
        after = at + 2 + len(url)
        if at < 0 or after >= len(written) or written[after] not in _LINK_DESTINATION_END:
            raise _Unsupported  # not written verbatim: markdown-it-pyrs changed it
        self.links += 1
        attrs: dict[str, Any] = {"href" if name == "link" else "src": url}
        if "title" in meta:
            attrs["title"] = meta["title"]
        return _Node(name, children, attrs=attrs)
