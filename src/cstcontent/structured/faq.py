"""The FAQ rules every consumer applies, and whether the FAQ markup matches what the page shows.

Errors: more than one ``FAQPage``; an FAQPage without questions; a
``mainEntity`` that is not a ``Question``; a question without a non-empty
``name``, or without exactly one ``acceptedAnswer``; an answer without
non-empty ``text``. Warnings: answer HTML outside the tags Google keeps, and,
on an HTML page, a question or answer the page does not show.
"""

from __future__ import annotations

from typing import Any

from .documents import Graph, Node
from .extract import html_text, squash
from .problems import JsonPath, Report, format_path

__all__ = ["ANSWER_TAGS", "GOOGLE_FAQ_NOTE", "check_faq"]

#: Said once when a file has an FAQPage, so that nobody mistakes valid markup for a Google feature.
GOOGLE_FAQ_NOTE = (
    "FAQ rich results no longer appear in Google Search (since 7 May 2026); FAQPage remains valid"
    " schema.org that other consumers read, so these checks still apply"
)

#: The HTML elements Google keeps in an answer's text; it drops the others.
ANSWER_TAGS = frozenset({"p", "ul", "ol", "li", "a", "strong", "em", "b", "i", "br", "div"}) | {
    f"h{level}" for level in range(1, 7)
}
_TAG_LIST = "p, ul, ol, li, a, strong, em, b, i, br, h1-h6 and div"


def check_faq(graph: Graph, report: Report, page_text: str | None = None) -> None:
    """Check every ``FAQPage`` of `graph`; `page_text` is the visible text when the source is a page."""
    pages: dict[str | int, Node] = {}
    for node in graph.nodes:
        if not node.is_reference and "FAQPage" in graph.types(node):
            pages.setdefault(node.id or id(node), node)
    found = list(pages.values())
    if found:
        report.notes.add(GOOGLE_FAQ_NOTE)
    for extra in found[1:]:
        report.error(
            extra.path, f"a second FAQPage (the first is at {format_path(found[0].path)}); a page has one"
        )
    shown = squash(page_text) if page_text is not None else None
    for page in pages.values():
        questions = page.values("mainEntity")
        if not questions:
            report.error(page.path, "the FAQPage has no mainEntity: list its Questions there")
        for path, value in questions:
            question = _node(graph, value)
            if question is None or "Question" not in graph.types(question):
                report.error(
                    path, f"an FAQPage's mainEntity must be a Question, not {_kind(graph, question, value)}"
                )
            else:
                _check_question(question, graph, report, shown)


def _node(graph: Graph, value: Any) -> Node | None:
    node = graph.node(value) if isinstance(value, dict) else None
    return graph.resolve(node) if node is not None else None


def _kind(graph: Graph, node: Node | None, value: Any) -> str:
    if node is None:
        return "a string" if isinstance(value, str) else f"the value {value!r}"
    types = sorted(graph.types(node))
    return f"a {' and '.join(types)}" if types else "a node without @type"


def _single(node: Node, name: str, what: str, report: Report) -> tuple[JsonPath, Any] | None:
    """The one value of `name` on `node`, or None after reporting that there is none or several."""
    values = node.values(name)
    if len(values) == 1:
        return values[0]
    if values:
        report.error(node.path, f"{what} has {len(values)} {name} values; it needs exactly one")
    else:
        report.error(node.path, f"{what} has no {name}")
    return None


def _check_question(question: Node, graph: Graph, report: Report, shown: str | None) -> None:
    name = _single(question, "name", "the Question", report)
    if name is not None:
        path, value = name
        if not isinstance(value, str) or not value.strip():
            report.error(
                path, "the Question's name is empty" if isinstance(value, str) else "name must be text"
            )
        elif shown is not None and squash(value) not in shown:
            report.warning(
                path, f"the question {value!r} is not shown on the page; markup must match what is shown"
            )
    accepted = _single(question, "acceptedAnswer", "the Question", report)
    if accepted is None:
        return
    path, value = accepted
    answer = _node(graph, value)
    if answer is None:
        report.error(path, f"acceptedAnswer must be an Answer with text, not {_kind(graph, None, value)}")
        return
    text = _single(answer, "text", "the Answer", report)
    if text is None:
        return
    path, value = text
    if not isinstance(value, str):
        report.error(path, "the answer's text must be a string")
        return
    words, tags = html_text(value)
    if not words.strip():
        report.error(path, "the answer's text is empty")
        return
    if tags - ANSWER_TAGS:
        unusual = ", ".join(f"<{tag}>" for tag in sorted(tags - ANSWER_TAGS))
        report.warning(path, f"the answer uses {unusual}; Google keeps only {_TAG_LIST} and drops the rest")
    if shown is not None and squash(words) not in shown:
        report.warning(path, "the answer is not shown on the page; markup must match what is shown")
