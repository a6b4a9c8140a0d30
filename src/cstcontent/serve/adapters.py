"""`GuideService` behind ASGI (with the preview's event stream) and behind WSGI."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from http import HTTPStatus
from typing import Any

from .reload import EVENTS_PATH, ChangeFeed
from .service import GuideService

__all__ = ["asgi_app", "wsgi_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _headers(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in raw}


def asgi_app(service: GuideService, *, changes: ChangeFeed | None = None) -> ASGIApp:
    """Return an ASGI application serving `service`; with `changes`, also the live-reload stream.

    The watcher behind `changes` runs from the server's lifespan start-up to its shutdown.
    """
    stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
        elif scope["type"] == "http":
            if changes is not None and scope["path"] == EVENTS_PATH:
                await _events(changes, receive, send)
                return
            response = await asyncio.get_running_loop().run_in_executor(
                None,
                service.handle,
                scope["method"],
                scope["path"],
                _headers(scope["headers"]),
                scope.get("query_string", b"").decode("latin-1"),
            )
            headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
            await send({"type": "http.response.start", "status": response.status, "headers": headers})
            await send({"type": "http.response.body", "body": response.body})

    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if changes is not None and changes.paths:
                    stop.clear()
                    ready = asyncio.Event()
                    tasks.append(asyncio.create_task(changes.watch(stop, ready)))
                    await asyncio.wait_for(ready.wait(), timeout=10)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                stop.set()
                for task in tasks:
                    await task
                tasks.clear()
                await send({"type": "lifespan.shutdown.complete"})
                return

    return app


async def _events(changes: ChangeFeed, receive: Receive, send: Send) -> None:
    """A text/event-stream of the change count: now, then after every change, until the client leaves."""
    headers = [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    disconnected = asyncio.ensure_future(_disconnect(receive))
    version = changes.version
    try:
        while True:
            await send(
                {"type": "http.response.body", "body": f"data: {version}\n\n".encode(), "more_body": True}
            )
            changed = asyncio.ensure_future(changes.wait(version))
            done, _ = await asyncio.wait({changed, disconnected}, return_when=asyncio.FIRST_COMPLETED)
            if disconnected in done:
                changed.cancel()
                return
            version = changed.result()
    finally:
        disconnected.cancel()


async def _disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def wsgi_app(service: GuideService) -> WSGIApp:
    """Return a WSGI application serving `service` (no live reload: WSGI cannot stream events well)."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        headers = {
            key[5:].replace("_", "-").lower(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        # PEP 3333 gives PATH_INFO as bytes decoded with latin-1; undo that to get the UTF-8 path.
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace") or "/"
        response = service.handle(environ["REQUEST_METHOD"], path, headers, environ.get("QUERY_STRING", ""))
        start_response(f"{response.status} {HTTPStatus(response.status).phrase}", list(response.headers))
        return [response.body]

    return app
