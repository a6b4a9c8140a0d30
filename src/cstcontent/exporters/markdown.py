"""The ``markdown`` format: a guide's canonical source, CommonMark with YAML front matter.

The output reads back to the same guide (``cstcontent.loads(out) == guide``)
and is already in mdformat's style (``mdformat --number``), so formatting a
canonical file changes nothing. Only what CommonMark would read as syntax is
escaped (see `_markdown_escape`).

Section and question ids are not written: the reader derives them from the
headings with `cstcontent.slugs.make_slug`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

import attrs
import yaml

from .. import nodes
from ..errors import ExportError
from ..model import DEFAULT_FAQ_HEADING, DEFAULT_KICKER, ConditionGuide, Person
from . import _markdown_escape as esc
from .base import Exporter

__all__ = ["MarkdownExporter"]

# The FAQ headings the reader recognises without being told (readers.markdown.FAQ_HEADINGS).
_KNOWN_FAQ_HEADINGS = frozenset({"frequently asked questions", "faq", "faqs"})
# A line of more than this many digits is not an ordered-list marker.
_MAX_LIST_NUMBER = 999_999_999


@attrs.frozen(kw_only=True)
class MarkdownExporter(Exporter):
    """Writes a guide as Markdown with YAML front matter: the source format.

    Attributes:
        front_matter: Write the metadata as YAML front matter, so that the output
            reads back as the same guide. With False the output is plain Markdown
            for other tools: the title as a level-1 heading and the summary as
            the first paragraph (it cannot be read back as a guide).
    """

    name: ClassVar[str] = "markdown"
    media_type: ClassVar[str] = "text/markdown"
    extension: ClassVar[str] = ".md"

    front_matter: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))

    def export(self, guide: ConditionGuide) -> str:
        """Return `guide` as Markdown.

        Raises:
            ExportError: The guide holds something CommonMark cannot say, such as
                a line break at the end of a paragraph or a section heading the
                reader would take for the FAQ.
        """
        faq_heading_key = _needs_faq_heading_key(guide)
        _check_section_headings(guide, faq_heading_key)
        if self.front_matter:
            head = [_front_matter(guide, faq_heading_key)]
        else:
            head = ["# " + esc.escape_heading(guide.title), _paragraph((nodes.Text(guide.summary),))]
        body = [*_blocks(guide.intro)]
        for section in guide.sections:
            body += ["## " + esc.escape_heading(section.heading), *_blocks(section.blocks)]
        if guide.faqs:
            body.append("## " + esc.escape_heading(guide.faq_heading))
            for item in guide.faqs:
                body += ["### " + esc.escape_heading(item.question), *_blocks(item.answer)]
        return "\n\n".join([*head, *body]) + "\n"


# --- front matter -------------------------------------------------------------------------------


# Plain scalars that YAML 1.2 readers (ruamel.yaml, so mdformat-frontmatter; Hugo) take for
# something other than text although PyYAML, a YAML 1.1 reader, would write them unquoted.
_YAML12_NOT_TEXT = re.compile(
    r"""
    true|True|TRUE|false|False|FALSE|~|null|Null|NULL|<<|=
    |[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+
    |[0-9]{4}-[0-9]{2}-[0-9]{2}
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?
    """,
    re.VERBOSE,
)


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, indenting sequences inside mappings as mdformat-frontmatter does."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    """Quote a string that a YAML 1.2 reader would take for a number, boolean, null or date."""
    if _YAML12_NOT_TEXT.fullmatch(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="'")
    return dumper.represent_str(data)


_Dumper.add_representer(str, _represent_str)


def _normalize_heading(text: str) -> str:
    return " ".join(text.casefold().split())


def _needs_faq_heading_key(guide: ConditionGuide) -> bool:
    """Whether the FAQ heading must be named in the front matter for the reader to find it."""
    if guide.faqs:
        return _normalize_heading(guide.faq_heading) not in _KNOWN_FAQ_HEADINGS
    return guide.faq_heading != DEFAULT_FAQ_HEADING


def _check_section_headings(guide: ConditionGuide, faq_heading_key: bool) -> None:
    faq_names = set(_KNOWN_FAQ_HEADINGS)
    if faq_heading_key:
        faq_names.add(_normalize_heading(guide.faq_heading))
    for section in guide.sections:
        if _normalize_heading(section.heading) in faq_names:
            raise ExportError(
                f"the section heading {section.heading!r} would be read back as the FAQ heading;"
                " rename the section"
            )


def _person(person: Person) -> str | dict[str, str]:
    if person.url is None and person.job_title is None:
        return person.name
    data = {"name": person.name}
    if person.url is not None:
        data["url"] = person.url
    if person.job_title is not None:
        data["job_title"] = person.job_title
    return data


def _front_matter(guide: ConditionGuide, faq_heading_key: bool) -> str:
    data: dict[str, Any] = {"title": guide.title, "slug": guide.slug}
    if guide.kicker != DEFAULT_KICKER:
        data["kicker"] = guide.kicker
    data["summary"] = guide.summary
    condition = guide.condition
    if condition.alternate_names:
        data["condition"] = {"name": condition.name, "alternate_names": list(condition.alternate_names)}
    else:
        data["condition"] = condition.name
    if guide.language != "en":
        data["language"] = guide.language
    for key in ("url", "published", "modified", "last_reviewed"):
        value = getattr(guide, key)
        if value is not None:
            data[key] = value
    for key in ("authors", "reviewed_by"):
        people = getattr(guide, key)
        if people:
            data[key] = [_person(person) for person in people]
    if faq_heading_key:
        data["faq_heading"] = guide.faq_heading
    aspects = {section.id: section.health_aspect for section in guide.sections if section.health_aspect}
    if aspects:
        data["health_aspects"] = aspects
    text = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=2**30
    )
    return f"---\n{text}---"


# --- blocks -------------------------------------------------------------------------------------


def _blocks(blocks: Sequence[nodes.Block]) -> Iterator[str]:
    """Render sibling blocks; consecutive lists of one kind alternate their markers, as mdformat does.

    Two bullet lists in a row with the same marker would be read as one list.
    """
    for _, run in itertools.groupby(blocks, key=lambda block: type(block) if _is_list(block) else id(block)):
        for index, block in enumerate(run):
            yield _block(block, alternate=index % 2 == 1)


def _is_list(block: nodes.Block) -> bool:
    return isinstance(block, nodes.BulletList | nodes.OrderedList)


def _block(block: nodes.Block, *, alternate: bool = False) -> str:
    match block:
        case nodes.Paragraph():
            return _paragraph(block.content, line=block.line)
        case nodes.Heading():
            return "#" * block.level + " " + esc.escape_heading(block.text)
        case nodes.BulletList():
            return _list(block.items, ["*" if alternate else "-"] * len(block.items))
        case nodes.OrderedList():
            return _list(block.items, _numbers(block, ")" if alternate else "."))
        case nodes.BlockQuote():
            inner = "\n\n".join(_blocks(block.blocks))
            return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    raise TypeError(f"not a block: {block!r}")  # pragma: no cover


def _numbers(block: nodes.OrderedList, delimiter: str) -> list[str]:
    """mdformat's ``--number`` markers: consecutive, zero-padded to the width of the last."""
    last = min(block.start + len(block.items) - 1, _MAX_LIST_NUMBER)
    width = len(str(last))
    return [f"{min(block.start + index, _MAX_LIST_NUMBER):0{width}d}{delimiter}" for index in range(len(block.items))]


def _list(items: Sequence[Sequence[nodes.Block]], markers: list[str]) -> str:
    tight = all(_can_be_tight(item) for item in items)
    indent = " " * (max(map(len, markers)) + 1)
    rendered = []
    for marker, item in zip(markers, items, strict=True):
        lines = ("\n" if tight else "\n\n").join(_blocks(item)).split("\n")
        rendered.append(
            "\n".join([f"{marker} {lines[0]}", *(indent + line if line else "" for line in lines[1:])])
        )
    return ("\n" if tight else "\n\n").join(rendered)


def _can_be_tight(item: Sequence[nodes.Block]) -> bool:
    """Whether the blocks of a list item can follow each other without a blank line.

    Only a block that can interrupt a paragraph may: a bullet list, an ordered
    list starting at 1, or a block quote (unless it follows a block quote, which
    it would join).
    """
    for before, after in itertools.pairwise(item):
        if isinstance(after, nodes.BulletList):
            continue
        if isinstance(after, nodes.OrderedList) and after.start == 1:
            continue
        if isinstance(after, nodes.BlockQuote) and not isinstance(before, nodes.BlockQuote):
            continue
        return False
    return True


# --- inlines ------------------------------------------------------------------------------------

_W, _P, _O = "whitespace", "punctuation", "other"


def _class(char: str) -> str:
    if esc.is_whitespace(char):
        return _W
    return _P if esc.is_punctuation(char) else _O


@attrs.define(eq=False)
class _Delimiter:
    """The ``*``/``_`` markup of one Emphasis or Strong node."""

    strong: bool
    parent: _Delimiter | None
    char: str = "*"
    opener: _Piece | None = None
    closer: _Piece | None = None

    @property
    def markup(self) -> str:
        return self.char * (2 if self.strong else 1)

    def ancestors(self) -> Iterator[_Delimiter]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@attrs.define(eq=False)
class _Piece:
    """One stretch of a paragraph's inline markup, before it is written out.

    Text is kept unescaped until the end, so that a character next to an
    emphasis delimiter can still be written as a character reference, which
    CommonMark counts as punctuation when it decides whether ``*`` opens or closes.
    """

    kind: str  # "text", "markup", "open" or "close"
    value: str = ""
    delimiter: _Delimiter | None = None
    first: str = _P  # the class of a markup piece's first and last character
    last: str = _P
    encode_first: bool = False
    encode_last: bool = False
    before_link: bool = False

    def first_class(self) -> str:
        if self.kind == "text":
            return _P if self.encode_first or (self.encode_last and len(self.value) == 1) else _class(self.value[0])
        return self.first if self.kind == "markup" else _P

    def last_class(self) -> str:
        if self.kind == "text":
            return _P if self.encode_last or (self.encode_first and len(self.value) == 1) else _class(self.value[-1])
        return self.last if self.kind == "markup" else _P

    def render(self) -> str:
        if self.kind in ("open", "close"):
            assert self.delimiter is not None
            return self.delimiter.markup
        if self.kind == "markup":
            return self.value
        value = self.value
        start = _reference(value[0]) if self.encode_first else ""
        end = _reference(value[-1]) if self.encode_last and (len(value) > 1 or not self.encode_first) else ""
        middle = value[1 if start else 0 : len(value) - (1 if end else 0)]
        return start + esc.escape_text(middle, before_link=self.before_link and not end) + end


def _reference(char: str) -> str:
    reference = esc.char_ref(char)
    if reference is None:  # pragma: no cover - _can_encode is checked first
        raise ExportError(f"cannot write U+{ord(char):04X} as a character reference")
    return reference


def _paragraph(content: Sequence[nodes.Inline], line: int | None = None) -> str:
    if _ends_with_line_break(content):
        where = f" (line {line})" if line is not None else ""
        raise ExportError(
            f"a paragraph{where} ends with a line break, which Markdown cannot express; remove the line break"
        )
    pieces = _inline_pieces(content)
    first, last = pieces[0], pieces[-1]
    if first.kind == "text" and first.value[0] in esc.EDGE_WHITESPACE:
        _require_encoding(first, first.value[0])
        first.encode_first = True
    if last.kind == "text" and last.value[-1] in esc.EDGE_WHITESPACE:
        _require_encoding(last, last.value[-1])
        last.encode_last = True
    _solve_delimiters(pieces, start=_W)
    return esc.escape_line_starts("".join(piece.render() for piece in pieces))


def _ends_with_line_break(content: Sequence[nodes.Inline]) -> bool:
    last = content[-1]
    if isinstance(last, nodes.LineBreak):
        return True
    return isinstance(last, nodes.Emphasis | nodes.Strong) and _ends_with_line_break(last.children)


def _require_encoding(piece: _Piece, char: str) -> None:
    if esc.char_ref(char) is None:
        raise ExportError(
            f"the text {piece.value!r} starts or ends a line with U+{ord(char):04X}, which Markdown"
            " trims and cannot escape; remove that character"
        )


def _inline_pieces(content: Sequence[nodes.Inline]) -> list[_Piece]:
    pieces: list[_Piece] = []
    _flatten(content, pieces, parent=None)
    for before, after in itertools.pairwise(pieces):
        if before.kind == "text" and after.kind == "markup" and after.value.startswith("["):
            before.before_link = True
        # A line's leading spaces and tabs are skipped after a hard line break.
        if before.value == "\\\n" and after.kind == "text" and after.value[0] in " \t":
            after.encode_first = True
    return pieces


def _flatten(content: Sequence[nodes.Inline], pieces: list[_Piece], parent: _Delimiter | None) -> None:
    for node in content:
        match node:
            case nodes.Text():
                pieces.append(_Piece("text", node.text))
            case nodes.Code():
                pieces.append(_Piece("markup", esc.code_span(node.text)))
            case nodes.LineBreak():
                pieces.append(_Piece("markup", "\\\n", first=_P, last=_W))
            case nodes.Link():
                pieces.append(_Piece("markup", _link(node)))
            case nodes.Emphasis() | nodes.Strong():
                if node.children and _ends_with_line_break(node.children):
                    raise ExportError(
                        "emphasis that ends with a line break cannot be written in Markdown;"
                        " move the line break after the emphasis"
                    )
                delimiter = _Delimiter(strong=isinstance(node, nodes.Strong), parent=parent)
                delimiter.opener = _Piece("open", delimiter=delimiter)
                delimiter.closer = _Piece("close", delimiter=delimiter)
                pieces.append(delimiter.opener)
                _flatten(node.children, pieces, delimiter)
                pieces.append(delimiter.closer)
            case _:  # pragma: no cover
                raise TypeError(f"not an inline: {node!r}")


def _link(link: nodes.Link) -> str:
    if any(isinstance(inner, nodes.Link) for inner in _walk_inlines(link.children)):
        raise ExportError(f"the link to {link.url!r} contains another link, which Markdown cannot express")
    pieces = _inline_pieces(link.children)
    _solve_delimiters(pieces, start=_P)
    text = "".join(piece.render() for piece in pieces)
    title = f" {esc.link_title(link.title)}" if link.title else ""
    return f"[{text}]({esc.link_destination(link.url)}{title})"


def _walk_inlines(content: Sequence[nodes.Inline]) -> Iterator[nodes.Inline]:
    for node in content:
        yield node
        if isinstance(node, nodes.Emphasis | nodes.Strong | nodes.Link):
            yield from _walk_inlines(node.children)


# --- emphasis delimiters ------------------------------------------------------------------------


def _flanking(char: str, before: str, after: str) -> tuple[bool, bool]:
    """Whether a run of `char` between characters of these classes can open and can close.

    CommonMark's rules, as markdown-it-py applies them (``scanDelims``).
    """
    left = not (after == _W or (after == _P and before not in (_W, _P)))
    right = not (before == _W or (before == _P and after not in (_W, _P)))
    if char == "*":
        return left, right
    return left and (not right or before == _P), right and (not left or after == _P)


def _assign_chars(pieces: list[_Piece]) -> None:
    """Choose ``*`` or ``_`` for each delimiter so that neighbouring delimiters differ.

    ``*`` is preferred. Adjacent runs of one character would merge into one run
    (``**``), so a delimiter takes the other character when its opener follows a
    delimiter or its closer precedes its parent's closer. When both are taken it
    shares its parent's character: a run of closers still closes innermost first.
    """
    for index, piece in enumerate(pieces):
        if piece.kind != "open":
            continue
        delimiter = piece.delimiter
        assert delimiter is not None and delimiter.closer is not None
        taken = set()
        if index > 0 and pieces[index - 1].delimiter is not None:
            taken.add(pieces[index - 1].delimiter.char)  # type: ignore[union-attr]
        after = pieces.index(delimiter.closer, index) + 1
        if after < len(pieces) and pieces[after].kind == "close":
            taken.add(pieces[after].delimiter.char)  # type: ignore[union-attr]
        if "*" not in taken:
            delimiter.char = "*"
        elif "_" not in taken:
            delimiter.char = "_"
        else:
            assert delimiter.parent is not None
            delimiter.char = delimiter.parent.char


def _runs(pieces: list[_Piece]) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each run of adjacent delimiter pieces with one character."""
    index = 0
    while index < len(pieces):
        if pieces[index].delimiter is None:
            index += 1
            continue
        end = index + 1
        char = pieces[index].delimiter.char  # type: ignore[union-attr]
        while end < len(pieces) and pieces[end].delimiter is not None and pieces[end].delimiter.char == char:  # type: ignore[union-attr]
            end += 1
        yield index, end
        index = end


def _solve_delimiters(pieces: list[_Piece], start: str) -> None:
    """Make every emphasis delimiter open or close as intended, encoding neighbours if needed.

    A delimiter's neighbours decide whether CommonMark lets it open or close
    (``a*b*c`` is emphasis, ``a*(b)*c`` is not). Where the plain characters do
    not work, the text character next to it is written as a character
    reference, which counts as punctuation: ``&#97;*(b)*&#99;``.
    """
    if not any(piece.delimiter is not None for piece in pieces):
        return
    _assign_chars(pieces)
    strict = _strict_delimiters(pieces)
    for _ in range(4 * len(pieces) + 4):
        changed = False
        for begin, end in _runs(pieces):
            if _run_ok(pieces, begin, end, start, strict):
                continue
            if not _fix_run(pieces, begin, end, start, strict):
                raise ExportError(
                    "this combination of emphasis cannot be written in Markdown so that it reads back"
                    f" the same: {''.join(piece.render() for piece in pieces)!r}"
                )
            changed = True
        if not changed:
            return
    raise ExportError("cannot settle the emphasis markup of a paragraph")  # pragma: no cover


def _strict_delimiters(pieces: list[_Piece]) -> set[int]:
    """Delimiters whose runs must only open (or only close): those that share a merged run.

    CommonMark's "rule of 3" would otherwise refuse to pair them.
    """
    strict: set[int] = set()
    for begin, end in _runs(pieces):
        if end - begin > 1:
            for piece in pieces[begin:end]:
                strict.add(id(piece.delimiter))
    return strict


def _neighbours(pieces: list[_Piece], begin: int, end: int, start: str) -> tuple[str, str]:
    before = pieces[begin - 1].last_class() if begin > 0 else start
    after = pieces[end].first_class() if end < len(pieces) else _W
    return before, after


def _run_ok(pieces: list[_Piece], begin: int, end: int, start: str, strict: set[int]) -> bool:
    before, after = _neighbours(pieces, begin, end, start)
    for piece in pieces[begin:end]:
        delimiter = piece.delimiter
        assert delimiter is not None
        can_open, can_close = _flanking(delimiter.char, before, after)
        if piece.kind == "open":
            if not can_open:
                return False
            if can_close and (
                id(delimiter) in strict
                or any(a.char == delimiter.char and a.strong == delimiter.strong for a in delimiter.ancestors())
            ):
                return False
        else:
            if not can_close:
                return False
            if can_open and id(delimiter) in strict:
                return False
    return True


def _fix_run(pieces: list[_Piece], begin: int, end: int, start: str, strict: set[int]) -> bool:
    """Encode the text next to a run until it works; False if nothing does."""
    before = pieces[begin - 1] if begin > 0 else None
    after = pieces[end] if end < len(pieces) else None
    options: list[list[tuple[_Piece, str]]] = [[]]
    if after is not None and after.kind == "text" and not after.encode_first and _can_encode(after.value[0]):
        options = [*options, *[[*option, (after, "first")] for option in options]]
    if before is not None and before.kind == "text" and not before.encode_last and _can_encode(before.value[-1]):
        options = [*options, *[[*option, (before, "last")] for option in options]]
    for option in sorted(options[1:], key=len):
        saved = [(piece, piece.encode_first, piece.encode_last) for piece, _ in option]
        for piece, side in option:
            setattr(piece, f"encode_{side}", True)
        if _run_ok(pieces, begin, end, start, strict):
            return True
        for piece, first, last in saved:
            piece.encode_first, piece.encode_last = first, last
    return False


def _can_encode(char: str) -> bool:
    return esc.char_ref(char) is not None
