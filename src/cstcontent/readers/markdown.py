"""The authoring format: CommonMark with YAML front matter, read with markdown-it-py.

The body is parsed (see `readers._markdown_it`: CommonMark with GFM tables,
footnotes and raw HTML recognised), then its syntax tree is turned into the
closed node set of `cstcontent.nodes` (see `readers._blocks`). Anything that set
cannot hold (code blocks, rules, raw HTML, an H1, content nested past the limit)
is an error naming its line, never silently dropped. Every independent problem
of a file is reported, in line order, in one `SourceError`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

import attrs
import yaml

from .. import model, nodes
from .._messages import shown
from ..errors import GuideValueError, OptionError, SourceError
from ..markdown_syntax import FAQ_HEADINGS
from ..slugs import make_slug
from ._blocks import MAX_DEPTH, Builder, Definition
from ._parsed import ParsedNode, ParseResult
from ._source import DEFAULT_MAX_BLOCKS
from .frontmatter import FrontMatter, Value, split_front_matter

__all__ = ["FRONT_MATTER_KEYS", "MAX_DEPTH", "read_markdown"]

FRONT_MATTER_KEYS = (
    "title", "slug", "kicker", "summary", "description", "condition", "language", "url", "published",
    "modified", "last_reviewed", "next_review", "authors", "reviewed_by", "faq_heading", "health_aspects",
    "therapy", "translations", "translation_key",
)  # fmt: skip
_CONDITION_KEYS = ("name", "alternate_names")
_PERSON_KEYS = ("name", "url", "job_title")
_THERAPY_KEYS = ("name", "url", "possible_treatment")
_STAND_INS: dict[str, object] = {
    "title": "-", "summary": "-", "condition": model.Condition("-"), "slug": "guide"
}  # fmt: skip
_T = TypeVar("_T")


def _split_sections(
    body: Sequence[ParsedNode], builder: Builder, faq_headings: frozenset[str]
) -> tuple[list[ParsedNode], list[tuple[ParsedNode, list[ParsedNode]]], ParsedNode | None]:
    """Split the top-level nodes into the intro, the H2 sections, and where the FAQ starts."""
    intro: list[ParsedNode] = []
    sections: list[tuple[ParsedNode, list[ParsedNode]]] = []
    faq: ParsedNode | None = None
    for node in body:
        if node.type == "heading" and node.tag == "h1":
            builder.report(
                builder.error(
                    "the body must not have a level-1 heading: the title comes from the front matter;"
                    " use '## ' for a section",
                    node,
                )
            )
            continue
        if node.type == "heading" and node.tag == "h2":
            if faq is not None:
                builder.report(
                    builder.error(
                        f"the FAQ must be the last section: move this section above line {builder.line(faq)}",
                        node,
                    )
                )
            heading = builder.attempt(partial(_heading_text, builder, node), builder.line(node))
            if faq is None and heading is not None and _normalize(heading) in faq_headings:
                faq = node
            sections.append((node, []))
        elif sections:
            sections[-1][1].append(node)
        else:
            intro.append(node)
    return intro, sections, faq


def _normalize(heading: str) -> str:
    return " ".join(heading.casefold().split())


def _section(heading: ParsedNode, content: list[ParsedNode], builder: Builder) -> model.Section:
    title, explicit_id = builder.heading(heading)
    line = builder.line(heading)
    if not content:
        raise builder.error(f"the section {shown(title)} has no content", heading)
    section_id = explicit_id or make_slug(title, "section")
    count = len(builder.problems)
    blocks = builder.blocks(content)
    if len(builder.problems) > count:
        raise SourceError.collect(builder.problems[count:])  # already reported: no "no content" on top
    return model.Section(section_id, title, blocks, line=line)


def _faq_items(heading: ParsedNode, content: list[ParsedNode], builder: Builder) -> list[model.FAQItem]:
    if builder.heading(heading)[1] is not None:
        builder.report(builder.error("the FAQ heading cannot take an id: remove the '{#...}'", heading))
    questions: list[tuple[ParsedNode, list[ParsedNode]]] = []
    for node in content:
        if node.type == "heading" and node.tag == "h3":
            questions.append((node, []))
        elif node.type == "heading":
            builder.report(
                builder.error(
                    f"in the FAQ each question is a level-3 heading ('### ...'); answers cannot have"
                    f" {node.tag.upper()} sub-headings",
                    node,
                )
            )
        elif not questions:
            builder.report(
                builder.error(
                    "text between the FAQ heading and its first question: start each question with '### '",
                    node,
                )
            )
        else:
            questions[-1][1].append(node)
    if not questions and len(content) == 0:
        builder.report(
            builder.error("the FAQ has no questions: add '### Question' headings with answers", heading)
        )
    items = []
    for question_node, answer in questions:
        item = builder.attempt(
            partial(_faq_item, question_node, answer, builder), builder.line(question_node)
        )
        if item is not None:
            items.append(item)
    return items


def _faq_item(question_node: ParsedNode, answer: list[ParsedNode], builder: Builder) -> model.FAQItem:
    question, explicit_id = builder.heading(question_node)
    line = builder.line(question_node)
    if not answer:
        raise builder.error(f"the question {shown(question)} has no answer", question_node)
    item_id = explicit_id or make_slug(question, "question")
    count = len(builder.problems)
    blocks = builder.blocks(answer)
    if len(builder.problems) > count:
        raise SourceError.collect(builder.problems[count:])
    return model.FAQItem(item_id, question, blocks, line=line)


def _definitions(body: Sequence[ParsedNode], builder: Builder) -> tuple[list[ParsedNode], list[Definition]]:
    """Take the top-level footnote definitions out of `body`; report a label defined twice."""
    rest: list[ParsedNode] = []
    definitions: dict[str, Definition] = {}
    for node in body:
        if node.type != "footnote_reference":
            rest.append(node)
            continue
        label = str(node.meta.get("label", ""))
        line = builder.line(node)
        if label in definitions:
            builder.report(
                builder.error(
                    f"the reference [^{label}] is defined twice (first on line {definitions[label].line});"
                    " give each reference its own label",
                    node,
                )
            )
            continue
        definitions[label] = Definition(label, node, line or 0)
    return rest, list(definitions.values())


def _references(
    definitions: list[Definition], builder: Builder, cited: list[str], cited_anywhere: set[str]
) -> list[model.Reference]:
    """The references in order of first citation in `cited`; an uncited definition is an error.

    `cited` are the labels cited in the content built without errors, `cited_anywhere`
    those cited anywhere in the source (a citation in a refused paragraph still counts).
    """
    by_label = {definition.label: definition for definition in definitions}
    for definition in definitions:
        if definition.label not in cited_anywhere:
            builder.report(
                builder.error(
                    f"the reference [^{definition.label}] is never cited; cite it as [^{definition.label}]"
                    " in the text or remove it",
                    line=definition.line,
                )
            )
    references = []
    for label in dict.fromkeys(cited):
        definition = by_label[label]
        reference = builder.attempt(partial(_reference, definition, builder), definition.line)
        if reference is not None:
            references.append(reference)
    return references


def _reference(definition: Definition, builder: Builder) -> model.Reference:
    count = len(builder.problems)
    citations = len(builder.citations)
    blocks = builder.blocks(definition.node.children)
    if len(builder.citations) > citations:
        raise builder.error(
            f"the reference [^{definition.label}] cites another reference; references cannot cite",
            line=builder.citations[citations][1],
        )
    if len(builder.problems) > count:
        raise SourceError.collect(builder.problems[count:])
    if not blocks:
        raise builder.error(f"the reference [^{definition.label}] is empty: write it after the ':'",
                            line=definition.line)  # fmt: skip
    return model.Reference(definition.label, blocks, line=definition.line)


def _front_matter_fields(front: FrontMatter, slug_hint: str | None, builder: Builder) -> dict[str, object]:
    """The model's fields from the front matter; each bad value is reported and left out."""
    fields: dict[str, object] = {}
    for key in ("title", "summary", "condition"):
        if key not in front.fields and not any(f"did you mean {key!r}" in p.message for p in front.problems):
            builder.report(front.error(f"the front matter is missing the required key {key!r}", 1))
    for key, value in front.fields.items():
        field = builder.attempt(partial(_front_matter_value, front, key, value), value.line)
        if field is not None:
            fields[key] = field
    if "slug" not in front.fields:
        try:
            fields["slug"] = make_slug(slug_hint or str(fields.get("title", "")), "slug")
        except GuideValueError as error:
            builder.report(front.error(f"{error.message}; add a 'slug' key to the front matter", 1))
    return fields


