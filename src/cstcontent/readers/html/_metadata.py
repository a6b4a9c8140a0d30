"""What a page says about itself: JSON-LD, meta tags and link elements.

JSON-LD blocks are parsed strictly (`json.loads`); their nodes are indexed by
``@id`` so that references (``"author": {"@id": ...}``) resolve, whether the
page publishes one ``@graph`` (Yoast, the NHS, cstcontent) or separate blocks.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ..._messages import shown
from ...errors import GuideValueError
from ...model import Person
from ._notes import Notes
from ._text import one_line

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["FaqEntry", "PageMeta", "read_meta"]

Node = dict[str, Any]
_PAGE_TYPES = ("MedicalWebPage", "WebPage", "Article", "MedicalScholarlyArticle", "BlogPosting",
               "NewsArticle", "HealthTopicContent")  # fmt: skip
_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}  # fmt: skip
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})")


@attrs.frozen
class FaqEntry:
    """A question of the page's FAQPage JSON-LD; `answer` is its text, HTML or plain."""

    question: str
    answer: str
    line: int | None


@attrs.define
class PageMeta:
    """Everything the page says about itself outside its visible content."""

    title: str | None = None
    description: str | None = None
    url: str | None = None
    language: str | None = None
    #: Dates from JSON-LD, and from meta tags (``article:published_time`` ...).
    dates: dict[str, datetime.date] = attrs.Factory(dict)
    tag_dates: dict[str, datetime.date] = attrs.Factory(dict)
    #: ``(language, url)`` of each ``<link rel="alternate" hreflang>``.
    alternates: list[tuple[str, str]] = attrs.Factory(list)
    authors: list[Person] = attrs.Factory(list)
    reviewed_by: list[Person] = attrs.Factory(list)
    condition: str | None = None
    #: The MedicalTherapy's name and url, and whether the condition names it a possible treatment.
    therapy: tuple[str | None, object, bool] | None = None
    alternate_names: list[str] = attrs.Factory(list)
    faq: list[FaqEntry] = attrs.Factory(list)
    #: Section fragment id -> the schema.org health aspects the page gives it.
    aspects: dict[str, tuple[str, ...]] = attrs.Factory(dict)


def parse_date(text: str) -> datetime.date | None:
    """A date from ISO 8601 (``2026-01-10``, with or without a time) or ``10 January 2026``."""
    text = text.strip()
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = _DAY_MONTH_YEAR.fullmatch(text)
    if match and match.group(2).casefold() in _MONTHS:
        try:
            return datetime.date(int(match.group(3)), _MONTHS[match.group(2).casefold()], int(match.group(1)))
        except ValueError:
            return None
    return None


def _types(node: Node) -> list[str]:
    kind = node.get("@type", [])
    return [str(t).rsplit("/", 1)[-1] for t in (kind if isinstance(kind, list) else [kind])]


