"""Plain-text rendering of a block tree, shared by the ``text`` exporter and the schema.org graph.

No markup is added: emphasis is plain text, a link is written ``text (url)``,
a block quote is indented. Lists keep ``- `` and ``1. `` markers, as people
type them in plain text. Control characters that could rewrite a terminal (C0
and C1 controls other than tab and newline, and the bidirectional overrides)
are removed.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator, Sequence
from typing import assert_never

import attrs

from . import nodes

__all__ = ["PlainText", "blocks_text", "remove_unsafe"]

# C0 and C1 controls except tab and newline, and the bidirectional embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Stands for a space inside a URL while text is wrapped, so that no URL is broken.
# Text has its controls (NUL among them) removed before, so it cannot occur there.
_URL_SPACE = "\x00"
_QUOTE_INDENT = "    "


def remove_unsafe(text: str) -> str:
    """Return `text` without the controls that could rewrite a terminal."""
    return _UNSAFE.sub("", text)


def blocks_text(blocks: Sequence[nodes.Block]) -> str:
    """Return `blocks` as unwrapped plain text, exactly as the ``text`` format writes them."""
    return remove_unsafe("\n\n".join(PlainText(None).blocks(blocks, 0)))


@attrs.frozen
class PlainText:
    """Renders blocks as plain text; `indent` is the column a block starts at (for wrapping).

    Attributes:
        width: Wrap paragraphs and list items at this many characters, never
            breaking a word or a URL; None writes each paragraph on one line.
    """

    width: int | None

    def blocks(self, blocks: Sequence[nodes.Block], indent: int) -> Iterator[str]:
        """Yield each of `blocks` rendered, to be joined by blank lines."""
        for block in blocks:
            yield self.block(block, indent)

    def block(self, block: nodes.Block, indent: int) -> str:
        """Return one block rendered."""
        match block:
            case nodes.Paragraph():
                return self.paragraph(block.content, indent)
            case nodes.Heading():
                return block.text
            case nodes.BulletList():
                return self.list_(block.items, ["-"] * len(block.items), indent)
            case nodes.OrderedList():
                markers = [f"{block.start + index}." for index in range(len(block.items))]
                return self.list_(block.items, markers, indent)
            case nodes.BlockQuote():
                inner = "\n\n".join(self.blocks(block.blocks, indent + len(_QUOTE_INDENT)))
                return "\n".join(_QUOTE_INDENT + line if line else "" for line in inner.split("\n"))
            case _:
                assert_never(block)

    def list_(self, items: Sequence[Sequence[nodes.Block]], markers: list[str], indent: int) -> str:
        """Return a list whose items start with `markers`, later lines under the first."""
        rendered = []
        for marker, item in zip(markers, items, strict=True):
            hang = " " * (len(marker) + 1)
            parts: list[str] = []
            for index, block in enumerate(item):
                text = self.block(block, indent + len(hang))
                if index and not isinstance(block, nodes.BulletList | nodes.OrderedList):
                    parts.append("")  # a blank line before a second paragraph or a quote
                parts.append(text)
            lines = "\n".join(parts).split("\n")
            rendered.append(
                "\n".join([f"{marker} {lines[0]}", *(hang + line if line else "" for line in lines[1:])])
            )
        loose = any(
            not isinstance(block, nodes.BulletList | nodes.OrderedList)
            for item in items
            for block in item[1:]
        )
        return ("\n\n" if loose else "\n").join(rendered)

    def paragraph(self, content: Sequence[nodes.Inline], indent: int) -> str:
        """Return a paragraph, wrapped at `width` less `indent`."""
        lines = _inline_text(content).strip("\n").split("\n")
        if self.width is not None:
            width = max(1, self.width - indent)
            lines = [
                wrapped
                for line in lines
                for wrapped in (
                    textwrap.wrap(line, width=width, break_long_words=False, break_on_hyphens=False) or [""]
                )
            ]
        return "\n".join(lines).replace(_URL_SPACE, " ")


def _inline_text(content: Sequence[nodes.Inline]) -> str:
    parts = []
    for node in content:
        match node:
            case nodes.Text() | nodes.Code():
                parts.append(remove_unsafe(node.text))
            case nodes.LineBreak():
                parts.append("\n")
            case nodes.Emphasis() | nodes.Strong():
                parts.append(_inline_text(node.children))
            case nodes.Link():
                parts.append(_link_text(node))
            case _:
                assert_never(node)
    return "".join(parts)


def _link_text(link: nodes.Link) -> str:
    """``text (url)``; the URL alone when the text is the URL; the address once for a mailto link."""
    text = _inline_text(link.children)
    url = remove_unsafe(link.url).replace(" ", _URL_SPACE)
    if not text.strip() or text.strip() == link.url:
        return url
    if link.url[:7].lower() == "mailto:" and text.strip() == link.url[7:]:
        return text
    return f"{text} ({url})"
