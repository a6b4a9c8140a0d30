"""Turning the parsed Markdown tree into the closed node set, or errors naming lines.

The builder reports a problem and carries on with the next block, so one read
names every independent mistake of a file. Anything the node set cannot carry is
refused by name with what to write instead: nothing reaches an output as
literal markup.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeVar

import attrs

from .. import nodes
from .._messages import shown
from ..errors import GuideValueError, SourceError
from ..markdown_syntax import CALLOUT_MARKERS, CAPTION, EXPLICIT_ID, ID_LIKE
from ._html import html_problem, is_comment_only
from ._parsed import ParsedNode

__all__ = ["MAX_DEPTH", "Builder", "Definition"]

# Lists and block quotes may nest this deep (the model's limit).
MAX_DEPTH = nodes.MAX_BLOCK_DEPTH
_T = TypeVar("_T")

_CALLOUT_START = re.compile(r"\[!([^\]\s]*)\]")
_ADMONITION = re.compile(r"(?:!!!|\?\?\?\+?)[ \t]*([A-Za-z-]+)")
_TASK = re.compile(r"\[[ xX]\](?:[ \t]|$)")
_STRAY_CITATION = re.compile(r"\[\^[^\]]*\]")
# GFM's one-tilde strikethrough: ~text~ with no space just inside the tildes.
_TILDE_STRIKE = re.compile(r"(?<!~)~(?=[^\s~])[^~\n]*(?<=[^\s~])~(?!~)")
_QUOTE_PREFIX = re.compile(r"^(?:[ \t]*>)*")
_ALIGNMENT = re.compile(r"text-align:(left|center|right)")
_PLAIN = ("text", "text_special", "softbreak")
_INLINE_NAMES = {"em": "emphasis", "strong": "bold", "code_inline": "code", "link": "link",
                 "image": "image", "hardbreak": "line break", "footnote_ref": "citation",
                 "s": "strikethrough", "html_inline": "HTML"}  # fmt: skip


@attrs.frozen
class Definition:
    """A footnote definition (a reference of the guide) as found in the source."""

    label: str
    node: ParsedNode
    line: int


@attrs.define
class Builder:
    """Builds nodes from parsed Markdown; `problems` collects every error found.

    Attributes:
        path: The source's path, named in errors.
        line_offset: Source lines before the body (the front matter).
        lines: The body's lines, to check what the parser keeps no trace of.
        labels: The footnote labels defined in the guide.
        problems: Every error reported so far.
        citations: Each footnote label cited, in order, with its line.
    """

    path: str | None
    line_offset: int
    lines: Sequence[str]
    labels: frozenset[str] = frozenset()
    problems: list[SourceError] = attrs.Factory(list)
    citations: list[tuple[str, int | None]] = attrs.Factory(list)
    _inline_line: int | None = None

    # -- errors

    def error(self, message: str, node: ParsedNode | None = None, line: int | None = None) -> SourceError:
        """An error at `line`, or at the first line of `node`."""
        return SourceError(message, path=self.path, line=line if line is not None else self.line(node))

    def report(self, error: SourceError) -> None:
        """Record `error` (every problem in it) and carry on."""
        self.problems.extend(error.problems)

    def attempt(self, build: Callable[[], _T], line: int | None) -> _T | None:
        """Return `build()`, or None after reporting its error (a model error is given `line`)."""
        try:
            return build()
        except SourceError as error:
            self.report(error)
        except GuideValueError as error:
            self.report(self.error(error.message, line=error.line or line))
        return None

    def line(self, node: ParsedNode | None) -> int | None:
        """The file line of `node` (None if it has no line)."""
        if node is None or not node.map:
            return None
        return node.map[0] + 1 + self.line_offset

    # -- blocks

    def blocks(self, children: Sequence[ParsedNode], depth: int = 0) -> list[nodes.Block]:
        """Build each of `children`, reporting each one that fails and leaving it out."""
        captions = self._table_captions(children)
        built: list[nodes.Block] = []
        caption_indices = set(captions.values())
        for index, child in enumerate(children):
            if index in caption_indices:
                continue
            if child.type == "code_block" and index and self._is_admonition(children[index - 1]):
                continue  # the indented body of a refused `!!! note`: one error is enough
            caption = children[captions[index]] if index in captions else None
            block = self.attempt(partial(self.block, child, depth, caption), self.line(child))
            if block is not None:
                built.append(block)
        return built

    def block(self, node: ParsedNode, depth: int, caption: ParsedNode | None = None) -> nodes.Block | None:
        """Build one block; None for one that publishes nothing (an HTML comment)."""
        line = self.line(node)
        match node.type:
            case "paragraph":
                return self.paragraph(node)
            case "bullet_list" | "ordered_list" | "blockquote" if depth >= MAX_DEPTH:
                raise self.error(f"lists and quotes are nested more than {MAX_DEPTH} deep", node)
            case "bullet_list":
                return nodes.BulletList(self.items(node, depth + 1), line=line)
            case "ordered_list":
                start = int(node.attrs.get("start", 1))
                return nodes.OrderedList(self.items(node, depth + 1), start=start, line=line)
            case "blockquote":
                return self.blockquote(node, depth + 1)
            case "heading":
                text, explicit_id = self.heading(node)
                if explicit_id is not None:
                    raise self.error(
                        f"only sections (##) and questions can have an id; remove '{{#{explicit_id}}}'", node
                    )
                return nodes.Heading(int(node.tag[1]), text, line=line)
            case "table":
                return self.table(node, caption)
            case "html_block":
                if is_comment_only(node.content):
                    return None  # an editor's note: never published
                raise self.error(html_problem(node.content), node)
            case "footnote_reference":
                raise self.error(
                    f"the reference [^{node.meta.get('label', '')}] is defined inside a list, quote or"
                    " reference; start its definition at the beginning of a line",
                    node,
                )
            case "code_block":
                raise self.error(
                    "a line indented by four or more spaces is a code block, which guides do not"
                    " support; remove the indentation",
                    node,
                )
            case "fence":
                raise self.error("code blocks (```) are not supported in guides", node)
            case "hr":
                raise self.error(
                    "horizontal rules (---, ***) are not supported; start a new section with '## Heading'",
                    node,
                )
            case other:
                raise self.error(f"unsupported Markdown construct: {other}", node)

    def paragraph(self, node: ParsedNode) -> nodes.Block:
        inline = node.children[0]
        line = self.line(node)
        if len(inline.children) == 1 and inline.children[0].type == "image":
            return self.image(inline.children[0], line)
        first = inline.children[0] if inline.children else None
        if first is not None and first.type == "text":
            self._check_paragraph_start(first.content, node)
        if inline.content.lstrip().startswith("|") and all(
            raw.strip().startswith("|") for raw in inline.content.split("\n")
        ):
            raise self.error(
                "this looks like a table but is not one: a table needs a header row, then a delimiter"
                " row such as '| --- | --- |' with as many cells, then the body rows",
                node,
            )
        return nodes.Paragraph(self.inlines(inline, line), line=line)

    def _check_paragraph_start(self, text: str, node: ParsedNode) -> None:
        admonition = _ADMONITION.match(text)
        if admonition:
            kind = admonition.group(1)
            marker = CALLOUT_MARKERS.get(f"[!{kind.upper()}]") and f"[!{kind.upper()}]"
            raise self.error(
                f"MkDocs admonitions ('{text[: admonition.end()]}') are not supported; write a callout"
                f" as a block quote: '> {marker or '[!NOTE]'}' on its first line, then '> ' before each"
                " line of its text",
                node,
            )
        if _CALLOUT_START.match(text):
            raise self.error(
                f"a callout marker ({text.split()[0]}) must start a block quote: write '> {text.split()[0]}'"
                " and start each line of the callout with '> '",
                node,
            )
        if CAPTION.match(text):
            raise self.error("a 'Table:' caption must be a paragraph directly before or after a table", node)

    def _is_admonition(self, node: ParsedNode) -> bool:
        inline = node.children[0] if node.type == "paragraph" and node.children else None
        return inline is not None and _ADMONITION.match(inline.content) is not None

    def items(self, node: ParsedNode, depth: int) -> list[list[nodes.Block]]:
        items = []
        for item in node.children:
            if not item.children:
                raise self.error("empty list item: write something after the list marker", item)
            first = item.children[0]
            if first.type == "paragraph" and _TASK.match(first.children[0].content):
                raise self.error(
                    "task lists ('- [ ]', '- [x]') are not supported: write a plain list item without"
                    " the box",
                    first,
                )
            count = len(self.problems)
            blocks = self.blocks(item.children, depth)
            if len(self.problems) > count:
                raise SourceError.collect(self.problems[count:])  # the list is left out once, reported once
            items.append(blocks)
        return items

    def blockquote(self, node: ParsedNode, depth: int) -> nodes.Block:
        line = self.line(node)
        first = node.children[0] if node.children else None
        inline = first.children[0] if first is not None and first.type == "paragraph" else None
        marker = _CALLOUT_START.match(inline.content) if inline is not None else None
        if inline is None or marker is None:
            return nodes.BlockQuote(self._contained(node.children, depth), line=line)
        kind = CALLOUT_MARKERS.get(marker.group().upper())
        if kind is None:
            close = difflib.get_close_matches(marker.group().upper(), CALLOUT_MARKERS, n=1)
            hint = f"did you mean {close[0]}?" if close else f"use one of {', '.join(CALLOUT_MARKERS)}"
            raise self.error(f"{marker.group()} is not a callout type; {hint}", node)
        title, rest = self._callout_first_line(inline, marker.end(), line)
        blocks: list[nodes.Block] = []
        if rest:
            blocks.append(nodes.Paragraph(rest, line=line))
        blocks.extend(self._contained(node.children[1:], depth))
        if not blocks:
            raise self.error(
                f"the callout {marker.group()} has no text: write it on the lines after the marker,"
                " each starting with '> '",
                node,
            )
        return nodes.Callout(kind, blocks, title=title, line=line)

    def _contained(self, children: Sequence[ParsedNode], depth: int) -> list[nodes.Block]:
        count = len(self.problems)
        blocks = self.blocks(children, depth)
        if len(self.problems) > count:
            raise SourceError.collect(self.problems[count:])
        return blocks

    def _callout_first_line(
        self, inline: ParsedNode, marker_end: int, line: int | None
    ) -> tuple[str | None, list[nodes.Inline]]:
        """Split a callout's first paragraph into its title (the marker's line) and the rest."""
        children = list(inline.children)
        breaks = [i for i, child in enumerate(children) if child.type in ("softbreak", "hardbreak")]
        head = children[: breaks[0]] if breaks else children
        if any(child.type not in _PLAIN for child in head):
            odd = next(child for child in head if child.type not in _PLAIN)
            raise self.error(
                f"a callout's title is plain text: remove the {_describe(odd)} from the marker's line",
                line=line,
            )
        title = "".join(child.content for child in head)[marker_end:].strip() or None
        self._inline_line = line
        rest: list[nodes.Inline] = []
        if breaks:
            self._inline_line = None if line is None else line + 1
            if any(child.type == "image" for child in children[breaks[0] + 1 :]):
                raise self.error(
                    "a callout holds paragraphs and lists only, not an image:"
                    " move it before or after the callout",
                    line=self._inline_line,
                )
            for child in children[breaks[0] + 1 :]:
                built = self.inline(child)
                if built is not None:
                    rest.append(built)
        return title, rest

    def heading(self, node: ParsedNode) -> tuple[str, str | None]:
        """The plain text of a heading and its explicit ``{#id}``, if any."""
        inline = node.children[0]
        for child in inline.children:
            if child.type not in _PLAIN:
                raise self.error(
                    "headings and questions are plain text:"
                    f" remove the {_describe(child)} from {shown(inline.content)}",
                    node,
                )
        text = "".join(" " if child.type == "softbreak" else child.content for child in inline.children)
        if "{#" not in text:  # what both patterns below need: most headings have no id
            return text, None
        explicit = EXPLICIT_ID.search(text)
        if explicit:
            return text[: explicit.start()], explicit.group(1)
        bad = ID_LIKE.search(text)
        if bad:
            raise self.error(
                f"{shown(bad.group().strip())} is not a valid id: use lower-case letters, digits and single"
                " hyphens, e.g. '{#back-pain}'",
                node,
            )
        return text, None

    def plain(self, inline: ParsedNode, what: str, node: ParsedNode, strip: int = 0) -> str:
        """The text of `inline`, which may hold no markup (`what` names it in the error)."""
        for child in inline.children:
            if child.type not in _PLAIN:
                raise self.error(f"{what} is plain text: remove the {_describe(child)}", node)
        text = "".join(" " if child.type == "softbreak" else child.content for child in inline.children)
        return text[strip:].strip()

    def table(self, node: ParsedNode, caption: ParsedNode | None) -> nodes.Table:
        line = self.line(node)
        head, *body = node.children
        header_row = head.children[0]
        header = [self.cell(cell, line) for cell in header_row.children]
        alignments = [self._alignment(cell) for cell in header_row.children]
        rows = []
        for section in body:
            for row in section.children:
                self._check_row(row, len(header))
                rows.append([self.cell(cell, self.line(row)) for cell in row.children])
        caption_text = None
        if caption is not None:
            inline = caption.children[0]
            prefix = CAPTION.match(inline.children[0].content) if inline.children else None
            caption_text = self.plain(inline, "a table caption", caption, prefix.end() if prefix else 0)
            if not caption_text:
                raise self.error("the table caption is empty: write it after 'Table:'", caption)
        return nodes.Table(header, rows, alignments, caption=caption_text, line=line)

    def cell(self, cell: ParsedNode, line: int | None) -> list[nodes.Inline]:
        return self.inlines(cell.children[0], line) if cell.children else []

    def _alignment(self, cell: ParsedNode) -> str | None:
        found = _ALIGNMENT.search(str(cell.attrs.get("style", "")))
        return found.group(1) if found else None

    def _check_row(self, row: ParsedNode, columns: int) -> None:
        if row.map is None or row.map[0] >= len(self.lines):
            return
        cells = _split_row(self.lines[row.map[0]])
        if len(cells) == 1 and CAPTION.match(cells[0].strip()):
            raise self.error(
                "a 'Table:' caption right under a table is read as a row: leave a blank line between them",
                row,
            )
        if len(cells) > columns:
            raise self.error(
                f"this table row has {len(cells)} cells but the header has {columns};"
                " the extra cells would be lost: add header cells or remove cells",
                row,
            )

    def _table_captions(self, children: Sequence[ParsedNode]) -> dict[int, int]:
        """Map the index of each table to the index of its 'Table:' caption paragraph."""
        candidates = {
            i for i, child in enumerate(children)
            if child.type == "paragraph" and child.children and CAPTION.match(child.children[0].content)
        }  # fmt: skip
        captions: dict[int, int] = {}
        for i, child in enumerate(children):
            if child.type != "table":
                continue
            for j in (i - 1, i + 1):
                if j in candidates and j not in captions.values():
                    captions[i] = j
                    break
        return captions

    def image(self, node: ParsedNode, line: int | None) -> nodes.Image:
        alt = " ".join(_alt_text(node).split())
        src = str(node.attrs.get("src", ""))
        if not alt:
            raise self.error(
                f"the image {shown(src)} has no alt text: describe it for people who cannot see it,"
                " e.g. ![Diagram of the sciatic nerve](...); decorative images are not allowed",
                line=line,
            )
        title = node.attrs.get("title")
        return nodes.Image(src, alt, caption=str(title) if title else None, line=line)

    # -- inlines

    def inlines(self, inline: ParsedNode, line: int | None) -> list[nodes.Inline]:
        """Build the inline content of a block that starts on `line`."""
        self._inline_line = line
        return self._children(inline)

    def _children(self, node: ParsedNode) -> list[nodes.Inline]:
        """Build the inlines of `node`; a dropped comment between two spaces leaves one space."""
        built: list[nodes.Inline] = []
        dropped = False
        for child in node.children:
            inline = self.inline(child)
            if inline is None:
                dropped = True
                continue
            previous = built[-1] if built else None
            if (
                dropped
                and isinstance(inline, nodes.Text)
                and isinstance(previous, nodes.Text)
                and (previous.text.endswith(" ") and inline.text.startswith(" "))
            ):
                inline = nodes.Text(inline.text[1:])
            dropped = False
            built.append(inline)
        return built

    def inline(self, node: ParsedNode) -> nodes.Inline | None:
        """Build one inline; None for one that publishes nothing (an HTML comment)."""
        line = self._inline_line
        match node.type:
            case "text":
                self._check_text(node.content, line)
                return nodes.Text(node.content)
            case "text_special":
                return nodes.Text(node.content)
            case "softbreak" | "hardbreak":
                if self._inline_line is not None:
                    self._inline_line += 1
                return nodes.Text(" ") if node.type == "softbreak" else nodes.LineBreak()
            case "em":
                return nodes.Emphasis(self._children(node))
            case "strong":
                return nodes.Strong(self._children(node))
            case "code_inline":
                return nodes.Code(node.content)
            case "link":
                title = node.attrs.get("title")
                return nodes.Link(
                    str(node.attrs["href"]), self._children(node), title=str(title) if title else None
                )
            case "footnote_ref":
                label = str(node.meta.get("label", ""))
                if label not in self.labels:
                    raise self.error(
                        f"[^{label}] cites a reference that is not defined: add a line '[^{label}]: ...'"
                        " with the reference, or fix the label",
                        line=line,
                    )
                self.citations.append((label, line))
                return nodes.FootnoteRef(label)
            case "html_inline":
                if self._inline_line is not None:
                    self._inline_line += node.content.count("\n")
                if is_comment_only(node.content):
                    return None
                raise self.error(html_problem(node.content), line=line)
            case "image":
                raise self.error(
                    "an image must stand alone as its own paragraph (a blank line before and after it),"
                    " not inside text, a link or a heading",
                    line=line,
                )
            case "s":
                raise self.error(
                    "strikethrough (~~text~~) is not supported: delete the text, or say in words"
                    " that it no longer applies",
                    line=line,
                )
            case other:
                raise self.error(f"unsupported Markdown construct: {other}", line=line)

    def _check_text(self, text: str, line: int | None) -> None:
        citation = _STRAY_CITATION.search(text) if "[^" in text else None
        if citation:
            raise self.error(
                f"{shown(citation.group())} is not a valid citation: a label is one word without spaces,"
                " e.g. [^smith-2020]",
                line=line,
            )
        strike = _TILDE_STRIKE.search(text) if "~" in text else None
        if strike:
            raise self.error(
                f"strikethrough ({strike.group()}) is not supported: delete the text, or write"
                " '\\~' for a literal tilde",
                line=line,
            )


def _describe(node: ParsedNode) -> str:
    return _INLINE_NAMES.get(node.type, node.type)


def _alt_text(node: ParsedNode) -> str:
    if node.type in ("text", "text_special", "code_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(_alt_text(child) for child in node.children)


def _split_row(line: str) -> list[str]:
    """The cells of a table row as GFM splits it: on every pipe not escaped with a backslash."""
    cells: list[str] = []
    current: list[str] = []
    index = 0
    text = _QUOTE_PREFIX.sub("", line).strip()
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current))
    if text.startswith("|"):
        cells = cells[1:]
    if text.endswith("|") and not text.endswith("\\|") and cells:
        cells = cells[:-1]
    return cells
