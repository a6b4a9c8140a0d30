"""Values quoted in messages: a bounded excerpt, never a whole input."""

from __future__ import annotations

__all__ = ["shown"]

# Characters of a value a message quotes; the rest is counted, not repeated.
SHOWN_CHARS = 60


def shown(value: object) -> str:
    """`value` as ``repr`` for a message, cut to about `SHOWN_CHARS` characters.

    A megabyte heading or URL gives a one-line message, and an int too long
    for ``repr`` (over 4,300 digits) gives its size instead of a ValueError.
    """
    if isinstance(value, str) and len(value) > SHOWN_CHARS:
        return f"{value[:SHOWN_CHARS]!r}... ({len(value):,} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3 * SHOWN_CHARS:
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    try:
        text = repr(value)
    except ValueError:  # e.g. a str subclass or container holding a huge int
        return f"a {type(value).__name__}"
    return text if len(text) <= 2 * SHOWN_CHARS else f"{text[:SHOWN_CHARS]}... ({type(value).__name__})"
