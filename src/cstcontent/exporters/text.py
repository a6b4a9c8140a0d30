"""The ``text`` format: the guide as plain text that reads like the published page.

Kicker, title and lede come first, then the intro, each section's heading and
blocks, and the FAQ heading with each question and its answer, one blank line
between blocks. No markup is added: emphasis is plain text, a link is written
``text (url)``, a block quote is indented. Lists keep ``- `` and ``1. ``
markers, as people type them in plain text. Control characters that could
rewrite a terminal (C0 and C1 controls other than tab and newline, and the
bidirectional overrides) are removed from the output.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from .. import nodes
from ..model import ConditionGuide
from ..plaintext import PlainText, remove_unsafe
from .base import Exporter

__all__ = ["TextExporter"]


def _width(instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise ValueError(f"width must be None (no wrapping) or a positive whole number, not {value!r}")


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
        writer = PlainText(self.width)
        parts = [guide.kicker, guide.title, writer.paragraph((nodes.Text(guide.summary),), 0)]
        parts += writer.blocks(guide.intro, 0)
        for section in guide.sections:
            parts += [section.heading, *writer.blocks(section.blocks, 0)]
        if guide.faqs:
            parts.append(guide.faq_heading)
            for item in guide.faqs:
                parts += [item.question, *writer.blocks(item.answer, 0)]
        text = "\n\n".join(part for part in parts if part)
        return remove_unsafe(text).rstrip("\n") + "\n"
