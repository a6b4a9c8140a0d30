"""Writing files so that a reader never sees a partial one."""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable
from pathlib import Path

__all__ = ["fsync_paths", "remove_stale_temporaries", "write_atomic", "write_temporary"]


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


# The name `write_temporary` gives: the target's name, the writing process's id, a counter.
_TEMPORARY = re.compile(r"\..+\.([0-9]+)-[0-9]+\.tmp")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporaries of `write_temporary` in `folder` whose process is gone; return them.

    A process killed mid-write (``kill -9``) leaves its temporary behind. The
    process id in the name tells whether the writer may still be running: a
    file whose process is alive (or may be: its id was reused) is kept.
    """
    removed = []
    for entry in os.scandir(folder):
        match = _TEMPORARY.fullmatch(entry.name)
        if match is None or not entry.is_file(follow_symlinks=False) or _alive(int(match.group(1))):
            continue
        Path(entry.path).unlink(missing_ok=True)
        removed.append(Path(entry.path))
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process, or not a process id we can check: keep the file
    return True
