"""What an HTML import could not map: warnings that name the source line."""

from __future__ import annotations

import attrs

__all__ = ["HtmlWarning", "Notes"]


@attrs.frozen
class HtmlWarning:
    """One thing the import dropped or changed, with the source line it came from."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@attrs.define
class Notes:
    """The warnings of one import, in the order they were found, each said once."""

    path: str
    items: list[HtmlWarning] = attrs.Factory(list)

    def warn(self, message: str, line: int | None) -> None:
        """Record `message` about source line `line`, unless it is already recorded."""
        warning = HtmlWarning(self.path, line, message)
        if warning not in self.items:
            self.items.append(warning)
