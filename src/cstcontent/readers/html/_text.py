"""Text as a browser shows it: HTML whitespace collapsed, characters the model refuses removed."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..._checks import LINE_BREAKS
from ._chrome import is_invisible

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["clean", "collapse", "element_text", "one_line"]

# HTML's ASCII whitespace: a run of it renders as one space.
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# What no output can carry (as in cstcontent._checks); lone surrogates only come from JSON escapes.
UNCARRIABLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]"
)


def clean(text: str) -> tuple[str, int]:
    """Return `text` without the characters the model refuses, and how many were removed."""
    cleaned, count = UNCARRIABLE.subn("", text)
    return cleaned, count


def collapse(text: str) -> str:
    """Collapse HTML whitespace runs to one space (ends kept)."""
    return HTML_SPACE.sub(" ", text)


def one_line(text: str) -> str:
    """Text for a single-line field: every line break and whitespace run one space, ends stripped."""
    return collapse(LINE_BREAKS.sub(" ", clean(text)[0])).strip()


def element_text(element: HtmlElement) -> str:
    """The visible text of `element` on one line, skipping what is hidden from everyone."""
    parts: list[str] = []

    def visit(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and not is_invisible(child):
                visit(child)
            if child.tail:
                parts.append(child.tail)

    visit(element)
    return one_line("".join(parts))
