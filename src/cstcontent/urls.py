"""URL policy: which link targets a guide may contain.

A URL is judged the way a browser's URL parser will read it (WHATWG URL
standard): leading and trailing C0 controls and spaces are stripped and tab, CR
and LF are removed anywhere before the scheme is read, so ``" java\\tscript:"``
counts as ``javascript:``. The character-reference-decoded form is judged too,
because a consumer that decodes HTML entities would see ``javascript&#58;...``
as ``javascript:...``.
"""

from __future__ import annotations

import html
import re

from ._messages import shown
from .errors import GuideValueError

__all__ = ["ALLOWED_SCHEMES", "browser_view", "check_url", "url_scheme"]

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_STRIP = "".join(chr(c) for c in range(0x21))  # C0 controls and space
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def browser_view(url: str) -> str:
    """Return `url` as a browser's URL parser sees it before reading the scheme."""
    return _TAB_OR_NEWLINE.sub("", url.strip(_STRIP))


def url_scheme(url: str) -> str | None:
    """Return the lower-cased scheme a browser would read from `url`, or None if relative."""
    match = _SCHEME.match(browser_view(url))
    return match.group(1).lower() if match else None


def check_url(url: str, *, absolute: bool) -> None:
    """Raise `GuideValueError` unless `url` is a safe link target.

    Args:
        url: The URL as written in the guide.
        absolute: Require an absolute http(s) URL (canonical and site URLs)
            instead of allowing mailto, tel, relative and fragment links.
    """
    if not browser_view(url):
        raise GuideValueError("a URL must not be empty")
    try:
        from urllib.parse import urlsplit  # imported on first use: it pulls in ipaddress

        urlsplit(browser_view(url))
    except ValueError as error:  # e.g. an unbalanced '[' in the host
        raise GuideValueError(f"URL {shown(url)} is not a valid URL: {error}") from None
    for form in dict.fromkeys((url, html.unescape(url))):
        scheme = url_scheme(form)
        if scheme is not None and scheme not in ALLOWED_SCHEMES:
            raise GuideValueError(
                f"URL {shown(url)} uses the scheme {shown(scheme)}; only http, https, mailto and tel"
                " links, relative links and #fragments are allowed"
            )
    if absolute:
        scheme = url_scheme(url)
        if scheme not in ("http", "https") or not re.match(r"https?://[^/?#\s]", browser_view(url), re.I):
            raise GuideValueError(f"URL {shown(url)} must be an absolute http:// or https:// URL")
        if re.search(r"\s", url):
            raise GuideValueError(f"URL {shown(url)} must not contain spaces, tabs or line breaks")
