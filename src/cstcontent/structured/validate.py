"""Offline validation of the JSON-LD in an HTML page or a ``.jsonld`` file, from any site.

Paths are JSONPaths from the file's JSON-LD: in a JSON file ``$`` is the
document; on an HTML page ``$[N]`` is its N-th ``application/ld+json`` script
(from 0), so ``$[0]['@graph'][2].name`` is the name of the third node of the
first script's graph.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..files import read_limited
from .documents import read_graph
from .extract import nesting_depth, parse_json, read_page
from .faq import check_faq
from .pages import check_pages
from .problems import JsonPath, Problem, Report
from .schemaorg import check_schema
from .vocabulary import vocabulary

__all__ = ["is_html", "validate_bytes", "validate_file", "validate_report"]

#: A page whose elements nest deeper than this (as `nesting_depth` estimates) is not parsed.
MAX_PAGE_DEPTH = 5_000
#: A page or JSON-LD file larger than this is not read.
MAX_FILE_BYTES = 20 * 1024 * 1024
_JSON_SUFFIXES = (".jsonld", ".json")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def is_html(path: str | os.PathLike[str], data: bytes) -> bool:
    """Whether to read the file as an HTML page: by its suffix, else unless it starts like JSON."""
    suffix = Path(path).suffix.lower()
    if suffix in _JSON_SUFFIXES or suffix in _HTML_SUFFIXES:
        return suffix in _HTML_SUFFIXES
    return data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] not in (b"{", b"[")


def validate_file(path: str | os.PathLike[str]) -> list[Problem]:
    """Return the problems of the JSON-LD in the page or JSON-LD file at `path`."""
    return validate_report(path).problems


def validate_report(path: str | os.PathLike[str]) -> Report:
    """Return the report on the file at `path`: its problems, and notes that are not problems."""
    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except OSError as error:
        return Report([Problem("error", "$", f"cannot read the file: {error.strerror or error}")])
    return _validate(data, html=is_html(path, data))


def validate_bytes(data: bytes, *, html: bool) -> list[Problem]:
    """Return the problems of the JSON-LD in `data`, an HTML page if `html`, else a JSON-LD document."""
    return _validate(data, html=html).problems


def _validate(data: bytes, *, html: bool) -> Report:
    report = Report()
    documents: list[tuple[JsonPath, Any]] = []
    page_text = None
    if html:
        depth = nesting_depth(data)
        if depth > MAX_PAGE_DEPTH:
            # html5lib scans its stack of open elements per tag: deep pages take quadratic time.
            report.error(
                (), f"the page nests elements about {depth:,} deep, over {MAX_PAGE_DEPTH:,}; not read"
            )
            return report
        page = read_page(data)
        page_text = page.text
        if not page.scripts:
            report.warning((), 'no JSON-LD: the page has no <script type="application/ld+json">')
        for index, script in enumerate(page.scripts):
            documents.extend(_parse(script, (index,), report, in_html=True))
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            report.error((), f"not UTF-8 text: {error}")
            return report
        for marker in ("</script", "<!--"):
            if marker in text.lower():
                report.warning((), f"a string contains {marker!r}, which ends or breaks a <script> element")
        documents.extend(_parse(text, (), report, in_html=False))
    graph = read_graph(documents, report)
    check_schema(graph, vocabulary(), report)
    check_faq(graph, report, page_text)
    check_pages(graph, vocabulary(), report)
    return report


def _parse(text: str, path: JsonPath, report: Report, *, in_html: bool) -> list[tuple[JsonPath, Any]]:
    """Parse one JSON-LD text strictly: ``[(path, value)]``, or ``[]`` after reporting why it is not JSON."""
    try:
        value, repeated = parse_json(text)
    except json.JSONDecodeError as error:
        where = "of the script" if in_html else "of the file"
        reason = error.msg.removesuffix(" starting at")  # "Unterminated string starting at"
        message = f"invalid JSON at line {error.lineno}, column {error.colno} {where}: {reason}"
        if in_html and (reason == "Unterminated string" or error.pos >= len(text.rstrip())):
            message += (
                "; the script ends early, as it does when a string holds '</script>' (write '<\\/script>')"
            )
        report.error(path, message)
        return []
    except RecursionError:
        report.error(path, "invalid JSON: nested too deeply to read")
        return []
    except ValueError as error:  # NaN or Infinity
        report.error(path, f"invalid JSON: {error}")
        return []
    for obj, keys in repeated:
        report.warning(
            _find(value, obj, path), f"the keys {', '.join(map(repr, keys))} are repeated; consumers differ"
        )
    return [(path, value)]


def _find(value: Any, target: dict[str, Any], path: JsonPath) -> JsonPath:
    """The path of the object `target` inside `value` (without recursion)."""
    stack: list[tuple[Any, JsonPath]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if item is target:
            return where
        if isinstance(item, dict):
            stack.extend((child, (*where, key)) for key, child in item.items())
        elif isinstance(item, list):
            stack.extend((child, (*where, index)) for index, child in enumerate(item))
    return path
