"""``sitemap.xml``: one ``<url>`` per guide, ``lastmod`` its real change date, hreflang alternates.

The sitemap protocol (sitemaps.org, 0.9) with Google's ``xhtml:link`` alternates
for translations. ``lastmod`` is the guide's ``modified`` date (else
``published``), never the build's time, as Bing asks; no ``changefreq`` or
``priority``, which search engines ignore.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from ...errors import ExportError
from . import _xml
from .base import Collection, CollectionExporter

__all__ = ["SitemapExporter"]

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
#: The protocol's limit of URLs in one sitemap file.
MAX_URLS = 50_000


@attrs.frozen(kw_only=True)
class SitemapExporter(CollectionExporter):
    """The guides' canonical URLs as a sitemap; guides without one are left out (see `warnings`)."""

    name: ClassVar[str] = "sitemap"
    media_type: ClassVar[str] = "application/xml"
    filename: ClassVar[str] = "sitemap.xml"

    def export(self, collection: Collection) -> str:
        """Return the sitemap of the guides that have a canonical URL.

        Raises:
            ExportError: No guide has a canonical URL, or there are too many for one file.
        """
        collection = collection.placed(self.site)
        entries = [entry for entry in collection.entries if entry.url]
        if not entries:
            raise ExportError("no guide has a canonical URL (url, or the site's base_url), so no sitemap")
        if len(entries) > MAX_URLS:
            raise ExportError(f"{len(entries):,} URLs are over the sitemap limit of {MAX_URLS:,} per file")
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">',
        ]
        for entry in entries:
            assert entry.url is not None
            lines.append("  <url>")
            lines.append(f"    <loc>{_xml.text(_xml.uri(entry.url))}</loc>")
            if entry.updated:
                lines.append(f"    <lastmod>{entry.updated.isoformat()}</lastmod>")
            for language, url in collection.alternates(entry):
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang="{_xml.attribute(language)}"'
                    f' href="{_xml.attribute(_xml.uri(url))}"/>'
                )
            lines.append("  </url>")
        lines.append("</urlset>")
        return "\n".join(lines) + "\n"

    def warnings(self, collection: Collection) -> list[str]:
        """One line for each guide left out for want of a canonical URL."""
        return [
            f"{entry.slug}: left out of {self.filename}: it has no canonical URL (set url, or site.base_url)"
            for entry in collection.placed(self.site).entries
            if not entry.url
        ]
