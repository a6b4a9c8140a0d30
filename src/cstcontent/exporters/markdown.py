"""The ``markdown`` format: a guide's canonical source, CommonMark with YAML front matter.

The output reads back to the same guide (``cstcontent.loads(out) == guide``)
and is already in mdformat's style (``mdformat --number`` with the ``gfm`` and
``footnote`` plugins), so formatting a canonical file changes nothing. Only what
the reader would take for syntax is escaped (see `_markdown_escape`).

The canonical form of each construct (`cstcontent.markdown_syntax` holds what the
reader and this writer share):

- a callout is a block quote whose first line is its marker and title
  (``> [!URGENT] Ask for an urgent GP appointment if:``), then a ``>`` line,
  then its blocks;
- a citation is ``[^label]``; the references follow the FAQ, in citation
  order, each a footnote definition ``[^label]: text`` (later blocks indented);
- a table is a GFM pipe table padded to its columns, with ``:`` marking
  alignment, and its caption a paragraph ``Table: caption`` right after it;
- an image is a paragraph of its own, ``![alt](url "caption")``;
- a section or question id is written (``## Heading {#id}``) only where it is
  not the one the reader derives from the heading;
- the review cycle and therapy are front matter (``next_review``, ``therapy``).

Editor notes (HTML comments) are not part of the model: the reader drops them,
so they never reach this output.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, ClassVar, assert_never

import attrs
import yaml

from .. import nodes
from .._messages import shown
from ..errors import ExportError, GuideValueError
from ..markdown_syntax import CAPTION_PREFIX, EXPLICIT_ID, FAQ_HEADINGS, ID_LIKE, callout_marker
from ..model import DEFAULT_FAQ_HEADING, DEFAULT_KICKER, ConditionGuide, Person, Reference, Therapy
from ..slugs import make_slug
from . import _markdown_escape as esc
from .base import Exporter

__all__ = ["MarkdownExporter"]

# A line of more than this many digits is not an ordered-list marker.
_MAX_LIST_NUMBER = 999_999_999
# A citation at the start of a line followed by ":" would be read as a reference's definition.
_DEFINITION_LIKE = re.compile(r"^(\[\^[^\]\s]+\]):", re.MULTILINE)


@attrs.frozen(kw_only=True)
class MarkdownExporter(Exporter):
    """Writes a guide as Markdown with YAML front matter: the source format.

    Attributes:
        front_matter: Write the metadata as YAML front matter, so that the output
            reads back as the same guide. With False the output is plain Markdown
            for other tools: the title as a level-1 heading and the summary as
            the first paragraph (it cannot be read back as a guide).
    """

    name: ClassVar[str] = "markdown"
    media_type: ClassVar[str] = "text/markdown"
    extension: ClassVar[str] = ".md"

    front_matter: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))

    def export(self, guide: ConditionGuide) -> str:
        """Return `guide` as Markdown.

        Raises:
            ExportError: The guide holds something CommonMark cannot say, such as
                a line break at the end of a paragraph or a section heading the
                reader would take for the FAQ.
        """
        if self.front_matter:
            faq_heading_key = _needs_faq_heading_key(guide)
            _check_faq_heading(guide, faq_heading_key)
            head = [_front_matter(guide, faq_heading_key)]
        else:
            head = ["# " + esc.escape_heading(guide.title), _paragraph((nodes.Text(guide.summary),))]
        body = [*_blocks(guide.intro)]
        for section in guide.sections:
            heading = esc.escape_heading(section.heading) + _id_suffix("section", section.id, section.heading)
            body += ["## " + heading, *_blocks(section.blocks)]
        if guide.faqs:
            body.append("## " + _plain_heading(guide.faq_heading, "the FAQ heading"))
            for item in guide.faqs:
                question = esc.escape_heading(item.question) + _id_suffix("question", item.id, item.question)
                body += ["### " + question, *_blocks(item.answer)]
        body += [_definition(reference) for reference in guide.references]
        return "\n\n".join([*head, *body]) + "\n"


# --- front matter -------------------------------------------------------------------------------


# Plain scalars that YAML 1.2 readers (ruamel.yaml, so mdformat-frontmatter; Hugo) take for
# something other than text although PyYAML, a YAML 1.1 reader, would write them unquoted.
_YAML12_NOT_TEXT = re.compile(
    r"""
    true|True|TRUE|false|False|FALSE|~|null|Null|NULL|<<|=
    |[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
    |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+
    |[0-9]{4}-[0-9]{2}-[0-9]{2}
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?
    """,
    re.VERBOSE,
)


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, indenting sequences inside mappings as mdformat-frontmatter does."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    """Quote a string that a YAML 1.2 reader would take for a number, boolean, null or date."""
    if _YAML12_NOT_TEXT.fullmatch(data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="'")
    return dumper.represent_str(data)


_Dumper.add_representer(str, _represent_str)


def _normalize_heading(text: str) -> str:
    return " ".join(text.casefold().split())


def _needs_faq_heading_key(guide: ConditionGuide) -> bool:
    """Whether the FAQ heading must be named in the front matter for the reader to find it."""
    if guide.faqs:
        return _normalize_heading(guide.faq_heading) not in FAQ_HEADINGS
    return guide.faq_heading != DEFAULT_FAQ_HEADING


def _check_faq_heading(guide: ConditionGuide, faq_heading_key: bool) -> None:
    """Raise `ExportError` for a section heading the reader would take for the FAQ's."""
    faq_names = set(FAQ_HEADINGS)
    if faq_heading_key:
        faq_names.add(_normalize_heading(guide.faq_heading))
    for section in guide.sections:
        if _normalize_heading(section.heading) in faq_names:
            raise ExportError(
                f"the section heading {shown(section.heading)} would be read back as the FAQ heading;"
                " rename the section"
            )


def _id_suffix(kind: str, item_id: str, heading: str) -> str:
    """`` {#id}`` where the reader would not derive `item_id` from `heading`, else nothing.

    A heading that itself ends like an id always gets one, so that its own text is kept.
    """
    if not ID_LIKE.search(heading):
        try:
            if make_slug(heading, kind) == item_id:
                return ""
        except GuideValueError:
            pass  # no id can be derived from this heading: write it
    if heading[-1] in esc.EDGE_WHITESPACE:
        raise ExportError(
            f"the {kind} {shown(heading)} ends with a space, which the reader drops"
            f" before its id {{#{item_id}}};"
            " remove the space"
        )
    if not EXPLICIT_ID.fullmatch(f" {{#{item_id}}}"):
        raise ExportError(
            f"the {kind} {shown(heading)} has the id {shown(item_id)}, which Markdown cannot write"
        )
    return f" {{#{item_id}}}"


def _plain_heading(text: str, what: str) -> str:
    """A heading that can carry no id (a sub-heading, the FAQ's)."""
    if ID_LIKE.search(text):
        raise ExportError(
            f"{what} {shown(text)} ends like an id ({{#...}}), which the reader would take for one;"
            " reword its end"
        )
    return esc.escape_heading(text)


def _person(person: Person) -> str | dict[str, str]:
    if person.url is None and person.job_title is None:
        return person.name
    data = {"name": person.name}
    if person.url is not None:
        data["url"] = person.url
    if person.job_title is not None:
        data["job_title"] = person.job_title
    return data


def _therapy(therapy: Therapy) -> str | dict[str, Any]:
    if therapy.url is None and not therapy.possible_treatment:
        return therapy.name
    data: dict[str, Any] = {"name": therapy.name}
    if therapy.url is not None:
        data["url"] = therapy.url
    if therapy.possible_treatment:
        data["possible_treatment"] = True
    return data


def _front_matter(guide: ConditionGuide, faq_heading_key: bool) -> str:
    data: dict[str, Any] = {"title": guide.title, "slug": guide.slug}
    if guide.kicker != DEFAULT_KICKER:
        data["kicker"] = guide.kicker
    data["summary"] = guide.summary
    if guide.description is not None:
        data["description"] = guide.description
    condition = guide.condition
    if condition.alternate_names:
        data["condition"] = {"name": condition.name, "alternate_names": list(condition.alternate_names)}
    else:
        data["condition"] = condition.name
    if guide.language != "en":
        data["language"] = guide.language
    for key in ("url", "published", "modified", "last_reviewed", "next_review"):
        value = getattr(guide, key)
        if value is not None:
            data[key] = value
    for key in ("authors", "reviewed_by"):
        people = getattr(guide, key)
        if people:
            data[key] = [_person(person) for person in people]
    if faq_heading_key:
        data["faq_heading"] = guide.faq_heading
    if guide.translations:
        data["translations"] = {t.language: t.url for t in guide.translations}
    if guide.translation_key is not None:
        data["translation_key"] = guide.translation_key
    aspects = {section.id: section.health_aspect for section in guide.sections if section.health_aspect}
    if aspects:
        data["health_aspects"] = aspects
    if guide.therapy is not None:
        data["therapy"] = _therapy(guide.therapy)
    text = _plain_yaml(data)
    if text is None:
        text = yaml.dump(
            data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=2**30
        )
    return f"---\n{text}---"


# Strings PyYAML writes unquoted whatever it checks: an ASCII letter first, then printable
# characters (no '#', tab or line break), no indicator that needs quoting (': ', a
# trailing ':' or space), and not a YAML 1.1 boolean or null.
_SURELY_PLAIN = re.compile("[A-Za-z][\x20-\x22\x24-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
_YAML11_WORDS = frozenset({
    "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL",
})  # fmt: skip


def _plain_scalar(value: object) -> str | None:
    """`value` as PyYAML's dumper writes it, where that is surely plain; else None."""
    if isinstance(value, str):
        if (
            _SURELY_PLAIN.fullmatch(value) is None
            or value[-1] in " :"
            or ": " in value
            or value in _YAML11_WORDS
            or _YAML12_NOT_TEXT.fullmatch(value)
        ):
            return None
        return value
    if value is True:
        return "true"
    if type(value) is datetime.date:
        return value.isoformat()
    return None


def _plain_yaml(data: dict[str, Any]) -> str | None:
    """The front matter `yaml.dump` with `_Dumper` writes, built directly; None where unsure.

    Covers what a typical guide has (plain strings, dates, lists of them or of small
    mappings) and gives up on anything else, which PyYAML then writes.
    """
    lines: list[str] = []
    return "".join(lines) if _plain_mapping(data, "", lines) else None


def _plain_mapping(data: dict[str, Any], indent: str, lines: list[str], first: str | None = None) -> bool:
    for key, value in data.items():
        name = _plain_scalar(key)
        if name is None:
            return False
        head = first if first is not None else indent
        first = None
        if isinstance(value, dict):
            lines.append(f"{head}{name}:\n")
            if not value or not _plain_mapping(value, indent + "  ", lines):
                return False
        elif isinstance(value, list):
            lines.append(f"{head}{name}:\n")
            if not value:
                return False
            for item in value:
                if isinstance(item, dict):
                    if not item or not _plain_mapping(item, indent + "    ", lines, indent + "  - "):
                        return False
                    continue
                scalar = _plain_scalar(item)
                if scalar is None:
                    return False
                lines.append(f"{indent}  - {scalar}\n")
        else:
            scalar = _plain_scalar(value)
            if scalar is None:
                return False
            lines.append(f"{head}{name}: {scalar}\n")
    return True


# --- blocks -------------------------------------------------------------------------------------


def _blocks(blocks: Sequence[nodes.Block]) -> Iterator[str]:
    """Render sibling blocks; consecutive lists of one kind alternate their markers, as mdformat does.

    Two bullet lists in a row with the same marker would be read as one list.
    """
    run = 0
    for index, block in enumerate(blocks):
        same_kind = index > 0 and type(blocks[index - 1]) is type(block)
        run = run + 1 if same_kind and isinstance(block, nodes.BulletList | nodes.OrderedList) else 0
        yield _block(block, alternate=run % 2 == 1)


def _block(block: nodes.Block, *, alternate: bool = False) -> str:
    match block:
        case nodes.Paragraph():
            return _paragraph(block.content, line=block.line)
        case nodes.Heading():
            return "#" * block.level + " " + _plain_heading(block.text, "the sub-heading")
        case nodes.BulletList():
            return _list(block.items, ["*" if alternate else "-"] * len(block.items))
        case nodes.OrderedList():
            return _list(block.items, _numbers(block, ")" if alternate else "."))
        case nodes.BlockQuote():
            return _quoted(esc.escape_quote_start("\n\n".join(_blocks(block.blocks))))
        case nodes.Callout():
            first = callout_marker(block.kind)
            if block.title is not None:
                first += " " + _single_line_text(block.title, "the callout title", stripped=True)
            return _quoted("\n\n".join([first, *_blocks(block.blocks)]))
        case nodes.Table():
            return _table(block)
        case nodes.Image():
            return _image(block)
        case _:
            assert_never(block)


def _quoted(inner: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))


def _single_line_text(text: str, what: str, *, stripped: bool = False, squashed: bool = False) -> str:
    """Escape text the reader reads as plain text; `stripped`/`squashed`: it trims / collapses spaces."""
    if (stripped and text != text.strip()) or (squashed and text != " ".join(text.split())):
        kind = "runs of spaces" if squashed else "spaces at its ends"
        raise ExportError(
            f"{what} {shown(text)} has {kind}, which the Markdown reader does not keep; remove them"
        )
    return esc.escape_text(text, inline=False)


def _definition(reference: Reference) -> str:
    """A footnote definition as mdformat-footnote writes it: later lines indented by four spaces."""
    blocks = list(_blocks(reference.blocks))
    lines = [f"[^{reference.label}]:"]
    if isinstance(reference.blocks[0], nodes.Paragraph):
        lines = f"[^{reference.label}]: {blocks.pop(0)}".split("\n")
        if blocks:
            lines.append("")  # a blank line after the first paragraph
    if blocks:
        lines += "\n\n".join(blocks).split("\n")
    return "\n".join([lines[0], *("    " + line if line else "" for line in lines[1:])])


def _image(image: nodes.Image) -> str:
    alt = _single_line_text(image.alt, "the alt text", squashed=True)
    title = f" {esc.link_title(image.caption)}" if image.caption else ""
    return f"![{alt}]({esc.link_destination(image.url)}{title})"


def _table(table: nodes.Table) -> str:
    """A pipe table padded as mdformat-gfm pads it, then its ``Table:`` caption."""
    from wcwidth import wcswidth

    rows = [[_cell(cell) for cell in row] for row in (table.header, *table.rows)]
    widths = [max(3, *(wcswidth(row[column]) for row in rows)) for column in range(len(table.header))]

    def pad(text: str, width: int, alignment: str | None) -> str:
        space = max(0, width - wcswidth(text))
        left = space if alignment == "right" else space // 2 if alignment == "center" else 0
        return " " * left + text + " " * (space - left)

    def line(cells: Iterable[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    delimiters = [
        (":" if alignment in ("left", "center") else "-")
        + "-" * (width - 2)
        + (":" if alignment in ("right", "center") else "-")
        for width, alignment in zip(widths, table.alignments, strict=True)
    ]
    lines = [line(map(pad, row, widths, table.alignments)) for row in rows]
    lines.insert(1, line(delimiters))
    if table.caption is not None:
        caption = _single_line_text(table.caption, "the table caption", stripped=True)
        lines += ["", f"{CAPTION_PREFIX} {caption}"]
    return "\n".join(lines)


def _cell(content: Sequence[nodes.Inline]) -> str:
    """A cell's inlines with every ``|`` escaped (GFM splits the row on them before anything else)."""
    if not content:
        return ""
    return _inline_markdown(content).replace("|", "\\|")


def _numbers(block: nodes.OrderedList, delimiter: str) -> list[str]:
    """Markers as ``mdformat --number`` writes them: consecutive, zero-padded to the last's width."""
    last = min(block.start + len(block.items) - 1, _MAX_LIST_NUMBER)
    width = len(str(last))
    return [
        f"{min(block.start + index, _MAX_LIST_NUMBER):0{width}d}{delimiter}"
        for index in range(len(block.items))
    ]


def _list(items: Sequence[Sequence[nodes.Block]], markers: list[str]) -> str:
    tight = all(_can_be_tight(item) for item in items)
    indent = " " * (max(map(len, markers)) + 1)
    rendered = []
    for marker, item in zip(markers, items, strict=True):
        lines = ("\n" if tight else "\n\n").join(_blocks(item)).split("\n")
        rendered.append(
            "\n".join([f"{marker} {lines[0]}", *(indent + line if line else "" for line in lines[1:])])
        )
    return ("\n" if tight else "\n\n").join(rendered)


def _can_be_tight(item: Sequence[nodes.Block]) -> bool:
    """Whether the blocks of a list item can follow each other without a blank line.

    Only a block that can interrupt a paragraph may: a bullet list, an ordered
    list starting at 1, or a block quote (unless it follows a block quote, which
    it would join).
    """
    for before, after in itertools.pairwise(item):
        if isinstance(after, nodes.BulletList):
            continue
        if isinstance(after, nodes.OrderedList) and after.start == 1:
            continue
        if isinstance(after, nodes.BlockQuote | nodes.Callout) and not isinstance(
            before, nodes.BlockQuote | nodes.Callout
        ):
            continue
        return False
    return True


# --- inlines ------------------------------------------------------------------------------------


def _paragraph(content: Sequence[nodes.Inline], line: int | None = None) -> str:
    if _ends_with_line_break(content):
        where = f" (line {line})" if line is not None else ""
        raise ExportError(
            f"a paragraph{where} ends with a line break, which Markdown cannot express; remove the line break"
        )
    text = esc.escape_line_starts(_inline_markdown(content))
    text = esc.escape_paragraph_start(text, link_first=isinstance(content[0], nodes.Link))
    return _DEFINITION_LIKE.sub(r"\1\\:", text)


def _inline_markdown(content: Sequence[nodes.Inline]) -> str:
    """Inlines as Markdown on their own (a paragraph, a table cell), whitespace at their ends kept."""
    pieces = _inline_pieces(content)
    first, last = pieces[0], pieces[-1]
    # The parser trims a paragraph's ends; a character reference keeps them.
    if first.kind == "text" and first.value[0] in esc.EDGE_WHITESPACE:
        first.edge_first = True
    if last.kind == "text" and last.value[-1] in esc.EDGE_WHITESPACE:
        last.edge_last = True
    _plan_emphasis(pieces, start=esc.WHITESPACE)
    return "".join(piece.render() for piece in pieces)


def _ends_with_line_break(content: Sequence[nodes.Inline]) -> bool:
    last = content[-1]
    if isinstance(last, nodes.LineBreak):
        return True
    return isinstance(last, nodes.Emphasis | nodes.Strong) and _ends_with_line_break(last.children)


def _inline_pieces(content: Sequence[nodes.Inline]) -> list[esc.Piece]:
    pieces: list[esc.Piece] = []
    _flatten(content, pieces)
    for before, after in itertools.pairwise(pieces):
        if before.kind == "text" and after.kind == "markup" and after.value.startswith("["):
            before.before_link = True
        if (
            before.value.startswith("`")
            and after.value.startswith("`")
            and before.kind == after.kind == "markup"
        ):
            raise ExportError(
                f"two code spans side by side ({before.value} and {after.value}) would be read as one;"
                " join them into one code span"
            )
        # A line's leading spaces and tabs are skipped after a hard line break.
        if before.value == "\\\n" and after.kind == "text" and after.value[0] in " \t":
            after.encode_first = True
        # "[^label](" would be read as a link.
        if before.value.startswith("[^") and before.kind == "markup" and after.kind == "text":
            after.encode_first = after.encode_first or after.value[0] == "("
    return pieces


def _flatten(content: Sequence[nodes.Inline], pieces: list[esc.Piece]) -> None:
    for node in content:
        match node:
            case nodes.Text():
                pieces.append(esc.Piece("text", node.text))
            case nodes.Code():
                pieces.append(esc.Piece("markup", esc.code_span(node.text)))
            case nodes.LineBreak():
                pieces.append(esc.Piece("markup", "\\\n", first=esc.PUNCTUATION, last=esc.WHITESPACE))
            case nodes.Link():
                pieces.append(esc.Piece("markup", _link(node)))
            case nodes.FootnoteRef():
                pieces.append(esc.Piece("markup", f"[^{node.label}]"))
            case nodes.Emphasis() | nodes.Strong():
                if node.children and _ends_with_line_break(node.children):
                    raise ExportError(
                        "emphasis that ends with a line break cannot be written in Markdown;"
                        " move the line break after the emphasis"
                    )
                delimiter = esc.Delimiter(strong=isinstance(node, nodes.Strong))
                delimiter.opener = esc.Piece("open", delimiter=delimiter)
                delimiter.closer = esc.Piece("close", delimiter=delimiter)
                pieces.append(delimiter.opener)
                _flatten(node.children, pieces)
                pieces.append(delimiter.closer)
            case _:
                assert_never(node)


def _link(link: nodes.Link) -> str:
    pieces = _inline_pieces(link.children)
    _plan_emphasis(pieces, start=esc.PUNCTUATION)
    text = "".join(piece.render() for piece in pieces)
    title = f" {esc.link_title(link.title)}" if link.title else ""
    return f"[{text}]({esc.link_destination(link.url)}{title})"


def _plan_emphasis(pieces: list[esc.Piece], start: str) -> None:
    if not esc.plan_emphasis(pieces, start):
        text = "".join(piece.render() for piece in pieces)
        raise ExportError(
            f"cannot write this emphasis so that it reads back the same: {shown(text)};"
            " simplify the nesting of emphasis and strong text"
        )
