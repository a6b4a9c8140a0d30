"""The built-in HTML exporter: a standalone page or an embeddable fragment.

The page is a template around the fragment, as in pandoc: ``page.html`` wraps
``guide.html`` (the ``<article>``), which includes ``byline.html``,
``faq.html``, ``references.html``, ``review.html`` and ``jsonld.html``;
``embed.html`` wraps it for embedding, by isolation mode; ``style.css`` is
the stylesheet of the page and of the ``shadow`` and ``scoped`` fragments. A user's `template_dir`
overrides any of them by name, and a user template can still reach the packaged
one as ``cstcontent/NAME`` (e.g. ``{% extends "cstcontent/page.html" %}``).

Templates autoescape every value and see: ``guide`` (the `ConditionGuide`),
``prefix`` (the id prefix), ``title_level`` and ``section_level`` (heading
levels), ``blocks(blocks)`` (body blocks as HTML), ``reference_item(reference)``
(one ``<li>`` of the references list), ``href(url)`` (a URL
percent-encoded, in-page fragments prefixed), ``jsonld`` (the JSON-LD text, or
None), ``isolation``, ``nonce_attribute`` (`` nonce="..."`` or empty),
``theme`` (``(custom property, value)`` pairs), ``attribution`` (the site
name, or None), ``attribution_logo`` (the publisher's logo URL, or None),
``scoped_style`` (put the ``scoped`` stylesheet first in the ``<article>``),
``head`` (the head metadata), ``content_hash`` (`cstcontent.freshness.content_hash`),
``style_scope`` in ``style.css`` and the filter ``date_text`` (``3 February 2026``).
Body text is rendered in Python by `cstcontent.exporters._html_body`, which escapes
every text itself.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

import attrs
import jinja2
from markupsafe import Markup

from .._checks import LINE_BREAKS, check_string
from .._messages import shown
from ..errors import ExportError
from ..freshness import content_hash
from ..model import ConditionGuide
from ..site import SiteSettings
from ._head import head_meta, warn_long_description
from ._html_body import BodyRenderer
from .base import Exporter

__all__ = [
    "ISOLATIONS",
    "TEMPLATE_NAMES",
    "THEME_KEYS",
    "HtmlExporter",
    "Isolation",
    "clear_template_cache",
    "jsonld_script",
]

#: The templates a `template_dir` can override.
TEMPLATE_NAMES = (
    "page.html", "embed.html", "guide.html", "byline.html", "faq.html", "references.html", "review.html",
    "jsonld.html", "style.css", "head.html",
)  # fmt: skip
Isolation = Literal["shadow", "scoped", "none"]
#: The fragment's isolation modes, the default first.
ISOLATIONS: tuple[Isolation, ...] = ("shadow", "scoped", "none")
#: The theme's keys and the CSS custom properties they set.
THEME_KEYS = {
    "text": "--cst-text",
    "muted": "--cst-muted",
    "background": "--cst-background",
    "accent": "--cst-accent",
    "link": "--cst-link",
    "visited": "--cst-visited",
    "rule": "--cst-rule",
    "code": "--cst-code",
    "font": "--cst-font",
}
# Embeddings, overrides and isolates: in a short label they can only reorder the host page's text.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_ID_PREFIX = re.compile(r"(?:[A-Za-z][A-Za-z0-9_-]*)?")
# A CSP nonce is a base64-value: https://www.w3.org/TR/CSP3/#grammardef-base64-value
_NONCE = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
# Theme values: colours (#hex, names, rgb()/hsl()) and font-family lists, nothing else.
_THEME_VALUE = re.compile(r"[A-Za-z0-9#%.,() _-]{1,200}")
_THEME_FUNCTIONS = re.compile(r"([A-Za-z-]*)\(")
_THEME_ALLOWED_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch"})
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _date_text(value: datetime.date) -> str:
    """Return `value` as e.g. ``3 February 2026``, whatever the process locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


