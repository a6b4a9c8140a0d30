"""``{% load cstcontent %}``: ``{% cst_guide guide %}`` and ``{% cst_jsonld guide %}``.

``cst_guide`` takes the html exporter's fragment options as keywords, e.g.
``{% cst_guide guide isolation="scoped" heading_level=3 %}``; by default the
fragment has a shadow root, its title is an ``<h2>`` (the site keeps its own
``<h1>``) and it leaves the JSON-LD to ``cst_jsonld`` (put that in ``<head>``).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from .... import export
from ....exporters.html import jsonld_script
from ....model import ConditionGuide
from .._guides import request_nonce, site_settings

register = template.Library()


def _guide(value: object) -> ConditionGuide:
    if not isinstance(value, ConditionGuide):
        raise template.TemplateSyntaxError(
            f"cst_guide and cst_jsonld need a ConditionGuide, not {type(value).__name__}"
        )
    return value


@register.simple_tag(takes_context=True)
def cst_guide(context: Any, guide: object, **options: Any) -> SafeString:
    """The guide as an embeddable fragment, with the request's CSP nonce."""
    # Django passes a template's string literals as SafeString; the exporter takes plain str only.
    plain = {name: str.__str__(value) if isinstance(value, str) else value for name, value in options.items()}
    options = {"heading_level": 2, "include_jsonld": False, **plain, "standalone": False}
    html = export(_guide(guide), "html", nonce=request_nonce(context), site=site_settings(), **options)
    # The html exporter escapes every text of the guide itself; its output is HTML by construction.
    return mark_safe(html)  # noqa: S308


@register.simple_tag(takes_context=True)
def cst_jsonld(context: Any, guide: object) -> SafeString:
    """The guide's schema.org graph in a ``<script type="application/ld+json">``, with the CSP nonce."""
    script = jsonld_script(_guide(guide), site=site_settings(), nonce=request_nonce(context))
    # jsonld_script escapes '<', '>' and '&' in the JSON and checks the nonce's characters.
    return mark_safe(script)  # noqa: S308
