"""Body text to HTML: one rule per node type of the closed tree in `cstcontent.nodes`.

Every text is escaped with `markupsafe.escape` and `Markup` is only ever built
from escaped parts and fixed tags, so no guide text can become markup. The
``match`` statements end in ``assert_never``: a node type added to the tree
without a rule here fails ``mypy --strict``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import assert_never

import attrs
import mdurl
from markupsafe import Markup, escape

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
from ..urls import browser_view

__all__ = ["BodyRenderer"]

_NEWLINE = Markup("\n")


@attrs.frozen
class BodyRenderer:
    """Renders blocks and inlines as HTML.

    Attributes:
        heading_shift: Added to every `Heading` level (capped at 6).
        id_prefix: Inserted after the ``#`` of every in-page link.
    """

    heading_shift: int = 0
    id_prefix: str = ""

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
            case _:
                assert_never(node)

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
            case _:
                assert_never(node)
