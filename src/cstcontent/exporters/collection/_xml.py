"""Escaping for the XML outputs (sitemap, feed): text and attribute values."""

from __future__ import annotations

__all__ = ["attribute", "text", "uri"]

_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# In an attribute, a literal tab or line break would be normalised to a space by the reader.
_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)


def text(value: str) -> str:
    """`value` as XML character data (the model has already refused what XML 1.0 cannot carry)."""
    return value.translate(_TEXT)


def attribute(value: str) -> str:
    """`value` as the content of a double-quoted XML attribute."""
    return value.translate(_ATTRIBUTE)


def uri(value: str) -> str:
    """`value` as a URI: non-ASCII characters percent-encoded (existing ``%XX`` kept), not yet escaped."""
    from mdurl import encode

    return str(encode(value))
