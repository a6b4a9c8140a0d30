"""Which files a batch reads, and how their errors are named."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import CstContentError

__all__ = ["SOURCE_SUFFIXES", "iter_sources", "source_message"]

SOURCE_SUFFIXES = (".md", ".markdown")


def iter_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield each file in `paths`, and the ``*.md``/``*.markdown`` files of each folder, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            with os.scandir(path) as entries:
                names = sorted(
                    entry.name
                    for entry in entries
                    if os.path.splitext(entry.name)[1].lower() in SOURCE_SUFFIXES and entry.is_file()
                )
            yield from (path / name for name in names)
        else:
            yield path


def source_message(source: Path, error: CstContentError) -> str:
    """The error as ``source: message``, unless it already names the source (``source:line: ...``)."""
    message = str(error)
    return message if message.startswith(str(source)) else f"{source}: {message}"
