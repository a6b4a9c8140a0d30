"""Writing files so that a reader never sees a partial one."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from pathlib import Path

__all__ = ["fsync_paths", "write_atomic", "write_temporary"]


# A temporary file's name is unique in this process; O_EXCL makes sure it is a new file.
_counter = itertools.count()
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_temporary(path: Path, data: bytes, *, sync: bool) -> Path:
    """Write `data` to a new temporary file beside `path` and return the temporary's path.

    The file is created exclusively (never over another file) with the
    permissions a new file at `path` would get (``0o666`` less the umask) and,
    with `sync`, is flushed to disk. Rename it over `path` with `os.replace`,
    which is atomic, or unlink it.
    """
    while True:
        temporary = path.parent / f".{path.name}.{os.getpid()}-{next(_counter)}.tmp"
        try:
            descriptor = os.open(temporary, _CREATE, 0o666)
            break
        except FileExistsError:  # left by an earlier process with the same id
            continue
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            if sync:
                file.flush()
                os.fsync(file.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def write_atomic(path: Path, text: str, *, sync: bool = True) -> None:
    """Write `text` to `path` as UTF-8, all or nothing.

    The text goes to a temporary file in the same folder, is flushed to disk
    (unless `sync` is false: then call `fsync_paths` later), and then renamed
    over `path` with `os.replace`, which is atomic: a crash or an error leaves
    either the old file or the complete new one. A symlink at `path` is
    replaced, never followed.
    """
    data = text.encode("utf-8")  # encode first: a failure here touches no file
    temporary = write_temporary(path, data, sync=sync)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def fsync_paths(paths: Iterable[Path], directories: Iterable[Path] = ()) -> None:
    """Flush each of `paths` to disk, then each folder in `directories` (so their renames last)."""
    for path in paths:
        _fsync(path, os.O_RDONLY)
    for directory in directories:
        _fsync(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))


def _fsync(path: Path, flags: int) -> None:
    descriptor = os.open(path, flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
