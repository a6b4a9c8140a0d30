"""The ``text`` format: the guide as plain text that reads like the published page.

Kicker, title and lede come first, then the intro, each section's heading and
blocks, the FAQ heading with each question and its answer, the numbered
"References" that ``[1]`` markers cite, and the review dates ("Page last
reviewed: 20 January 2026", "Next review due: ..."), one blank line between
blocks. How blocks are written (no markup, links as ``text (url)``, callouts
with their label, tables in columns, ``[Image: alt]``) is `cstcontent.plaintext`'s.
Control characters that could rewrite a terminal (C0 and C1 controls other than
tab and newline, and the bidirectional overrides) are removed from the output.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import attrs

from .. import nodes
from .._messages import shown
from ..model import ConditionGuide
from ..plaintext import PlainText, remove_unsafe
from .base import Exporter

__all__ = ["TextExporter"]

REFERENCES_HEADING = "References"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip


def _width(instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise ValueError(f"width must be None (no wrapping) or a positive whole number, not {shown(value)}")


@attrs.frozen(kw_only=True)
class TextExporter(Exporter):
    """Writes a guide as plain text.

    Attributes:
        width: Wrap paragraphs and list items at this many characters, with
            hanging indents for list items, never breaking a word or a URL.
            None (the default) writes each paragraph on one line.
    """

    name: ClassVar[str] = "text"
    media_type: ClassVar[str] = "text/plain"
    extension: ClassVar[str] = ".txt"

    width: int | None = attrs.field(default=None, validator=_width)

    def export(self, guide: ConditionGuide) -> str:
        """Return `guide` as plain text ending with one newline."""
        writer = PlainText(self.width, guide.reference_numbers())
        parts = [guide.kicker, guide.title, writer.paragraph((nodes.Text(guide.summary),), 0)]
        parts += writer.blocks(guide.intro, 0)
        for section in guide.sections:
            parts += [section.heading, *writer.blocks(section.blocks, 0)]
        if guide.faqs:
            parts.append(guide.faq_heading)
            for item in guide.faqs:
                parts += [item.question, *writer.blocks(item.answer, 0)]
        if guide.references:
            items = [reference.blocks for reference in guide.references]
            markers = [f"{number}." for number in range(1, len(items) + 1)]
            parts += [REFERENCES_HEADING, writer.list_(items, markers, 0)]
        dates = (("Page last reviewed", guide.last_reviewed), ("Next review due", guide.next_review))
        review = [f"{label}: {_date(day)}" for label, day in dates if day is not None]
        if review:
            parts.append("\n".join(review))
        text = "\n\n".join(part for part in parts if part)
        return remove_unsafe(text).rstrip("\n") + "\n"


def _date(day: datetime.date) -> str:
    """``20 January 2026``, as NHS pages write review dates, whatever the locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
