"""The authoring format: CommonMark with YAML front matter, read with markdown-it-py.

The body is parsed with markdown-it-py's CommonMark preset with raw HTML off
(so any HTML stays literal text), then its syntax tree is turned into the
closed node set of `cstcontent.nodes`. Anything that set cannot hold (code
blocks, images, rules, an H1, content nested past the limit) is an error naming
its line, never silently dropped.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import attrs
import yaml

from .. import model, nodes
from ..errors import GuideValueError, SourceError
from ..markdown_syntax import FAQ_HEADINGS
from ..slugs import make_slug
from ._source import DEFAULT_MAX_BLOCKS
from .frontmatter import FrontMatter, Value, split_front_matter

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

__all__ = ["FRONT_MATTER_KEYS", "MAX_DEPTH", "read_markdown"]

FRONT_MATTER_KEYS = (
    "title", "slug", "kicker", "summary", "condition", "language", "url",
    "published", "modified", "last_reviewed", "authors", "reviewed_by", "faq_heading", "health_aspects",
    "translations", "translation_key",
)  # fmt: skip
_CONDITION_KEYS = ("name", "alternate_names")
_PERSON_KEYS = ("name", "url", "job_title")
# Lists and block quotes may nest this deep. markdown-it-py stops parsing (and
# drops the rest of the document) at its own `maxNesting`, which is set well
# above this, so deep input is always reported here before anything is lost.
MAX_DEPTH = nodes.MAX_BLOCK_DEPTH
_MARKDOWN_IT_MAX_NESTING = 100
_T = TypeVar("_T")


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "maxNesting": _MARKDOWN_IT_MAX_NESTING})
    # Links keep their destination as written: the model checks it (with a clear
    # error instead of markdown-it's silent "not a link") and each exporter
    # encodes it for its own format.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    parser.normalizeLinkText = lambda link: link  # type: ignore[method-assign]
    return parser


@attrs.define
class _Builder:
    """Turns markdown-it's syntax tree into nodes, reporting errors with file lines."""

    path: str | None
    line_offset: int

    def error(self, message: str, node: SyntaxTreeNode | None) -> SourceError:
        return SourceError(message, path=self.path, line=self.line(node))

    def line(self, node: SyntaxTreeNode | None) -> int | None:
        while node is not None and node.map is None:
            node = node.parent
        return None if node is None or node.map is None else node.map[0] + 1 + self.line_offset

    def blocks(self, children: Sequence[SyntaxTreeNode], depth: int = 0) -> list[nodes.Block]:
        return [self.block(child, depth) for child in children]

    def block(self, node: SyntaxTreeNode, depth: int) -> nodes.Block:
        line = self.line(node)
        try:
            match node.type:
                case "paragraph":
                    return nodes.Paragraph(self.inlines(node.children[0]), line=line)
                case "bullet_list" | "ordered_list" | "blockquote" if depth >= MAX_DEPTH:
                    raise self.error(f"lists and quotes are nested more than {MAX_DEPTH} deep", node)
                case "bullet_list":
                    return nodes.BulletList(self.items(node, depth + 1), line=line)
                case "ordered_list":
                    start = int(node.attrs.get("start", 1))
                    return nodes.OrderedList(self.items(node, depth + 1), start=start, line=line)
                case "blockquote":
                    return nodes.BlockQuote(self.blocks(node.children, depth + 1), line=line)
                case "heading":
                    return nodes.Heading(int(node.tag[1]), self.heading_text(node), line=line)
                case "code_block":
                    raise self.error(
                        "a line indented by four or more spaces is a code block, which guides do not"
                        " support; remove the indentation",
                        node,
                    )
                case "fence":
                    raise self.error("code blocks (```) are not supported in guides", node)
                case "hr":
                    raise self.error(
                        "horizontal rules (---, ***) are not supported;"
                        " start a new section with '## Heading'",
                        node,
                    )
                case other:
                    raise self.error(f"unsupported Markdown construct: {other}", node)
        except GuideValueError as error:
            raise SourceError(error.message, path=self.path, line=error.line or line) from None

    def items(self, node: SyntaxTreeNode, depth: int) -> list[list[nodes.Block]]:
        items = []
        for item in node.children:
            if not item.children:
                raise self.error("empty list item: write something after the list marker", item)
            items.append(self.blocks(item.children, depth))
        return items

    def heading_text(self, node: SyntaxTreeNode) -> str:
        inline = node.children[0]
        for child in inline.children:
            if child.type not in ("text", "softbreak"):
                raise self.error(
                    "headings and questions are plain text:"
                    f" remove the {_describe(child)} from {inline.content!r}",
                    node,
                )
        return "".join(" " if child.type == "softbreak" else child.content for child in inline.children)

    def inlines(self, inline: SyntaxTreeNode) -> list[nodes.Inline]:
        return [self.inline(child) for child in inline.children]

    def inline(self, node: SyntaxTreeNode) -> nodes.Inline:
        match node.type:
            case "text":
                return nodes.Text(node.content)
            case "softbreak":
                return nodes.Text(" ")
            case "hardbreak":
                return nodes.LineBreak()
            case "em":
                return nodes.Emphasis([self.inline(child) for child in node.children])
            case "strong":
                return nodes.Strong([self.inline(child) for child in node.children])
            case "code_inline":
                return nodes.Code(node.content)
            case "link":
                title = node.attrs.get("title")
                return nodes.Link(
                    str(node.attrs["href"]),
                    [self.inline(child) for child in node.children],
                    title=str(title) if title else None,
                )
            case "image":
                raise self.error("images are not supported in guides", node)
            case other:
                raise self.error(f"unsupported Markdown construct: {other}", node)


