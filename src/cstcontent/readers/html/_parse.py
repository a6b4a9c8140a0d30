"""Parsing untrusted HTML with lxml: no network, no entities from a DTD, bounded depth.

libxml2's HTML parser never loads a DTD or an external entity and never opens
a URL (``no_network``). It stops building the tree past a nesting depth of
256 and drops everything after that point without raising: that is detected
from its error log and refused, with the line, rather than importing half a page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import SourceError

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["parse_document"]

# libxml2's own limit: deeper content is silently dropped (no XML_PARSE_HUGE here, on purpose).
LIBXML2_MAX_DEPTH = 256


def parse_document(text: str, *, path: str) -> HtmlElement:
    """Return the root ``<html>`` element of `text`.

    Raises:
        SourceError: The page nests elements past libxml2's depth limit, or is
            not HTML at all.
    """
    import lxml.etree
    import lxml.html

    # A parser per call: lxml parsers keep an error log and are not thread-safe.
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False, recover=True
    )
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as error:
        raise SourceError(f"cannot read the page as HTML: {error}", path=path, line=None) from None
    for entry in parser.error_log:
        if "Excessive depth" in entry.message:
            raise SourceError(
                f"elements are nested more than {LIBXML2_MAX_DEPTH} deep here; the HTML parser drops"
                " everything past that depth, so the page cannot be imported whole",
                path=path,
                line=entry.line or None,
            )
    return root
