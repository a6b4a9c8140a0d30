"""Serving guides over HTTP: one framework-neutral core, ASGI and WSGI adapters, a preview server.

`GuideService` answers a request (method, path, headers) with a `Response`;
`asgi_app` and `wsgi_app` put it behind either server interface, and
`cstcontent serve` runs it with live reload for editors. Nothing here is imported
by ``import cstcontent``; the ASGI server and file watcher come from the
``serve`` extra.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .adapters import asgi_app, wsgi_app
    from .service import GuideService, Response
    from .sources import FolderSource, GuideSource

__all__ = ["FolderSource", "GuideService", "GuideSource", "Response", "asgi_app", "wsgi_app"]

# Imported on first use, so that the CLI, which adds the serve command's arguments from
# `serve.command`, does not load the service, Jinja and asyncio on every run.
_HOMES = {
    "asgi_app": "adapters",
    "wsgi_app": "adapters",
    "GuideService": "service",
    "Response": "service",
    "FolderSource": "sources",
    "GuideSource": "sources",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
