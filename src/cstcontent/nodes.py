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

from ._checks import check_string, int_between, link_url, single_line
from .errors import GuideValueError

__all__ = [
    "BLOCK_TYPES",
    "INLINE_TYPES",
    "Block",
    "BlockQuote",
    "BulletList",
    "Code",
    "Emphasis",
    "Heading",
    "Inline",
    "LineBreak",
    "Link",
    "OrderedList",
    "Paragraph",
    "Strong",
    "Text",
    "plain_text",
]

_NEWLINE = re.compile(r"[\n\r]")


def _inline_text(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    check_string(value, type(instance).__name__)
    if _NEWLINE.search(value):
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

    for item in items:
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


def _check_types(instance: object, value: tuple[object, ...], types: tuple[type, ...]) -> None:
    for item in value:
        if not isinstance(item, types):
            raise GuideValueError(f"{type(instance).__name__} cannot contain a {type(item).__name__}")


@attrs.frozen
class Emphasis:
    """Stressed text (``<em>``, ``*text*``)."""

    children: tuple[Inline, ...] = attrs.field(converter=normalize_inlines, validator=_check_inlines)


@attrs.frozen
class Strong:
    """Important text (``<strong>``, ``**text**``)."""

    children: tuple[Inline, ...] = attrs.field(converter=normalize_inlines, validator=_check_inlines)


@attrs.frozen
class Link:
    """A hyperlink. `url` is checked against the URL policy in `cstcontent.urls`."""

    url: str = attrs.field(validator=link_url)
    children: tuple[Inline, ...] = attrs.field(converter=normalize_inlines, validator=_check_inlines)
    title: str | None = attrs.field(default=None, kw_only=True)

    @title.validator
    def _check_title(self, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None:
            single_line(self, attribute, value)

    def __attrs_post_init__(self) -> None:
        if _contains_link(self.children):
            raise GuideValueError(f"the link to {self.url!r} contains another link; links cannot nest")


def _contains_link(inlines: tuple[Inline, ...]) -> bool:
    return any(
        isinstance(node, Link) or (isinstance(node, Emphasis | Strong) and _contains_link(node.children))
        for node in inlines
    )


Inline: TypeAlias = Text | Emphasis | Strong | Code | Link | LineBreak
INLINE_TYPES: tuple[type, ...] = (Text, Emphasis, Strong, Code, Link, LineBreak)


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
    return tuple(items)


def _items(items: Iterable[Iterable[Block]]) -> tuple[tuple[Block, ...], ...]:
    return tuple(tuple(item) for item in items)


def _check_blocks(instance: object, attribute: attrs.Attribute[Any], value: tuple[Block, ...]) -> None:
    _not_empty(instance, attribute, value)
    _check_types(instance, value, BLOCK_TYPES)


def _check_items(
    instance: object, attribute: attrs.Attribute[Any], value: tuple[tuple[Block, ...], ...]
) -> None:
    _not_empty(instance, attribute, value)
    for item in value:
        if not item:
            raise GuideValueError(f"{type(instance).__name__} has an empty item")
        _check_types(instance, item, BLOCK_TYPES)


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


Block: TypeAlias = Paragraph | BulletList | OrderedList | Heading | BlockQuote
BLOCK_TYPES: tuple[type, ...] = (Paragraph, BulletList, OrderedList, Heading, BlockQuote)


def plain_text(inlines: Iterable[Inline]) -> str:
    """Return the text of `inlines` without markup; a line break becomes a space."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append(" ")
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)
