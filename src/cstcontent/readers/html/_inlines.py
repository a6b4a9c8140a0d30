"""Inline content as a browser lays it out: whitespace collapsed, spaces moved out of emphasis and links.

The converter builds inlines with the page's raw whitespace; `tidy` then applies
CSS's white-space rules once for a whole paragraph (a run of spaces, tabs and
newlines is one space, none at the start or end of a line), so ``<em> a</em>``
and ``a\\n  b`` read as they render.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from ...nodes import Code, Emphasis, FootnoteRef, Inline, LineBreak, Link, Strong, Text
from ._text import collapse

__all__ = ["tidy"]

_Container = Emphasis | Strong | Link


def tidy(inlines: Sequence[Inline]) -> tuple[Inline, ...]:
    """Return `inlines` with whitespace as rendered, empty containers and trailing line breaks removed."""
    state = _Space(after_space=True)
    result = state.walk(inlines)
    _rstrip(result)  # a line break at the end of a block shows nothing; one at the start is an empty line
    return tuple(result) if any(not isinstance(node, LineBreak) for node in result) else ()


@attrs.define
class _Space:
    """Whether the text laid out so far ends in a space (or a line start)."""

    after_space: bool

    def walk(self, inlines: Sequence[Inline]) -> list[Inline]:
        out: list[Inline] = []
        for node in inlines:
            if isinstance(node, Text):
                text = collapse(node.text)
                if self.after_space:
                    text = text.lstrip(" ")
                if text:
                    self.after_space = text.endswith(" ")
                    out.append(Text(text))
            elif isinstance(node, LineBreak):
                _rstrip(out, breaks=False)
                out.append(node)
                self.after_space = True
            elif isinstance(node, Code | FootnoteRef):
                out.append(node)
                self.after_space = False
            else:
                out.extend(self._container(node))
        return out

    def _container(self, node: _Container) -> list[Inline]:
        children = self.walk(node.children)
        trailing = _rstrip(children)
        if not children:
            return [Text(" ")] if trailing else []
        leading = _lstrip(children)
        out: list[Inline] = [Text(" ")] if leading else []
        out.append(attrs.evolve(node, children=children))
        if trailing:
            self.after_space = True
            out.append(Text(" "))
        return out


def _lstrip(nodes: list[Inline]) -> bool:
    """Strip one leading space from the first text of `nodes` in place; return whether there was one."""
    first = nodes[0]
    if isinstance(first, Text) and first.text.startswith(" "):
        nodes[0] = Text(first.text[1:])
        if not first.text[1:]:
            nodes.pop(0)
        return True
    if isinstance(first, Emphasis | Strong | Link):
        children = list(first.children)
        if _lstrip(children):
            nodes[0] = attrs.evolve(first, children=children)
            return True
    return False


def _rstrip(nodes: list[Inline], *, breaks: bool = True) -> bool:
    """Strip trailing spaces (and line breaks) from `nodes` in place; return whether a space was removed."""
    removed = False
    while nodes:
        last = nodes[-1]
        if isinstance(last, Text):
            stripped = last.text.rstrip(" ")
            removed = removed or stripped != last.text
            if stripped:
                nodes[-1] = Text(stripped)
                return removed
            nodes.pop()
        elif isinstance(last, LineBreak) and breaks:
            nodes.pop()
        elif isinstance(last, Emphasis | Strong | Link):
            children = list(last.children)
            removed = _rstrip(children, breaks=breaks) or removed
            if children:
                nodes[-1] = attrs.evolve(last, children=children)
                return removed
            nodes.pop()
        else:
            return removed
    return removed
