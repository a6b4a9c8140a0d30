"""The exceptions cstcontent raises; every one is a `CstContentError`."""

from __future__ import annotations

import os

__all__ = [
    "CstContentError",
    "ExportError",
    "ExportWarning",
    "GuideValueError",
    "SourceError",
    "SourceWarning",
]


class CstContentError(Exception):
    """Base class of every error this library raises on purpose."""


class GuideValueError(CstContentError, ValueError):
    """A model object was given an invalid value.

    Attributes:
        field: The name of the invalid field, when known.
        line: The 1-based source line the value came from, when known.
    """

    def __init__(self, message: str, *, field: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.line = line


class SourceError(CstContentError, ValueError):
    """A source file cannot be read into a guide.

    Its text is always ``path:line: message`` (or ``path: message`` when no line
    applies), the form editors and their tools know from compilers.
    """

    def __init__(self, message: str, *, path: str | os.PathLike[str] | None, line: int | None) -> None:
        self.message = message
        self.path = os.fspath(path) if path is not None else "<string>"
        self.line = line
        where = self.path if line is None else f"{self.path}:{line}"
        super().__init__(f"{where}: {message}")


class ExportError(CstContentError):
    """A guide cannot be rendered in the requested format (e.g. JSON-LD of a guide with no FAQ)."""


class SourceWarning(UserWarning):
    """Part of a source was read but could not be mapped to the model (e.g. an HTML form).

    Its text is ``path:line: message``, like a `SourceError`'s.
    """


class ExportWarning(UserWarning):
    """An output was written but may not serve its purpose well (e.g. a meta description too long)."""


class UnknownFormatError(CstContentError, KeyError):
    """No exporter has the requested name (a `KeyError` too, as it was before)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class OptionError(CstContentError, TypeError, ValueError):
    """An exporter was given an option it does not have, or a bad value for one.

    A `TypeError` and a `ValueError` too, as exporters raised before.
    """
