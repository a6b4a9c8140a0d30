"""Plain-text rendering of a block tree, shared by the ``text`` exporter and the schema.org graph.

No markup is added: emphasis is plain text, a link is written ``text (url)``,
a block quote is indented. Lists keep ``- `` and ``1. `` markers, as people
type them in plain text. A callout starts with its label and title
(``Urgent advice: Ask for an urgent GP appointment if:``) above its indented
blocks; a citation is its reference's number in brackets (``[1]``); a table is
aligned in columns, or, when it would not fit the width, written one
``header: value`` line per cell; an image is ``[Image: alt]`` above its caption.
Control characters that could rewrite a terminal (C0 and C1 controls other than
tab and newline, and the bidirectional overrides) are removed.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from typing import assert_never

import attrs

from . import nodes

__all__ = ["PlainText", "blocks_text", "remove_unsafe"]

# C0 and C1 controls except tab and newline, and the bidirectional embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Stands for a space inside a URL while text is wrapped, so that no URL is broken.
# Text has its controls (NUL among them) removed before, so it cannot occur there.
_URL_SPACE = "\x00"
_QUOTE_INDENT = "    "


def remove_unsafe(text: str) -> str:
    """Return `text` without the controls that could rewrite a terminal."""
    return _UNSAFE.sub("", text)


def blocks_text(blocks: Sequence[nodes.Block], citations: Mapping[str, int] | None = None) -> str:
    """Return `blocks` as unwrapped plain text, exactly as the ``text`` format writes them.

    `citations` numbers the references by label (`ConditionGuide.reference_numbers`).
    """
    return remove_unsafe("\n\n".join(PlainText(None, citations).blocks(blocks, 0)))


@attrs.frozen
class PlainText:
    """Renders blocks as plain text; `indent` is the column a block starts at (for wrapping).

    Attributes:
        width: Wrap paragraphs and list items at this many characters, never
            breaking a word or a URL; None writes each paragraph on one line.
        citations: The number of each reference by label. Without it (None)
            citations are left out, as in a text that has no references list.
    """

    width: int | None
    citations: Mapping[str, int] | None = None

    def blocks(self, blocks: Sequence[nodes.Block], indent: int) -> Iterator[str]:
        """Yield each of `blocks` rendered, to be joined by blank lines."""
        for block in blocks:
            yield self.block(block, indent)

    def block(self, block: nodes.Block, indent: int) -> str:
        """Return one block rendered."""
        match block:
            case nodes.Paragraph():
                return self.paragraph(block.content, indent)
            case nodes.Heading():
                return block.text
            case nodes.BulletList():
                return self.list_(block.items, ["-"] * len(block.items), indent)
            case nodes.OrderedList():
                markers = [f"{block.start + index}." for index in range(len(block.items))]
                return self.list_(block.items, markers, indent)
            case nodes.BlockQuote():
                return self._indented(block.blocks, indent)
            case nodes.Callout():
                label = nodes.CALLOUT_LABELS[block.kind] + ":"
                heading = self.paragraph(
                    (nodes.Text(f"{label} {block.title}" if block.title else label),), indent
                )
                return heading + "\n" + self._indented(block.blocks, indent)
            case nodes.Table():
                return self.table(block, indent)
            case nodes.Image():
                lines = [self.wrap(f"[Image: {remove_unsafe(block.alt)}]", indent)]
                if block.caption:
                    lines.append(self.wrap(remove_unsafe(block.caption), indent))
                return "\n".join(lines)
            case _:
                assert_never(block)

    def _indented(self, blocks: Sequence[nodes.Block], indent: int) -> str:
        inner = "\n\n".join(self.blocks(blocks, indent + len(_QUOTE_INDENT)))
        return "\n".join(_QUOTE_INDENT + line if line else "" for line in inner.split("\n"))

    def list_(self, items: Sequence[Sequence[nodes.Block]], markers: list[str], indent: int) -> str:
        """Return a list whose items start with `markers`, later lines under the first."""
        rendered = []
        for marker, item in zip(markers, items, strict=True):
            hang = " " * (len(marker) + 1)
            parts: list[str] = []
            for index, block in enumerate(item):
                text = self.block(block, indent + len(hang))
                if index and not isinstance(block, nodes.BulletList | nodes.OrderedList):
                    parts.append("")  # a blank line before a second paragraph or a quote
                parts.append(text)
            lines = "\n".join(parts).split("\n")
            rendered.append(
                "\n".join([f"{marker} {lines[0]}", *(hang + line if line else "" for line in lines[1:])])
            )
        loose = any(
            not isinstance(block, nodes.BulletList | nodes.OrderedList)
            for item in items
            for block in item[1:]
        )
        return ("\n\n" if loose else "\n").join(rendered)

    def paragraph(self, content: Sequence[nodes.Inline], indent: int) -> str:
        """Return a paragraph, wrapped at `width` less `indent`."""
        return self.wrap(self.inline_text(content), indent)

    def wrap(self, text: str, indent: int, hang: str = "") -> str:
        """Return `text` wrapped at `width` less `indent`, later lines of a line indented by `hang`."""
        lines = text.strip("\n").split("\n")
        if self.width is not None:
            width = max(1, self.width - indent)
            lines = [
                wrapped
                for line in lines
                for wrapped in (
                    textwrap.wrap(
                        line,
                        width=width,
                        subsequent_indent=hang,
                        break_long_words=False,
                        break_on_hyphens=False,
                    )
                    or [""]
                )
            ]
        return "\n".join(lines).replace(_URL_SPACE, " ")

    def table(self, table: nodes.Table, indent: int) -> str:
        """Return `table` in aligned columns, or one ``header: value`` line per cell if it is too wide."""
        header = [self.inline_text(cell) for cell in table.header]
        rows = [[self.inline_text(cell) for cell in row] for row in table.rows]
        widths = [max(1, *(_width(row[column]) for row in (header, *rows))) for column in range(len(header))]
        caption = [self.wrap(remove_unsafe(table.caption), indent)] if table.caption else []
        if self.width is None or sum(widths) + 2 * (len(widths) - 1) <= self.width - indent:
            lines = [
                _row(header, widths, table.alignments),
                _row(["-" * width for width in widths], widths, table.alignments),
                *(_row(row, widths, table.alignments) for row in rows),
            ]
            return "\n".join([*caption, *lines]).replace(_URL_SPACE, " ")
        records = [
            "\n".join(
                self.wrap(f"{name}: {value}" if name else value, indent, hang="  ")
                for name, value in zip(header, row, strict=True)
                if value
            )
            for row in rows
        ]
        return "\n\n".join([*caption, *(record for record in records if record)])

    def inline_text(self, content: Sequence[nodes.Inline]) -> str:
        """Return inlines as text: a line break as a newline, spaces in URLs marked unbreakable."""
        parts = []
        for node in content:
            match node:
                case nodes.Text() | nodes.Code():
                    parts.append(remove_unsafe(node.text))
                case nodes.LineBreak():
                    parts.append("\n")
                case nodes.Emphasis() | nodes.Strong():
                    parts.append(self.inline_text(node.children))
                case nodes.Link():
                    parts.append(self._link_text(node))
                case nodes.FootnoteRef():
                    if self.citations is not None:
                        parts.append(f"[{self.citations[node.label]}]")
                case _:
                    assert_never(node)
        return "".join(parts)

    def _link_text(self, link: nodes.Link) -> str:
        """``text (url)``; the URL alone when the text is the URL; the address once for a mailto link."""
        text = self.inline_text(link.children)
        url = remove_unsafe(link.url).replace(" ", _URL_SPACE)
        if not text.strip() or text.strip() == link.url:
            return url
        if link.url[:7].lower() == "mailto:" and text.strip() == link.url[7:]:
            return text
        return f"{text} ({url})"


def _width(text: str) -> int:
    """The columns `text` takes in a terminal: wide East Asian characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def _row(cells: Sequence[str], widths: Sequence[int], alignments: Sequence[str | None]) -> str:
    padded = []
    for cell, width, alignment in zip(cells, widths, alignments, strict=True):
        space = width - _width(cell)
        left = space if alignment == "right" else space // 2 if alignment == "center" else 0
        padded.append(" " * left + cell + " " * (space - left))
    return "  ".join(padded).rstrip()
