"""The collection exporter base class and the light per-guide entries it reads."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import ClassVar
from urllib.parse import urlsplit

import attrs

from ...model import ConditionGuide, Translation
from ...site import SiteSettings

__all__ = ["Collection", "CollectionExporter", "GuideEntry", "markdown_url"]


def markdown_url(page_url: str) -> str:
    """The URL of a page's Markdown alternate: the page's URL with ``.md`` appended (llms.txt).

    A URL ending in ``/`` gets ``index.html.md``, as the llms.txt proposal says.
    """
    parts = urlsplit(page_url)
    path = parts.path + ("index.html.md" if parts.path.endswith("/") or not parts.path else ".md")
    return parts._replace(path=path, query="", fragment="").geturl()


@attrs.frozen(kw_only=True)
class GuideEntry:
    """What collection outputs need to know of one guide; never its body.

    Attributes:
        url: The canonical URL, when the guide or the site gives one.
        updated: When the guide last changed: its ``modified`` date, else ``published``.
    """

    slug: str
    title: str
    summary: str
    language: str
    url: str | None = None
    published: datetime.date | None = None
    modified: datetime.date | None = None
    last_reviewed: datetime.date | None = None
    next_review: datetime.date | None = None
    authors: tuple[str, ...] = ()
    translations: tuple[Translation, ...] = ()
    translation_key: str | None = None

    @classmethod
    def of(cls, guide: ConditionGuide) -> GuideEntry:
        """The entry of `guide`."""
        return cls(
            slug=guide.slug,
            title=guide.title,
            summary=guide.summary,
            language=guide.language,
            url=guide.url,
            published=guide.published,
            modified=guide.modified,
            last_reviewed=guide.last_reviewed,
            next_review=guide.next_review,
            authors=tuple(person.name for person in guide.authors),
            translations=guide.translations,
            translation_key=guide.translation_key,
        )

    @property
    def updated(self) -> datetime.date | None:
        """The date the guide last changed: ``modified``, else ``published``."""
        return self.modified or self.published

    @property
    def markdown_url(self) -> str:
        """The URL of the guide's Markdown alternate, relative (``slug.md``) without a canonical URL."""
        return markdown_url(self.url) if self.url else f"{self.slug}.md"


def _sorted(entries: Iterable[GuideEntry]) -> tuple[GuideEntry, ...]:
    return tuple(sorted(entries, key=lambda entry: entry.slug))


@attrs.frozen(kw_only=True)
class Collection:
    """The guides of one batch, sorted by slug so that outputs never depend on reading order."""

    entries: tuple[GuideEntry, ...] = attrs.field(converter=_sorted)

    def placed(self, site: SiteSettings | None) -> Collection:
        """This collection with each entry's canonical URL: its own, else one under the site's base URL."""
        if site is None:
            return self
        return Collection(
            entries=[attrs.evolve(e, url=e.url or site.canonical_url(e.slug)) for e in self.entries]
        )

    @property
    def updated(self) -> datetime.date | None:
        """The newest date any guide changed, or None when no guide has a date."""
        return max((entry.updated for entry in self.entries if entry.updated), default=None)

    def alternates(self, entry: GuideEntry) -> list[tuple[str, str]]:
        """The ``(hreflang, url)`` alternates of `entry`, itself included, sorted; empty without translations.

        They come from the guide's ``translations`` and from the other guides of
        the collection that share its ``translation_key``.
        """
        if entry.url is None:
            return []
        found: dict[str, str] = {t.language: t.url for t in entry.translations}
        if entry.translation_key is not None:
            for other in self.entries:
                if other.translation_key == entry.translation_key and other.url and other is not entry:
                    found.setdefault(other.language, other.url)
        found.pop(entry.language, None)
        if not found:
            return []
        return sorted({**found, entry.language: entry.url}.items(), key=lambda item: item[0].casefold())


@attrs.frozen(kw_only=True)
class CollectionExporter:
    """Renders a whole `Collection` of guides as one file at the output folder's root.

    A subclass is a frozen attrs class whose fields are its options, like an
    `~cstcontent.exporters.Exporter`, and is registered the same way (entry
    point group ``cstcontent.exporters`` or `cstcontent.exporters.register`)::

        @attrs.frozen(kw_only=True)
        class PagesCsv(CollectionExporter):
            name: ClassVar[str] = "pages-csv"
            media_type: ClassVar[str] = "text/csv"
            filename: ClassVar[str] = "pages.csv"

            def export(self, collection: Collection) -> str:
                ...

    The output must depend on nothing but the collection and the options (no
    clock, no reading order), so that a rerun writes the same bytes.

    Attributes:
        name: The format's name, as given to ``--to``.
        media_type: The IANA media type of the output.
        filename: The file written at the output folder's root, e.g. ``sitemap.xml``.
        site: The site's settings: canonical URLs of guides without their own, the site's name.
    """

    name: ClassVar[str]
    media_type: ClassVar[str]
    filename: ClassVar[str]

    site: SiteSettings | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(SiteSettings))
    )

    def export(self, collection: Collection) -> str:
        """Return `collection` rendered in this format.

        Raises:
            ExportError: The collection cannot be rendered (e.g. no guide has a URL).
        """
        raise NotImplementedError(f"{type(self).__name__} must implement export()")

    def warnings(self, collection: Collection) -> list[str]:
        """Say which guides this format leaves out, and why (none by default)."""
        return []
