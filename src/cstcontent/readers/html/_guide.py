"""Assembling a guide from a page: title and lede, intro, sections, FAQ, references, metadata.

The page's own structure decides: the title is its ``<h1>`` (or a
cstcontent export's ``.cst-title`` at any level), sections start at the next
heading level, and the FAQ is the section whose heading names an FAQ, or FAQ
markup (Yoast, Rank Math, microdata) wherever it stands, or — when the page
shows no FAQ — its FAQPage JSON-LD.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import attrs

from ... import nodes
from ..._messages import shown
from ...errors import GuideValueError, SourceError
from ...markdown_syntax import FAQ_HEADINGS
from ...model import (
    DEFAULT_FAQ_HEADING,
    HEALTH_ASPECTS,
    RESERVED_IDS,
    Condition,
    ConditionGuide,
    FAQItem,
    Reference,
    Section,
    Therapy,
    Translation,
    walk_blocks,
    walk_inlines,
)
from ...slugs import make_slug
from ...structured.aspects import DEFAULT_ASPECT, default_aspect
from ._anchors import retarget
from ._content import QA, Converter, Item, Mark
from ._metadata import PageMeta, read_meta
from ._notes import Notes
from ._page import Page, first, has_class, header_parts, heading_level, locate, review_dates
from ._parse import parse_document, parse_fragment
from ._references import ReferenceList, find_references, is_reference_heading
from ._text import clean, element_text, one_line

if TYPE_CHECKING:
    pass

__all__ = ["build_guide"]

_FAQ_WORDS = re.compile(r"\b(faqs?|frequently asked questions|common questions|questions and answers)\b")
_SEE_DOCTOR = "SeeDoctorHealthAspect"
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Fields the guide can do without: when the page gives a value the model refuses, it is dropped.
_OPTIONAL_FIELDS = ("modified", "next_review", "last_reviewed", "published", "language", "url", "kicker")


def _is_faq_heading(mark: Mark, prefix: str) -> bool:
    text = " ".join(mark.text.casefold().split())
    return text in FAQ_HEADINGS or bool(_FAQ_WORDS.search(text)) or mark.id == f"{prefix}faq--heading"


def _id(mark_id: str | None, text: str, kind: str, prefix: str, taken: set[str]) -> str:
    """The page's id for a section or question when it is a usable slug, else one made from `text`."""
    candidate = (mark_id or "").removeprefix(prefix).removesuffix("--heading")
    if not _SLUG.fullmatch(candidate) or candidate in RESERVED_IDS:
        try:
            candidate = make_slug(text, kind)
        except GuideValueError:
            candidate = kind
    unique, number = candidate, 2
    while unique in taken or unique in RESERVED_IDS:
        unique, number = f"{candidate}-{number}", number + 1
    taken.add(unique)
    return unique


