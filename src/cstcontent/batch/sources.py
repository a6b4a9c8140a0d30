"""Which files a batch reads, what it skips and why, and how their errors are named."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path

import attrs

from ..errors import CstContentError

__all__ = ["SOURCE_SUFFIXES", "Skipped", "Sources", "find_sources", "source_message"]

SOURCE_SUFFIXES = (".md", ".markdown")


@attrs.frozen
class Skipped:
    """A path that is not read, and why.

    Attributes:
        path: The path, as given or as found in a folder.
        reason: Why it is skipped, e.g. ``a FIFO, not a regular file``.
        expected: True for a skip the user expects (``--exclude``, a hidden
            file): a note, not a warning.
    """

    path: Path
    reason: str
    expected: bool = False

    def __str__(self) -> str:
        return f"{self.path}: skipped: {self.reason}"


@attrs.frozen
class Sources:
    """The files to read, in order, and every path skipped on the way."""

    files: list[Path]
    skipped: list[Skipped]


def find_sources(paths: Iterable[str | os.PathLike[str]], *, exclude: Sequence[str] = ()) -> Sources:
    """Each file in `paths`, and the ``*.md``/``*.markdown`` files of each folder (sorted by name).

    A file is kept once, where first given: ``a.md ./a.md`` or a file and its
    folder read it once. In a folder, an entry that is not a regular file (a
    FIFO, a folder named ``x.md``, a broken symbolic link or a loop) and a hidden
    one (``.name.md``) are skipped. A file whose name, or path as given, matches
    a glob of `exclude` is skipped. Each skip is in `Sources.skipped`. A path
    given by name is kept whatever it is, so reading it reports what is wrong.
    """
    files: list[Path] = []
    skipped: list[Skipped] = []
    seen: dict[str, Path] = {}
    for given in map(Path, paths):
        for path in _folder_files(given, skipped) if os.path.isdir(given) else [given]:
            pattern = _excluded_by(path, exclude)
            real = os.path.realpath(path)
            if pattern is not None:
                skipped.append(Skipped(path, f"matches --exclude {pattern!r}", expected=True))
            elif real in seen:
                first = seen[real]
                skipped.append(Skipped(path, "given twice" if first == path else f"the same file as {first}"))
            else:
                seen[real] = path
                files.append(path)
    return Sources(files, skipped)


def _folder_files(folder: Path, skipped: list[Skipped]) -> list[Path]:
    """The regular source files of `folder`, sorted; what else has a source suffix goes to `skipped`."""
    with os.scandir(folder) as entries:
        names = sorted(entry.name for entry in entries if _has_source_suffix(entry.name))
    found: list[Path] = []
    for name in names:
        path = folder / name
        if name.startswith("."):
            skipped.append(Skipped(path, "a hidden file", expected=True))
        elif (reason := _not_a_file(path)) is not None:
            skipped.append(Skipped(path, reason))
        else:
            found.append(path)
    return found


def _has_source_suffix(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SOURCE_SUFFIXES


def _not_a_file(path: Path) -> str | None:
    """Why `path` (symbolic links followed) is not a regular file to read, or None if it is one."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop"
        if error.errno == errno.ENOENT and os.path.islink(path):
            return f"a broken symbolic link (to {os.readlink(path)!r})"
        return None  # unreadable for another reason: reading it reports the error
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder, not a guide file (sub-folders are not searched)"
    if stat.S_ISFIFO(mode):
        return "a FIFO, not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "a device, not a regular file"


def _excluded_by(path: Path, patterns: Sequence[str]) -> str | None:
    """The first glob of `patterns` that matches the name of `path` or `path` itself, or None."""
    for pattern in patterns:
        if fnmatch.fnmatch(path.name, pattern) or fnmatch.fnmatch(os.fspath(path), pattern):
            return pattern
    return None


def source_message(source: Path, error: CstContentError) -> str:
    """The error as ``source: message``, unless it already names the source (``source:line: ...``)."""
    message = str(error)
    return message if message.startswith(str(source)) else f"{source}: {message}"
