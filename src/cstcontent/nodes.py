"""The body-text tree: a small, closed, format-neutral set of blocks and inlines.

Every exporter renders from these nodes and none re-parses Markdown. The set is
closed on purpose: `Block` and `Inline` are unions, so an exporter that forgets a
node type fails mypy's exhaustiveness check (``assert_never``) instead of
silently dropping text.

Inline sequences are kept in one canonical form: adjacent `Text` nodes are
merged and empty ones removed, so two trees that render the same compare equal.
Source line numbers (``line``) are kept for error messages and are not part of
equality.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, TypeAlias

import attrs

from ._checks import check_string, image_url, int_between, link_url, listed, single_line
from ._messages import shown
from .errors import GuideValueError

__all__ = [
    "BLOCK_TYPES",
    "CALLOUT_BLOCK_TYPES",
    "CALLOUT_KINDS",
    "CALLOUT_LABELS",
    "CARE_LEVELS",
    "INLINE_TYPES",
    "MAX_BLOCK_DEPTH",
    "MAX_INLINE_DEPTH",
    "TABLE_ALIGNMENTS",
    "Block",
    "BlockQuote",
    "BulletList",
    "Callout",
    "Code",
    "Emphasis",
    "FootnoteRef",
    "Heading",
    "Image",
    "Inline",
    "LineBreak",
    "Link",
    "OrderedList",
    "Paragraph",
    "Strong",
    "Table",
    "Text",
    "block_depth",
    "inline_depth",
    "plain_text",
]

#: Emphasis, strong text and links may nest this deep inside one another.
MAX_INLINE_DEPTH = 20
#: Lists, block quotes and callouts may nest this deep inside one another.
MAX_BLOCK_DEPTH = 10


def _inline_text(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    check_string(value, type(instance).__name__)
    if "\n" in value or "\r" in value:
        raise GuideValueError(
            f"{type(instance).__name__} text cannot contain a line break; use LineBreak() between inlines"
        )


def _not_empty(instance: object, attribute: attrs.Attribute[Any], value: tuple[object, ...] | str) -> None:
    if not value:
        raise GuideValueError(f"{type(instance).__name__} must not be empty")


@attrs.frozen
class Text:
    """A run of plain text."""

    text: str = attrs.field(validator=_inline_text)


@attrs.frozen
class Code:
    """Inline code, shown verbatim in a monospace font."""

    text: str = attrs.field(validator=[_inline_text, _not_empty])


@attrs.frozen
class LineBreak:
    """A hard line break inside a paragraph."""


_FOOTNOTE_LABEL = re.compile(r"[^\s\[\]^]+")


def _footnote_label(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    check_string(value, "a footnote label")
    if not _FOOTNOTE_LABEL.fullmatch(value):
        raise GuideValueError(
            f"footnote label {shown(value)} must be one word without spaces, brackets or '^',"
            " e.g. 'smith-2020'"
        )


@attrs.frozen
class FootnoteRef:
    """A citation of one of the guide's references (``[^label]`` in Markdown).

    Exporters number references by first citation: see `ConditionGuide.references`.
    """

    label: str = attrs.field(validator=_footnote_label)


def normalize_inlines(items: Iterable[Inline]) -> tuple[Inline, ...]:
    """Return `items` as a tuple with adjacent `Text` merged and empty `Text` removed."""
    result: list[Inline] = []
    run: list[Text] = []  # adjacent Text nodes, joined once: linear, however long the run

    def flush() -> None:
        if len(run) == 1:
            result.append(run[0])
        elif run:
            result.append(Text("".join(text.text for text in run)))
        run.clear()

    for item in listed(items, "inline content"):
        if isinstance(item, Text):
            if item.text:
                run.append(item)
            continue
        flush()
        result.append(item)
    flush()
    return tuple(result)


def _check_inlines(instance: object, attribute: attrs.Attribute[Any], value: tuple[Inline, ...]) -> None:
    _not_empty(instance, attribute, value)
    _check_types(instance, value, INLINE_TYPES)


def _check_inline_depth(instance: object, attribute: attrs.Attribute[Any], value: tuple[Inline, ...]) -> None:
    if inline_depth(value) >= MAX_INLINE_DEPTH:
        raise GuideValueError(
            f"emphasis, strong text and links are nested more than {MAX_INLINE_DEPTH} deep; simplify the text"
        )


def inline_depth(inlines: Iterable[Inline]) -> int:
    """How deep `Emphasis`, `Strong` and `Link` nest in `inlines` (0 for plain text).

    Iterative, so it cannot reach the recursion limit, however deep the input.
    """
    depth = 0
    stack: list[tuple[object, int]] = [(node, 1) for node in inlines]
    while stack:
        node, level = stack.pop()
        if isinstance(node, Emphasis | Strong | Link):
            depth = max(depth, level)
            stack.extend((child, level + 1) for child in node.children)
    return depth


def _check_types(instance: object, value: tuple[object, ...], types: tuple[type, ...]) -> None:
    for item in value:
        if not isinstance(item, types):
            raise GuideValueError(f"{type(instance).__name__} cannot contain a {type(item).__name__}")


@attrs.frozen
class Emphasis:
    """Stressed text (``<em>``, ``*text*``)."""

    children: tuple[Inline, ...] = attrs.field(
        converter=normalize_inlines, validator=[_check_inlines, _check_inline_depth]
    )


@attrs.frozen
class Strong:
    """Important text (``<strong>``, ``**text**``)."""

    children: tuple[Inline, ...] = attrs.field(
        converter=normalize_inlines, validator=[_check_inlines, _check_inline_depth]
    )


@attrs.frozen
class Link:
    """A hyperlink. `url` is checked against the URL policy in `cstcontent.urls`."""

    url: str = attrs.field(validator=link_url)
    children: tuple[Inline, ...] = attrs.field(
        converter=normalize_inlines, validator=[_check_inlines, _check_inline_depth]
    )
    title: str | None = attrs.field(default=None, kw_only=True)

    @title.validator
    def _check_title(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None:
            single_line(self, attribute, value)

    def __attrs_post_init__(self) -> None:
        if _contains_link(self.children):
            raise GuideValueError(f"the link to {shown(self.url)} contains another link; links cannot nest")


def _contains_link(inlines: tuple[Inline, ...]) -> bool:
    # A footnote marker is rendered as a link, so it cannot stand inside one either.
    return any(
        isinstance(node, Link | FootnoteRef)
        or (isinstance(node, Emphasis | Strong) and _contains_link(node.children))
        for node in inlines
    )


Inline: TypeAlias = Text | Emphasis | Strong | Code | Link | LineBreak | FootnoteRef
INLINE_TYPES: tuple[type, ...] = (Text, Emphasis, Strong, Code, Link, LineBreak, FootnoteRef)


def line_field() -> Any:
    """An attrs field for a source line number: optional, and not part of equality."""
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Paragraph:
    """A paragraph of inline content."""

    content: tuple[Inline, ...] = attrs.field(converter=normalize_inlines, validator=_check_inlines)
    line: int | None = line_field()


def blocks_tuple(items: Iterable[Block]) -> tuple[Block, ...]:
    """Converter: any iterable of blocks as a tuple."""
    return tuple(listed(items, "blocks"))


def _items(items: Iterable[Iterable[Block]]) -> tuple[tuple[Block, ...], ...]:
    return tuple(tuple(listed(item, "a list item")) for item in listed(items, "list items"))


def _check_blocks(instance: object, attribute: attrs.Attribute[Any], value: tuple[Block, ...]) -> None:
    _not_empty(instance, attribute, value)
    _check_types(instance, value, BLOCK_TYPES)
    _check_block_depth(value)


def _check_block_depth(blocks: tuple[Block, ...]) -> None:
    if block_depth(blocks) >= MAX_BLOCK_DEPTH:
        raise GuideValueError(
            f"lists, quotes and callouts are nested more than {MAX_BLOCK_DEPTH} deep",
            line=blocks[0].line,
        )


def block_depth(blocks: Iterable[Block]) -> int:
    """How deep lists, block quotes and callouts nest in `blocks` (0 for none); iterative."""
    depth = 0
    stack: list[tuple[object, int]] = [(block, 1) for block in blocks]
    while stack:
        block, level = stack.pop()
        if isinstance(block, BlockQuote | Callout):
            depth = max(depth, level)
            stack.extend((child, level + 1) for child in block.blocks)
        elif isinstance(block, BulletList | OrderedList):
            depth = max(depth, level)
            stack.extend((child, level + 1) for item in block.items for child in item)
    return depth


def _check_items(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[tuple[Block, ...], ...]
) -> None:
    _not_empty(instance, attribute, value)
    for item in value:
        if not item:
            raise GuideValueError(f"{type(instance).__name__} has an empty item")
        _check_types(instance, item, BLOCK_TYPES)
        _check_block_depth(item)


@attrs.frozen
class BulletList:
    """An unordered list; each item is a sequence of blocks."""

    items: tuple[tuple[Block, ...], ...] = attrs.field(converter=_items, validator=_check_items)
    line: int | None = line_field()


@attrs.frozen
class OrderedList:
    """A numbered list starting at `start`; each item is a sequence of blocks."""

    items: tuple[tuple[Block, ...], ...] = attrs.field(converter=_items, validator=_check_items)
    start: int = attrs.field(default=1, kw_only=True, validator=int_between(0, 999_999_999))
    line: int | None = line_field()


@attrs.frozen
class Heading:
    """A sub-heading inside a section: level 3 to 6 (the section heading is level 2)."""

    level: int = attrs.field(validator=int_between(3, 6))
    text: str = attrs.field(validator=single_line)
    line: int | None = line_field()


@attrs.frozen
class BlockQuote:
    """A quotation made of blocks."""

    blocks: tuple[Block, ...] = attrs.field(converter=blocks_tuple, validator=_check_blocks)
    line: int | None = line_field()


# GitHub's five alert types, then the NHS care card levels, least to most urgent.
CALLOUT_KINDS = ("note", "tip", "important", "warning", "caution", "non-urgent", "urgent", "emergency")
CARE_LEVELS = ("non-urgent", "urgent", "emergency")
#: What each kind is called where a callout is shown ("Urgent advice: ..."), as on NHS care cards.
CALLOUT_LABELS = {
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "non-urgent": "Non-urgent advice",
    "urgent": "Urgent advice",
    "emergency": "Immediate action required",
}
CALLOUT_BLOCK_TYPES: tuple[type, ...] = (Paragraph, BulletList, OrderedList)


def _callout_kind(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if type(value) is not str or value not in CALLOUT_KINDS:
        import difflib  # only for the hint of an error

        close = difflib.get_close_matches(str(value).lower(), CALLOUT_KINDS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; use one of {', '.join(CALLOUT_KINDS)}"
        raise GuideValueError(f"{shown(value)} is not a callout kind{hint}", field=attribute.name)


def _a(block: object) -> str:
    """What `block` is, in words: ``"a heading"``, ``"an image"``, ``"a block quote"``."""
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", type(block).__name__).lower()
    return ("an " if name[0] in "aeiou" else "a ") + name


def _callout_blocks(instance: object, attribute: attrs.Attribute[Any], value: tuple[Block, ...]) -> None:
    _not_empty(instance, attribute, value)
    for block in value:
        if not isinstance(block, CALLOUT_BLOCK_TYPES):
            raise GuideValueError(
                f"a callout holds paragraphs and lists only, not {_a(block)}:"
                " move it before or after the callout",
                line=getattr(block, "line", None),
            )
    _check_block_depth(value)


def _optional_single_line(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        single_line(instance, attribute, value)


@attrs.frozen
class Callout:
    """A highlighted box: one of GitHub's alert kinds or an NHS care level.

    `kind` is one of `CALLOUT_KINDS` (lower case, e.g. ``"urgent"``), shown with
    its label from `CALLOUT_LABELS` ("Urgent advice"); `title` is the callout's
    own heading, e.g. "Ask for an urgent GP appointment if:".
    """

    kind: str = attrs.field(validator=_callout_kind)
    blocks: tuple[Block, ...] = attrs.field(converter=blocks_tuple, validator=_callout_blocks)
    title: str | None = attrs.field(default=None, kw_only=True, validator=_optional_single_line)
    line: int | None = line_field()

    @property
    def is_care_level(self) -> bool:
        """Whether the callout tells readers when to get medical help."""
        return self.kind in CARE_LEVELS


TABLE_ALIGNMENTS = ("left", "center", "right")


def _cells(cells: Iterable[Iterable[Inline]]) -> tuple[tuple[Inline, ...], ...]:
    return tuple(normalize_inlines(cell) for cell in listed(cells, "a table row"))


def _rows(rows: Iterable[Iterable[Iterable[Inline]]]) -> tuple[tuple[tuple[Inline, ...], ...], ...]:
    return tuple(_cells(row) for row in listed(rows, "table rows"))


def _check_cells(instance: object, cells: tuple[tuple[Inline, ...], ...]) -> None:
    for cell in cells:
        _check_types(instance, cell, INLINE_TYPES)
        if any(isinstance(node, LineBreak) for node in cell):
            raise GuideValueError("a table cell cannot contain a line break")


def _alignments(values: Iterable[str | None]) -> tuple[str | None, ...]:
    return tuple(listed(values, "table alignments"))


@attrs.frozen
class Table:
    """A table with one header row; a cell is a (possibly empty) run of inlines.

    `alignments` holds one of `TABLE_ALIGNMENTS` or None per column.
    """

    header: tuple[tuple[Inline, ...], ...] = attrs.field(converter=_cells)
    rows: tuple[tuple[tuple[Inline, ...], ...], ...] = attrs.field(converter=_rows)
    alignments: tuple[str | None, ...] = attrs.field(converter=_alignments)
    caption: str | None = attrs.field(default=None, kw_only=True, validator=_optional_single_line)
    line: int | None = line_field()

    def __attrs_post_init__(self) -> None:
        columns = len(self.header)
        if not columns:
            raise GuideValueError("a table needs at least one column", line=self.line)
        if not any(self.header):
            raise GuideValueError("a table's header row must not be empty", line=self.line)
        _check_cells(self, self.header)
        for row in self.rows:
            if len(row) != columns:
                raise GuideValueError(
                    f"a table row has {len(row)} cells; the header has {columns}", line=self.line
                )
            _check_cells(self, row)
        if len(self.alignments) != columns:
            raise GuideValueError(
                f"a table has {columns} columns but {len(self.alignments)} alignments", line=self.line
            )
        for alignment in self.alignments:
            if alignment is not None and (type(alignment) is not str or alignment not in TABLE_ALIGNMENTS):
                raise GuideValueError(
                    f"{shown(alignment)} is not a table alignment; use left, center, right or None",
                    line=self.line,
                )


@attrs.frozen
class Image:
    """An illustration standing as a block, with required alt text and an optional caption.

    `url` is http(s) or a relative path (resolved against the guide's `url`).
    """

    url: str = attrs.field(validator=image_url)
    alt: str = attrs.field(validator=single_line)
    caption: str | None = attrs.field(default=None, kw_only=True, validator=_optional_single_line)
    line: int | None = line_field()


Block: TypeAlias = Paragraph | BulletList | OrderedList | Heading | BlockQuote | Callout | Table | Image
BLOCK_TYPES: tuple[type, ...] = (
    Paragraph, BulletList, OrderedList, Heading, BlockQuote, Callout, Table, Image,
)  # fmt: skip


def plain_text(inlines: Iterable[Inline]) -> str:
    """Return the text of `inlines` without markup; a line break becomes a space."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append(" ")
        elif isinstance(node, FootnoteRef):
            continue  # a citation marker is not part of the sentence
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)