def _front_matter_value(front: FrontMatter, key: str, value: Value) -> object:
    match key:
        case "condition":
            return _condition(front, value)
        case "authors" | "reviewed_by":
            return [_person(front, item, key) for item in front.items(value, key)]
        case "health_aspects":
            return value
        case "therapy":
            return _therapy(front, value)
        case "published" | "modified" | "last_reviewed" | "next_review":
            return front.date(value, key)
        case "translations":
            return _translations(front, value)
        case _:
            return front.text(value, key)


def _condition(front: FrontMatter, value: Value) -> model.Condition:
    if isinstance(value.data, str):
        return _build(front, value.line, model.Condition, front.text(value, "condition"))
    entries = front.mapping(value, "condition", _CONDITION_KEYS)
    if "name" not in entries:
        raise front.error("the condition needs a 'name'", value.line)
    names = (
        [
            front.text(item, "alternate name")
            for item in front.items(entries["alternate_names"], "alternate_names")
        ]
        if "alternate_names" in entries
        else []
    )
    return _build(
        front,
        value.line,
        model.Condition,
        front.text(entries["name"], "condition name"),
        alternate_names=names,
    )


def _translations(front: FrontMatter, value: Value) -> list[model.Translation]:
    """``translations: {es: https://...}``: the guide's language versions, by BCP 47 tag."""
    if not isinstance(value.node, yaml.MappingNode):
        raise front.error("translations must map language tags to URLs, e.g. {es: https://...}", value.line)
    result = []
    for key_node, url_node in value.node.value:
        language, url = Value(key_node.value, key_node), Value(url_node.value, url_node)
        if not isinstance(url_node, yaml.ScalarNode):
            raise front.error(f"the {language.data} translation must be a URL", url.line)
        result.append(_build(front, url.line, model.Translation, language.data, url.data))
    return result


