"""The exceptions cstcontent raises; every one is a `CstContentError`."""

from __future__ import annotations

import os
from collections.abc import Iterable

__all__ = [
    "MAX_PROBLEMS",
    "CstContentError",
    "ExportError",
    "ExportWarning",
    "GuideValueError",
    "SourceError",
    "SourceWarning",
]

# A source with more problems than this reports the first ones (in line order) and a count of the rest.
MAX_PROBLEMS = 50


class CstContentError(Exception):
    """Base class of every error this library raises on purpose."""


class GuideValueError(CstContentError, ValueError):
    """A model object was given an invalid value.

    A guide with several problems as a whole (dates out of order, an id used twice)
    raises the first, with all of them in `problems`.

    Attributes:
        field: The name of the invalid field, when known.
        line: The 1-based source line the value came from, when known.
        problems: Every problem found, this one first (this error alone if it is the only one).
    """

    def __init__(self, message: str, *, field: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.line = line
        self.problems: tuple[GuideValueError, ...] = (self,)


class SourceError(CstContentError, ValueError):
    """A source file cannot be read into a guide.

    Its text is always ``path:line: message`` (or ``path: message`` when no line
    applies), the form editors and their tools know from compilers. A reader that
    finds several problems raises one `SourceError` listing them all, in line
    order: `problems` holds one `SourceError` per problem and the text has one
    ``path:line: message`` line each, the first problem first (`message` and
    `line` are the first problem's).

    Attributes:
        problems: Every problem found, in line order (this error alone if it is the only one).
        omitted: How many further problems were found but left out over `MAX_PROBLEMS`.
    """

    def __init__(self, message: str, *, path: str | os.PathLike[str] | None, line: int | None) -> None:
        self.message = message
        self.path = os.fspath(path) if path is not None else "<string>"
        self.line = line
        self.problems: tuple[SourceError, ...] = (self,)
        self.omitted = 0
        super().__init__(self.location_message)

    @property
    def location_message(self) -> str:
        """This problem alone as ``path:line: message``."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"

    @classmethod
    def collect(cls, problems: Iterable[SourceError]) -> SourceError:
        """One error listing `problems` in line order (without a line first), capped at `MAX_PROBLEMS`.

        Problems given as several-problem errors are flattened; a repeated one is kept once.
        """
        flat: dict[tuple[str, int | None, str], SourceError] = {}
        for error in problems:
            for problem in error.problems:
                flat.setdefault((problem.path, problem.line, problem.message), problem)
        if not flat:
            raise ValueError("SourceError.collect needs at least one problem")
        ordered = sorted(flat.values(), key=lambda problem: -1 if problem.line is None else problem.line)
        shown = ordered[:MAX_PROBLEMS]
        first = shown[0]
        combined = cls(first.message, path=first.path, line=first.line)
        combined.problems = tuple(shown)
        combined.omitted = len(ordered) - len(shown)
        lines = [problem.location_message for problem in shown]
        if combined.omitted:
            lines.append(f"{first.path}: {combined.omitted} more problems not shown; fix these first")
        combined.args = ("\n".join(lines),)
        return combined


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
    """An exporter or reader was given an option it does not have, or a bad value for one.

    A `TypeError` and a `ValueError` too, as exporters raised before.
    """
