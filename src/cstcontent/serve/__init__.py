"""Serving guides over HTTP: one framework-neutral core, ASGI and WSGI adapters, a preview server.

`GuideService` answers a request (method, path, headers) with a `Response`;
`asgi_app` and `wsgi_app` put it behind either server interface, and
`cstcontent serve` runs it with live reload for editors. Nothing here is imported
by ``import cstcontent``; the ASGI server and file watcher come from the
``serve`` extra.
"""

from __future__ import annotations

from .adapters import asgi_app, wsgi_app
from .service import GuideService, Response
from .sources import FolderSource, GuideSource

__all__ = ["FolderSource", "GuideService", "GuideSource", "Response", "asgi_app", "wsgi_app"]