def _describe(node: SyntaxTreeNode) -> str:
    return {"em": "emphasis", "strong": "bold", "code_inline": "code", "link": "link",
            "image": "image", "hardbreak": "line break"}.get(node.type, node.type)  # fmt: skip


def _check_nesting(tokens: Sequence[object], builder: _Builder) -> None:
    """Refuse nesting past the model's limits before markdown-it's (recursive) syntax tree is built."""
    for token in tokens:
        line_map = getattr(token, "map", None)
        line = line_map[0] + 1 + builder.line_offset if line_map else None
        if getattr(token, "level", 0) >= _MARKDOWN_IT_MAX_NESTING - 1:
            raise SourceError(
                f"content is nested too deeply to read (over {MAX_DEPTH} levels)",
                path=builder.path,
                line=line,
            )
        # Emphasis tokens keep the level of the text they were made from, so count opens and closes.
        depth = 0
        for child in getattr(token, "children", None) or ():
            depth += child.nesting
            if depth > nodes.MAX_INLINE_DEPTH:
                raise SourceError(
                    f"emphasis, strong text and links are nested more than {nodes.MAX_INLINE_DEPTH} deep;"
                    " simplify the text",
                    path=builder.path,
                    line=line,
                )


def _check_references(env: dict[str, object], tokens: Sequence[object], builder: _Builder) -> None:
    references = env.get("references")
    if not isinstance(references, dict) or not references:
        return
    used = {str(href) for href in _link_targets(tokens)}
    for label, definition in references.items():
        if definition["href"] not in used:
            raise SourceError(
                f"the link reference definition [{label.lower()}] is never used;"
                " use it in a link or remove it",
                path=builder.path,
                line=definition["map"][0] + 1 + builder.line_offset,
            )


def _link_targets(tokens: Sequence[object]) -> Iterator[object]:
    for token in tokens:
        if getattr(token, "type", None) == "link_open":
            yield token.attrGet("href")  # type: ignore[attr-defined]
        yield from _link_targets(getattr(token, "children", None) or ())


def _split_sections(
    body: list[SyntaxTreeNode], builder: _Builder, faq_headings: frozenset[str]
) -> tuple[list[SyntaxTreeNode], list[tuple[SyntaxTreeNode, list[SyntaxTreeNode]]], SyntaxTreeNode | None]:
    """Split the top-level nodes into the intro, the H2 sections, and where the FAQ starts."""
    intro: list[SyntaxTreeNode] = []
    sections: list[tuple[SyntaxTreeNode, list[SyntaxTreeNode]]] = []
    faq: SyntaxTreeNode | None = None
    for node in body:
        if node.type == "heading" and node.tag == "h1":
            raise builder.error(
                "the body must not have a level-1 heading: the title comes from the front matter;"
                " use '## ' for a section",
                node,
            )
        if node.type == "heading" and node.tag == "h2":
            if faq is not None:
                raise builder.error(
                    f"the FAQ must be the last section: move this section above line {builder.line(faq)}",
                    node,
                )
            heading = builder.heading_text(node)
            if _normalize(heading) in faq_headings:
                faq = node
            sections.append((node, []))
        elif sections:
            sections[-1][1].append(node)
        else:
            intro.append(node)
    return intro, sections, faq


def _normalize(heading: str) -> str:
    return " ".join(heading.casefold().split())


def _faq_items(
    heading: SyntaxTreeNode, content: list[SyntaxTreeNode], builder: _Builder
) -> list[model.FAQItem]:
    questions: list[tuple[SyntaxTreeNode, list[SyntaxTreeNode]]] = []
    for node in content:
        if node.type == "heading" and node.tag == "h3":
            questions.append((node, []))
        elif node.type == "heading":
            raise builder.error(
                f"in the FAQ each question is a level-3 heading ('### ...'); answers cannot have"
                f" {node.tag.upper()} sub-headings",
                node,
            )
        elif not questions:
            raise builder.error(
                "text between the FAQ heading and its first question: start each question with '### '", node
            )
        else:
            questions[-1][1].append(node)
    if not questions:
        raise builder.error("the FAQ has no questions: add '### Question' headings with answers", heading)
    items = []
    for question_node, answer in questions:
        question = builder.heading_text(question_node)
        line = builder.line(question_node)
        if not answer:
            raise SourceError(f"the question {question!r} has no answer", path=builder.path, line=line)
        try:
            items.append(
                model.FAQItem(make_slug(question, "question"), question, builder.blocks(answer), line=line)
            )
        except GuideValueError as error:
            raise SourceError(error.message, path=builder.path, line=error.line or line) from None
    return items