def _person(front: FrontMatter, value: Value, key: str) -> model.Person:
    if isinstance(value.data, str):
        return _build(front, value.line, model.Person, front.text(value, "name"))
    entries = front.mapping(value, key.replace("_", " "), _PERSON_KEYS)
    if "name" not in entries:
        raise front.error(f"each of {key} needs a 'name'", value.line)
    options = {k: front.text(v, k) for k, v in entries.items() if k != "name"}
    return _build(front, value.line, model.Person, front.text(entries["name"], "name"), **options)


def _therapy(front: FrontMatter, value: Value) -> model.Therapy:
    if isinstance(value.data, str):
        return _build(front, value.line, model.Therapy, front.text(value, "therapy"))
    entries = front.mapping(value, "therapy", _THERAPY_KEYS)
    if "name" not in entries:
        raise front.error("the therapy needs a 'name'", value.line)
    options: dict[str, object] = {}
    if "url" in entries:
        options["url"] = front.text(entries["url"], "url")
    if "possible_treatment" in entries:
        options["possible_treatment"] = front.flag(entries["possible_treatment"], "possible_treatment")
    return _build(front, value.line, model.Therapy, front.text(entries["name"], "therapy name"), **options)


def _build(front: FrontMatter, line: int, factory: Callable[..., _T], *args: object, **kwargs: object) -> _T:
    try:
        return factory(*args, **kwargs)
    except GuideValueError as error:
        raise front.error(error.message, line) from None


