"""Problems found in JSON-LD, each with the JSON path of the value it is about."""

from __future__ import annotations

import re
from typing import Literal, TypeAlias

import attrs

__all__ = ["JsonPath", "Problem", "Report", "format_path"]

#: Keys and indexes from the document's root, e.g. ``(0, "@graph", 2, "name")``.
JsonPath: TypeAlias = tuple[int | str, ...]
Severity: TypeAlias = Literal["error", "warning"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def format_path(path: JsonPath) -> str:
    """Return `path` written as a JSONPath, e.g. ``$[0]['@graph'][2].name``."""
    parts = ["$"]
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        elif _NAME.fullmatch(part):
            parts.append(f".{part}")
        else:
            quoted = part.replace("\\", "\\\\").replace("'", "\\'")
            parts.append(f"['{quoted}']")
    return "".join(parts)


@attrs.frozen
class Problem:
    """One problem: how bad it is, where it is, and what is wrong."""

    severity: Severity
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.path}: {self.message}"


@attrs.define
class Report:
    """Collects problems in the order they are found."""

    problems: list[Problem] = attrs.Factory(list)
    #: Facts worth saying once that are not problems of the file (e.g. about a consumer).
    notes: set[str] = attrs.Factory(set)

    def error(self, path: JsonPath, message: str) -> None:
        """Record an error at `path`."""
        self.problems.append(Problem("error", format_path(path), message))

    def warning(self, path: JsonPath, message: str) -> None:
        """Record a warning at `path`."""
        self.problems.append(Problem("warning", format_path(path), message))
