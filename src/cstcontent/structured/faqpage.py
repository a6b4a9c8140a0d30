"""The schema.org ``FAQPage`` of a guide, and its answers as the HTML Google keeps.

The ``jsonld`` exporter emits it alone; the graph (`cstcontent.structured.graph`)
links it to the page.
"""

from __future__ import annotations

import html
from typing import Any, assert_never
from urllib.parse import urljoin

from ..errors import ExportError
from ..model import ConditionGuide
from ..nodes import (
    Block,
    BlockQuote,
    BulletList,
    Code,
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Strong,
    Text,
)

__all__ = ["answer_html", "faq_page"]


def _href(url: str, base: str | None) -> str:
    from mdurl import encode

    return str(encode(urljoin(base, url) if base else url))


def _inlines(inlines: tuple[Inline, ...], base: str | None) -> str:
    return "".join(_inline(node, base) for node in inlines)


def _inline(node: Inline, base: str | None) -> str:
    match node:
        case Text(text) | Code(text):
            return html.escape(text, quote=False)
        case Emphasis(children):
            return f"<em>{_inlines(children, base)}</em>"
        case Strong(children):
            return f"<strong>{_inlines(children, base)}</strong>"
        case Link(url, children):
            return f'<a href="{html.escape(_href(url, base))}">{_inlines(children, base)}</a>'
        case LineBreak():
            return "<br>"
        case _:
            assert_never(node)


def _blocks(blocks: tuple[Block, ...], base: str | None) -> str:
    return "".join(_block(block, base) for block in blocks)


def _block(block: Block, base: str | None) -> str:
    match block:
        case Paragraph(content):
            return f"<p>{_inlines(content, base)}</p>"
        case BulletList(items):
            return "<ul>" + "".join(f"<li>{_blocks(item, base)}</li>" for item in items) + "</ul>"
        case OrderedList(items, start=start):
            attribute = f' start="{start}"' if start != 1 else ""
            return f"<ol{attribute}>" + "".join(f"<li>{_blocks(item, base)}</li>" for item in items) + "</ol>"
        case BlockQuote(blocks):
            # Google reads only p, ul, ol, li, a, strong, em and br: a quote keeps its text.
            return _blocks(blocks, base)
        case Heading(text=text):  # the model keeps headings out of answers; kept for completeness
            return f"<p><strong>{html.escape(text, quote=False)}</strong></p>"
        case _:
            assert_never(block)


def answer_html(blocks: tuple[Block, ...], base: str | None = None) -> str:
    """Render answer blocks as HTML using only p, ul, ol, li, a, strong, em and br.

    Relative links are resolved against `base` (the guide's canonical URL) when given.
    """
    return _blocks(blocks, base)


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
    page["mainEntity"] = [
        {
            "@type": "Question",
            **({"@id": f"{guide.url}#{item.id}"} if guide.url else {}),
            "name": item.question,
            "acceptedAnswer": {"@type": "Answer", "text": answer_html(item.answer, guide.url)},
        }
        for item in guide.faqs
    ]
    return page