def _walk(value: object) -> Iterator[Node]:
    """Every JSON object in `value` that has a ``@type``, depth first."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            if "@type" in current:
                yield current
            stack.extend(reversed(list(current.values())))
        elif isinstance(current, list):
            stack.extend(reversed(current))


def _text(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("@value", value.get("name"))
    if isinstance(value, list) and value:
        value = value[0]
    return one_line(value) or None if isinstance(value, str) else None


def _texts(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [text for item in items if (text := _text(item))]


@attrs.define
class _Graph:
    notes: Notes
    nodes: list[tuple[Node, int | None]] = attrs.Factory(list)
    by_id: dict[str, Node] = attrs.Factory(dict)

    def add(self, data: object, line: int | None) -> None:
        for node in _walk(data):
            self.nodes.append((node, line))
            node_id = node.get("@id")
            if isinstance(node_id, str) and (
                node_id not in self.by_id or len(node) > len(self.by_id[node_id])
            ):
                self.by_id[node_id] = node

    def resolve(self, value: object) -> Node | None:
        if isinstance(value, dict):
            node_id = value.get("@id")
            if "@type" not in value and isinstance(node_id, str):
                return self.by_id.get(node_id)
            return value
        return None

    def first(self, *types: str) -> tuple[Node, int | None] | None:
        for kind in types:
            for node, line in self.nodes:
                if kind in _types(node):
                    return node, line
        return None

    def people(self, value: object, line: int | None) -> list[Person]:
        out = []
        for item in value if isinstance(value, list) else [value]:
            node = self.resolve(item) if isinstance(item, dict) else {"name": item}
            name = _text(node.get("name")) if node else None
            if node is None or not name:
                continue
            raw_url = node.get("url")
            url = raw_url if isinstance(raw_url, str) else None
            try:
                out.append(Person(name, url=url, job_title=_text(node.get("jobTitle"))))
            except GuideValueError:
                try:
                    out.append(Person(name))
                    self.notes.warn(
                        f"the URL or job title of {shown(name)} in the JSON-LD is not usable", line
                    )
                except GuideValueError as error:
                    self.notes.warn(f"a person in the JSON-LD is dropped: {error.message}", line)
        return out


def _json_ld(root: HtmlElement, notes: Notes) -> _Graph:
    graph = _Graph(notes)
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, RecursionError) as error:
            notes.warn(f"a JSON-LD block is not valid JSON and is ignored: {error}", script.sourceline)
            continue
        graph.add(data, script.sourceline)
    return graph


def _meta(root: HtmlElement, key: str) -> str | None:
    for element in root.iter("meta"):
        if key in ((element.get("name") or "").lower(), (element.get("property") or "").lower()):
            value = one_line(element.get("content") or "")
            if value:
                return value
    return None


def read_meta(root: HtmlElement, notes: Notes) -> PageMeta:
    """Read the page's JSON-LD, meta tags and canonical link."""
    graph = _json_ld(root, notes)
    meta = PageMeta()
    found = graph.first(*_PAGE_TYPES)
    page, page_line = found if found else ({}, None)
    meta.title = _text(page.get("name")) or _text(page.get("headline")) or _meta(root, "og:title")
    meta.description = (
        _meta(root, "description") or _text(page.get("description")) or _meta(root, "og:description")
    )
    canonical = next(
        (
            link.get("href")
            for link in root.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split()
        ),
        None,
    )
    url = (
        canonical or (page.get("url") if isinstance(page.get("url"), str) else None) or _meta(root, "og:url")
    )
    meta.url = url.strip() if url else None
    meta.language = _text(page.get("inLanguage"))
    for link in root.iter("link"):
        hreflang, href = (link.get("hreflang") or "").strip(), (link.get("href") or "").strip()
        if (
            "alternate" in (link.get("rel") or "").lower().split()
            and hreflang
            and href
            and hreflang != "x-default"
        ):
            meta.alternates.append((hreflang, href))
    for key, names in (
        ("published", ("datePublished", "article:published_time", "dcterms.created")),
        ("modified", ("dateModified", "article:modified_time", "dcterms.modified")),
        ("last_reviewed", ("lastReviewed",)),
    ):
        for name in names:
            from_json_ld = name in page
            raw = page.get(name) if from_json_ld else _meta(root, name.lower())
            if isinstance(raw, str) and raw.strip():
                date = parse_date(raw)
                if date is None:
                    notes.warn(
                        f"the date {shown(raw)} ({name}) is not a date this import can read", page_line
                    )
                else:
                    # Meta tags come after a visible byline: Open Graph repeats the publication date
                    # as article:modified_time when a page was never updated.
                    (meta.dates if from_json_ld else meta.tag_dates)[key] = date
                    break
    meta.authors = graph.people(page.get("author", []), page_line)
    meta.reviewed_by = graph.people(page.get("reviewedBy", []), page_line)
    if not meta.authors and _meta(root, "author"):
        meta.authors = graph.people(_meta(root, "author"), None)
    condition = graph.resolve(page.get("about")) or graph.resolve(page.get("mainEntity"))
    if condition is None or "MedicalCondition" not in _types(condition):
        found_condition = graph.first("MedicalCondition")
        condition = found_condition[0] if found_condition else None
    if condition is not None:
        meta.condition = _text(condition.get("name"))
        meta.alternate_names = _texts(condition.get("alternateName", []))
    found_therapy = graph.first("MedicalTherapy")
    if found_therapy is not None:
        therapy = found_therapy[0]
        treats = graph.resolve(condition.get("possibleTreatment")) if condition is not None else None
        meta.therapy = (
            _text(therapy.get("name")),
            therapy.get("url"),
            treats is not None and treats is therapy,
        )
    for part in page.get("hasPart", []) if isinstance(page.get("hasPart"), list) else []:
        node = graph.resolve(part)
        aspect = node.get("hasHealthAspect") if node else None
        node_id = node.get("@id") if node else None
        if isinstance(node_id, str) and "#" in node_id:
            given = aspect if isinstance(aspect, list) else [aspect]
            aspect_names = [a.rsplit("/", 1)[-1] for a in given if isinstance(a, str)]
            if aspect_names and len(aspect_names) == len(given):
                meta.aspects[node_id.rsplit("#", 1)[1]] = tuple(aspect_names)
    faq = graph.first("FAQPage")
    if faq is not None:
        meta.faq = _faq_entries(graph, *faq)
    return meta


def _faq_entries(graph: _Graph, faq: Node, line: int | None) -> list[FaqEntry]:
    entries = []
    questions = faq.get("mainEntity", [])
    for item in questions if isinstance(questions, list) else [questions]:
        question = graph.resolve(item)
        if question is None:
            continue
        name = _text(question.get("name"))
        answer = graph.resolve(question.get("acceptedAnswer"))
        text = answer.get("text") if answer else None
        if name and isinstance(text, str) and text.strip():
            entries.append(FaqEntry(name, text, line))
        else:
            graph.notes.warn(f"a question of the FAQPage JSON-LD has no {'answer' if name else 'name'}", line)
    return entries
