"""The schema.org ``FAQPage`` of a guide, and its answers as the HTML Google keeps.

The ``jsonld`` exporter emits it alone; the graph (`cstcontent.structured.graph`)
links it to the page.

An answer says what the page shows, in the same order, so that a consumer
comparing the two finds it there: a citation is its number (``[1]``), a
callout starts with its label and title (``Urgent advice: ...``), a table is
its caption then one paragraph per row, and an image is its alt text then its
caption. Only p, ul, ol, li, a, strong, em and br are used.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any, assert_never
from urllib.parse import urljoin

import attrs

from ..errors import ExportError
from ..model import ConditionGuide
from ..nodes import (
    CALLOUT_LABELS,
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Code,
    Emphasis,
    FootnoteRef,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Strong,
    Table,
    Text,
)

__all__ = ["answer_html", "faq_page"]


def _text(text: str) -> str:
    return html.escape(text, quote=False)


@attrs.frozen
class _Answer:
    """Renders answer blocks; `base` resolves relative links, `citations` numbers references."""

    base: str | None
    citations: Mapping[str, int]

    def href(self, url: str) -> str:
        from mdurl import encode

        return str(encode(urljoin(self.base, url) if self.base else url))

    def inlines(self, inlines: Sequence[Inline]) -> str:
        return "".join(self.inline(node) for node in inlines)

    def inline(self, node: Inline) -> str:
        match node:
            case Text(text) | Code(text):
                return _text(text)
            case Emphasis(children):
                return f"<em>{self.inlines(children)}</em>"
            case Strong(children):
                return f"<strong>{self.inlines(children)}</strong>"
            case Link(url, children):
                return f'<a href="{html.escape(self.href(url))}">{self.inlines(children)}</a>'
            case LineBreak():
                return "<br>"
            case FootnoteRef(label):
                return f"[{self.citations[label]}]"
            case _:
                assert_never(node)

    def blocks(self, blocks: Sequence[Block]) -> str:
        return "".join(self.block(block) for block in blocks)

    def block(self, block: Block) -> str:
        match block:
            case Paragraph(content):
                return f"<p>{self.inlines(content)}</p>"
            case BulletList(items):
                return "<ul>" + "".join(f"<li>{self.blocks(item)}</li>" for item in items) + "</ul>"
            case OrderedList(items, start=start):
                attribute = f' start="{start}"' if start != 1 else ""
                return (
                    f"<ol{attribute}>" + "".join(f"<li>{self.blocks(item)}</li>" for item in items) + "</ol>"
                )
            case BlockQuote(blocks):
                # Google reads only p, ul, ol, li, a, strong, em and br: a quote keeps its text.
                return self.blocks(blocks)
            case Callout(kind, blocks, title=title):
                heading = f" {_text(title)}" if title else ""
                return f"<p><strong>{_text(CALLOUT_LABELS[kind])}:</strong>{heading}</p>{self.blocks(blocks)}"
            case Table():
                caption = f"<p>{_text(block.caption)}</p>" if block.caption else ""
                rows = (
                    "<p>" + "<br>".join(self.inlines(cell) for cell in row if cell) + "</p>"
                    for row in (block.header, *block.rows)
                    if any(row)
                )
                return caption + "".join(rows)
            case Image(alt=alt, caption=caption):
                return f"<p>{_text(alt)}</p>" + (f"<p>{_text(caption)}</p>" if caption else "")
            case Heading(text=text):  # the model keeps headings out of answers; kept for completeness
                return f"<p><strong>{_text(text)}</strong></p>"
            case _:
                assert_never(block)


def answer_html(
    blocks: Sequence[Block], base: str | None = None, citations: Mapping[str, int] | None = None
) -> str:
    """Render answer blocks as HTML using only p, ul, ol, li, a, strong, em and br.

    Relative links are resolved against `base` (the guide's canonical URL) when
    given; `citations` numbers the references cited (`ConditionGuide.reference_numbers`).
    """
    return _Answer(base, citations or {}).blocks(blocks)


def faq_page(guide: ConditionGuide) -> dict[str, Any]:
    """Return the schema.org ``FAQPage`` node of `guide` (without ``@context``)."""
    if not guide.faqs:
        raise ExportError(f"the guide {guide.slug!r} has no FAQ, so it has no FAQPage")
    page: dict[str, Any] = {"@type": "FAQPage"}
    if guide.url:
        page["@id"] = f"{guide.url}#faq"
        page["url"] = guide.url
    page["name"] = guide.title
    page["inLanguage"] = guide.language
    answers = _Answer(guide.url, guide.reference_numbers())
    page["mainEntity"] = [
        {
            "@type": "Question",
            **({"@id": f"{guide.url}#{item.id}"} if guide.url else {}),
            "name": item.question,
            "acceptedAnswer": {"@type": "Answer", "text": answers.blocks(item.answer)},
        }
        for item in guide.faqs
    ]
    return page
