"""The syndication kit: an oEmbed response, an iframe embed page that reports its height, a partner snippet.

Every form carries the attribution ("From <site>", linked to the canonical
page) unless turned off, and its JSON-LD describes a syndicated copy
(`cstcontent.structured.syndication`). The embed page's script (``resize.js``,
ours, MIT) posts ``{"type": "cstcontent:height", "height": N}`` to the framing
page whenever its height changes (load, resize, a ``<details>`` opening); the
snippet's listener accepts it only from its own frame and that frame's origin.
Every ``<script>`` and ``<style>`` takes the `nonce`, so a strict CSP works.
The oEmbed response and the snippet carry the guide's content hash
(`cstcontent.freshness`) and the oEmbed response its review dates, so a
consumer can tell when its copy is out of date.
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import attrs
import jinja2
from markupsafe import Markup

from .._messages import shown
from ..errors import ExportError
from ..freshness import content_hash
from ..model import ConditionGuide
from ..site import SiteSettings
from .base import Exporter
from .html import ISOLATIONS, HtmlExporter, Isolation, _check_nonce, _check_site_name
from .jsonld import dumps_for_script

__all__ = ["EmbedPageExporter", "OEmbedExporter", "SnippetExporter", "embed_url"]

EMBED_EXTENSION = ".embed.html"


def embed_url(guide: ConditionGuide) -> str:
    """Where the embed page of `guide` is published: beside the canonical page (``URL.embed.html``)."""
    if guide.url is None:
        return f"{guide.slug}{EMBED_EXTENSION}"
    parts = urlsplit(guide.url)
    return parts._replace(path=parts.path + EMBED_EXTENSION, query="", fragment="").geturl()


def _site(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, SiteSettings):
        raise TypeError(f"the option site must be a cstcontent.site.SiteSettings, not {type(value).__name__}")


def _size(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or not 1 <= value <= 10_000:
        raise ValueError(f"the option {attribute.name} must be a whole number of pixels from 1 to 10000")


def _bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not bool:
        raise TypeError(f"the option {attribute.name} must be True or False, not {shown(value)}")


def _isolation(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ISOLATIONS:
        raise ValueError(f"the option isolation must be one of {', '.join(ISOLATIONS)}, not {shown(value)}")


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("cstcontent.exporters", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _render(template: str, **context: Any) -> str:
    try:
        return _environment().get_template(template).render(**context).rstrip() + "\n"
    except jinja2.TemplateError as error:
        raise ExportError(f"the {template} template failed: {type(error).__name__}: {error}") from error


def _nonce_attribute(nonce: str | None) -> str:
    return Markup(' nonce="%s"') % nonce if nonce else ""


@attrs.frozen(kw_only=True)
class _Syndicated(Exporter):
    """What the three syndicated forms share.

    Attributes:
        site: The publishing site's settings: the canonical URL of a guide with
            no ``url``, the attribution's name, the copy's ``license`` and
            ``copyrightHolder``.
        attribution: End the fragment with "From <site>" linking to the
            guide's canonical page.
        site_name: The attribution's link text; by default the site's name,
            else the host of the guide's ``url``.
        nonce: A Content-Security-Policy nonce put on every ``<script>`` and
            ``<style>`` written.
    """

    site: SiteSettings | None = attrs.field(default=None, validator=_site)
    attribution: bool = attrs.field(default=True, validator=_bool)
    site_name: str | None = attrs.field(default=None, validator=_check_site_name)
    nonce: str | None = attrs.field(default=None, validator=_check_nonce)

    def _place(self, guide: ConditionGuide) -> ConditionGuide:
        return self.site.place(guide) if self.site is not None else guide

    def _fragment(self, guide: ConditionGuide, isolation: Isolation) -> str:
        try:
            exporter = HtmlExporter(
                standalone=False,
                isolation=isolation,
                site=self.site,
                attribution=self.attribution,
                site_name=self.site_name or (self.site.name if self.site else None),
                nonce=self.nonce,
                syndicated=True,
            )
        except ValueError as error:  # e.g. a site name the attribution cannot show
            raise ExportError(str(error)) from error
        return exporter.export(guide)


@attrs.frozen(kw_only=True)
class OEmbedExporter(_Syndicated):
    """An oEmbed 1.0 ``rich`` response whose ``html`` is the guide's fragment.

    Attributes:
        width: The ``width`` in pixels the response states.
        height: The ``height`` in pixels it states (the fragment grows with its content).
        isolation: The fragment's isolation; ``scoped`` by default, because a
            consumer that inserts the HTML with ``innerHTML`` would leave a
            declarative shadow root unrendered.
    """

    name: ClassVar[str] = "oembed"
    media_type: ClassVar[str] = "application/json+oembed"
    extension: ClassVar[str] = ".oembed.json"

    width: int = attrs.field(default=640, validator=_size)
    height: int = attrs.field(default=800, validator=_size)
    isolation: Isolation = attrs.field(default="scoped", validator=_isolation)

    def export(self, guide: ConditionGuide) -> str:
        """Return the oEmbed response as JSON (``<``, ``>`` and ``&`` escaped, so it is safe in a script)."""
        guide = self._place(guide)
        response: dict[str, Any] = {
            "version": "1.0",
            "type": "rich",
            "title": guide.title,
            "html": self._fragment(guide, self.isolation),
            "width": self.width,
            "height": self.height,
        }
        if guide.authors:
            response["author_name"] = ", ".join(person.name for person in guide.authors)
            if guide.authors[0].url:
                response["author_url"] = guide.authors[0].url
        provider = (self.site.name if self.site else None) or (
            urlsplit(guide.url).hostname if guide.url else None
        )
        if provider:
            response["provider_name"] = provider
        home = (self.site.home_url if self.site else None) or (urljoin(guide.url, "/") if guide.url else None)
        if home:
            response["provider_url"] = home
        # Extra parameters, which oEmbed allows: what a consumer needs to keep its copy current.
        response["content_hash"] = content_hash(guide, self.site)
        for key, date in (("last_reviewed", guide.last_reviewed), ("next_review", guide.next_review)):
            if date is not None:
                response[key] = date.isoformat()
        return dumps_for_script(response) + "\n"


@attrs.frozen(kw_only=True)
class EmbedPageExporter(_Syndicated):
    """The page an ``<iframe>`` shows: the fragment and the height-reporting script."""

    name: ClassVar[str] = "embed"
    media_type: ClassVar[str] = "text/html"
    extension: ClassVar[str] = EMBED_EXTENSION

    def export(self, guide: ConditionGuide) -> str:
        """Return the embed page of `guide`."""
        guide = self._place(guide)
        return _render(
            "embed_page.html",
            guide=guide,
            canonical=_encode(guide.url or ""),
            fragment=Markup(self._fragment(guide, "shadow")),  # noqa: S704 - HtmlExporter escaped it
            nonce_attribute=_nonce_attribute(self.nonce),
        )


@attrs.frozen(kw_only=True)
class SnippetExporter(_Syndicated):
    """The HTML a partner pastes: an ``<iframe>`` of the embed page that takes its content's height.

    Attributes:
        height: The frame's height in pixels until the embed page reports its own.
    """

    name: ClassVar[str] = "snippet"
    media_type: ClassVar[str] = "text/html"
    extension: ClassVar[str] = ".snippet.html"

    height: int = attrs.field(default=800, validator=_size)

    def export(self, guide: ConditionGuide) -> str:
        """Return the snippet of `guide`."""
        guide = self._place(guide)
        return _render(
            "snippet.html",
            guide=guide,
            frame_id=f"cst-embed-{guide.slug}",
            src=_encode(embed_url(guide)),
            height=self.height,
            content_hash=content_hash(guide, self.site),
            nonce_attribute=_nonce_attribute(self.nonce),
        )


def _encode(url: str) -> str:
    from mdurl import encode

    return str(encode(url))
