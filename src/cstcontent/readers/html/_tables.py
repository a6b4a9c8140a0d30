"""HTML tables to the model's `Table`: one header row, cells of inline text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ... import nodes
from ...errors import GuideValueError
from ._chrome import class_tokens, is_chrome
from ._inlines import tidy
from ._text import element_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from ._content import Converter

__all__ = ["read_table"]

_ALIGN = re.compile(r"text-align\s*:\s*(left|center|right)", re.IGNORECASE)


def _rows(table: HtmlElement) -> list[HtmlElement]:
    """The table's own rows (not those of a table nested in a cell)."""
    return [row for row in table.iter("tr") if next(row.iterancestors("table"), None) is table]


def _alignment(cell: HtmlElement) -> str | None:
    """From ``style="text-align: ..."``, ``align=...`` or a class such as ``cst-align-right``."""
    match = _ALIGN.search(cell.get("style") or "")
    value = (match.group(1) if match else cell.get("align") or "").lower()
    for token in class_tokens(cell):
        for alignment in nodes.TABLE_ALIGNMENTS:
            if token.endswith((f"align-{alignment}", f"text-{alignment}")):
                value = alignment
    return value if value in nodes.TABLE_ALIGNMENTS else None


def _cell(converter: Converter, cell: HtmlElement) -> tuple[nodes.Inline, ...]:
    """A cell's content on one line: blocks inside it joined by spaces, line breaks made spaces."""
    parts: list[nodes.Inline] = []
    for item in converter.flatten(converter.items(cell, 0)):
        inlines = item.content if isinstance(item, nodes.Paragraph) else None
        if inlines is None:
            converter.warn(
                f"a {type(item).__name__.lower()} inside a table cell is kept as its text only", cell
            )
            inlines = (nodes.Text(" ".join(_block_text(item))),)
        if parts:
            parts.append(nodes.Text(" "))
        parts.extend(nodes.Text(" ") if isinstance(node, nodes.LineBreak) else node for node in inlines)
    return tidy(parts)


def _block_text(block: nodes.Block) -> list[str]:
    from ...model import walk_inlines

    return [nodes.plain_text((node,)) for node in walk_inlines((block,)) if isinstance(node, nodes.Text)]


def read_table(converter: Converter, table: HtmlElement) -> nodes.Table | None:
    """The `Table` of `table`, or None (with a warning) when it has no cells."""
    rows: list[list[HtmlElement]] = []
    merged = False
    for row in _rows(table):
        cells: list[HtmlElement] = []
        for cell in row:
            if cell.tag in ("td", "th") and not is_chrome(cell):
                span = (cell.get("colspan") or "1").strip()
                count = int(span) if span.isascii() and span.isdigit() and 0 < int(span) <= 100 else 1
                merged = merged or count > 1 or (cell.get("rowspan") or "1").strip() != "1"
                cells.extend([cell] * count)
        if cells:
            rows.append(cells)
    if not rows:
        if element_text(table):
            converter.warn("a table without rows of cells is dropped", table)
        return None
    header_row = rows[0]
    if not all(cell.tag == "th" for cell in header_row) and table.find("thead") is None:
        converter.warn("the table has no header row; its first row is used as the header", table)
    if merged:
        converter.warn(
            "merged table cells are split: a cell spanning columns is repeated in each, rows are not", table
        )
    columns = max(len(row) for row in rows)
    if any(len(row) != columns for row in rows):
        converter.warn(f"table rows of unequal length are padded to {columns} cells", table)
    header = [_cell(converter, cell) for cell in header_row] + [()] * (columns - len(header_row))
    body = [[_cell(converter, cell) for cell in row] + [()] * (columns - len(row)) for row in rows[1:]]
    alignments = [_alignment(cell) for cell in header_row] + [None] * (columns - len(header_row))
    caption_element = table.find("caption")
    caption = element_text(caption_element) if caption_element is not None else ""
    try:
        return nodes.Table(header, body, alignments, caption=caption or None, line=table.sourceline)
    except GuideValueError as error:
        converter.warn(f"the table is dropped: {error.message}", table)
        return None
