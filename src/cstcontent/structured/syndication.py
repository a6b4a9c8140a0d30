"""The graph of a syndicated copy: the page that shows the guide elsewhere, based on the canonical page.

A partner's page (or our iframe embed page) that shows a guide is not the
canonical page: its page node gets a relative ``@id`` (``#/schema/webpage``,
which a consumer resolves against the address of the page it is on) and no
``url``, and says where it comes from: ``isBasedOn`` the canonical URL, under
the site's ``license``, ``copyrightHolder`` the publisher.
"""

from __future__ import annotations

from typing import Any

from ..model import ConditionGuide
from ..site import SiteSettings

__all__ = ["COPY_ID", "syndicated_copy"]

COPY_ID = "#/schema/webpage"
Node = dict[str, Any]


def _retarget(value: Any, old: str) -> Any:
    """`value` with every reference ``{"@id": old}`` pointing at the copy instead."""
    if isinstance(value, dict):
        if value == {"@id": old}:
            return {"@id": COPY_ID}
        return {key: _retarget(item, old) for key, item in value.items()}
    if isinstance(value, list):
        return [_retarget(item, old) for item in value]
    return value


def syndicated_copy(nodes: list[Node], guide: ConditionGuide, site: SiteSettings | None) -> list[Node]:
    """Return the graph `nodes` (page node first, from `build_graph`) as the graph of a syndicated copy."""
    page = dict(nodes[0])
    old = page["@id"]
    page["@id"] = COPY_ID
    page.pop("url", None)
    if guide.url:
        page["isBasedOn"] = guide.url
    if site is not None and site.license:
        page["license"] = site.license
    organization = next((n for n in nodes if n.get("@type") == "Organization"), None)
    if organization is not None:
        page["copyrightHolder"] = {"@id": organization["@id"]}
    return [page, *(_retarget(node, old) for node in nodes[1:])]
