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

from typing import Any, ClassVar

import attrs

from .._json import dumps_indented
from .._memo import per_guide
from .._messages import shown
from ..model import ConditionGuide
from ..site import SiteSettings
from .base import Exporter

__all__ = ["JsonLdExporter", "dumps_for_script"]

# Each character that could end a <script> element or start a comment in it, and the two
# line separators old JavaScript parsers choke on, with its JSON escape.
_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                   ("\u2029", "\\u2029"))  # fmt: skip


def dumps_for_script(data: object) -> str:
    """Serialise `data` as JSON that is safe inside an HTML ``<script>`` element.

    The escaped characters can only occur inside JSON strings, where the
    ``\\uXXXX`` form means the same character, so the JSON value is unchanged.
    """
    text = dumps_indented(data)
    for character, escape in _SCRIPT_ESCAPES:
        if character in text:  # str.replace is fast C; str.translate with a dict is not
            text = text.replace(character, escape)
    return text


def _check_graph(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not bool:
        raise TypeError(f"the jsonld option graph must be True or False, not {shown(value)}")


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
        syndicated: With `graph`, describe a copy shown elsewhere (a partner's
            page, the iframe embed): its page node ``isBasedOn`` the canonical
            URL, with the site's ``license`` and the publisher as
            ``copyrightHolder`` (see `cstcontent.structured.syndication`).
    """

    name: ClassVar[str] = "jsonld"
    media_type: ClassVar[str] = "application/ld+json"
    extension: ClassVar[str] = ".jsonld"

    graph: bool = attrs.field(default=False, validator=_check_graph)
    site: SiteSettings | None = attrs.field(default=None, validator=_check_site)
    syndicated: bool = attrs.field(default=False, validator=_check_graph)

    @per_guide  # the page and both fragments of a guide embed its graph
    def export(self, guide: ConditionGuide) -> str:
        """Return the FAQPage (or, with `graph`, the graph) of `guide` as script-safe JSON-LD."""
        if self.site is not None:
            guide = self.site.place(guide)
        if self.graph:
            from ..structured.graph import build_graph

            nodes = build_graph(guide, self.site)
            if self.syndicated:
                from ..structured.syndication import syndicated_copy

                nodes = syndicated_copy(nodes, guide, self.site)
            return dumps_for_script({"@context": "https://schema.org", "@graph": nodes}) + "\n"
        from ..structured.faqpage import faq_page

        return dumps_for_script({"@context": "https://schema.org", **faq_page(guide)}) + "\n"
