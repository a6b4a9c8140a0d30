"""A progress bar for long batches at a terminal, with lines printed above it, never into it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO, TypeVar

__all__ = ["PROGRESS_THRESHOLD", "Progress"]

#: Show a progress bar for batches at least this large, when stderr is a terminal.
PROGRESS_THRESHOLD = 20
_T = TypeVar("_T")


class Progress:
    """Counts items on a bar drawn on `stream`, when it is a terminal and there are enough items.

    Every line printed while the bar runs goes through `print`, which clears the
    bar's line first and draws the bar again below the line.
    """

    def __init__(self, total: int, stream: TextIO, *, show: bool = True) -> None:
        self._bar: Any = None
        if show and total >= PROGRESS_THRESHOLD and stream.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, file=stream, unit="guide", leave=False)

    def track(self, items: Iterator[_T]) -> Iterator[_T]:
        """Yield `items`, one step of the bar each; the bar is removed at the end."""
        try:
            for item in items:
                yield item
                if self._bar is not None:
                    self._bar.update()
        finally:
            if self._bar is not None:
                self._bar.close()
                self._bar = None

    def print(self, text: str, file: TextIO) -> None:
        """Print `text` on a line of its own in `file`, above the bar."""
        if self._bar is None:
            print(text, file=file)
            return
        self._bar.clear()
        print(text, file=file, flush=True)
        self._bar.refresh()
