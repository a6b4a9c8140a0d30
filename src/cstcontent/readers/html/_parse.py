"""Parsing untrusted HTML with lxml: no network, no entities from a DTD, bounded depth.

libxml2's HTML parser never loads a DTD or an external entity and never opens
a URL (``no_network``). It stops building the tree past a nesting depth of
256 and drops everything after that point without raising: that is detected
from its error log and refused, with the line, rather than importing half a page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...errors import SourceError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["parse_document", "parse_fragment"]

# libxml2's own limit: deeper content is silently dropped (no XML_PARSE_HUGE here, on purpose).
LIBXML2_MAX_DEPTH = 256


def _parser() -> Any:
    import lxml.html

    # A parser per call: lxml parsers keep an error log and are not thread-safe.
    return lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, recover=True
    )


def _check_depth(parser: Any, path: str, line: int | None) -> None:
    for entry in parser.error_log:
        if "Excessive depth" in entry.message:
            raise SourceError(
                f"elements are nested more than {LIBXML2_MAX_DEPTH} deep here; the HTML parser drops"
                " everything past that depth, so the page cannot be imported whole",
                path=path,
                line=line or entry.line or None,
            )


def parse_document(text: str, *, path: str) -> HtmlElement:
    """Return the root ``<html>`` element of `text`.

    Raises:
        SourceError: The page nests elements past libxml2's depth limit, or is
            not HTML at all.
    """
    import lxml.etree
    import lxml.html

    parser = _parser()
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as error:
        raise SourceError(f"cannot read the page as HTML: {error}", path=path, line=None) from None
    _check_depth(parser, path, None)
    return root


def parse_fragment(text: str, *, path: str, line: int | None) -> HtmlElement:
    """Return a ``<div>`` holding the HTML fragment `text` (e.g. an answer in JSON-LD found at `line`)."""
    import lxml.etree
    import lxml.html

    parser = _parser()
    try:
        return_value = lxml.html.fragment_fromstring(text, create_parent="div", parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as error:
        raise SourceError(f"cannot read the HTML in the JSON-LD: {error}", path=path, line=line) from None
    _check_depth(parser, path, line)
    div: HtmlElement = return_value
    return div
