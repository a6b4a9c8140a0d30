"""Callout boxes: NHS care cards and warning callouts, notes, GitHub alerts, admonitions.

The kind comes from the box's classes (``nhsuk-card--care--urgent``,
``markdown-alert-warning``, ``callout callout-tip``, ``admonition note``), its
``role="note"``, or the label for screen readers NHS care cards start with
("Urgent advice:").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...nodes import CALLOUT_LABELS
from ._chrome import class_tokens
from ._text import element_text, one_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["callout_kind", "callout_parts"]

_NHS_CARE = re.compile(r"nhsuk-card--care--(non-urgent|urgent|emergency)$")
_NHS_BOXES = {"nhsuk-warning-callout": "important", "nhsuk-inset-text": "note"}
_BOX_WORDS = frozenset({"callout", "alert", "admonition", "notice", "note-box", "infobox", "cst-callout"})
_KIND_WORDS = {
    "note": "note", "info": "note", "information": "note", "tip": "tip", "hint": "tip", "success": "tip",
    "important": "important", "warning": "warning", "warn": "warning", "caution": "caution",
    "danger": "caution", "error": "caution", "non-urgent": "non-urgent", "urgent": "urgent",
    "emergency": "emergency",
}  # fmt: skip
# The screen-reader labels of NHS care cards.
_LABELS = {
    "non-urgent advice": "non-urgent",
    "urgent advice": "urgent",
    "immediate action required": "emergency",
}
_TITLE_CLASS = re.compile(r"(?:^|[-_])(?:title|heading|label|header)$")


def callout_kind(element: HtmlElement) -> str | None:
    """The callout kind `element` is a box of, or None when it is not a callout."""
    tokens = class_tokens(element)
    for token in tokens:
        care = _NHS_CARE.search(token)
        if care:
            return care.group(1)
        if token in _NHS_BOXES:
            return _NHS_BOXES[token]
        if token.startswith("markdown-alert-") and token[15:] in _KIND_WORDS:
            return _KIND_WORDS[token[15:]]
    if "nhsuk-card--care" in tokens:
        return _label_kind(element) or "non-urgent"
    words = {word for token in tokens for word in _words(token)}
    if _BOX_WORDS.intersection(tokens) or _BOX_WORDS.intersection(words):
        for token in tokens:
            parts = _words(token)
            # The longest hyphenated ending first, so "x-non-urgent" is non-urgent, not urgent.
            for start in range(len(parts)):
                ending = "-".join(parts[start:])
                if ending in _KIND_WORDS:
                    return _KIND_WORDS[ending]
        return "note"
    if (element.get("role") or "").lower() == "note":
        return _label_kind(element) or "note"
    return None


def _words(token: str) -> list[str]:
    return [word for word in re.split(r"[-_]+", token) if word]


def _label_kind(element: HtmlElement) -> str | None:
    label = one_line(" ".join(element.itertext())).casefold()
    return next((kind for text, kind in _LABELS.items() if label.startswith(text)), None)


def callout_parts(element: HtmlElement) -> tuple[HtmlElement | None, str | None]:
    """The element holding the callout's title, and the title (None when it is the kind's default)."""
    for child in element.iter():
        if child is element or not isinstance(child.tag, str):
            continue
        first_heading = child.tag in ("h2", "h3", "h4", "h5", "h6", "strong") and child.getprevious() is None
        if first_heading or any(_TITLE_CLASS.search(token) for token in class_tokens(child)):
            title = element_text(child)
            label = CALLOUT_LABELS.get(callout_kind(element) or "", "")
            if title.casefold().startswith(f"{label.casefold()}:"):  # "Urgent advice: Call 111 if:"
                title = title[len(label) + 1 :].strip()
            if not title or title.removesuffix(":").casefold() == label.casefold():
                return child, None
            return child, title
        if child.tag in ("p", "ul", "ol"):
            break
    return None, None
