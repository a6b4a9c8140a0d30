"""An example cstcontent exporter plugin: the FAQ as CSV, one row per question."""

from __future__ import annotations

import csv
import io
from typing import ClassVar, assert_never

import attrs

from cstcontent import ConditionGuide
from cstcontent.exporters import Exporter
from cstcontent.nodes import (
    CALLOUT_LABELS,
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Heading,
    Image,
    OrderedList,
    Paragraph,
    Table,
    plain_text,
)

__all__ = ["FaqCsvExporter"]

# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _answer_text(blocks: tuple[Block, ...]) -> str:
    """The answer as plain text: one line per paragraph, list item or table row.

    Every block type is matched, so a new one fails mypy (``assert_never``) instead of
    vanishing from the CSV; citation markers are left out, as the CSV has no references.
    """
    lines: list[str] = []
    for block in blocks:
        match block:
            case Paragraph():
                lines.append(plain_text(block.content))
            case Heading():
                lines.append(block.text)
            case BlockQuote():
                lines.append(_answer_text(block.blocks))
            case Callout():
                label = CALLOUT_LABELS[block.kind] + ":"
                lines += [f"{label} {block.title}" if block.title else label, _answer_text(block.blocks)]
            case BulletList() | OrderedList():
                lines.extend(_answer_text(item) for item in block.items)
            case Table():
                lines += [block.caption] if block.caption else []
                lines += [" | ".join(plain_text(cell) for cell in row) for row in (block.header, *block.rows)]
            case Image():
                lines += [f"[Image: {block.alt}]", *([block.caption] if block.caption else [])]
            case _:
                assert_never(block)
    return "\n".join(lines)


def _validate_delimiter(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or len(value) != 1 or value in '"\r\n':
        raise ValueError(f"delimiter must be one character other than a quote or line break, not {value!r}")


@attrs.frozen(kw_only=True)
class FaqCsvExporter(Exporter):
    """One CSV row per FAQ question: slug, question, answer as plain text.

    Attributes:
        delimiter: The character between cells: one character, not a quote or a
            line break.
        guard_formulas: Put a ``'`` before a cell that starts with ``=``, ``+``,
            ``-``, ``@``, tab or CR, so spreadsheet programs show it as text
            instead of running it as a formula.
    """

    name: ClassVar[str] = "faq-csv"
    media_type: ClassVar[str] = "text/csv"
    extension: ClassVar[str] = ".csv"
    delimiter: str = attrs.field(default=",", validator=_validate_delimiter)
    guard_formulas: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))

    def _cell(self, text: str) -> str:
        return f"'{text}" if self.guard_formulas and text.startswith(_FORMULA_STARTS) else text

    def export(self, guide: ConditionGuide) -> str:
        """Return the header row and one row per question (RFC 4180: CRLF line ends)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.delimiter)
        writer.writerow(["slug", "question", "answer"])
        for item in guide.faqs:
            writer.writerow([guide.slug, self._cell(item.question), self._cell(_answer_text(item.answer))])
        return buffer.getvalue()
