"""The condition guide model: typed, immutable, validated on construction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

import attrs

from ._checks import http_url, instance_of, language_tag, listed, single_line, slug, tuple_of
from ._messages import shown
from .errors import GuideValueError
from .nodes import (
    BLOCK_TYPES,
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Emphasis,
    FootnoteRef,
    Heading,
    Inline,
    Link,
    OrderedList,
    Paragraph,
    Strong,
    Table,
    blocks_tuple,
    line_field,
)

__all__ = [
    "DEFAULT_FAQ_HEADING",
    "DEFAULT_KICKER",
    "HEALTH_ASPECTS",
    "RESERVED_IDS",
    "Condition",
    "ConditionGuide",
    "FAQItem",
    "Person",
    "Reference",
    "Section",
    "Therapy",
    "Translation",
    "walk_blocks",
    "walk_inlines",
]

DEFAULT_KICKER = "Condition guide"
DEFAULT_FAQ_HEADING = "Frequently asked questions"
# schema.org's HealthAspectEnumeration: what a section of a health page is about.
HEALTH_ASPECTS = frozenset(
    f"{name}HealthAspect"
    for name in (
        "Allergies", "Benefits", "Causes", "Contagiousness", "Effectiveness", "GettingAccess", "HowItWorks",
        "HowOrWhere", "Ingredients", "LivingWith", "MayTreat", "Misconceptions", "Overview",
        "PatientExperience", "Pregnancy", "Prevention", "Prognosis", "RelatedTopics", "RisksOrComplications",
        "Safety", "Screening", "SeeDoctor", "SelfCare", "SideEffects", "Stages", "Symptoms", "Treatments",
        "Types", "UsageOrSchedule",
    )
)  # fmt: skip
# Ids the HTML page uses for its own landmarks; a section or question may not take them.
RESERVED_IDS = frozenset({"content", "faq"})


def _date(instance: object, attribute: attrs.Attribute[Any], value: datetime.date | None) -> None:
    if value is not None and (type(value) is not datetime.date):
        raise GuideValueError(
            f"{attribute.name} must be a date (YYYY-MM-DD), not {shown(value)}", field=attribute.name
        )


def _optional_line(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        single_line(instance, attribute, value)


def _health_aspect(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and (type(value) is not str or value not in HEALTH_ASPECTS):
        import difflib  # only for the hint of an error

        close = difflib.get_close_matches(str(value), HEALTH_ASPECTS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else " (see schema.org/HealthAspectEnumeration)"
        raise GuideValueError(f"{shown(value)} is not a schema.org health aspect{hint}", field=attribute.name)


def _strings(items: Iterable[str]) -> tuple[str, ...]:
    return (items,) if isinstance(items, str) else tuple(listed(items, "alternate names"))


def _check_names(instance: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    for name in value:
        single_line(instance, attribute, name)


def walk_blocks(blocks: Iterable[Block]) -> Iterator[Block]:
    """Yield every block in `blocks`, depth first, containers before their contents."""
    for block in blocks:
        yield block
        if isinstance(block, BlockQuote | Callout):
            yield from walk_blocks(block.blocks)
        elif isinstance(block, BulletList | OrderedList):
            for item in block.items:
                yield from walk_blocks(item)


def walk_inlines(blocks: Iterable[Block]) -> Iterator[Inline]:
    """Yield every inline in `blocks` (table cells included), depth first, in document order."""
    for block in walk_blocks(blocks):
        if isinstance(block, Paragraph):
            yield from _walk_inline_tree(block.content)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                for cell in row:
                    yield from _walk_inline_tree(cell)


def _walk_inline_tree(inlines: Iterable[Inline]) -> Iterator[Inline]:
    for node in inlines:
        yield node
        if isinstance(node, Emphasis | Strong | Link):
            yield from _walk_inline_tree(node.children)


def _nested_heading(blocks: Iterable[Block], *, top_level_allowed: bool) -> Heading | None:
    """Return the first sub-heading that may not stand where it is, if any."""
    for block in blocks:
        if isinstance(block, Heading):
            if not top_level_allowed:
                return block
            continue
        for inner in walk_blocks((block,)):
            if isinstance(inner, Heading):
                return inner
    return None


@attrs.frozen
class Person:
    """An author or medical reviewer."""

    name: str = attrs.field(validator=single_line)
    url: str | None = attrs.field(default=None, kw_only=True, validator=http_url)
    job_title: str | None = attrs.field(default=None, kw_only=True, validator=_optional_line)


@attrs.frozen
class Therapy:
    """A therapy the guide is about (e.g. craniosacral therapy).

    `possible_treatment` says the guide itself presents the therapy as a possible
    treatment of its condition; only then does structured data claim so.
    """

    name: str = attrs.field(validator=single_line)
    url: str | None = attrs.field(default=None, kw_only=True, validator=http_url)
    possible_treatment: bool = attrs.field(default=False, kw_only=True, validator=instance_of(bool))


@attrs.frozen
class Reference:
    """One entry of the guide's references (a footnote definition in Markdown).

    `label` is what citations use (``[^label]``); `blocks` are paragraphs and
    lists that may hold links, e.g. to a DOI.
    """

    label: str = attrs.field()
    blocks: tuple[Block, ...] = attrs.field(converter=blocks_tuple)
    line: int | None = line_field()

    def __attrs_post_init__(self) -> None:
        FootnoteRef(self.label)  # the same label rules as a citation
        if not self.blocks:
            raise GuideValueError(f"the reference [^{self.label}] is empty", line=self.line)
        for block in self.blocks:
            if not isinstance(block, Paragraph | BulletList | OrderedList):
                raise GuideValueError(
                    f"the reference [^{self.label}] holds a {type(block).__name__};"
                    " references hold paragraphs and lists only",
                    line=getattr(block, "line", None) or self.line,
                )
        if any(isinstance(node, FootnoteRef) for node in walk_inlines(self.blocks)):
            raise GuideValueError(f"the reference [^{self.label}] cites another reference", line=self.line)


@attrs.frozen
class Translation:
    """The same guide in another language, published at `url` (an ``hreflang`` alternate)."""

    language: str = attrs.field(validator=language_tag)
    url: str = attrs.field(validator=http_url)

    def __attrs_post_init__(self) -> None:
        if self.url is None:  # http_url accepts None for optional fields; here it is required
            raise GuideValueError(f"the {self.language} translation needs a url", field="translations")


_optional_slug = attrs.validators.optional(slug)


def _translations(items: Iterable[Translation]) -> tuple[Translation, ...]:
    return tuple(listed(items, "translations"))


@attrs.frozen
class Condition:
    """The health condition a guide is about."""

    name: str = attrs.field(validator=single_line)
    alternate_names: tuple[str, ...] = attrs.field(default=(), converter=_strings, validator=_check_names)


def _condition(value: Condition | str) -> Condition:
    return Condition(value) if isinstance(value, str) else value


def _persons(items: Iterable[Person | str]) -> tuple[Person, ...]:
    if isinstance(items, str | Person):
        items = (items,)
    return tuple(Person(item) if isinstance(item, str) else item for item in listed(items, "people"))


@attrs.frozen
class Section:
    """A titled part of the guide body (an H2 in the source).

    `health_aspect` names what the section is about as a schema.org
    ``HealthAspectEnumeration`` member (e.g. ``EffectivenessHealthAspect``);
    None leaves the choice to the JSON-LD exporter's defaults.
    """

    id: str = attrs.field(validator=slug)
    heading: str = attrs.field(validator=single_line)
    blocks: tuple[Block, ...] = attrs.field(converter=blocks_tuple, validator=tuple_of(*BLOCK_TYPES))
    health_aspect: str | None = attrs.field(default=None, kw_only=True, validator=_health_aspect)
    line: int | None = line_field()

    def __attrs_post_init__(self) -> None:
        if not self.blocks:
            raise GuideValueError(f"section {shown(self.heading)} has no content", line=self.line)
        if self.id in RESERVED_IDS:
            raise GuideValueError(
                f"section id {shown(self.id)} is reserved for the page itself; rename the heading",
                line=self.line,
            )
        nested = _nested_heading(self.blocks, top_level_allowed=True)
        if nested is not None:
            raise GuideValueError(
                f"sub-heading {shown(nested.text)} is inside a list or quote;"
                " headings must stand on their own",
                line=nested.line,
            )
        level = 2
        for block in self.blocks:
            if isinstance(block, Heading):
                if block.level > level + 1:
                    raise GuideValueError(
                        f"a level-{block.level} heading cannot follow a level-{level} heading;"
                        f" use {'#' * (level + 1)} (headings may not skip a level)",
                        line=block.line,
                    )
                level = block.level


@attrs.frozen
class FAQItem:
    """One question of the FAQ and its answer."""

    id: str = attrs.field(validator=slug)
    question: str = attrs.field(validator=single_line)
    answer: tuple[Block, ...] = attrs.field(converter=blocks_tuple, validator=tuple_of(*BLOCK_TYPES))
    line: int | None = line_field()

    def __attrs_post_init__(self) -> None:
        if not self.answer:
            raise GuideValueError(f"the question {shown(self.question)} has no answer", line=self.line)
        if self.id in RESERVED_IDS:
            raise GuideValueError(
                f"question id {shown(self.id)} is reserved for the page itself", line=self.line
            )
        nested = _nested_heading(self.answer, top_level_allowed=False)
        if nested is not None:
            raise GuideValueError(
                f"the answer to {shown(self.question)} contains the sub-heading {shown(nested.text)};"
                " answers cannot have sub-headings",
                line=nested.line,
            )


def _sections(items: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(listed(items, "sections"))


def _faqs(items: Iterable[FAQItem]) -> tuple[FAQItem, ...]:
    return tuple(listed(items, "faqs"))


def _references(items: Iterable[Reference]) -> tuple[Reference, ...]:
    return tuple(listed(items, "references"))


def _question_key(question: str) -> str:
    return " ".join(question.casefold().split())


@attrs.frozen(kw_only=True)
class ConditionGuide:
    """A condition guide: front matter, intro, sections and FAQ.

    Every field is validated on construction and a `GuideValueError` says what
    is wrong. Instances are immutable; use `attrs.evolve` to derive a changed copy.
    """

    slug: str = attrs.field(validator=slug)
    title: str = attrs.field(validator=single_line)
    summary: str = attrs.field(validator=single_line)
    description: str | None = attrs.field(default=None, validator=attrs.validators.optional(single_line))
    condition: Condition = attrs.field(converter=_condition, validator=instance_of(Condition))
    kicker: str = attrs.field(default=DEFAULT_KICKER, validator=single_line)
    language: str = attrs.field(default="en", validator=language_tag)
    url: str | None = attrs.field(default=None, validator=http_url)
    published: datetime.date | None = attrs.field(default=None, validator=_date)
    modified: datetime.date | None = attrs.field(default=None, validator=_date)
    last_reviewed: datetime.date | None = attrs.field(default=None, validator=_date)
    next_review: datetime.date | None = attrs.field(default=None, validator=_date)
    authors: tuple[Person, ...] = attrs.field(default=(), converter=_persons, validator=tuple_of(Person))
    reviewed_by: tuple[Person, ...] = attrs.field(default=(), converter=_persons, validator=tuple_of(Person))
    intro: tuple[Block, ...] = attrs.field(
        default=(), converter=blocks_tuple, validator=tuple_of(*BLOCK_TYPES)
    )
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_sections, validator=tuple_of(Section))
    faq_heading: str = attrs.field(default=DEFAULT_FAQ_HEADING, validator=single_line)
    faqs: tuple[FAQItem, ...] = attrs.field(default=(), converter=_faqs, validator=tuple_of(FAQItem))
    references: tuple[Reference, ...] = attrs.field(
        default=(), converter=_references, validator=tuple_of(Reference)
    )
    therapy: Therapy | None = attrs.field(
        default=None, validator=attrs.validators.optional(instance_of(Therapy))
    )
    translations: tuple[Translation, ...] = attrs.field(
        default=(), converter=_translations, validator=tuple_of(Translation)
    )
    translation_key: str | None = attrs.field(default=None, validator=_optional_slug)

    def __attrs_post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            first = problems[0]
            first.problems = tuple(problems)
            raise first

    def _problems(self) -> Iterator[GuideValueError]:
        """Every problem of the guide as a whole (its fields are checked on their own), in field order."""
        if self.published and self.modified and self.modified < self.published:
            yield GuideValueError(
                f"modified ({self.modified}) is earlier than published ({self.published})", field="modified"
            )
        if self.last_reviewed and self.next_review and self.next_review <= self.last_reviewed:
            yield GuideValueError(
                f"next_review ({self.next_review}) must be after last_reviewed ({self.last_reviewed})",
                field="next_review",
            )
        yield from self._reference_problems()
        yield from self._translation_problems()
        nested = _nested_heading(self.intro, top_level_allowed=False)
        if nested is not None:
            yield GuideValueError(
                f"the intro contains the sub-heading {shown(nested.text)};"
                " start a section with a level-2 heading",
                line=nested.line,
            )
        seen_questions: set[str] = set()
        asked_once = []  # a question asked twice is reported once, not again for its id
        for item in self.faqs:
            key = _question_key(item.question)
            if key in seen_questions:
                yield GuideValueError(f"the question {shown(item.question)} is asked twice", line=item.line)
            else:
                asked_once.append(item)
            seen_questions.add(key)
        seen_ids: dict[str, str] = {}
        for kind, item_id, label, line in [
            *(("section", s.id, s.heading, s.line) for s in self.sections),
            *(("question", f.id, f.question, f.line) for f in asked_once),
        ]:
            if item_id in seen_ids:
                yield GuideValueError(
                    f"the {kind} {shown(label)} has the id {shown(item_id)},"
                    f" already used by {seen_ids[item_id]}",
                    line=line,
                )
            else:
                seen_ids[item_id] = f"the {kind} {shown(label)}"

    def body_blocks(self) -> Iterator[Block]:
        """Yield the top-level blocks of the intro, the sections and the answers, in page order."""
        yield from self.intro
        for section in self.sections:
            yield from section.blocks
        for item in self.faqs:
            yield from item.answer

    def _reference_problems(self) -> Iterator[GuideValueError]:
        """References are listed once each, in order of first citation, and every one is cited."""
        defined: dict[str, Reference] = {}
        found = False
        for reference in self.references:
            if reference.label in defined:
                found = True
                yield GuideValueError(
                    f"the reference [^{reference.label}] is defined twice", line=reference.line
                )
            defined[reference.label] = reference
        cited: dict[str, None] = {}
        for node in walk_inlines(self.body_blocks()):
            if isinstance(node, FootnoteRef):
                if node.label not in defined:
                    found = True
                    yield GuideValueError(f"[^{node.label}] cites a reference that is not defined")
                cited.setdefault(node.label)
        for reference in self.references:
            if reference.label not in cited:
                found = True
                yield GuideValueError(
                    f"the reference [^{reference.label}] is never cited; cite it or remove it",
                    line=reference.line,
                )
        if not found and list(cited) != [reference.label for reference in self.references]:
            yield GuideValueError(
                "references must be listed in the order they are first cited: "
                + ", ".join(f"[^{label}]" for label in cited)
            )

    def _translation_problems(self) -> Iterator[GuideValueError]:
        """One translation per language, none in the guide's own language."""
        languages = {self.language.casefold()}
        for translation in self.translations:
            if translation.language.casefold() in languages:
                yield GuideValueError(
                    f"translations lists the language {shown(translation.language)} twice,"
                    " or the guide's own",
                    field="translations",
                )
            languages.add(translation.language.casefold())

    def reference_numbers(self) -> dict[str, int]:
        """Return the 1-based number of every reference by label, in order."""
        return {reference.label: number for number, reference in enumerate(self.references, 1)}

    def reference_number(self, label: str) -> int:
        """Return the 1-based number of the reference `label` (its place in `references`)."""
        for number, reference in enumerate(self.references, 1):
            if reference.label == label:
                return number
        raise KeyError(label)

    @property
    def has_faq(self) -> bool:
        """Whether the guide has at least one question."""
        return bool(self.faqs)
