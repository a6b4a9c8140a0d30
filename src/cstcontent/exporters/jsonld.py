"""The ``jsonld`` exporter: schema.org structured data for a guide.

By default it is the guide's ``FAQPage``; with ``graph=True`` it is one
``@graph`` of linked nodes (the ``MedicalWebPage`` with its sections, the
``FAQPage``, the condition, the therapy, breadcrumbs, website, publisher and
people: see `cstcontent.structured.graph`).

The output is safe to place inside ``<script type="application/ld+json">``
as is: ``<``, ``>`` and ``&`` are written as ``\\u003c``-style escapes (as
Django's ``json_script`` and Rails' ``json_escape`` do), so no string can close
the script element or open a comment, and U+2028/U+2029 are escaped for old
JavaScript parsers.
"""

from __future__ import annotations

import html
import json
from typing import Any, ClassVar, assert_never
from urllib.parse import urljoin

import attrs

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
from ..site import SiteSettings
from .base import Exporter

__all__ = ["JsonLdExporter", "answer_html", "dumps_for_script", "faq_page"]

_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})  # fmt: skip


def dumps_for_script(data: object) -> str:
    """Serialise `data` as JSON that is safe inside an HTML ``<script>`` element.

    The escaped characters can only occur inside JSON strings, where the
    ``\\uXXXX`` form means the same character, so the JSON value is unchanged.
    """
    return json.dumps(data, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES)


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


def _check_graph(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not bool:
        raise TypeError(f"the jsonld option graph must be True or False, not {value!r}")


def _check_site(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, SiteSettings):
        raise TypeError(
            f"the jsonld option site must be a cstcontent.site.SiteSettings, not {type(value).__name__}"
        )


@attrs.frozen(kw_only=True)
class JsonLdExporter(Exporter):
    """schema.org JSON-LD, ready to embed in ``<script type="application/ld+json">``.

    Attributes:
        graph: Emit the whole graph of the guide instead of its ``FAQPage``
            alone. A guide with no FAQ still has a graph (with no FAQPage);
            without `graph` it has nothing to emit and `export` raises
            `ExportError` rather than emit an empty FAQPage.
        site: The site's settings: a guide with no ``url`` gets its canonical
            URL from the site's base URL, and the graph gains the website,
            publisher and breadcrumbs.
    """

    name: ClassVar[str] = "jsonld"
    media_type: ClassVar[str] = "application/ld+json"
    extension: ClassVar[str] = ".jsonld"

    graph: bool = attrs.field(default=False, validator=_check_graph)
    site: SiteSettings | None = attrs.field(default=None, validator=_check_site)

    def export(self, guide: ConditionGuide) -> str:
        """Return the FAQPage (or, with `graph`, the graph) of `guide` as script-safe JSON-LD."""
        if self.site is not None:
            guide = self.site.place(guide)
        if self.graph:
            from ..structured.graph import build_graph

            return (
                dumps_for_script({"@context": "https://schema.org", "@graph": build_graph(guide, self.site)})
                + "\n"
            )
        return dumps_for_script({"@context": "https://schema.org", **faq_page(guide)}) + "\n"
