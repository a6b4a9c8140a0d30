"""The built-in HTML exporter: a standalone page or an embeddable fragment.

The page is a template around the fragment, as in pandoc: ``page.html`` wraps
``guide.html`` (the ``<article>``), which includes ``byline.html`` and
``faq.html``; ``style.css`` is the page's stylesheet. A user's `template_dir`
overrides any of them by name, and a user template can still reach the packaged
one as ``cstcontent/NAME`` (e.g. ``{% extends "cstcontent/page.html" %}``).

Templates autoescape every value and see: ``guide`` (the `ConditionGuide`),
``prefix`` (the id prefix), ``title_level`` and ``section_level`` (heading
levels), ``blocks(blocks)`` (body blocks as HTML), ``href(url)`` (a URL
percent-encoded, in-page fragments prefixed), ``jsonld`` (the JSON-LD text, or
None) and the filter ``date_text`` (``3 February 2026``). Body text is rendered
in Python by `cstcontent.exporters._html_body`, which escapes every text itself.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
from typing import Any, ClassVar

import attrs
import jinja2

from ..errors import ExportError
from ..model import ConditionGuide
from ._html_body import BodyRenderer
from .base import Exporter

__all__ = ["TEMPLATE_NAMES", "HtmlExporter"]

#: The templates a `template_dir` can override.
TEMPLATE_NAMES = ("page.html", "guide.html", "byline.html", "faq.html", "style.css")
_ID_PREFIX = re.compile(r"(?:[A-Za-z][A-Za-z0-9_-]*)?")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _date_text(value: datetime.date) -> str:
    """Return `value` as e.g. ``3 February 2026``, whatever the process locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


@functools.cache
def _environment(template_dir: str | None) -> jinja2.Environment:
    """Return the Jinja environment for `template_dir`, created once per directory."""
    packaged = jinja2.PackageLoader("cstcontent.exporters", "templates")
    loaders: list[jinja2.BaseLoader] = [packaged, jinja2.PrefixLoader({"cstcontent": packaged})]
    if template_dir is not None:
        loaders.insert(0, jinja2.FileSystemLoader(template_dir))
    environment = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["date_text"] = _date_text
    return environment


def _check_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not bool:
        raise TypeError(f"the html option {attribute.name} must be True or False, not {value!r}")


def _check_heading_level(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int:
        raise TypeError(f"the html option heading_level must be an int, not {type(value).__name__}")
    if not 1 <= value <= 5:
        raise ValueError(
            f"the html option heading_level must be from 1 to 5 (the title's level), not {value}"
        )


def _check_id_prefix(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"the html option id_prefix must be a str, not {type(value).__name__}")
    if not _ID_PREFIX.fullmatch(value):
        raise ValueError(
            f"the html option id_prefix {value!r} cannot start an id: use a letter followed by letters,"
            " digits, '-' or '_', e.g. 'guide1_'"
        )


def _check_template_dir(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str | os.PathLike) or not isinstance(os.fspath(value), str):
        raise TypeError(f"the html option template_dir must be a str path or os.PathLike, not {value!r}")
    if not os.path.isdir(value):
        raise ValueError(f"the html option template_dir {os.fspath(value)!r} is not a directory")


def _jsonld(guide: ConditionGuide) -> str:
    """Return the guide's JSON-LD from the ``jsonld`` exporter, checked safe to put in a <script>."""
    from . import get

    text = get("jsonld").export(guide).strip()
    # In a <script> element only "</script" ends the text and "<!--" changes how it
    # is parsed; with no "<" at all neither can occur. The jsonld exporter escapes
    # "<", ">" and "&" (as \u003c ...); this check keeps that promise enforced here.
    if "<" in text:
        raise ExportError("the jsonld exporter's output contains '<', so it cannot be embedded in a <script>")
    return text


@attrs.frozen(kw_only=True)
class HtmlExporter(Exporter):
    """Renders a guide as an accessible HTML page, or as a fragment to embed.

    The page needs no JavaScript and loads nothing from elsewhere: the FAQ is a
    list of ``<details>`` elements and the stylesheet is inline.

    Attributes:
        standalone: A whole page (``<!DOCTYPE html>``, head, skip link, inline
            stylesheet); otherwise an ``<article class="cst-guide">`` to embed.
        heading_level: The level of the guide's title, 1 to 5; section
            headings are one level lower and sub-headings shift with them
            (never below ``<h6>``).
        id_prefix: Put before every id and every in-page ``#fragment`` link, so
            several guides can share a page. End it with ``_`` (e.g. ``g1_``):
            ids are lower-case slugs, so prefixes ending in ``_`` never clash.
        template_dir: A folder whose templates replace the packaged ones of the
            same name (see `TEMPLATE_NAMES`).
        include_jsonld: Embed the ``jsonld`` exporter's output in a
            ``<script type="application/ld+json">`` when the guide has an FAQ.
    """

    name: ClassVar[str] = "html"
    media_type: ClassVar[str] = "text/html"
    extension: ClassVar[str] = ".html"

    standalone: bool = attrs.field(default=True, validator=_check_bool)
    heading_level: int = attrs.field(default=1, validator=_check_heading_level)
    id_prefix: str = attrs.field(default="", validator=_check_id_prefix)
    template_dir: str | os.PathLike[str] | None = attrs.field(default=None, validator=_check_template_dir)
    include_jsonld: bool = attrs.field(default=True, validator=_check_bool)

    def export(self, guide: ConditionGuide) -> str:
        """Return `guide` as HTML, ending with a single newline.

        Raises:
            ExportError: A template failed, or the JSON-LD cannot be embedded.
        """
        body = BodyRenderer(heading_shift=self.heading_level - 1, id_prefix=self.id_prefix)
        template_dir = None if self.template_dir is None else os.path.abspath(self.template_dir)
        try:
            template = _environment(template_dir).get_template(
                "page.html" if self.standalone else "guide.html"
            )
            html = template.render(
                guide=guide,
                prefix=self.id_prefix,
                title_level=self.heading_level,
                section_level=self.heading_level + 1,
                blocks=body.blocks,
                href=body.href,
                jsonld=_jsonld(guide) if self.include_jsonld and guide.has_faq else None,
            )
        except jinja2.TemplateError as error:
            raise ExportError(f"the HTML template failed: {type(error).__name__}: {error}") from error
        return html.rstrip() + "\n"
