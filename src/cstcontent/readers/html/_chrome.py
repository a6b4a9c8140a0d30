"""What is page chrome, not content: navigation, banners, forms, share buttons, hidden helpers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["EMBEDDED_TAGS", "class_tokens", "is_chrome", "is_invisible"]

# Elements that never hold guide content.
_CHROME_TAGS = frozenset(
    {
        "script", "style", "noscript", "nav", "button", "form", "input", "select", "textarea",
        "option", "iframe", "svg", "canvas", "object", "embed", "link", "meta", "head", "title",
        "header", "footer", "aside", "dialog", "menu", "audio", "video", "map", "area",
    }
)  # fmt: skip
#: Embedded content a guide cannot hold: dropped with a warning, unlike the rest of the chrome.
EMBEDDED_TAGS = frozenset({"iframe", "video", "audio", "object", "embed", "canvas"})
_CHROME_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "alertdialog", "menu",
     "menubar", "toolbar", "tablist"}
)  # fmt: skip
# A class or id naming a part of the page chrome, as a whole word of a hyphenated name.
_CHROME_WORDS = re.compile(
    r"(?:^|[-_])(?:cookies?|consent|gdpr|share|sharing|social|breadcrumbs?|skip|skip-link|sidebar|widget"
    r"|newsletter|subscribe|comments?|respond|menu|navbar|navigation|advert|adverts|ads|related|print"
    r"|toolbar|popup|modal|banner|masthead|site-header|site-footer|pagination|post-navigation|tags"
    r"|author-box|signup|secondary|entry-meta|post-meta|posted-on|byline)(?:$|[-_])"
)
# Text for screen readers only; it repeats what the layout already shows.
_HIDDEN_CLASSES = frozenset(
    {"screen-reader-text", "sr-only", "visually-hidden", "visuallyhidden", "nhsuk-u-visually-hidden",
     "u-visually-hidden", "govuk-visually-hidden"}
)  # fmt: skip


def class_tokens(element: HtmlElement) -> list[str]:
    """The element's class names, lower-cased."""
    return (element.get("class") or "").lower().split()


def is_invisible(element: HtmlElement) -> bool:
    """Whether `element` is never shown: scripts, decoration hidden from assistive technology."""
    return (
        element.tag in ("script", "style", "noscript")
        # A declarative shadow root is shown; any other template is inert.
        or (element.tag == "template" and element.get("shadowrootmode") is None)
        or element.get("aria-hidden") == "true"
        or bool(_HIDDEN_CLASSES.intersection(class_tokens(element)))
    )


def is_chrome(element: HtmlElement) -> bool:
    """Whether `element` is page chrome to drop with everything in it."""
    if element.tag in _CHROME_TAGS or is_invisible(element):
        return True
    if (element.get("role") or "").lower() in _CHROME_ROLES:
        return True
    names = [*class_tokens(element), (element.get("id") or "").lower()]
    return any(_CHROME_WORDS.search(name) for name in names if name)
