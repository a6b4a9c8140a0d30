"""Body text to HTML: one rule per node type of the closed tree in `cstcontent.nodes`.

Every text is escaped with `markupsafe.escape` and `Markup` is only ever built
from escaped parts and fixed tags, so no guide text can become markup. The
``match`` statements end in ``assert_never``: a node type added to the tree
without a rule here fails ``mypy --strict``.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, assert_never

import attrs
import mdurl
from markupsafe import Markup, escape

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
from ..urls import browser_view, url_scheme

if TYPE_CHECKING:
    from ..model import Reference

__all__ = ["BodyRenderer"]

_NEWLINE = Markup("\n")
_EMPTY = Markup("")


@attrs.frozen
class BodyRenderer:
    """Renders blocks and inlines as HTML.

    A citation's marker links to ``#ref--N`` (its reference, numbered by
    `numbers`); the first citation of each reference gets the id ``cite--N``,
    which the reference's back-link targets, so blocks must be rendered in
    page order. Ids and links carry `id_prefix`.

    Attributes:
        heading_shift: Added to every `Heading` level (capped at 6).
        id_prefix: Inserted after the ``#`` of every in-page link and before every id.
        base_url: The guide's URL, against which relative image URLs are resolved.
        numbers: Each reference label's number.
    """

    heading_shift: int = 0
    id_prefix: str = ""
    base_url: str | None = None
    numbers: Mapping[str, int] = attrs.field(factory=dict, eq=False)
    _cited: set[str] = attrs.field(factory=set, eq=False, init=False)

    def href(self, url: str) -> str:
        """Return `url` as a link target: percent-encoded, in-page fragments prefixed.

        The URL is read as a browser reads it (surrounding spaces and controls
        stripped, tabs and newlines removed), then percent-encoded where HTML
        requires it; existing ``%XX`` escapes are kept. The result still needs
        attribute escaping (``&``).
        """
        encoded: str = mdurl.encode(browser_view(url))
        if encoded.startswith("#") and len(encoded) > 1:
            return f"#{self.id_prefix}{encoded[1:]}"
        return encoded

    def blocks(self, blocks: Iterable[Block]) -> Markup:
        """Return `blocks` as HTML, one block a line."""
        return _NEWLINE.join(self.block(block) for block in blocks)

    def block(self, node: Block) -> Markup:
        """Return one block as HTML."""
        match node:
            case Paragraph(content=content):
                return Markup("<p>%s</p>") % self.inlines(content)
            case BulletList(items=items):
                return Markup("<ul>\n%s\n</ul>") % self._items(items)
            case OrderedList(items=items, start=start):
                start_attribute = Markup("") if start == 1 else Markup(' start="%d"') % start
                return Markup("<ol%s>\n%s\n</ol>") % (start_attribute, self._items(items))
            case Heading(level=level, text=text):
                tag = f"h{min(level + self.heading_shift, 6)}"
                return Markup("<%s>%s</%s>") % (tag, escape(text), tag)
            case BlockQuote(blocks=blocks):
                return Markup("<blockquote>\n%s\n</blockquote>") % self.blocks(blocks)
            case Callout():
                return self._callout(node)
            case Table():
                return self._table(node)
            case Image(url=url, alt=alt, caption=caption):
                figcaption = _EMPTY if caption is None else Markup("\n<figcaption>%s</figcaption>") % caption
                return Markup(
                    '<figure class="cst-figure">\n<img src="%s" alt="%s" loading="lazy" decoding="async">'
                    "%s\n</figure>"
                ) % (self.image_src(url), alt, figcaption)
            case _:
                assert_never(node)

    def image_src(self, url: str) -> str:
        """Return an image URL percent-encoded, a relative one resolved against `base_url`."""
        view = browser_view(url)
        if self.base_url is not None and url_scheme(view) is None:
            view = urllib.parse.urljoin(self.base_url, view)
        encoded: str = mdurl.encode(view)
        return encoded

    def _callout(self, callout: Callout) -> Markup:
        """A note (not a landmark) whose first line says its kind, then its title if it has one."""
        title = _EMPTY if callout.title is None else Markup(" %s") % callout.title
        return Markup(
            '<div class="cst-callout cst-callout-%s" role="note">\n'
            '<p class="cst-callout-label"><span class="cst-callout-kind">%s:</span>%s</p>\n%s\n</div>'
        ) % (callout.kind, CALLOUT_LABELS[callout.kind], title, self.blocks(callout.blocks))

    def _table(self, table: Table) -> Markup:
        """A table in a keyboard-scrollable box, so a wide one scrolls instead of widening the page."""
        name = table.caption or "Table"
        caption = _EMPTY if table.caption is None else Markup("<caption>%s</caption>\n") % table.caption
        header = _NEWLINE.join(
            # An empty header cell is not a header: axe (empty-table-header) wants text in every <th>.
            Markup('<th scope="col"%s>%s</th>') % (_align(alignment), self.inlines(cell))
            if cell
            else Markup("<td%s></td>") % _align(alignment)
            for cell, alignment in zip(table.header, table.alignments, strict=True)
        )
        rows = [
            Markup("<tr>\n%s\n</tr>")
            % _NEWLINE.join(
                Markup("<td%s>%s</td>") % (_align(alignment), self.inlines(cell))
                for cell, alignment in zip(row, table.alignments, strict=True)
            )
            for row in table.rows
        ]
        body = Markup("\n<tbody>\n%s\n</tbody>") % _NEWLINE.join(rows) if rows else _EMPTY
        return Markup(
            '<div class="cst-table" role="group" aria-label="%s" tabindex="0">\n<table>\n%s'
            "<thead>\n<tr>\n%s\n</tr>\n</thead>%s\n</table>\n</div>"
        ) % (name, caption, header, body)

    def reference(self, reference: Reference) -> Markup:
        """Return one entry of the references list: an ``<li>`` with a back-link to its first citation."""
        number = self.numbers[reference.label]
        back = Markup(
            '<a class="cst-backlink" href="#%scite--%d" aria-label="Back to citation %d">\u21a9\ufe0e</a>'
        ) % (self.id_prefix, number, number)
        match reference.blocks:
            case (Paragraph(content=content),):
                inner = Markup("%s %s") % (self.inlines(content), back)
            case (*rest, Paragraph(content=content)):
                last = Markup("<p>%s %s</p>") % (self.inlines(content), back)
                inner = Markup("\n%s\n%s\n") % (self.blocks(rest), last)
            case blocks:
                inner = Markup("\n%s\n<p>%s</p>\n") % (self.blocks(blocks), back)
        # The label rides along so that the HTML reader gives the guide back whole.
        return Markup('<li id="%sref--%d" data-cst-label="%s">%s</li>') % (
            self.id_prefix,
            number,
            reference.label,
            inner,
        )

    def _items(self, items: Iterable[tuple[Block, ...]]) -> Markup:
        rendered = []
        for item in items:
            match item:
                case (Paragraph(content=content),):  # a one-paragraph item, as in a tight list
                    rendered.append(Markup("<li>%s</li>") % self.inlines(content))
                case _:
                    rendered.append(Markup("<li>\n%s\n</li>") % self.blocks(item))
        return _NEWLINE.join(rendered)

    def inlines(self, nodes: Iterable[Inline]) -> Markup:
        """Return a sequence of inlines as HTML."""
        return Markup("").join(self.inline(node) for node in nodes)

    def inline(self, node: Inline) -> Markup:
        """Return one inline as HTML."""
        match node:
            case Text(text=text):
                return escape(text)
            case Emphasis(children=children):
                return Markup("<em>%s</em>") % self.inlines(children)
            case Strong(children=children):
                return Markup("<strong>%s</strong>") % self.inlines(children)
            case Code(text=text):
                return Markup("<code>%s</code>") % escape(text)
            case Link(url=url, children=children, title=title):
                title_attribute = Markup("") if title is None else Markup(' title="%s"') % title
                return Markup('<a href="%s"%s>%s</a>') % (
                    self.href(url),
                    title_attribute,
                    self.inlines(children),
                )
            case LineBreak():
                return Markup("<br>\n")
            case FootnoteRef(label=label):
                return self._citation(label)
            case _:
                assert_never(node)

    def _citation(self, label: str) -> Markup:
        """A superscript ``[N]`` linking to reference N; the first citation of N gets an id."""
        number = self.numbers[label]
        target = Markup("") if label in self._cited else Markup(' id="%scite--%d"') % (self.id_prefix, number)
        self._cited.add(label)
        return Markup('<sup class="cst-cite"><a href="#%sref--%d"%s>[%d]</a></sup>') % (
            self.id_prefix,
            number,
            target,
            number,
        )


def _align(alignment: str | None) -> Markup:
    """The class that aligns a cell: a class, not a style attribute, which a strict CSP would block."""
    return _EMPTY if alignment is None else Markup(' class="cst-align-%s"') % alignment