@attrs.define
class _Assembler:
    notes: Notes
    converter: Converter
    page: Page
    meta: PageMeta
    title_level: int
    ids: set[str] = attrs.Factory(set)
    faqs: list[FAQItem] = attrs.Factory(list)
    faq_heading: str | None = None
    questions: set[str] = attrs.Factory(set)
    #: HTML ids in the page -> the guide ids of what they mark, for in-page links.
    targets: dict[str, str] = attrs.Factory(dict)

    def add_question(
        self,
        question: str,
        answer: tuple[nodes.Block, ...],
        item_id: str | None,
        line: int | None,
        anchors: tuple[str, ...] = (),
    ) -> None:
        key = " ".join(question.casefold().split())
        if key in self.questions:
            self.notes.warn(f"the question {shown(question)} is asked twice; the second is dropped", line)
            return
        if any(isinstance(block, nodes.Heading) for block in answer):
            answer = tuple(self.converter.flatten(
                Mark(b.level, b.text, None, b.line) if isinstance(b, nodes.Heading) else b for b in answer
            ))  # fmt: skip
        self.questions.add(key)
        question_id = _id(item_id, question, "question", self.page.prefix, self.ids)
        self.targets.update(dict.fromkeys(anchors, question_id))
        self.faqs.append(FAQItem(question_id, question, answer, line=line))

    def body(self, items: list[Item], where: str) -> list[nodes.Block]:
        """Blocks of a section or the intro; FAQ markup found here joins the FAQ."""
        out: list[nodes.Block] = []
        level = 2
        for item in items:
            if isinstance(item, QA) and item.widget:
                self.add_question(item.question, item.answer, item.id, item.line, item.anchors)
            elif isinstance(item, Mark) and where == "section":
                level = min(max(item.level - self.title_level + 1, 3), level + 1, 6)
                out.append(nodes.Heading(level, item.text, line=item.line))
            else:
                out.extend(self.converter.flatten([item]))
        return out

    def faq(self, heading: Mark, items: list[Item]) -> bool:
        """Read an FAQ section; False when it holds no questions this import can tell apart."""
        pairs: list[tuple[str, list[nodes.Block], str | None, int | None, tuple[str, ...]]] = []
        question_level: int | None = None
        before: list[Item] = []
        for item in items:
            if isinstance(item, QA):
                pairs.append((item.question, list(item.answer), item.id, item.line, item.anchors))
            elif isinstance(item, Mark) and (question_level is None or item.level <= question_level):
                question_level = item.level
                pairs.append((item.text, [], item.id, item.line, item.anchors))
            elif pairs:
                pairs[-1][1].extend(self.converter.flatten([item]))
            else:
                before.append(item)
        if not pairs:
            return False
        for item in before:
            self.notes.warn("text between the FAQ heading and its first question is dropped", item.line)
        self.faq_heading = heading.text
        self.targets.update(dict.fromkeys(heading.anchors, "faq"))
        for question, answer, item_id, line, anchors in pairs:
            if not answer:
                self.notes.warn(f"the question {shown(question)} has no answer and is dropped", line)
                continue
            self.add_question(question, tuple(answer), item_id, line, anchors)
        return True


def build_guide(text: str, *, path: str, notes: Notes) -> ConditionGuide:
    """Read the page `text` into a guide, noting in `notes` what could not be mapped.

    Raises:
        SourceError: The page cannot be imported (no title, nesting too deep, ...).
    """
    try:
        return _build(text, path, notes)
    except GuideValueError as error:  # anything the model refuses that no rule above foresaw
        raise SourceError(error.message, path=path, line=error.line) from None


def _build(text: str, path: str, notes: Notes) -> ConditionGuide:
    root = parse_document(text, path=path)
    meta = read_meta(root, notes)
    page = locate(root)
    fields: dict[str, Any] = {}
    title_level = heading_level(page.title_element)
    title = element_text(page.title_element) if page.title_element is not None else ""
    if not title:
        title = meta.title or one_line(root.findtext(".//title") or "")
        if not title:
            raise SourceError("the page has no title: no <h1>, og:title or <title>", path=path, line=None)
        notes.warn(f"the page has no <h1>; the title {shown(title)} comes from its metadata", None)
    language = page.content.get("lang") or root.get("lang") or meta.language
    attribution = first(page.content, has_class("cst-attribution")) if page.own else None
    if attribution is not None and meta.url is None:
        link = attribution.find(".//a[@href]")
        meta.url = link.get("href") if link is not None else None
    header_parts(page, fields)
    review_dates(page.content, fields)
    references = find_references(page.content, page.prefix)
    converter = Converter(notes, root, references=references.labels, prefix=page.prefix)
    if page.own and meta.url:
        converter.image_base = urljoin(meta.url, ".")
    converter.consumed.update(references.lists)
    converter.consumed.update(references.backlinks())
    assembler = _Assembler(notes, converter, page, meta, title_level)
    items = converter.items(page.content)
    intro_items: list[Item] = []
    sections: list[tuple[Mark, list[Item]]] = []
    for item in items:
        if isinstance(item, Mark) and item.level <= title_level + 1:
            sections.append((item, []))
        elif sections:
            sections[-1][1].append(item)
        else:
            intro_items.append(item)
    intro = assembler.body(intro_items, "intro")
    built: list[Section] = []
    for heading, content in sections:
        only_questions = bool(content) and all(isinstance(item, QA) for item in content)
        faq_like = _is_faq_heading(heading, page.prefix) or only_questions
        if faq_like and assembler.faq_heading is None and assembler.faq(heading, content):
            continue
        if _is_faq_heading(heading, page.prefix) and meta.faq and not assembler.faqs:
            # Ambiguous markup under an FAQ heading: the page's FAQPage JSON-LD says what the questions are.
            notes.warn(
                f"the questions under {shown(heading.text)} cannot be told apart from their answers; the FAQ"
                " comes from the page's FAQPage JSON-LD instead of this text",
                heading.line,
            )
            assembler.faq_heading = heading.text
            continue
        blocks = assembler.body(content, "section")
        if not blocks:
            if not (references.lists and is_reference_heading(heading.text)):
                notes.warn(f"the section {shown(heading.text)} has no content and is dropped", heading.line)
            continue
        section_id = _id(heading.id, heading.text, "section", page.prefix, assembler.ids)
        assembler.targets.update(dict.fromkeys(heading.anchors, section_id))
        aspect = _own_aspect(meta.aspects.get(section_id), heading.text, blocks)
        built.append(Section(section_id, heading.text, blocks, health_aspect=aspect, line=heading.line))
    if not assembler.faqs and meta.faq:
        _faq_from_json_ld(assembler, meta, path, notes)
    targets = assembler.targets
    fields.update(
        title=title,
        intro=retarget(intro, targets),
        sections=[attrs.evolve(s, blocks=retarget(s.blocks, targets)) for s in built],
        faqs=[attrs.evolve(item, answer=retarget(item.answer, targets)) for item in assembler.faqs],
        faq_heading=assembler.faq_heading or DEFAULT_FAQ_HEADING,
    )
    _summary(fields, meta, notes)
    fields["references"] = _references(references, converter, fields, notes, targets)
    _metadata(fields, meta, notes, path, language, page.own)
    return _construct(fields, notes, path)