def _front_matter_fields(front: FrontMatter, slug_hint: str | None) -> dict[str, object]:
    fields: dict[str, object] = {}
    missing = [key for key in ("title", "summary", "condition") if key not in front.fields]
    if missing:
        raise front.error(f"the front matter is missing the required key {missing[0]!r}", 1)
    for key, value in front.fields.items():
        match key:
            case "condition":
                fields[key] = _condition(front, value)
            case "authors" | "reviewed_by":
                fields[key] = [_person(front, item, key) for item in front.items(value, key)]
            case "health_aspects":
                fields[key] = value
            case "published" | "modified" | "last_reviewed":
                fields[key] = front.date(value, key)
            case "translations":
                fields[key] = _translations(front, value)
            case _:
                fields[key] = front.text(value, key)
    if "slug" not in fields:
        try:
            fields["slug"] = make_slug(slug_hint or str(fields["title"]), "slug")
        except GuideValueError as error:
            raise front.error(f"{error.message}; add a 'slug' key to the front matter", 1) from None
    return fields


def _condition(front: FrontMatter, value: Value) -> model.Condition:
    if isinstance(value.data, str):
        return _build(front, value.line, model.Condition, value.data)
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
        return _build(front, value.line, model.Person, value.data)
    entries = front.mapping(value, key.replace("_", " "), _PERSON_KEYS)
    if "name" not in entries:
        raise front.error(f"each of {key} needs a 'name'", value.line)
    options = {k: front.text(v, k) for k, v in entries.items() if k != "name"}
    return _build(front, value.line, model.Person, front.text(entries["name"], "name"), **options)


def _build(front: FrontMatter, line: int, factory: Callable[..., _T], *args: object, **kwargs: object) -> _T:
    try:
        return factory(*args, **kwargs)
    except GuideValueError as error:
        raise front.error(error.message, line) from None


def _with_aspects(front: FrontMatter, sections: list[model.Section], value: object) -> list[model.Section]:
    """Apply the front matter's ``health_aspects`` (section id -> aspect) to `sections`."""
    if value is None:
        return sections
    assert isinstance(value, Value)
    ids = [section.id for section in sections]
    entries = front.mapping(value, "health_aspects", tuple(ids))
    by_id: dict[str, model.Section] = {}
    for section_id, aspect in entries.items():
        by_id[section_id] = _build(
            front, aspect.line, attrs.evolve, sections[ids.index(section_id)],
            health_aspect=front.text(aspect, f"the health aspect of {section_id!r}"),
        )  # fmt: skip
    return [by_id.get(section.id, section) for section in sections]


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


def _check_limits(body: str, builder: _Builder, max_blocks: int) -> None:
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


def read_markdown(
    text: str, *, path: str | os.PathLike[str] | None = None, max_blocks: int = DEFAULT_MAX_BLOCKS
) -> model.ConditionGuide:
    """Read a guide from Markdown source `text` (already decoded).

    Args:
        text: The source, front matter first.
        path: Where it came from: named in errors, and its stem is the default slug.
        max_blocks: A body with more blocks than this is refused before parsing.

    Raises:
        SourceError: ``path:line: message`` for anything that is not a valid guide.
    """
    from markdown_it.tree import SyntaxTreeNode

    path_str = os.fspath(path) if path is not None else None
    front, body, offset = split_front_matter(text, path=path_str, known=FRONT_MATTER_KEYS)
    fields = _front_matter_fields(front, Path(path_str).stem if path_str else None)
    builder = _Builder(path_str, offset)
    _check_limits(body, builder, max_blocks)
    env: dict[str, object] = {}
    tokens = _parser().parse(body, env)
    _check_nesting(tokens, builder)
    _check_references(env, tokens, builder)
    tree = SyntaxTreeNode(tokens)
    faq_headings = FAQ_HEADINGS | (
        {_normalize(str(fields["faq_heading"]))} if "faq_heading" in fields else set()
    )
    intro, sections, faq = _split_sections(list(tree.children), builder, faq_headings)
    fields["intro"] = builder.blocks(intro)
    built_sections = []
    for heading, content in sections:
        if heading is faq:
            fields["faq_heading"] = builder.heading_text(heading)
            fields["faqs"] = _faq_items(heading, content, builder)
            continue
        title = builder.heading_text(heading)
        if not content:
            raise builder.error(f"the section {title!r} has no content", heading)
        try:
            built_sections.append(
                model.Section(
                    make_slug(title, "section"), title, builder.blocks(content), line=builder.line(heading)
                )
            )
        except GuideValueError as error:
            raise SourceError(
                error.message, path=path_str, line=error.line or builder.line(heading)
            ) from None
    fields["sections"] = _with_aspects(front, built_sections, fields.pop("health_aspects", None))
    try:
        return model.ConditionGuide(**fields)  # type: ignore[arg-type]
    except GuideValueError as error:
        value = front.fields.get(error.field or "")
        line = error.line or (value.line if value else 1)
        raise SourceError(error.message, path=path_str, line=line) from None
