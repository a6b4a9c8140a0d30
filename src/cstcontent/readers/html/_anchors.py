"""In-page links follow their targets: a link to a heading's or question's HTML id points at its guide id.

A page's ids rarely survive as they are (a cstcontent export prefixes them, other
pages use ids that are not slugs), so links to ``#an-html-id`` are rewritten
once the guide's ids are known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

import attrs

from ... import nodes

__all__ = ["retarget"]

_B = TypeVar("_B", bound=nodes.Block)


def retarget(blocks: Iterable[_B], targets: Mapping[str, str]) -> list[_B]:
    """`blocks` with every link to ``#id`` for an id in `targets` pointing at ``#targets[id]``."""
    return [_block(block, targets) for block in blocks]


def _block(block: _B, targets: Mapping[str, str]) -> _B:
    result: nodes.Block
    if isinstance(block, nodes.Paragraph):
        result = attrs.evolve(block, content=_inlines(block.content, targets))
    elif isinstance(block, nodes.BulletList | nodes.OrderedList):
        result = attrs.evolve(block, items=[retarget(item, targets) for item in block.items])
    elif isinstance(block, nodes.BlockQuote | nodes.Callout):
        result = attrs.evolve(block, blocks=retarget(block.blocks, targets))
    elif isinstance(block, nodes.Table):
        result = attrs.evolve(
            block,
            header=[_inlines(cell, targets) for cell in block.header],
            rows=[[_inlines(cell, targets) for cell in row] for row in block.rows],
        )
    else:
        result = block
    return result  # type: ignore[return-value,unused-ignore]


def _inlines(inlines: Iterable[nodes.Inline], targets: Mapping[str, str]) -> list[nodes.Inline]:
    out: list[nodes.Inline] = []
    for node in inlines:
        if isinstance(node, nodes.Link):
            url = node.url
            if url.startswith("#") and url[1:] in targets:
                url = "#" + targets[url[1:]]
            out.append(attrs.evolve(node, url=url, children=_inlines(node.children, targets)))
        elif isinstance(node, nodes.Emphasis | nodes.Strong):
            out.append(attrs.evolve(node, children=_inlines(node.children, targets)))
        else:
            out.append(node)
    return out
