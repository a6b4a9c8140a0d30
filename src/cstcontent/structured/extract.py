"""JSON-LD out of files: an HTML page's script blocks as a browser splits them, and strict JSON parsing.

Pages are parsed with html5lib, which follows the WHATWG HTML parsing
algorithm, so a block ends exactly where a browser ends it (a raw
``</script>`` inside a JSON string cuts the block short) and the page's
character encoding is detected as a browser would.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import attrs

__all__ = ["Page", "html_text", "nesting_depth", "parse_json", "read_page", "squash"]

JSON_LD = "application/ld+json"
# Elements whose content a reader never sees; JSON-LD inside <template> is not part of the page either.
_UNSEEN = frozenset({"head", "script", "style", "template", "noscript", "title"})


@attrs.frozen
class Page:
    """What the validator needs from an HTML page.

    Attributes:
        scripts: The text of each ``application/ld+json`` script, in document order.
        text: The text a reader can see (hidden elements, scripts and styles left out), with
            each image's alt text in its place.
    """

    scripts: tuple[str, ...]
    text: str


def _is_json_ld(element: Any) -> bool:
    media_type = element.get("type", "").partition(";")[0]
    return bool(media_type.strip(" \t\n\f\r").lower() == JSON_LD)


def _is_shadow_root(element: Any) -> bool:
    """Whether `element` is a declarative shadow root, whose content the browser renders."""
    return bool(element.get("shadowrootmode", "").strip().lower() in ("open", "closed"))


def _walk(root: Any) -> Page:
    """Collect scripts and visible text without recursion (pages can nest deeply).

    A ``<template>`` is unseen, except a declarative shadow root
    (``<template shadowrootmode="open">``): browsers render it, so its text is
    shown. JSON-LD inside any template, shadow roots included, is not read.
    """
    scripts: list[str] = []
    texts: list[str] = []
    stack: list[Any] = [(root, False, False)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            texts.append(item)
            continue
        element, hidden, in_template = item
        tag = element.tag if isinstance(element.tag, str) else None  # None: a comment
        if tag == "template" and not _is_shadow_root(element):
            continue
        if tag == "script" and _is_json_ld(element) and not in_template:
            scripts.append(element.text or "")
        in_template = in_template or tag == "template"
        unseen = tag in _UNSEEN and tag != "template"
        hidden = hidden or tag is None or unseen or element.get("hidden") is not None
        if tag == "img" and not hidden and element.get("alt"):
            texts.append(element.get("alt"))  # an image's text equivalent, read out in its place
        pending: list[Any] = [element.text] if element.text and not hidden else []
        for child in element:
            pending.append((child, hidden, in_template))
            if child.tail and not hidden:
                pending.append(child.tail)
        stack.extend(reversed(pending))
    return Page(tuple(scripts), " ".join(texts))


_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_VOID = frozenset(b"area base br col embed hr img input link meta source track wbr param keygen".split())


def nesting_depth(data: bytes) -> int:
    """Estimate how deep the elements of an HTML page nest, in one linear scan.

    Start tags open, end tags close, void and self-closed elements do neither;
    elements closed implicitly (``<p>``, ``<li>``) count as open, so the
    estimate is an upper bound for ordinary pages.
    """
    depth = deepest = 0
    for match in _TAG.finditer(data):
        closing, name, self_closing = match.groups()
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name.lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def read_page(data: bytes) -> Page:
    """Read the JSON-LD scripts and the visible text of the HTML page `data`."""
    import html5lib

    return _walk(html5lib.parse(data, treebuilder="etree", namespaceHTMLElements=False))


def html_text(fragment: str) -> tuple[str, frozenset[str]]:
    """Return the text of the HTML `fragment` and the names of the elements it uses."""
    if "<" not in fragment and "&" not in fragment:
        return fragment, frozenset()
    import html5lib

    root = html5lib.parseFragment(fragment, treebuilder="etree", namespaceHTMLElements=False)
    tags = frozenset(element.tag for element in root.iter() if isinstance(element.tag, str)) - {root.tag}
    return "".join(root.itertext()), tags


def squash(text: str) -> str:
    """Return `text` in a form for comparing what is said, not how: NFKC, case-folded, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


def parse_json(text: str) -> tuple[Any, list[tuple[dict[str, Any], list[str]]]]:
    """Parse `text` as strict JSON, as a browser's ``JSON.parse`` would.

    Returns:
        The value, and each object that repeats a key with the keys it repeats.

    Raises:
        json.JSONDecodeError: The text is not JSON.
        ValueError: It uses ``NaN`` or ``Infinity``.
        RecursionError: It nests too deeply to read.
    """
    repeated: list[tuple[dict[str, Any], list[str]]] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) < len(items):
            keys = [key for key in result if sum(1 for name, _ in items if name == key) > 1]
            repeated.append((result, keys))
        return result

    return json.loads(text, object_pairs_hook=pairs, parse_constant=_no_constants), repeated
