"""The three-call public API: load, loads, export."""

from __future__ import annotations

import os
from typing import Any

from . import exporters, readers
from .model import ConditionGuide
from .readers import DEFAULT_MAX_BLOCKS, DEFAULT_MAX_BYTES

__all__ = ["export", "load", "loads"]


def load(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, max_blocks: int = DEFAULT_MAX_BLOCKS
) -> ConditionGuide:
    """Read the guide in the file at `path`: ``.md``/``.markdown``, ``.json`` or ``.html``/``.htm``.

    An HTML page is imported (see `cstcontent.readers.html`): what it holds
    that a guide cannot is dropped with a `cstcontent.SourceWarning` naming its line.

    Sources over `max_bytes`, or Markdown with more than about `max_blocks`
    blocks, are refused before parsing.

    Raises:
        SourceError: ``path:line: message`` when the file is not a valid guide.
    """
    return readers.read_file(path, max_bytes=max_bytes, max_blocks=max_blocks)


def loads(
    text: str | bytes,
    *,
    format: str = "markdown",
    path: str | os.PathLike[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_blocks: int = DEFAULT_MAX_BLOCKS,
) -> ConditionGuide:
    """Read a guide from `text` in `format` (``"markdown"``, ``"json"`` or ``"html"``).

    Args:
        text: The source; bytes are decoded as UTF-8.
        format: The source format.
        path: A name for the source in error messages (its stem is the default slug).
        max_bytes: Larger sources are refused before parsing.
        max_blocks: Markdown with more blocks (paragraphs, list items, ...) is
            refused before parsing.
    """
    return readers.read(text, format, path=path, max_bytes=max_bytes, max_blocks=max_blocks)


def export(guide: ConditionGuide, format: str, **options: Any) -> str:
    """Render `guide` in `format` (see `cstcontent.exporters.names()`) with `options`."""
    return exporters.get(format, **options).export(guide)
