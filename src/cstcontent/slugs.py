"""Slugs: the stable, URL-safe names of guides, sections and questions."""

from __future__ import annotations

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
    from slugify import slugify  # python-slugify; imported on first use

    result = slugify(text, max_length=MAX_SLUG_LENGTH, word_boundary=True)
    if not result:
        raise GuideValueError(f"cannot make a {what} id from {text!r}: it needs letters or digits")
    return str(result)
