"""``feed.xml``: an Atom feed (RFC 4287) of the guides, the most recently changed first.

Each entry is a guide with a canonical URL and a date: its ``id`` and
``alternate`` link are the canonical URL, ``updated`` its ``modified`` date
(else ``published``), and the summary is the guide's. The feed's ``updated`` is
the newest entry's, never the build's time, so a rerun writes the same bytes.
"""

from __future__ import annotations

import datetime
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import attrs

from ...errors import ExportError
from . import _xml
from .base import Collection, CollectionExporter, GuideEntry

__all__ = ["FeedExporter"]

ATOM_NS = "http://www.w3.org/2005/Atom"


def _timestamp(date: datetime.date) -> str:
    """An RFC 3339 date-time for `date` (Atom needs a time: midnight UTC)."""
    return f"{date.isoformat()}T00:00:00Z"


def _listed(entry: GuideEntry) -> bool:
    return entry.url is not None and entry.updated is not None


@attrs.frozen(kw_only=True)
class FeedExporter(CollectionExporter):
    """An Atom feed of the guides that have a canonical URL and a date (see `warnings`).

    Attributes:
        limit: At most this many entries, the most recently changed.
    """

    name: ClassVar[str] = "feed"
    media_type: ClassVar[str] = "application/atom+xml"
    filename: ClassVar[str] = "feed.xml"

    limit: int = attrs.field(
        default=100, validator=[attrs.validators.instance_of(int), attrs.validators.ge(1)]
    )

    def export(self, collection: Collection) -> str:
        """Return the Atom feed.

        Raises:
            ExportError: No guide has both a canonical URL and a date.
        """
        collection = collection.placed(self.site)
        listed = [entry for entry in collection.entries if _listed(entry)]
        if not listed:
            raise ExportError(
                "no guide has both a canonical URL and a published or modified date, so no feed"
            )
        listed.sort(key=lambda entry: (-entry.updated.toordinal() if entry.updated else 0, entry.slug))
        listed = listed[: self.limit]
        assert listed[0].updated is not None
        site = self.site
        home = (site.base_url if site else None) or urljoin(listed[0].url or "", "/")
        title = (site.name if site else None) or "Condition guides"
        author = (site.publisher.name if site and site.publisher else None) or (site.name if site else None)
        language = (site.language if site else None) or listed[0].language
        lines = [
            '<?xml version="1.0" encoding="utf-8"?>',
            f'<feed xmlns="{ATOM_NS}" xml:lang="{_xml.attribute(language)}">',
            f"  <id>{_xml.text(_xml.uri(home))}</id>",
            f"  <title>{_xml.text(title)}</title>",
            f"  <updated>{_timestamp(listed[0].updated)}</updated>",
            f'  <link rel="alternate" type="text/html" href="{_xml.attribute(_xml.uri(home))}"/>',
        ]
        if site is not None and site.base_url:
            self_url = site.base_url.rstrip("/") + "/" + self.filename
            lines.append(f'  <link rel="self" type="{self.media_type}" href="{_xml.attribute(self_url)}"/>')
        author = author or urlsplit(home).hostname or home
        lines.append(f"  <author><name>{_xml.text(author)}</name></author>")
        lines.append("  <generator>cstcontent</generator>")
        for entry in listed:
            lines.extend(self._entry(entry))
        lines.append("</feed>")
        return "\n".join(lines) + "\n"

    def _entry(self, entry: GuideEntry) -> list[str]:
        assert entry.url is not None
        assert entry.updated is not None
        url, markdown = _xml.uri(entry.url), _xml.uri(entry.markdown_url)
        lines = [
            f'  <entry xml:lang="{_xml.attribute(entry.language)}">',
            f"    <id>{_xml.text(url)}</id>",
            f"    <title>{_xml.text(entry.title)}</title>",
            f'    <link rel="alternate" type="text/html" href="{_xml.attribute(url)}"/>',
            f'    <link rel="alternate" type="text/markdown" href="{_xml.attribute(markdown)}"/>',
        ]
        if entry.published:
            lines.append(f"    <published>{_timestamp(entry.published)}</published>")
        lines.append(f"    <updated>{_timestamp(entry.updated)}</updated>")
        lines.extend(f"    <author><name>{_xml.text(name)}</name></author>" for name in entry.authors)
        lines.append(f"    <summary>{_xml.text(entry.summary)}</summary>")
        lines.append("  </entry>")
        return lines

    def warnings(self, collection: Collection) -> list[str]:
        """One line for each guide left out for want of a canonical URL or a date."""
        return [
            f"{entry.slug}: left out of {self.filename}: it needs a canonical URL and a published or"
            " modified date"
            for entry in collection.placed(self.site).entries
            if not _listed(entry)
        ]