def _implied_aspects(heading: str, blocks: list[nodes.Block]) -> tuple[str, ...]:
    """The aspects the graph gives a section naming none: its heading's, and SeeDoctor for care callouts."""
    aspect = default_aspect(heading)
    care = any(isinstance(b, nodes.Callout) and b.is_care_level for b in walk_blocks(blocks))
    if not care or aspect == _SEE_DOCTOR:
        return (aspect,)
    return (_SEE_DOCTOR,) if aspect == DEFAULT_ASPECT else (aspect, _SEE_DOCTOR)


def _own_aspect(given: tuple[str, ...] | None, heading: str, blocks: list[nodes.Block]) -> str | None:
    """The section's own health aspect: what the page gives, unless it is what the section implies anyway."""
    if not given or given == _implied_aspects(heading, blocks) or given[0] not in HEALTH_ASPECTS:
        return None
    return given[0]


def _faq_from_json_ld(assembler: _Assembler, meta: PageMeta, path: str, notes: Notes) -> None:
    """The FAQ from the page's FAQPage JSON-LD, its answers read as HTML."""
    if assembler.faq_heading is None:
        notes.warn(
            "the page shows no FAQ; its questions come from the page's FAQPage JSON-LD", meta.faq[0].line
        )
    for entry in meta.faq:
        answer_html, removed = clean(entry.answer)
        if removed:
            notes.warn(f"{removed} control character(s) in a JSON-LD answer are removed", entry.line)
        fragment = parse_fragment(answer_html, path=path, line=entry.line)
        assembler.converter.fixed_line = entry.line
        answer = assembler.converter.blocks(fragment, 0)
        assembler.converter.fixed_line = None
        if not answer:
            notes.warn(
                f"the JSON-LD answer to {shown(entry.question)} is empty; the question is dropped", entry.line
            )
            continue
        assembler.add_question(entry.question, tuple(answer), None, entry.line)


def _summary(fields: dict[str, Any], meta: PageMeta, notes: Notes) -> None:
    if "summary" in fields:  # the lede of a cstcontent page; a meta description of its own is kept
        if meta.description and meta.description != fields["summary"]:
            fields["description"] = meta.description
        return
    if meta.description:
        fields["summary"] = meta.description
        return
    intro = fields["intro"]
    if intro and isinstance(intro[0], nodes.Paragraph):
        first = intro[0]
        fields["summary"] = one_line(nodes.plain_text(first.content))
        fields["intro"] = intro[1:]
        if any(not isinstance(node, nodes.Text) for node in first.content):
            notes.warn("the lede is the first paragraph; its links and emphasis are dropped", first.line)
        return
    fields["summary"] = fields["title"]
    notes.warn("the page has no description or first paragraph; the summary repeats the title", None)


