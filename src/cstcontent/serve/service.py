"""The framework-neutral core of the server: a request in, a `Response` out.

Routes (``GET`` and ``HEAD``)::

    /                       the list of guides (with any source errors)
    /SLUG                   the guide as a standalone HTML page
    /SLUG.jsonld|.txt|.md|.json   the guide in that format
    /SLUG/fragment/MODE     the bare fragment, MODE one of the isolation modes
    /SLUG/embed/MODE        the fragment inside a sample host page
    /oembed?url=URL         the oEmbed 1.0 response of the guide at URL (its last path segment)

Every response has a strong ``ETag`` (a hash of its body) and answers a matching
``If-None-Match`` with ``304``. HTML responses carry a Content-Security-Policy
whose nonce is on every ``<style>`` and ``<script>`` written: the nonce is an
HMAC of the request path under a key made at start-up, so it is unpredictable
yet stable from one request to the next, which keeps ETags useful.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from .. import exporters
from ..errors import CstContentError, SourceError
from ..exporters.html import ISOLATIONS
from ..model import ConditionGuide
from ..site import SiteSettings
from .sources import FolderSource, GuideSource, source_line

__all__ = [
    "FORMAT_SUFFIXES",
    "GuideService",
    "Response",
    "content_security_policy",
    "etag_of",
    "folder_service",
]

#: The formats served beside each page, by URL suffix.
FORMAT_SUFFIXES = {"jsonld": "jsonld", "txt": "text", "md": "markdown", "json": "json"}
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_PAGE = re.compile(rf"/({_SLUG})")
_SLUG_ONLY = re.compile(_SLUG)
_FORMAT = re.compile(rf"/({_SLUG})\.({'|'.join(FORMAT_SUFFIXES)})")
_FRAGMENT = re.compile(rf"/({_SLUG})/(fragment|embed)/({'|'.join(ISOLATIONS)})")
_SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)


@attrs.frozen
class Response:
    """An HTTP response: status, headers (in order) and body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The value of the first header called `name` (any case), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


def content_security_policy(nonce: str) -> str:
    """The policy of every HTML response: nothing but our nonce'd styles and scripts, and images."""
    return (
        f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}';"
        " img-src 'self' https: http:; connect-src 'self'; base-uri 'none'; form-action 'none';"
        " frame-ancestors 'self'"
    )


