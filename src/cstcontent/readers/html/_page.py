"""Finding the parts of a page before its content is read: the content root, the title and its header.

The content is the cstcontent ``<article>``, else ``<main>``, else the article
holding the ``<h1>``, else the body. The title's header (a cstcontent export's
kicker, lede and byline, or a theme's entry header) and NHS-style review-date
boxes are read and removed, so they do not reach the body.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import attrs

from ...errors import GuideValueError
from ...model import Person
from ...slugs import make_slug
from ._chrome import class_tokens, is_chrome
from ._metadata import parse_date
from ._text import element_text, one_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["Page", "drop", "first", "has_class", "header_parts", "heading_level", "locate", "review_dates"]

_BYLINE_DATES = {"published": "published", "updated": "modified", "last reviewed": "last_reviewed",
                 "next review": "next_review", "next review due": "next_review"}  # fmt: skip
_REVIEW_DATES = (
    ("last_reviewed", re.compile(r"(?:page\s+)?last\s+reviewed:?\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})", re.I)),
    ("next_review", re.compile(r"next\s+review(?:\s+due)?:?\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})", re.I)),
)


def first(root: HtmlElement, predicate: Any) -> HtmlElement | None:
    return next(
        (element for element in root.iter() if isinstance(element.tag, str) and predicate(element)), None
    )


def has_class(name: str) -> Any:
    return lambda element: name in class_tokens(element)


def inside_chrome(element: HtmlElement, stop: HtmlElement) -> bool:
    """Whether `element` or an ancestor below `stop` is chrome; inside the content a header is the title's."""
    for node in (element, *element.iterancestors()):
        if node is stop:
            return False
        if is_chrome(node) and not (node.tag == "header" and stop.tag != "body"):
            return True
    return False


def drop(element: HtmlElement) -> None:
    """Remove `element` from the tree, keeping the text after it."""
    element.drop_tree()


@attrs.define
class Page:
    """The parts of the page found before its content is converted."""

    root: HtmlElement
    content: HtmlElement
    title_element: HtmlElement | None
    prefix: str
    own: bool


def locate(root: HtmlElement) -> Page:
    body = root.find("body")
    body = body if body is not None else root
    own = first(body, has_class("cst-guide"))
    content = own
    if content is None:
        content = first(body, lambda e: e.tag == "main" or e.get("role") == "main")
    if content is None:
        articles = [e for e in body.iter("article") if not inside_chrome(e, body)]
        content = next(
            (a for a in articles if a.find(".//h1") is not None), articles[0] if articles else None
        )
    content = content if content is not None else body
    title = first(content, has_class("cst-title")) if own is not None else None
    if title is None:
        title = first(content, lambda e: e.tag == "h1" and not inside_chrome(e, content))
    if title is None:
        title = first(body, lambda e: e.tag == "h1" and not inside_chrome(e, body))
    prefix = ""
    faq = first(content, has_class("cst-faq")) if own is not None else None
    if faq is not None and (faq.get("id") or "").endswith("faq"):
        prefix = faq.get("id", "")[:-3]
    elif own is not None:
        prefix = section_prefix(own)
    return Page(root, content, title, prefix, own is not None)


def section_prefix(article: HtmlElement) -> str:
    """The id prefix of a cstcontent export without an FAQ: what its section ids add to their slugs."""
    prefixes: list[str] = []
    for section in article.iter("section"):
        heading = first(section, lambda e: e.tag in ("h2", "h3", "h4", "h5", "h6"))
        section_id = section.get("id") or ""
        if heading is None or section.get("aria-labelledby") != f"{section_id}--heading":
            continue
        try:
            slug = make_slug(element_text(heading), "section")
        except GuideValueError:
            continue
        if section_id.endswith(slug):
            prefixes.append(section_id[: -len(slug)])
    return max(set(prefixes), key=prefixes.count) if prefixes else ""


def heading_level(element: HtmlElement | None) -> int:
    if element is None or not re.fullmatch(r"h[1-6]", str(element.tag)):
        return 1
    return int(str(element.tag)[1])


def header_parts(page: Page, fields: dict[str, Any]) -> None:
    """Read the title's header (kicker, lede, byline of a cstcontent export) and remove it."""
    title = page.title_element
    if title is None:
        return
    header = next((a for a in title.iterancestors("header", "hgroup") if a is not page.content), None)
    if page.own:
        for name, key in (("cst-kicker", "kicker"), ("cst-lede", "summary")):
            element = first(header if header is not None else page.content, has_class(name))
            if element is not None and element_text(element):
                fields[key] = element_text(element)
                drop(element)
        byline = first(header if header is not None else page.content, has_class("cst-byline"))
        if byline is not None:
            read_byline(byline, fields)
            drop(byline)
    if header is not None:
        for time in header.iter("time"):
            date = parse_date(time.get("datetime") or "")
            if date is not None and "published" not in fields:
                fields["published"] = date
        drop(header)
    else:
        drop(title)


def read_byline(byline: HtmlElement, fields: dict[str, Any]) -> None:
    """Authors, reviewers and dates from a cstcontent byline (used when the JSON-LD lacks them)."""
    for paragraph in byline.iter("p"):
        text = element_text(paragraph)
        if text.startswith("By "):
            fields["byline_authors"] = byline_people(paragraph, "By ")
        elif text.startswith("Reviewed by "):
            fields["byline_reviewers"] = byline_people(paragraph, "Reviewed by ")
        for time in paragraph.iter("time"):
            before = (time.getprevious().tail if time.getprevious() is not None else paragraph.text) or ""
            label = before.split(";")[-1].strip().casefold()
            date = parse_date(time.get("datetime") or "")
            if label in _BYLINE_DATES and date is not None:
                fields[f"byline_{_BYLINE_DATES[label]}"] = date


_PERSON = re.compile(r"\s*(?P<name>[^()]+?)\s*(?:\((?P<job>[^()]*)\))?\s*$")


def byline_people(paragraph: HtmlElement, lead: str) -> list[Person]:
    """Names separated by ", " and " and ", each optionally linked and followed by "(job title)"."""
    parts: list[str] = []
    urls: dict[str, str] = {}
    parts.append(paragraph.text or "")
    for child in paragraph:
        marker = f"\x00{len(urls)}\x00"
        urls[marker] = child.get("href") or ""
        parts.append(marker + (child.tail or ""))
    text = "".join(parts).removeprefix(lead)
    people = []
    for chunk in re.split(r", | and ", text):
        linked = re.match(r"\x00\d+\x00", chunk)
        url = urls.get(linked.group()) if linked else None
        name_element = paragraph[int(linked.group()[1:-1])] if linked else None
        rest = chunk[linked.end() :] if linked else chunk
        match = _PERSON.match(rest if linked else chunk)
        name = (
            element_text(name_element) if name_element is not None else (match.group("name") if match else "")
        )
        job = (match.group("job") if match else None) or None
        try:
            people.append(Person(one_line(name), url=url or None, job_title=job))
        except GuideValueError:
            continue
    return people


def review_dates(content: HtmlElement, fields: dict[str, Any]) -> None:
    """NHS-style "Page last reviewed: ... Next review due: ..." boxes: read and removed."""
    for element in list(content.iter()):
        if not isinstance(element.tag, str) or not any("review" in token for token in class_tokens(element)):
            continue
        text = element_text(element)
        found = False
        for key, pattern in _REVIEW_DATES:
            match = pattern.search(text)
            date = parse_date(match.group(1)) if match else None
            if date is not None:
                fields.setdefault(f"visible_{key}", date)
                found = True
        if found and element.getparent() is not None:
            drop(element)
