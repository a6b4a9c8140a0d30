"""The markdown-it-py back-end of the Markdown reader.

CommonMark, plus GFM tables and strikethrough (strikethrough is parsed only to
be refused by name), footnotes from mdit-py-plugins, and raw HTML recognised
(so that comments can be dropped and any other HTML refused, instead of
passing through as literal text).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..nodes import MAX_INLINE_DEPTH
from ._parsed import ParsedNode, ParseResult

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["MAX_NESTING", "parse"]

# markdown-it-py stops parsing (and drops the rest of the document) at its own
# `maxNesting`; the reader refuses nesting far below it, so deep input is always
# reported before anything is lost.
MAX_NESTING = 100


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})
    parser.enable(["table", "strikethrough"])
    # Escaped characters and character references stay apart from the text around
    # them (``text_special``), so the reader can tell ``\~`` (meant as text) from
    # ``~`` (maybe meant as syntax it must refuse).
    parser.disable("text_join")
    # Definitions stay where they are written (with their lines) and every
    # [^label] is a citation, defined or not, so the reader can name both mistakes.
    footnote_plugin(parser, inline=False, move_to_end=False, always_match_refs=True)
    # Links keep their destination as written: the model checks it (with a clear
    # error instead of markdown-it's silent "not a link") and each exporter
    # encodes it for its own format.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
    parser.normalizeLinkText = lambda link: link  # type: ignore[method-assign]
    return parser


def parse(body: str) -> ParseResult:
    """Parse a guide's Markdown body (front matter removed)."""
    from markdown_it.tree import SyntaxTreeNode

    env: dict[str, object] = {}
    tokens = _parser().parse(body, env)
    too_deep, too_deep_line = _nesting(tokens)
    # SyntaxTreeNode recurses once per level: a tree too deep is never built (issue 9).
    root: ParsedNode = SyntaxTreeNode([] if too_deep else tokens)
    return ParseResult(
        root,
        unused_link_definitions=tuple(_unused_definitions(env, tokens)),
        too_deep=too_deep,
        too_deep_line=too_deep_line,
    )


def _nesting(tokens: Sequence[Token]) -> tuple[str | None, int | None]:
    """Whether blocks (``"blocks"``) or inlines (``"inlines"``) nest too deep, and on which line."""
    for token in tokens:
        line = token.map[0] if token.map else None
        if token.level >= MAX_NESTING - 1:
            return "blocks", line
        # Emphasis tokens keep the level of the text they were made from, so count opens and closes.
        depth = 0
        for child in token.children or ():
            depth += child.nesting
            if depth > MAX_INLINE_DEPTH:
                return "inlines", line
    return None, None


def _unused_definitions(env: dict[str, object], tokens: Sequence[Token]) -> Iterator[tuple[str, int]]:
    references = env.get("references")
    if not isinstance(references, dict) or not references:
        return
    used = {str(href) for href in _link_targets(tokens)}
    for label, definition in references.items():
        if definition["href"] not in used:
            yield label.lower(), definition["map"][0]


def _link_targets(tokens: Sequence[Token]) -> Iterator[object]:
    for token in tokens:
        if token.type == "link_open":
            yield token.attrGet("href")
        yield from _link_targets(token.children or ())
