"""Where a server finds its guides: a folder of sources, looked up by slug only."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Protocol

import attrs

from .. import readers
from ..files import read_limited
from ..model import ConditionGuide

__all__ = ["FolderSource", "GuideSource", "source_line"]

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LINE_END = re.compile(r"\r\n|\r|\n")


class GuideSource(Protocol):
    """What `GuideService` needs: the guides' slugs, and a guide by slug."""

    def slugs(self) -> list[str]:
        """The slugs of every guide, sorted."""
        ...

    def path(self, slug: str) -> Path | None:
        """The source file of `slug`, or None if there is no such guide."""
        ...

    def load(self, slug: str) -> ConditionGuide:
        """Read the guide `slug`; raises `SourceError` when its source is not valid."""
        ...


def _resolved(folder: str | os.PathLike[str]) -> Path:
    return Path(folder).resolve()


@attrs.define
class FolderSource:
    """The ``*.md`` and ``*.json`` guides directly inside `folder`, each named by its file's stem.

    A request can only name a slug (lower-case letters, digits and hyphens), and a
    file found for it must lie inside `folder` once symbolic links are resolved,
    so nothing outside the folder is ever read. Guides are read again only when
    their file's size or modification time changes.
    """

    folder: Path = attrs.field(converter=_resolved)
    _cache: dict[Path, tuple[tuple[int, int], ConditionGuide]] = attrs.field(factory=dict, init=False)

    def slugs(self) -> list[str]:
        """The slugs of every source in the folder, sorted."""
        found = {
            entry.stem
            for entry in self.folder.iterdir()
            if entry.suffix.lower() in readers.SUFFIXES
            and _SLUG.fullmatch(entry.stem)
            and self._inside(entry)
        }
        return sorted(found)

    def path(self, slug: str) -> Path | None:
        """The source file of `slug` inside the folder, or None."""
        if not _SLUG.fullmatch(slug):
            return None
        for suffix in readers.SUFFIXES:
            candidate = self.folder / f"{slug}{suffix}"
            if candidate.is_file() and self._inside(candidate):
                return candidate
        return None

    def load(self, slug: str) -> ConditionGuide:
        """Read the guide `slug`, from the cache when its file has not changed."""
        path = self.path(slug)
        if path is None:
            raise KeyError(slug)
        status = path.stat()
        stamp = (status.st_size, status.st_mtime_ns)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        guide = readers.read_file(path)
        self._cache[path] = (stamp, guide)
        return guide

    def _inside(self, path: Path) -> bool:
        try:
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return False
        return resolved.parent == self.folder and resolved.is_file()


def source_line(path: Path, line: int | None, *, limit: int = 300) -> str | None:
    """The text of line `line` of `path` (cut to `limit` characters), for an error page.

    The file is read as the reader reads it: a regular file within the size limit,
    lines ended by LF, CRLF or a lone CR.
    """
    if line is None or line < 1:
        return None
    try:
        data = read_limited(path, readers.DEFAULT_MAX_BYTES)
    except OSError:  # FileRefusedError included
        return None
    lines = _LINE_END.split(data.decode("utf-8-sig", errors="replace"))
    return lines[line - 1][:limit] if line <= len(lines) else None