def _with_aspects(
    front: FrontMatter, sections: list[model.Section], ids: list[str], value: object, builder: Builder
) -> list[model.Section]:
    """Apply the front matter's ``health_aspects`` (section id -> aspect) to `sections`.

    `ids` are the ids of every section heading, including sections left out for errors.
    """
    if value is None:
        return sections
    assert isinstance(value, Value)
    entries = builder.attempt(lambda: front.mapping(value, "health_aspects", tuple(ids)), value.line) or {}
    by_id = {section.id: section for section in sections}
    for section_id, aspect in entries.items():
        if section_id not in by_id:
            continue  # the section itself has an error, already reported
        evolved = builder.attempt(
            partial(_aspect, front, by_id[section_id], aspect),
            aspect.line,
        )
        if evolved is not None:
            by_id[section_id] = evolved
    return [by_id[section.id] for section in sections]


# A line that can start a block: after a blank line, or a list item, quote or heading marker.
_BLOCK_START = re.compile(r"\n[ \t]*\n(?=[ \t]*\S)|\n[ \t]*(?:[-+*]|[0-9]{1,9}[.)]|>|#{1,6})(?=[ \t])")


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Limits checked before parsing. A run of lines without a blank line (a paragraph,
# a tight list) may not exceed MAX_RUN_CHARS. markdown-it's inline parser scans
# the rest of a run for each '[' that does not close, so its time grows with the
# number of '[' times the run's length; MAX_BRACKET_WORK caps that product summed
# over the guide. A real guide uses a hundredth of either; together they keep a
# 5 MB source to seconds.
MAX_RUN_CHARS = 100_000
MAX_BRACKET_WORK = 20_000_000
# Every markup character can become a token (and a model node): at millions of them
# markdown-it-py needs minutes and gigabytes. A real guide uses a few hundred; this
# many keeps the worst source within max_bytes to seconds and tens of megabytes.
MAX_MARKUP_CHARS = 20_000
# Each line break is a token too, so the lines are bounded the same way.
MAX_LINES = 50_000
_MARKUP_CHARS = "*_`[]<\\|&"


def _check_limits(body: str, builder: Builder, max_blocks: int) -> None:
    """Refuse a body with more than `max_blocks` blocks, or runs too costly to parse, before parsing."""
    count = 1 + sum(1 for _ in _BLOCK_START.finditer(body))
    if count > max_blocks:
        raise SourceError(
            f"the guide has about {count:,} blocks, over the limit of {max_blocks:,};"
            " split it or raise max_blocks",
            path=builder.path,
            line=None,
        )
    lines = body.count("\n") + 1
    if lines > MAX_LINES:
        raise SourceError(
            f"the guide has {lines:,} lines, over the limit of {MAX_LINES:,}; split it",
            path=builder.path,
            line=None,
        )
    markup = sum(body.count(char) for char in _MARKUP_CHARS)
    if markup > MAX_MARKUP_CHARS:
        raise SourceError(
            f"the guide has {markup:,} markup characters ({' '.join(_MARKUP_CHARS)}), over the limit of"
            f" {MAX_MARKUP_CHARS:,}; a guide needs far fewer",
            path=builder.path,
            line=None,
        )
    start = work = 0
    for blank in (*_BLANK_LINE.finditer(body), None):
        end = blank.start() if blank else len(body)
        work += body.count("[", start, end) * (end - start)
        problem = None
        if end - start > MAX_RUN_CHARS:
            problem = f"{end - start:,} characters without a blank line, over the limit of {MAX_RUN_CHARS:,}"
        elif work > MAX_BRACKET_WORK:
            problem = (
                "too many '[' in long paragraphs to parse in reasonable time; escape stray ones as '\\['"
            )
        if problem:
            raise SourceError(
                f"{problem}; break the text into paragraphs",
                path=builder.path,
                line=body.count("\n", 0, start) + 1 + builder.line_offset,
            )
        start = blank.end() if blank else end


BACKENDS = ("auto", "markdown-it-py", "markdown-it-pyrs")
BACKEND_VARIABLE = "CSTCONTENT_MARKDOWN_BACKEND"


class _Fallback(Exception):
    """The fast back-end cannot give this document's tree exactly: read it with markdown-it-py."""


def read_markdown(
    text: str,
    *,
    path: str | os.PathLike[str] | None = None,
    max_blocks: int = DEFAULT_MAX_BLOCKS,
    backend: str | None = None,
) -> model.ConditionGuide:
    """Read a guide from Markdown source `text` (already decoded).

    Two parser back-ends give the same guide and the same errors: markdown-it-pyrs
    (Rust, the ``fast`` extra), used when it is installed, and markdown-it-py
    otherwise. A document the fast back-end cannot parse exactly as markdown-it-py
    does (see `readers._markdown_it_pyrs`), and any document with a problem, is
    read again with markdown-it-py, so errors always come from it.

    Args:
        text: The source, front matter first.
        path: Where it came from: named in errors, and its stem is the default slug.
        max_blocks: A body with more blocks than this is refused before parsing.
        backend: ``"auto"`` (the default: the fast back-end if installed),
            ``"markdown-it-py"`` or ``"markdown-it-pyrs"``; None reads the
            ``CSTCONTENT_MARKDOWN_BACKEND`` environment variable (default ``auto``).

    Raises:
        SourceError: For anything that is not a valid guide: every problem found,
            in line order, each as ``path:line: message``.
        OptionError: For an unknown back-end, or ``"markdown-it-pyrs"`` when it is
            not installed (a `ValueError` too).
    """
    path_str = os.fspath(path) if path is not None else None
    if _fast(backend):
        try:
            return _read(text, path_str, max_blocks, fast=True)
        except (_Fallback, SourceError):
            pass
    return _read(text, path_str, max_blocks, fast=False)


def _fast(backend: str | None) -> bool:
    """Whether to try markdown-it-pyrs first."""
    from . import _markdown_it_pyrs

    chosen = backend if backend is not None else os.environ.get(BACKEND_VARIABLE) or "auto"
    if chosen not in BACKENDS:
        raise OptionError(f"unknown Markdown back-end {shown(chosen)}; use one of: {', '.join(BACKENDS)}")
    if chosen == "markdown-it-pyrs" and not _markdown_it_pyrs.available():
        raise OptionError(
            "the Markdown back-end markdown-it-pyrs is not installed: pip install 'cstcontent[fast]'"
        )
    return chosen != "markdown-it-py" and _markdown_it_pyrs.available()


def _read(text: str, path_str: str | None, max_blocks: int, *, fast: bool) -> model.ConditionGuide:
    front, body, offset = split_front_matter(text, path=path_str, known=FRONT_MATTER_KEYS)
    builder = Builder(path_str, offset, body.split("\n"))
    builder.problems.extend(front.problems)
    if fast and builder.problems:
        raise _Fallback
    fields = _front_matter_fields(front, Path(path_str).stem if path_str else None, builder)
    _check_limits(body, builder, max_blocks)
    parsed = _parse(body, fast=fast)
    if parsed.too_deep:
        raise SourceError(
            f"content is nested too deeply to read (over {MAX_DEPTH} levels)"
            if parsed.too_deep == "blocks"
            else f"emphasis, strong text and links are nested more than {nodes.MAX_INLINE_DEPTH} deep;"
            " simplify the text",
            path=path_str,
            line=None if parsed.too_deep_line is None else parsed.too_deep_line + 1 + offset,
        )
    for label, line in parsed.unused_link_definitions:
        builder.report(
            builder.error(
                f"the link reference definition [{label}] is never used; use it in a link or remove it",
                line=line + 1 + offset,
            )
        )
    top, definitions = _definitions(parsed.root.children, builder)
    builder.labels = frozenset(definition.label for definition in definitions)
    faq_headings = FAQ_HEADINGS | (
        {_normalize(str(fields["faq_heading"]))} if "faq_heading" in fields else set()
    )
    intro, sections, faq = _split_sections(top, builder, faq_headings)
    fields["intro"] = _intro(intro, builder)
    built_sections: list[model.Section] = []
    section_ids: list[str] = []
    for heading, content in sections:
        if heading is faq:
            fields["faq_heading"] = builder.heading(heading)[0]
            fields["faqs"] = _faq_items(heading, content, builder)
            continue
        section = builder.attempt(partial(_section, heading, content, builder), builder.line(heading))
        if section is not None:
            built_sections.append(section)
            section_ids.append(section.id)
        else:
            section_ids.extend(_heading_id(heading, builder))
    fields["sections"] = _with_aspects(
        front, built_sections, section_ids, fields.pop("health_aspects", None), builder
    )
    fields["references"] = _references(definitions, builder, _cited(fields), set(_labels_cited(top)))
    # A required field left out for an error (always reported) gets a stand-in, so that
    # the guide's own checks (dates in order, ids and questions unique) still run.
    stand_ins = {key: value for key, value in _STAND_INS.items() if key not in fields}
    guide = builder.attempt(lambda: _guide(front, fields | stand_ins, path_str), None)
    if builder.problems or guide is None or stand_ins:
        raise SourceError.collect(builder.problems)
    return guide


def _parse(body: str, *, fast: bool) -> ParseResult:
    if fast:
        from . import _markdown_it_pyrs

        parsed = _markdown_it_pyrs.parse(body)
        if parsed is None:
            raise _Fallback
        return parsed
    from ._markdown_it import parse

    return parse(body)


def _intro(nodes_: list[ParsedNode], builder: Builder) -> list[nodes.Block]:
    blocks = builder.blocks(nodes_)
    for block in blocks:
        if isinstance(block, nodes.Heading):
            builder.report(
                builder.error(
                    f"the intro contains the sub-heading {shown(block.text)};"
                    " start a section with a level-2 heading",
                    line=block.line,
                )
            )
    return [block for block in blocks if not isinstance(block, nodes.Heading)]


def _heading_id(heading: ParsedNode, builder: Builder) -> list[str]:
    try:
        title, explicit_id = builder.heading(heading)
        return [explicit_id or make_slug(title, "section")]
    except (SourceError, GuideValueError):
        return []


def _aspect(front: FrontMatter, section: model.Section, aspect: Value) -> model.Section:
    text = front.text(aspect, f"the health aspect of {shown(section.id)}")
    evolved: model.Section = _build(front, aspect.line, attrs.evolve, section, health_aspect=text)
    return evolved


def _heading_text(builder: Builder, node: ParsedNode) -> str:
    return builder.heading(node)[0]


def _labels_cited(nodes_: Sequence[ParsedNode]) -> Iterator[str]:
    for node in nodes_:
        if node.type == "footnote_ref":
            yield str(node.meta.get("label", ""))
        yield from _labels_cited(node.children)


def _cited(fields: dict[str, object]) -> list[str]:
    """The labels cited in the built intro, sections and answers, in page order."""
    blocks: list[nodes.Block] = list(fields["intro"])  # type: ignore[call-overload]
    for section in fields["sections"]:  # type: ignore[attr-defined]
        blocks.extend(section.blocks)
    for item in fields.get("faqs", ()):  # type: ignore[attr-defined]
        blocks.extend(item.answer)
    return [node.label for node in model.walk_inlines(blocks) if isinstance(node, nodes.FootnoteRef)]


def _guide(front: FrontMatter, fields: dict[str, object], path: str | None) -> model.ConditionGuide:
    """The guide from `fields`; each of its problems as a whole is reported at its line."""
    try:
        return model.ConditionGuide(**fields)  # type: ignore[arg-type]
    except GuideValueError as error:
        raise SourceError.collect(_located(front, problem, path) for problem in error.problems) from None


def _located(front: FrontMatter, error: GuideValueError, path: str | None) -> SourceError:
    """`error` at its line: its own, else its front matter key's, else the first."""
    value = front.fields.get(error.field or "")
    return SourceError(error.message, path=path, line=error.line or (value.line if value else 1))
