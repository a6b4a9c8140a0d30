"""What the Markdown reader and the Markdown exporter must agree on.

Both import these names, so a guide written by the exporter always reads back
to the same model (pandoc keeps its Markdown extensions in one place the same way).
"""

from __future__ import annotations

import re

from .nodes import CALLOUT_KINDS

__all__ = [
    "CALLOUT_MARKERS",
    "CAPTION",
    "CAPTION_PREFIX",
    "EXPLICIT_ID",
    "FAQ_HEADINGS",
    "ID_LIKE",
    "callout_marker",
]

# Headings that start the FAQ, compared case-insensitively with spaces collapsed.
FAQ_HEADINGS = frozenset({"frequently asked questions", "faq", "faqs"})
# A callout is a block quote whose first line is ``[!KIND]``, optionally followed by a title.
CALLOUT_MARKERS = {f"[!{kind.upper()}]": kind for kind in CALLOUT_KINDS}
# ``## Heading {#id}`` and ``### Question? {#id}`` fix a section's or question's id.
EXPLICIT_ID = re.compile(r"\s+\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$")
# Text ending like an id, valid or not: the reader takes it for one, or refuses it.
ID_LIKE = re.compile(r"\s*\{#[^{}]*\}\s*$")
# A paragraph ``Table: caption`` directly before or after a table is the table's caption.
CAPTION_PREFIX = "Table:"
CAPTION = re.compile(re.escape(CAPTION_PREFIX) + r"[ \t]*")


def callout_marker(kind: str) -> str:
    """Return the first-line marker of a callout of `kind`, e.g. ``[!URGENT]``."""
    return f"[!{kind.upper()}]"
