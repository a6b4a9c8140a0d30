"""Exporters over a whole collection of guides: ``sitemap.xml``, ``feed.xml``, ``llms.txt``, ``index.html``.

They go through the same registry as the per-guide exporters (`cstcontent.exporters`),
so a plugin can add one: subclass `CollectionExporter`. A batch collects one light
`GuideEntry` per guide as the guides stream by and hands the `Collection` to each.
"""

from __future__ import annotations

from .base import Collection, CollectionExporter, GuideEntry

__all__ = ["Collection", "CollectionExporter", "GuideEntry"]
