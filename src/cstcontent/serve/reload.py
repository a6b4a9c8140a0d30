"""Live reload for the preview server: watch files, tell open pages to reload.

Every preview page carries `reload_script`, which opens an EventSource on
``/_events`` and reloads the page when the change count it was rendered with
is no longer the server's. `ChangeFeed.watch` bumps the count whenever a watched
file changes (sources, templates, site settings), using watchfiles.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Sequence

__all__ = ["EVENTS_PATH", "ChangeFeed"]

EVENTS_PATH = "/_events"


class ChangeFeed:
    """A change counter that waiters can await, fed by a file watcher."""

    def __init__(
        self, paths: Sequence[str | os.PathLike[str]], *, on_change: Callable[[], None] | None = None
    ) -> None:
        self.paths = [os.fspath(path) for path in paths]
        self.version = 0
        self.on_change = on_change
        self._changed: asyncio.Condition | None = None

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    async def bump(self) -> None:
        """Count one change and wake every waiter."""
        self.version += 1
        if self.on_change is not None:
            self.on_change()
        async with self._condition():
            self._condition().notify_all()

    async def wait(self, seen: int) -> int:
        """Return the version once it differs from `seen`."""
        async with self._condition():
            await self._condition().wait_for(lambda: self.version != seen)
        return self.version

    async def watch(self, stop: asyncio.Event, ready: asyncio.Event) -> None:
        """Bump on every batch of file changes under `paths` until `stop` is set.

        `ready` is set once the watcher runs, so no change made after it can be missed.
        """
        from watchfiles import awatch

        watcher = awatch(
            *self.paths, stop_event=stop, debounce=100, step=50, rust_timeout=100, yield_on_timeout=True
        )
        async for changes in watcher:
            ready.set()  # the first timeout (or change) proves the watch is in place
            if changes:
                await self.bump()

    def script(self, nonce: str) -> str:
        """The page's reload script, with `nonce` and the version it was rendered at."""
        version = json.dumps(str(self.version))
        return (
            f'<script nonce="{nonce}">(() => {{ const seen = {version};'
            f' const events = new EventSource("{EVENTS_PATH}");'
            " events.onmessage = (event) => {"
            " if (event.data !== seen) { events.close(); location.reload(); } };"
            " })();</script>\n"
        )