def etag_of(body: bytes) -> str:
    """A strong entity tag for `body`."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    if if_none_match is None:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


def _templates() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("cstcontent.serve", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@attrs.define
class _Problem:
    text: str
    excerpt: str | None


class GuideService:
    """Answers requests for the guides of a `GuideSource`.

    Args:
        source: Where the guides come from (e.g. `FolderSource("guides")`).
        site: The site settings every guide is exported with, or a function
            returning them (called per request, so a preview sees edits).
        preview: Show source errors in full, with the source line, and put
            `reload_script` into every HTML page; otherwise an error answers
            ``500`` without detail and pages may be cached for `max_age` seconds.
        template_dir: The html exporter's `template_dir`.
        max_age: The ``Cache-Control`` max-age outside preview.
        reload_script: A function of (nonce) returning HTML to put before
            ``</body>`` of every HTML page (the preview server's live reload).
    """

    def __init__(
        self,
        source: GuideSource,
        *,
        site: SiteSettings | Callable[[], SiteSettings | None] | None = None,
        preview: bool = False,
        template_dir: str | None = None,
        max_age: int = 300,
        reload_script: Callable[[str], str] | None = None,
    ) -> None:
        self.source = source
        self._site = site
        self.preview = preview
        self.template_dir = template_dir
        self.max_age = max_age
        self.reload_script = reload_script
        self._key = secrets.token_bytes(32)
        self._templates = _templates()

    @property
    def site(self) -> SiteSettings | None:
        """The site settings in force for this request."""
        return self._site() if callable(self._site) else self._site

    def handle(self, method: str, path: str, headers: Mapping[str, str], query: str = "") -> Response:
        """Answer one request.

        `path` is percent-decoded, `query` is the raw query string and `headers`
        maps lower-case names to values.
        """
        if method not in ("GET", "HEAD"):
            return Response(405, (("Allow", "GET, HEAD"), ("Content-Type", "text/plain; charset=utf-8")),
                            b"method not allowed\n")  # fmt: skip
        digest = hmac.new(self._key, path.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()
        nonce = base64.urlsafe_b64encode(digest[:18]).decode()
        try:
            response = self._oembed(query, nonce) if path == "/oembed" else self._route(path, nonce)
        except CstContentError as error:  # e.g. site settings that stopped being valid
            response = self._error_page(path.strip("/") or "site", error, nonce)
        etag = etag_of(response.body)
        cache = "no-cache" if self.preview or response.status != 200 else f"public, max-age={self.max_age}"
        extra = (("ETag", etag), ("Cache-Control", cache), *_SECURITY_HEADERS)
        if response.status == 200 and _matches(headers.get("if-none-match"), etag):
            kept = tuple((k, v) for k, v in response.headers if k.lower() == "content-security-policy")
            return Response(304, kept + extra, b"")
        headers_out = response.headers + extra + (("Content-Length", str(len(response.body))),)
        return Response(response.status, headers_out, b"" if method == "HEAD" else response.body)

    def _route(self, path: str, nonce: str) -> Response:
        if path == "/":
            return self._html(200, self._index(nonce), nonce)
        if match := _FORMAT.fullmatch(path):
            return self._format(match.group(1), FORMAT_SUFFIXES[match.group(2)], nonce)
        page: Callable[[ConditionGuide], str] | None = None
        if match := _PAGE.fullmatch(path):
            slug = match.group(1)
            page = lambda guide: self._export(guide, "html", nonce=nonce)  # noqa: E731
        elif match := _FRAGMENT.fullmatch(path):
            slug, kind, mode = match.groups()
            if kind == "fragment":
                guide = self._load(slug, nonce)
                if isinstance(guide, Response):
                    return guide
                return self._html(200, self._fragment(guide, mode, nonce), nonce, page=False)
            page = lambda guide: self._host_page(guide, mode, nonce)  # noqa: E731
        if page is None:
            return self._not_found(nonce)
        guide = self._load(slug, nonce)
        return guide if isinstance(guide, Response) else self._html(200, page(guide), nonce)

    # -- guides --------------------------------------------------------------------------------

    def _load(self, slug: str, nonce: str) -> ConditionGuide | Response:
        if self.source.path(slug) is None:
            return self._not_found(nonce)
        try:
            return self.source.load(slug)
        except CstContentError as error:
            return self._error_page(slug, error, nonce)

    def _format(self, slug: str, format_name: str, nonce: str) -> Response:
        guide = self._load(slug, nonce)
        if isinstance(guide, Response):
            return guide
        try:
            exporter = exporters.get(format_name, **self._site_option(format_name))
            text = exporter.export(guide)
        except CstContentError as error:
            return self._error_page(slug, error, nonce, status=404)
        media = f"{exporter.media_type}; charset=utf-8"
        return Response(200, (("Content-Type", media),), text.encode())

    def _oembed(self, query: str, nonce: str) -> Response:
        """The oEmbed endpoint: the guide named by the last path segment of ``url``, as JSON only."""
        parameters = urllib.parse.parse_qs(query)
        if parameters.get("format", ["json"])[0] != "json":
            return Response(501, (("Content-Type", "text/plain; charset=utf-8"),), b"only format=json\n")
        url = parameters.get("url", [""])[0]
        slug = urllib.parse.urlsplit(url).path.rstrip("/").rpartition("/")[2].removesuffix(".html")
        if not url or not _SLUG_ONLY.fullmatch(slug):
            return self._not_found(nonce)
        guide = self._load(slug, nonce)
        if isinstance(guide, Response):
            return guide
        sizes = {
            name: min(int(value[0]), default)
            for name, key, default in (("width", "maxwidth", 640), ("height", "maxheight", 800))
            if (value := parameters.get(key)) and value[0].isdigit() and int(value[0]) > 0
        }
        text = self._export(guide, "oembed", **sizes)
        return Response(200, (("Content-Type", "application/json; charset=utf-8"),), text.encode())

    def _export(self, guide: ConditionGuide, format_name: str, **options: Any) -> str:
        options.update(self._site_option(format_name))
        if format_name == "html" and self.template_dir is not None:
            options["template_dir"] = self.template_dir
        return exporters.get(format_name, **options).export(guide)

    def _site_option(self, format_name: str) -> dict[str, Any]:
        site = self.site
        fields = getattr(exporters.factory(format_name), "__attrs_attrs__", ())
        if site is None or "site" not in {field.name for field in fields}:
            return {}
        return {"site": site}

    def _fragment(self, guide: ConditionGuide, isolation: str, nonce: str) -> str:
        return self._export(
            guide, "html", standalone=False, isolation=isolation, nonce=nonce, heading_level=2
        )

    def _host_page(self, guide: ConditionGuide, isolation: str, nonce: str) -> str:
        from markupsafe import Markup

        # The fragment is the html exporter's output, which escapes every text itself.
        fragment = Markup(self._fragment(guide, isolation, nonce))  # noqa: S704
        return self._render("host.html", nonce, guide=guide, isolation=isolation, fragment=fragment)

    # -- pages of our own -------------------------------------------------------------------------

    def _index(self, nonce: str) -> str:
        entries = []
        for slug in self.source.slugs():
            try:
                entries.append({"slug": slug, "guide": self.source.load(slug), "problems": []})
            except CstContentError as error:
                problems = (
                    [p.text for p in self._problems(slug, error)] if self.preview else ["not available"]
                )
                entries.append({"slug": slug, "guide": None, "problems": problems})
        folder = getattr(self.source, "folder", "")
        formats = [(name, suffix) for suffix, name in FORMAT_SUFFIXES.items()]
        return self._render(
            "index.html", nonce, entries=entries, folder=str(folder), isolations=ISOLATIONS, formats=formats
        )

    def _error_page(self, slug: str, error: CstContentError, nonce: str, *, status: int = 500) -> Response:
        if not self.preview:
            heading, problems = "This guide is not available", []
        else:
            heading, problems = f"{slug} cannot be shown", self._problems(slug, error)
        return self._html(
            status, self._render("error.html", nonce, heading=heading, problems=problems), nonce
        )

    def _problems(self, slug: str, error: CstContentError) -> list[_Problem]:
        path = self.source.path(slug)
        found = getattr(error, "problems", None) or [error]
        problems = []
        for problem in found:
            line = problem.line if isinstance(problem, SourceError) else None
            text = str(problem) if isinstance(problem, SourceError) else f"{path}: {problem}"
            excerpt = source_line(path, line) if path is not None else None
            problems.append(_Problem(text.splitlines()[0] if text else text, excerpt))
        return problems

    def _not_found(self, nonce: str) -> Response:
        return self._html(404, self._render("error.html", nonce, heading="Not found", problems=[]), nonce)

    def _render(self, name: str, nonce: str, **context: Any) -> str:
        from markupsafe import Markup

        template = self._templates.get_template(name)
        return str(template.render(nonce_attribute=Markup(' nonce="%s"') % nonce, **context))

    def _html(self, status: int, text: str, nonce: str, *, page: bool = True) -> Response:
        """An HTML response with the policy of `nonce`; a page gets the reload script too."""
        if page and self.reload_script is not None:
            head, tag, tail = text.rpartition("</body>")
            text = head + self.reload_script(nonce) + tag + tail if tag else text + self.reload_script(nonce)
        headers = (
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Security-Policy", content_security_policy(nonce)),
        )
        return Response(status, headers, text.encode())


def folder_service(folder: str | Path, **options: Any) -> GuideService:
    """A `GuideService` over the guides in `folder` (see `GuideService` for `options`)."""
    return GuideService(FolderSource(folder), **options)
