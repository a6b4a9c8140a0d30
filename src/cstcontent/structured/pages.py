"""Page-level consistency: dates in order on each node, and one description per page URL.

Warnings: a node whose ``dateCreated``, ``datePublished`` and ``dateModified``
are out of that order; two different page nodes (``WebPage`` or a subtype such
as ``MedicalWebPage`` or ``FAQPage``) that give the same ``url`` with different
types, which leaves a consumer to guess which describes the page.
"""

from __future__ import annotations

import datetime

from .documents import Graph, Node
from .problems import Report, format_path
from .vocabulary import Vocabulary

__all__ = ["check_pages"]

_DATE_ORDER = ("dateCreated", "datePublished", "dateModified")


def _date(value: object) -> datetime.date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _check_dates(node: Node, report: Report) -> None:
    seen: list[tuple[str, datetime.date]] = []
    for name in _DATE_ORDER:
        values = node.values(name)
        if len(values) != 1:
            continue
        path, value = values[0]
        date = _date(value)
        if date is None:
            continue
        for earlier_name, earlier in seen:
            if date < earlier:
                report.warning(
                    path, f"{name} ({date}) is before {earlier_name} ({earlier}); dates are out of order"
                )
        seen.append((name, date))


def check_pages(graph: Graph, vocabulary: Vocabulary, report: Report) -> None:
    """Report out-of-order dates and page nodes that claim the same URL with conflicting types."""
    by_url: dict[str, dict[object, Node]] = {}
    for node in graph.nodes:
        if node.is_reference:
            continue
        _check_dates(node, report)
        if not any(vocabulary.is_a(name, "WebPage") for name in graph.types(node)):
            continue
        for _, url in node.values("url"):
            if isinstance(url, str):
                by_url.setdefault(url, {}).setdefault(node.id or id(node), node)
    for url, nodes in by_url.items():
        first, *others = nodes.values()
        for other in others:
            mine, theirs = graph.types(first), graph.types(other)
            if mine != theirs:
                report.warning(
                    other.path,
                    f"this {' and '.join(sorted(theirs))} and the {' and '.join(sorted(mine))} at"
                    f" {format_path(first.path)} both claim the url {url!r} with different types;"
                    " describe the page once (one node, or one @id)",
                )
