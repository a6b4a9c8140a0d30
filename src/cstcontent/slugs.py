"""Slugs: the stable, URL-safe names of guides, sections and questions."""

from __future__ import annotations

import functools

from .errors import GuideValueError

__all__ = ["MAX_SLUG_LENGTH", "make_slug"]

MAX_SLUG_LENGTH = 60


def make_slug(text: str, what: str) -> str:
    """Return the slug of `text`, e.g. ``"What the evidence says"`` -> ``"what-the-evidence-says"``.

    Non-ASCII letters are transliterated (``"Kiefergelenk-Störung"`` ->
    ``"kiefergelenk-storung"``) and long slugs are cut at a word boundary.

    Raises:
        GuideValueError: `text` has nothing to make a slug from.
    """
    result = _slugify(text)
    if not result:
        raise GuideValueError(f"cannot make a {what} id from {text!r}: it needs letters or digits")
    return str(result)


@functools.lru_cache(maxsize=4096)
def _slugify(text: str) -> str:
    """python-slugify's slug of `text`, remembered: the reader and the Markdown writer ask for the same."""
    from slugify import slugify  # imported on first use

    return str(slugify(text, max_length=MAX_SLUG_LENGTH, word_boundary=True))
