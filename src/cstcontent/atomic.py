"""Writing files so that a reader never sees a partial one."""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


@functools.cache
def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` as UTF-8, all or nothing.

    The text goes to a temporary file in the same folder, is flushed to disk,
    and then renamed over `path` with `os.replace`, which is atomic: a crash or
    an error leaves either the old file or the complete new one. A symlink at
    `path` is replaced, never followed.
    """
    data = text.encode("utf-8")  # encode first: a failure here touches no file
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
