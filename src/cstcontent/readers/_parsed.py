"""What the Markdown tree builder needs from a parser back-end.

The builder (`readers._blocks`) sees only `ParsedNode`s: a small tree with
markdown-it's node type names. The back-end (`readers._markdown_it`) parses
with markdown-it-py; another (e.g. markdown-it-pyrs) can sit behind the same
interface by returning nodes with these attributes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import attrs

__all__ = ["ParseResult", "ParsedNode"]


class ParsedNode(Protocol):
    """One node of the parsed tree.

    Block types: ``paragraph``, ``heading``, ``bullet_list``, ``ordered_list``,
    ``list_item``, ``blockquote``, ``table`` (``thead``/``tbody``/``tr``/``th``/``td``),
    ``html_block``, ``code_block``, ``fence``, ``hr``, ``footnote_reference``
    (a definition) and ``inline`` (a block's inline content). Inline types:
    ``text``, ``text_special`` (an escaped character or a character reference,
    meant as text), ``softbreak``, ``hardbreak``, ``em``, ``strong``, ``s``,
    ``code_inline``, ``link``, ``image``, ``html_inline``, ``footnote_ref``.
    """

    @property
    def type(self) -> str:
        """The node type, as listed above."""

    @property
    def children(self) -> Sequence[ParsedNode]:
        """The child nodes, in document order."""

    @property
    def map(self) -> Sequence[int] | None:
        """For a block: its first line and the line after its last (0-based, in the body)."""

    @property
    def attrs(self) -> Mapping[str, Any]:
        """Attributes of links, images, ordered lists and table cells.

        ``href``/``title`` of a link, ``src``/``title`` of an image, ``start``
        of an ordered list, ``style`` (``text-align:...``) of a table cell.
        """

    @property
    def meta(self) -> Mapping[str, Any]:
        """Extra data: ``label`` of a footnote reference or definition."""

    @property
    def content(self) -> str:
        """Raw text: of a ``text``, ``code_inline`` or ``html_*`` node, or the source of an ``inline``."""

    @property
    def tag(self) -> str:
        """The HTML tag markdown-it would use: ``h2`` for a level-2 heading."""


@attrs.frozen
class ParseResult:
    """A parsed body and what the back-end found while parsing it.

    Attributes:
        root: The document node; its children are the top-level blocks.
        unused_link_definitions: ``(label, 0-based line)`` of each link reference
            definition that no link uses.
        too_deep: ``"blocks"`` when blocks nest deeper than the parser can read
            (it then drops content past that point), ``"inlines"`` when inlines
            nest deeper than the model allows, else None. Either is found before
            the (recursive) tree is built.
        too_deep_line: The 0-based line where it happens, when known.
    """

    root: ParsedNode
    unused_link_definitions: tuple[tuple[str, int], ...] = ()
    too_deep: str | None = None
    too_deep_line: int | None = None
