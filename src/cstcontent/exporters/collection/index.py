"""``index.html``: a page listing every guide, linked, with its summary and last change.

The page is a Jinja template (``templates/index.html``, autoescaped) with an
inline stylesheet and no script; it links the Atom feed for discovery. Each
guide links to its canonical URL, else to ``slug.html`` beside the index.
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any, ClassVar

import attrs
import jinja2
from markupsafe import Markup

from ..._messages import shown
from ...errors import ExportError
from . import _xml
from .base import Collection, CollectionExporter, GuideEntry

__all__ = ["IndexExporter"]

# A CSP nonce is a base64-value: https://www.w3.org/TR/CSP3/#grammardef-base64-value
_NONCE = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _date_text(value: datetime.date) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("cstcontent.exporters.collection", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["date_text"] = _date_text
    return environment


def _item(entry: GuideEntry) -> dict[str, Any]:
    date = ("Updated", entry.modified) if entry.modified else ("Published", entry.published)
    return {
        "title": entry.title,
        "summary": entry.summary,
        "language": entry.language,
        "href": _xml.uri(entry.url) if entry.url else f"{entry.slug}.html",
        "date": date if date[1] else None,
    }


def _check_nonce(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not (isinstance(value, str) and _NONCE.fullmatch(value)):
        raise ValueError(f"the index option nonce {shown(value)} is not a CSP nonce: use base64 characters")


def _check_title(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not (isinstance(value, str) and value.strip() and value.isprintable()):
        raise ValueError(f"the index option title must be one line of printable text, not {shown(value)}")


@attrs.frozen(kw_only=True)
class IndexExporter(CollectionExporter):
    """An HTML page of all guides.

    Attributes:
        title: The page's heading; by default the site's name, else "Condition guides".
        nonce: A Content-Security-Policy nonce for the ``<style>``.
    """

    name: ClassVar[str] = "index"
    media_type: ClassVar[str] = "text/html"
    filename: ClassVar[str] = "index.html"

    title: str | None = attrs.field(default=None, validator=_check_title)
    nonce: str | None = attrs.field(default=None, validator=_check_nonce)

    def export(self, collection: Collection) -> str:
        """Return the index page of `collection`."""
        collection = collection.placed(self.site)
        site = self.site
        title = self.title or (site.name if site else None) or "Condition guides"
        count = len(collection.entries)
        plural = "" if count == 1 else "s"
        description = (site.description if site else None) or f"{count} condition guide{plural}."
        try:
            page = (
                _environment()
                .get_template("index.html")
                .render(
                    title=title,
                    description=description,
                    language=(site.language if site else None) or "en",
                    home=_xml.uri(site.base_url) if site and site.base_url else None,
                    entries=[_item(entry) for entry in collection.entries],
                    nonce_attribute=Markup(' nonce="%s"') % self.nonce if self.nonce else "",
                )
            )
        except jinja2.TemplateError as error:
            raise ExportError(f"the index template failed: {type(error).__name__}: {error}") from error
        return page.rstrip() + "\n"
