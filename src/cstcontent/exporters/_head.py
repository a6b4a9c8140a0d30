"""What the HTML page's ``<head>`` tells crawlers, link previews and answer engines about a guide.

The canonical link, Open Graph (``og:type article``, title, description, url,
image, ``article:modified_time``), the Twitter card, the Markdown alternate
(``<link rel="alternate" type="text/markdown">``) and ``hreflang`` links to the
guide's translations. Every value is plain text here; the template escapes it.
"""

from __future__ import annotations

import warnings
from urllib.parse import urljoin

import attrs

from ..errors import ExportWarning
from ..model import ConditionGuide, walk_blocks
from ..nodes import Image
from ..site import SiteSettings
from .collection.base import markdown_url

__all__ = ["DESCRIPTION_LIMIT", "HeadMeta", "description", "head_meta", "warn_long_description"]

#: About how many characters of a meta description search results show before cutting it.
DESCRIPTION_LIMIT = 160


@attrs.frozen
class HeadMeta:
    """The head's metadata, as ``(name, content)`` pairs and links.

    Attributes:
        description: The meta description (`description`).
        canonical: The canonical URL, or None.
        markdown: The URL of the Markdown alternate (relative ``slug.md`` without a canonical URL).
        alternates: ``(hreflang, url)`` of every language version, the guide's own included; empty
            when it has no translations.
        open_graph: ``(property, content)`` pairs for ``<meta property=...>``.
        twitter: ``(name, content)`` pairs for ``<meta name=...>``.
    """

    description: str
    canonical: str | None
    markdown: str
    alternates: list[tuple[str, str]]
    open_graph: list[tuple[str, str]]
    twitter: list[tuple[str, str]]


def _image(guide: ConditionGuide, site: SiteSettings | None) -> str | None:
    """The guide's first image (absolute, when it can be made so), else the publisher's logo."""
    for block in walk_blocks(guide.body_blocks()):
        if isinstance(block, Image):
            url = urljoin(guide.url, block.url) if guide.url else block.url
            if url.startswith(("http://", "https://")):
                return url
    return site.publisher.logo if site and site.publisher else None


def _locale(language: str) -> str:
    """An Open Graph locale from a BCP 47 tag: ``en-GB`` -> ``en_GB``."""
    return language.replace("-", "_")


def head_meta(guide: ConditionGuide, site: SiteSettings | None) -> HeadMeta:
    """Return the head metadata of `guide` (already placed at its canonical URL)."""
    image = _image(guide, site)
    graph: list[tuple[str, str]] = [("og:type", "article"), ("og:title", guide.title)]
    graph.append(("og:description", description(guide)))
    if guide.url:
        graph.append(("og:url", guide.url))
    if image:
        graph.append(("og:image", image))
    if site and site.name:
        graph.append(("og:site_name", site.name))
    graph.append(("og:locale", _locale(guide.language)))
    graph += [("og:locale:alternate", _locale(t.language)) for t in guide.translations]
    for key, date in (
        ("published_time", guide.published),
        ("modified_time", guide.modified or guide.published),
    ):
        if date:
            graph.append((f"article:{key}", date.isoformat()))
    twitter = [
        ("twitter:card", "summary_large_image" if image else "summary"),
        ("twitter:title", guide.title),
    ]
    twitter.append(("twitter:description", description(guide)))
    if image:
        twitter.append(("twitter:image", image))
    alternates: list[tuple[str, str]] = []
    if guide.url and guide.translations:
        versions = {guide.language: guide.url, **{t.language: t.url for t in guide.translations}}
        alternates = sorted(versions.items(), key=lambda item: item[0].casefold())
    return HeadMeta(
        description=description(guide),
        canonical=guide.url,
        markdown=markdown_url(guide.url) if guide.url else f"{guide.slug}.md",
        alternates=alternates,
        open_graph=graph,
        twitter=twitter,
    )


def description(guide: ConditionGuide) -> str:
    """The meta description: the guide's ``description``, else its summary."""
    return guide.description or guide.summary


def warn_long_description(guide: ConditionGuide) -> None:
    """Warn (`ExportWarning`) when the meta description is longer than search results show."""
    text = description(guide)
    if len(text) <= DESCRIPTION_LIMIT:
        return
    if guide.description is None:
        message = (
            f"the summary is {len(text)} characters; as the meta description, search results show about"
            f" {DESCRIPTION_LIMIT} of it and cut the rest: give the guide a shorter 'description'"
            " in its front matter for search results and link previews"
        )
    else:
        message = (
            f"the description is {len(text)} characters; search results show about {DESCRIPTION_LIMIT}"
            " of it and cut the rest"
        )
    warnings.warn(ExportWarning(message), stacklevel=3)
