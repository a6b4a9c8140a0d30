"""Turning a source's bytes into clean text, or an error naming the line."""

from __future__ import annotations

import os
import re

from ..errors import SourceError

__all__ = ["DEFAULT_MAX_BLOCKS", "DEFAULT_MAX_BYTES", "check_size", "decode_source", "size_error"]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_BLOCKS = 10_000
_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


def check_size(size: int, *, path: str | os.PathLike[str] | None, max_bytes: int) -> None:
    """Refuse a source of `size` bytes over `max_bytes`, before any parsing."""
    if size > max_bytes:
        raise size_error(size, path=path, max_bytes=max_bytes)


def size_error(size: int, *, path: str | os.PathLike[str] | None, max_bytes: int) -> SourceError:
    """The error for a source of `size` bytes, over `max_bytes`."""
    return SourceError(
        f"the source is {size:,} bytes, over the limit of {max_bytes:,}; split it or raise max_bytes",
        path=path,
        line=None,
    )


def decode_source(
    data: bytes | str, *, path: str | os.PathLike[str] | None, max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """Return the text of a source with line endings made ``\\n``.

    Bytes are decoded as UTF-8, with or without a byte order mark. Raises
    `SourceError` for a source over `max_bytes`, invalid UTF-8, a NUL
    character or a lone surrogate, each with the line it is on.
    """
    check_size(
        len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass")),
        path=path,
        max_bytes=max_bytes,
    )
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SourceError(
                f"invalid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
                path=path,
                line=data.count(b"\n", 0, error.start) + 1,
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    bad = _NOT_TEXT.search(text)
    if bad:
        char = bad.group()
        what = "a NUL character" if char == "\x00" else f"the lone surrogate U+{ord(char):04X}"
        raise SourceError(
            f"the source contains {what}, which is not text",
            path=path,
            line=text.count("\n", 0, bad.start()) + 1,
        )
    return text
