"""FAQ markup of popular tools, and the glyphs accordions use as toggles.

Recognised: the Yoast SEO FAQ block (``.schema-faq-section`` with
``.schema-faq-question`` and ``.schema-faq-answer``), the Rank Math FAQ block
(``.rank-math-list-item`` with ``.rank-math-question`` and
``.rank-math-answer``) and schema.org microdata (an element of ``itemtype``
Question with ``itemprop="name"`` and an ``acceptedAnswer`` whose
``itemprop="text"`` holds the answer).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ._chrome import class_tokens

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["faq_widget_items", "is_toggle_glyph", "strip_toggles"]

Pair = tuple["HtmlElement", "HtmlElement | None"]

# Glyphs that open and close an accordion: a lone "+", a minus sign, arrows, chevrons (not
# hyphens or dashes, which are text).
_GLYPHS = (
    "+\u2212\u00d7\u25b2\u25b3\u25b4\u25b6\u25b8\u25ba\u25bc\u25bd\u25be\u203a"
    "\u00bb\u2039\u00ab\u2304\u2303\u271a\u2795\u2796\u2295\u2296\u02c5\u02c4\u2228\u2227"
)
_TOGGLE = re.compile(f"[{_GLYPHS}]+")
_LEADING_TOGGLE = re.compile(f"^[{_GLYPHS}]+\\s+")
_TRAILING_TOGGLE = re.compile(f"\\s+[{_GLYPHS}]+$")


def is_toggle_glyph(text: str) -> bool:
    """Whether `text` is nothing but a toggle glyph (and spaces)."""
    return bool(_TOGGLE.fullmatch(text.strip()))


def strip_toggles(text: str) -> str:
    """`text` without a toggle glyph at either end."""
    if is_toggle_glyph(text):
        return ""
    return _TRAILING_TOGGLE.sub("", _LEADING_TOGGLE.sub("", text))


def _with_class(element: HtmlElement, name: str) -> Iterator[HtmlElement]:
    for child in element.iter():
        if isinstance(child.tag, str) and name in class_tokens(child):
            yield child


def _first_with_class(element: HtmlElement, name: str) -> HtmlElement | None:
    return next(_with_class(element, name), None)


def _itemtype(element: HtmlElement) -> str:
    return (element.get("itemtype") or "").rstrip("/").rsplit("/", 1)[-1]


def _microdata(element: HtmlElement) -> list[Pair] | None:
    if element.get("itemscope") is None or _itemtype(element) != "Question":
        return None
    name = next((e for e in element.iter() if (e.get("itemprop") or "").split() == ["name"]), None)
    answer = next((e for e in element.iter() if "acceptedAnswer" in (e.get("itemprop") or "").split()), None)
    text = None
    if answer is not None:
        text = next((e for e in answer.iter() if "text" in (e.get("itemprop") or "").split()), answer)
    return [(name, text)] if name is not None else None


def faq_widget_items(element: HtmlElement) -> list[Pair] | None:
    """The (question, answer) elements of an FAQ block, or None when `element` is not one."""
    tokens = class_tokens(element)
    if "schema-faq" in tokens or "wp-block-yoast-faq-block" in tokens:
        return [
            (question, _first_with_class(section, "schema-faq-answer"))
            for section in _with_class(element, "schema-faq-section")
            if (question := _first_with_class(section, "schema-faq-question")) is not None
        ]
    if "rank-math-block" in tokens or element.get("id") == "rank-math-faq":
        return [
            (question, _first_with_class(item, "rank-math-answer"))
            for item in _with_class(element, "rank-math-list-item")
            if (question := _first_with_class(item, "rank-math-question")) is not None
        ]
    return _microdata(element)
