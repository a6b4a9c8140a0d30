"""Reading a named file safely: regular files only, never more than a bound.

``os.path.getsize`` says 0 for ``/dev/zero`` and opening a FIFO blocks until
someone writes to it, so a size check before ``read()`` bounds nothing. Here the
file is opened without blocking, checked to be a regular file on the open
descriptor (no race with a rename), and read up to one byte past the limit.
"""

from __future__ import annotations

import os
import stat

__all__ = ["FileRefusedError", "FileTooLargeError", "read_limited"]


class FileRefusedError(OSError):
    """The path is not a regular file, or it is larger than allowed."""


class FileTooLargeError(FileRefusedError):
    """The file holds more bytes than allowed; `size` is how many (at least)."""

    def __init__(self, size: int, max_bytes: int) -> None:
        super().__init__(f"it is {size:,} bytes, over the limit of {max_bytes:,}")
        self.size = size


def read_limited(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """Return the bytes of the regular file at `path` (symlinks followed).

    Raises:
        FileRefusedError: It is not a regular file (a FIFO, a device, a folder,
            a socket), or it holds more than `max_bytes` bytes.
        OSError: It cannot be opened or read.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(descriptor)
        mode = status.st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode) else "a device"
            raise FileRefusedError(f"it is {kind}, not a regular file")
        if status.st_size > max_bytes:
            raise FileTooLargeError(status.st_size, max_bytes)
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            chunk = os.read(descriptor, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > max_bytes:  # it grew since fstat
            raise FileTooLargeError(size, max_bytes)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
