"""Readers: build a `ConditionGuide` from a source format."""

from __future__ import annotations

import os
from collections.abc import Callable

from ..errors import OptionError, SourceError
from ..files import FileRefusedError, FileTooLargeError, read_limited
from ..model import ConditionGuide
from ._source import DEFAULT_MAX_BLOCKS, DEFAULT_MAX_BYTES, decode_source, size_error

__all__ = [
    "DEFAULT_MAX_BLOCKS",
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "SUFFIXES",
    "format_for_path",
    "read",
    "read_file",
    "read_source_bytes",
]

FORMATS = ("markdown", "json", "html")
SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".json": "json", ".html": "html", ".htm": "html"}


def _reader(format: str) -> Callable[..., ConditionGuide]:
    if format == "json":
        from .json import read_json

        return read_json
    if format == "html":
        from .html import read_html

        return read_html
    raise OptionError(f"unknown source format {format!r}; use one of: {', '.join(FORMATS)}")


def format_for_path(path: str | os.PathLike[str]) -> str:
    """The source format of `path`, from its suffix."""
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    if suffix not in SUFFIXES:
        raise SourceError(
            f"cannot tell the format from the suffix {suffix!r}; use one of: {', '.join(SUFFIXES)}",
            path=path,
            line=None,
        )
    return SUFFIXES[suffix]


def read(
    source: str | bytes,
    format: str,
    *,
    path: str | os.PathLike[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_blocks: int = DEFAULT_MAX_BLOCKS,
) -> ConditionGuide:
    """Read a guide from `source` (text, or bytes decoded as UTF-8) in `format`."""
    text = decode_source(source, path=path, max_bytes=max_bytes)
    if format == "markdown":
        from .markdown import read_markdown

        return read_markdown(text, path=path, max_blocks=max_blocks)
    return _reader(format)(text, path=path)


def read_file(
    path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, max_blocks: int = DEFAULT_MAX_BLOCKS
) -> ConditionGuide:
    """Read the guide in the file at `path`, its format chosen by its suffix.

    Only a regular file is read (a FIFO or a device is refused), and never more
    than `max_bytes` of it.
    """
    data = read_source_bytes(path, max_bytes=max_bytes)
    return read(data, format_for_path(path), path=path, max_bytes=max_bytes, max_blocks=max_blocks)


def read_source_bytes(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of the source file at `path`: a regular file of at most `max_bytes`, or a `SourceError`."""
    try:
        return read_limited(path, max_bytes)
    except FileTooLargeError as error:
        raise size_error(error.size, path=path, max_bytes=max_bytes) from None
    except FileRefusedError as error:
        raise SourceError(f"cannot read the source: {error}", path=path, line=None) from None
    except OSError as error:
        raise SourceError(f"cannot read the file: {error.strerror or error}", path=path, line=None) from None
