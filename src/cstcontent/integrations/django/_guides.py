"""What the template tags and the view share: settings, the guide folder and the CSP nonce."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ...serve.sources import FolderSource
from ...site import SiteSettings, load_site_config

__all__ = ["folder_source", "request_nonce", "site_settings"]


def folder_source() -> FolderSource:
    """The guides of the ``CSTCONTENT_GUIDES_DIR`` setting."""
    folder = getattr(settings, "CSTCONTENT_GUIDES_DIR", None)
    if not folder:
        raise ImproperlyConfigured("set CSTCONTENT_GUIDES_DIR to the folder of your guides' sources")
    return _source(str(Path(folder).resolve()))


@functools.cache
def _source(folder: str) -> FolderSource:
    return FolderSource(folder)


def site_settings() -> SiteSettings | None:
    """The site settings of the ``CSTCONTENT_SITE_CONFIG`` setting (a cstcontent.toml), if set."""
    path = getattr(settings, "CSTCONTENT_SITE_CONFIG", None)
    return load_site_config(path) if path else None


def request_nonce(context: Any, request: Any = None) -> str | None:
    """The CSP nonce of the request being rendered, if the site uses one.

    Reading it makes django-csp (whose ``request.csp_nonce`` is lazy, and false
    until read) put it in the response's policy.
    """
    nonce = context.get("csp_nonce") if context is not None else None
    if nonce is None:
        if request is None and context is not None:
            request = context.get("request")
        nonce = getattr(request, "csp_nonce", None)
    text = str(nonce) if nonce is not None else ""
    return text or None