def _references(
    found: ReferenceList, converter: Converter, fields: dict[str, Any], notes: Notes, targets: dict[str, str]
) -> list[Reference]:
    body: list[nodes.Block] = [*fields["intro"]]
    for section in fields["sections"]:
        body.extend(section.blocks)
    for item in fields["faqs"]:
        body.extend(item.answer)
    cited = list(dict.fromkeys(n.label for n in walk_inlines(body) if isinstance(n, nodes.FootnoteRef)))
    out = []
    for label, element in found.entries.items():
        if label not in cited:
            notes.warn(
                f"the reference {shown(label)} is never cited in the text, so it is dropped",
                element.sourceline,
            )
    for label in cited:
        element = found.entries[label]
        blocks = [
            b
            for b in converter.blocks(element, 0)
            if isinstance(b, nodes.Paragraph | nodes.BulletList | nodes.OrderedList)
        ]
        if not blocks:
            blocks = [nodes.Paragraph([nodes.Text(label)])]
            notes.warn(f"the reference {shown(label)} is empty", element.sourceline)
        out.append(Reference(label, retarget(blocks, targets), line=element.sourceline))
    return out


def _slug(meta: PageMeta, path: str, title: str, own: bool) -> str:
    """A cstcontent export's file name (its slug), else the URL's last segment, else the title."""
    from_url = PurePosixPath(urlsplit(meta.url).path).stem if meta.url else ""
    from_path = PurePosixPath(path.replace("\\", "/")).stem if path != "<string>" else ""
    candidates = [from_path, from_url] if own else [from_url, from_path]
    candidates.append(title)
    for candidate in candidates:
        if candidate and candidate.lower() != "index":
            try:
                return make_slug(candidate, "slug")
            except GuideValueError:
                continue
    return "guide"


def _metadata(
    fields: dict[str, Any], meta: PageMeta, notes: Notes, path: str, language: str | None, own: bool
) -> None:
    title = fields["title"]
    fields["slug"] = _slug(meta, path, title, own)
    if meta.condition:
        fields["condition"] = Condition(meta.condition, alternate_names=meta.alternate_names)
    else:
        fields["condition"] = Condition(title)
        notes.warn(
            "the page names no condition (no MedicalCondition in its JSON-LD); the title is used:"
            " edit 'condition' in the front matter",
            None,
        )
    if language:
        fields["language"] = language.strip()
    else:
        notes.warn("the page does not give its language (no lang attribute); 'en' is assumed", None)
    if meta.url:
        fields["url"] = meta.url
    for key in ("published", "modified", "last_reviewed", "next_review"):
        byline, visible = fields.pop(f"byline_{key}", None), fields.pop(f"visible_{key}", None)
        value = meta.dates.get(key) or byline or meta.tag_dates.get(key) or visible
        if key == "modified" and value == fields.get("published") and "modified" not in meta.dates:
            continue  # Open Graph's article:modified_time repeats the publication date when never updated
        if value is not None:
            fields[key] = value
    translations = []
    for alternate_language, alternate_url in meta.alternates:
        if alternate_language.casefold() == str(fields.get("language", "en")).casefold():
            continue
        try:
            translations.append(Translation(alternate_language, alternate_url))
        except GuideValueError as error:
            notes.warn(f"the {shown(alternate_language)} alternate is left out: {error.message}", None)
    fields["translations"] = translations
    if meta.therapy is not None:
        name, url, treats = meta.therapy
        try:
            if name is None:
                raise GuideValueError("it has no name")
            fields["therapy"] = Therapy(
                name, url=url if isinstance(url, str) else None, possible_treatment=treats
            )
        except GuideValueError as error:
            notes.warn(f"the therapy in the JSON-LD is left out: {error.message}", None)
    authors, reviewers = fields.pop("byline_authors", []), fields.pop("byline_reviewers", [])
    fields["authors"] = meta.authors or authors
    fields["reviewed_by"] = meta.reviewed_by or reviewers


def _construct(fields: dict[str, Any], notes: Notes, path: str) -> ConditionGuide:
    """The guide; an optional field the model refuses is dropped with a warning, anything else is an error."""
    while True:
        try:
            return ConditionGuide(**fields)
        except GuideValueError as error:
            if error.field in _OPTIONAL_FIELDS and error.field in fields:
                notes.warn(f"{error.message}; {error.field} is left out", None)
                del fields[error.field]
                continue
            raise SourceError(error.message, path=path, line=error.line) from None