@functools.cache
def _environment(template_dir: str | None, sandboxed: bool = False) -> jinja2.Environment:
    """Return the Jinja environment for `template_dir`, created once per directory and mode.

    With `sandboxed`, templates run in `jinja2.sandbox.SandboxedEnvironment`:
    they cannot reach Python internals (``__class__``, ``__subclasses__`` ...).
    """
    from jinja2.sandbox import SandboxedEnvironment

    packaged = jinja2.PackageLoader("cstcontent.exporters", "templates")
    loaders: list[jinja2.BaseLoader] = [packaged, jinja2.PrefixLoader({"cstcontent": packaged})]
    if template_dir is not None:
        loaders.insert(0, jinja2.FileSystemLoader(template_dir))
    environment = (SandboxedEnvironment if sandboxed else jinja2.Environment)(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The packaged templates never change under a running process: skip the stat per render.
        auto_reload=template_dir is not None,
    )
    environment.filters["date_text"] = _date_text
    return environment


def clear_template_cache() -> None:
    """Forget every loaded template, so the next export reads the template files again."""
    _environment.cache_clear()


def _check_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not bool:
        raise TypeError(f"the html option {attribute.name} must be True or False, not {shown(value)}")


def _check_heading_level(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int:
        raise TypeError(f"the html option heading_level must be an int, not {type(value).__name__}")
    if not 1 <= value <= 5:
        raise ValueError(
            f"the html option heading_level must be from 1 to 5 (the title's level), not {value}"
        )


def _check_id_prefix(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not str:
        raise TypeError(f"the html option id_prefix must be a plain str, not {type(value).__name__}")
    if not _ID_PREFIX.fullmatch(value):
        raise ValueError(
            f"the html option id_prefix {shown(value)} cannot start an id: use a letter followed by letters,"
            " digits, '-' or '_', e.g. 'guide1_'"
        )


def _check_isolation(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not str or value not in ISOLATIONS:
        raise ValueError(
            f"the html option isolation must be one of {', '.join(ISOLATIONS)}, not {shown(value)}"
        )


def _check_nonce(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if type(value) is not str:
        raise TypeError(f"the html option nonce must be a plain str or None, not {type(value).__name__}")
    if not _NONCE.fullmatch(value):
        raise ValueError(
            f"the html option nonce {shown(value)} is not a CSP nonce: use base64 characters"
            " (letters, digits, '+', '/', '-', '_', then up to two '=')"
        )


def _copy_theme(value: object) -> object:
    """Copy a theme mapping, so that later changes to the caller's dict cannot reach it."""
    return dict(value) if isinstance(value, Mapping) else value


def _check_theme(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, dict):
        raise TypeError(f"the html option theme must be a mapping or None, not {type(value).__name__}")
    for key, text in value.items():
        if type(key) is not str or key not in THEME_KEYS:
            raise ValueError(f"the html option theme has an unknown key {key!r}: use {', '.join(THEME_KEYS)}")
        if type(text) is not str:
            raise TypeError(f"the html option theme[{key!r}] must be a plain str, not {type(text).__name__}")
        if not _theme_value_is_safe(text):
            raise ValueError(
                f"the html option theme[{key!r}] = {shown(text)} is not allowed: use a colour"
                " (#hex, a name, rgb(), hsl() ...) or a font-family list without quotes,"
                " made of letters, digits, spaces and # % . , ( ) - _ only"
            )


def _theme_value_is_safe(text: str) -> bool:
    """Whether `text` can only be one CSS value: no way out of its declaration or rule."""
    if not _THEME_VALUE.fullmatch(text) or not text.strip():
        return False
    depth = 0
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            return False
    if depth:
        return False
    return all(name.lower() in _THEME_ALLOWED_FUNCTIONS for name in _THEME_FUNCTIONS.findall(text))


def _check_site_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """The model's checks for a one-line text, and no bidirectional controls (a host page shows it)."""
    if value is None:
        return
    if type(value) is not str:
        raise TypeError(f"the html option site_name must be a plain str or None, not {type(value).__name__}")
    check_string(value, "the html option site_name", attribute.name)
    if not value.strip() or LINE_BREAKS.search(value) or _BIDI_CONTROLS.search(value):
        raise ValueError(
            f"the html option site_name must be one non-blank line without bidirectional controls,"
            f" not {value[:60]!r}"
        )


def _site_of(url: str) -> str:
    """Return the host of `url` without a leading ``www.``, e.g. ``example.org``."""
    host = urllib.parse.urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _check_template_dir(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str | os.PathLike) or not isinstance(os.fspath(value), str):
        raise TypeError(f"the html option template_dir must be a str path or os.PathLike, not {shown(value)}")
    if not os.path.isdir(value):
        raise ValueError(f"the html option template_dir {shown(os.fspath(value))} is not a directory")


def _jsonld(guide: ConditionGuide, site: SiteSettings | None, *, syndicated: bool = False) -> str:
    """Return the guide's JSON-LD graph from the ``jsonld`` exporter, checked safe to put in a <script>."""
    from . import get

    text = get("jsonld", graph=True, site=site, syndicated=syndicated).export(guide).strip()
    # In a <script> element only "</script" ends the text and "<!--" changes how it
    # is parsed; with no "<" at all neither can occur. The jsonld exporter escapes
    # "<", ">" and "&" (as \u003c ...); this check keeps that promise enforced here.
    if "<" in text:
        raise ExportError("the jsonld exporter's output contains '<', so it cannot be embedded in a <script>")
    return text


def jsonld_script(
    guide: ConditionGuide, *, site: SiteSettings | None = None, nonce: str | None = None
) -> str:
    """Return the guide's schema.org graph as a ``<script type="application/ld+json">`` element.

    For a site's own templates (e.g. in ``<head>``) when the fragment is embedded without it.
    """
    _check_nonce(None, None, nonce)  # type: ignore[arg-type]
    nonce_attribute = f' nonce="{nonce}"' if nonce else ""
    return f'<script type="application/ld+json"{nonce_attribute}>{_jsonld(guide, site)}</script>'


@attrs.frozen(kw_only=True)
class HtmlExporter(Exporter):
    """Renders a guide as an accessible HTML page, or as a fragment to embed.

    The page needs no JavaScript and loads nothing from elsewhere: the FAQ is a
    list of ``<details>`` elements and the stylesheet is inline.

    Attributes:
        standalone: A whole page (``<!DOCTYPE html>``, head, skip link, inline
            stylesheet); otherwise a fragment to embed, shaped by `isolation`.
        heading_level: The level of the guide's title, 1 to 5; section
            headings are one level lower and sub-headings shift with them
            (never below ``<h6>``).
        id_prefix: Put before every id and every in-page ``#fragment`` link, so
            several guides can share a page. End it with ``_`` (e.g. ``g1_``):
            ids are lower-case slugs, so prefixes ending in ``_`` never clash.
        template_dir: A folder whose templates replace the packaged ones of the
            same name (see `TEMPLATE_NAMES`). Its templates are trusted code:
            Jinja can reach Python from a template, so use `sandboxed` for
            templates written by others.
        sandboxed: Run the templates in Jinja's sandbox
            (`jinja2.sandbox.SandboxedEnvironment`), which refuses access to
            Python internals; a template that tries fails with `ExportError`.
        include_jsonld: Embed the guide's schema.org graph (the ``jsonld``
            exporter with ``graph=True``) in a ``<script type="application/ld+json">``.
        site: The publishing site's settings: a guide with no ``url`` gets its
            canonical URL from the site's base URL, and the embedded graph
            gains the website, publisher and breadcrumbs.
        isolation: How a fragment (``standalone=False``) keeps the host page's
            CSS out and its own in. ``"shadow"``: a ``<cst-guide>`` element
            whose declarative shadow root (``<template shadowrootmode="open">``,
            no JavaScript) holds the stylesheet and the ``<article>``; the
            JSON-LD stays in the light DOM, with a small script that makes
            links to ids inside the shadow root open and scroll to them. ``"scoped"``: a ``<style>`` whose
            rules all sit under ``.cst-guide`` with a reset, at the specificity
            of one class, so a host's ``.cst-guide h2`` rules win and its bare
            ``h2`` rules do not. ``"none"``: the bare ``<article>``, no style.
        nonce: A Content-Security-Policy nonce put on every ``<style>`` and
            ``<script>`` written, e.g. for ``style-src 'nonce-...'``; base64
            characters only.
        theme: CSS custom properties for the stylesheet, by key (see
            `THEME_KEYS`: ``text``, ``muted``, ``background``, ``accent``
            (focus outline), ``link``, ``visited``, ``rule``, ``code``,
            ``font``), e.g. ``{"accent": "#b00020", "font": "Georgia, serif"}``.
            A value is one colour or an unquoted font-family list: letters,
            digits, spaces and ``# % . , ( ) - _`` with balanced parentheses
            and only colour functions (``rgb()``, ``hsl()`` ...), so no ``;``,
            ``}``, ``<``, quotes, backslashes, comments, ``url()`` or
            ``expression()``. Contrast is the caller's to keep. Refused with
            ``isolation="none"``, which has no stylesheet.
        attribution: End a fragment with "From <site>" linking to the guide's
            canonical ``url`` (when it has one), with the publisher's logo when
            the site settings give one; never on the standalone page, which is
            the canonical page.
        site_name: The attribution's link text; by default the host of the
            guide's ``url`` without ``www.``.
        syndicated: The output is a copy shown elsewhere (oEmbed, the iframe
            embed page): the embedded JSON-LD describes it as such
            (``isBasedOn``, ``license``, ``copyrightHolder``).
    """

    name: ClassVar[str] = "html"
    media_type: ClassVar[str] = "text/html"
    extension: ClassVar[str] = ".html"

    standalone: bool = attrs.field(default=True, validator=_check_bool)
    heading_level: int = attrs.field(default=1, validator=_check_heading_level)
    id_prefix: str = attrs.field(default="", validator=_check_id_prefix)
    template_dir: str | os.PathLike[str] | None = attrs.field(default=None, validator=_check_template_dir)
    sandboxed: bool = attrs.field(default=False, validator=_check_bool)
    include_jsonld: bool = attrs.field(default=True, validator=_check_bool)
    isolation: Isolation = attrs.field(default="shadow", validator=_check_isolation)
    nonce: str | None = attrs.field(default=None, validator=_check_nonce)
    theme: Mapping[str, str] | None = attrs.field(
        default=None, converter=_copy_theme, validator=_check_theme, hash=False
    )
    attribution: bool = attrs.field(default=True, validator=_check_bool)
    syndicated: bool = attrs.field(default=False, validator=_check_bool)
    site_name: str | None = attrs.field(default=None, validator=_check_site_name)
    site: SiteSettings | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(SiteSettings))
    )

    def __attrs_post_init__(self) -> None:
        if self.theme and self.isolation == "none" and not self.standalone:
            raise ValueError('the html option theme needs a stylesheet, which isolation="none" does not have')

    def dependencies(self) -> tuple[Path, ...]:
        """Return every file under `template_dir`: any of them can be a template."""
        if self.template_dir is None:
            return ()
        return tuple(sorted(path for path in Path(self.template_dir).rglob("*") if path.is_file()))

    def export(self, guide: ConditionGuide) -> str:
        """Return `guide` as HTML, ending with a single newline.

        Raises:
            ExportError: A template failed, or the JSON-LD cannot be embedded.
        """
        if self.site is not None:
            guide = self.site.place(guide)
        if self.standalone:
            warn_long_description(guide)
        body = BodyRenderer(
            heading_shift=self.heading_level - 1,
            id_prefix=self.id_prefix,
            base_url=guide.url,
            numbers={reference.label: number for number, reference in enumerate(guide.references, 1)},
        )
        template_dir = None if self.template_dir is None else os.path.abspath(self.template_dir)
        attribution = None
        if self.attribution and not self.standalone and guide.url is not None:
            attribution = self.site_name or _site_of(guide.url)
        try:
            template = _environment(template_dir, self.sandboxed).get_template(
                "page.html" if self.standalone else "embed.html"
            )
            html = template.render(
                guide=guide,
                prefix=self.id_prefix,
                title_level=self.heading_level,
                section_level=self.heading_level + 1,
                blocks=body.blocks,
                reference_item=body.reference,
                href=body.href,
                jsonld=_jsonld(guide, self.site, syndicated=self.syndicated) if self.include_jsonld else None,
                isolation=self.isolation,
                nonce_attribute=Markup(' nonce="%s"') % self.nonce if self.nonce else "",
                theme=[(THEME_KEYS[key], value) for key, value in (self.theme or {}).items()],
                attribution=attribution,
                attribution_logo=self.site.publisher.logo if self.site and self.site.publisher else None,
                scoped_style=False,
                head=head_meta(guide, self.site),
                content_hash=content_hash(guide, self.site),
            )
        except jinja2.TemplateError as error:
            raise ExportError(f"the HTML template failed: {type(error).__name__}: {error}") from error
        return html.rstrip() + "\n"
