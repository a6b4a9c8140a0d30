"""Reference lists and the citations that point at them.

A reference list is an ``<ol>``/``<ul>`` with a class such as ``references``
or ``footnotes`` (or ARIA's ``doc-endnotes``/``doc-bibliography`` role), or
the list that follows a heading named "References", "Sources" and the like.
Its items with an ``id`` become references; a link to ``#that-id`` anywhere
in the page becomes a citation of it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._chrome import class_tokens
from ._text import element_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["ReferenceList", "find_references", "is_reference_heading"]

_CLASSES = frozenset(
    {"references", "reference-list", "reflist", "footnotes", "footnote-list", "cst-references", "citations",
     "bibliography", "endnotes"}
)  # fmt: skip
_ROLES = frozenset({"doc-endnotes", "doc-bibliography"})
_HEADINGS = re.compile(r"(references|sources|bibliography|citations|footnotes|notes|sources and references)")
_NOT_LABEL = re.compile(r"[\s\[\]^]+")
_BACKLINK_TEXT = frozenset({"↩", "↩︎", "^", "↑", "⬆", "back", "return to text"})


class ReferenceList:
    """The reference lists of a page: each entry's element by its label, and the label of each id."""

    def __init__(self, lists: list[HtmlElement], prefix: str) -> None:
        self.lists = lists
        self.entries: dict[str, HtmlElement] = {}
        self.labels: dict[str, str] = {}
        for element in lists:
            for item in element.iterfind("li"):
                item_id = item.get("id")
                if not item_id:
                    continue
                written = item.get("data-cst-label") or item_id.removeprefix(prefix)
                label = _NOT_LABEL.sub("-", written).strip("-") or "ref"
                if label not in self.entries:
                    self.entries[label] = item
                    self.labels[item_id] = label

    def backlinks(self) -> list[HtmlElement]:
        """Links in the entries that lead back to the citations."""
        found = []
        for item in self.entries.values():
            for link in item.iter("a"):
                text = element_text(link).casefold()
                if (
                    (link.get("role") or "") == "doc-backlink"
                    or text in _BACKLINK_TEXT
                    or any("backlink" in token or "backref" in token for token in class_tokens(link))
                ):
                    found.append(link)
        return found


def is_reference_heading(text: str) -> bool:
    """Whether a heading reading `text` names a list of references."""
    return bool(_HEADINGS.fullmatch(" ".join(text.casefold().split())))


def _is_list(element: HtmlElement) -> bool:
    return element.tag in ("ol", "ul")


def find_references(root: HtmlElement, prefix: str) -> ReferenceList:
    """The reference lists in `root`."""
    lists: list[HtmlElement] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        parent = element.getparent()
        marked = bool(_CLASSES.intersection(class_tokens(element))) or (element.get("role") or "") in _ROLES
        if _is_list(element) and (
            marked or (parent is not None and (_CLASSES.intersection(class_tokens(parent)) or
                                               (parent.get("role") or "") in _ROLES))
        ):  # fmt: skip
            lists.append(element)
        elif element.tag in ("h2", "h3", "h4") and is_reference_heading(element_text(element)):
            following = element.getnext()
            while following is not None and not isinstance(following.tag, str):
                following = following.getnext()
            if following is not None and _is_list(following):
                lists.append(following)
    return ReferenceList(list(dict.fromkeys(lists)), prefix)
