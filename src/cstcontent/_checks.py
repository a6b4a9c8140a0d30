"""Validators shared by the model classes (attrs validator signature)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from ._messages import shown
from .errors import GuideValueError
from .urls import browser_view, check_url, url_scheme

__all__ = [
    "LINE_BREAKS",
    "check_string",
    "http_url",
    "image_url",
    "instance_of",
    "int_between",
    "language_tag",
    "link_url",
    "listed",
    "nonblank",
    "single_line",
    "slug",
    "tuple_of",
]

_T = TypeVar("_T")

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Characters no output format can carry: NUL and lone surrogates cannot be
# written at all, and the other C0/C1 controls and the noncharacters are parse
# errors in HTML or forbidden in XML (form feed). Tab and line breaks are allowed here;
# single-line fields and inline text refuse line breaks themselves.
_UNCARRIABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
    + "]"
)
# Everything str.splitlines() splits on: a single-line field must not contain any.
LINE_BREAKS = re.compile(r"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _label(attribute: attrs.Attribute[Any]) -> str:
    return attribute.name.replace("_", " ")


def check_string(value: str, label: str, field: str | None = None) -> None:
    """Raise unless `value` is a `str` of characters every output format can carry."""
    if type(value) is not str:  # a subclass such as markupsafe.Markup could bypass escaping
        hint = "; convert it with str()" if isinstance(value, str) else ""
        raise GuideValueError(f"{label} must be a string, not {type(value).__name__}{hint}", field=field)
    if value.isascii() and value.isprintable():  # the common case, checked in C: no control character
        return
    bad = _UNCARRIABLE.search(value)
    if bad:
        raise GuideValueError(
            f"{label} contains the control character or noncharacter U+{ord(bad.group()):04X},"
            " which HTML and XML cannot carry; remove it",
            field=field,
        )


def nonblank(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """A string with at least one non-space character."""
    check_string(value, _label(attribute), attribute.name)
    if not value.strip():
        raise GuideValueError(f"{_label(attribute)} must not be empty", field=attribute.name)


def single_line(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """A non-blank string without line breaks (titles, headings, questions, names)."""
    nonblank(instance, attribute, value)
    if not value.isprintable() and LINE_BREAKS.search(value):  # every line break is unprintable
        raise GuideValueError(
            f"{_label(attribute)} must be a single line: {shown(value)}", field=attribute.name
        )


def slug(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Lower-case ASCII words joined by single hyphens, e.g. ``herniated-disc``."""
    check_string(value, _label(attribute), attribute.name)
    if not SLUG_PATTERN.fullmatch(value):
        raise GuideValueError(
            f"{_label(attribute)} {shown(value)} is not a slug: use lower-case letters, digits and"
            " single hyphens, e.g. 'herniated-disc'",
            field=attribute.name,
        )


def int_between(low: int, high: int) -> Callable[[object, attrs.Attribute[Any], int], None]:
    """A validator for an `int` (not a `bool`) from `low` to `high` inclusive."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
        if type(value) is not int or not low <= value <= high:
            raise GuideValueError(
                f"{_label(attribute)} must be a whole number from {low} to {high}, not {shown(value)}",
                field=attribute.name,
            )

    return validate


def listed(items: Iterable[_T], what: str) -> Iterable[_T]:
    """`items`, which a converter makes a tuple of; a `GuideValueError` if it cannot be iterated.

    ``Paragraph(None)`` would otherwise fail with Python's ``TypeError``, which is
    not a library error.
    """
    if not isinstance(items, Iterable):
        raise GuideValueError(f"{what} must be a list or tuple, not {type(items).__name__}")
    return items


def instance_of(kind: type) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A validator for an instance of `kind`."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise GuideValueError(
                f"{_label(attribute)} must be a {kind.__name__}, not {type(value).__name__}",
                field=attribute.name,
            )

    return validate


def tuple_of(*types: type) -> Callable[[object, attrs.Attribute[Any], tuple[object, ...]], None]:
    """A validator for a tuple whose items are all instances of `types`."""
    names = " or ".join(t.__name__ for t in types)

    def validate(instance: object, attribute: attrs.Attribute[Any], value: tuple[object, ...]) -> None:
        for item in value:
            if not isinstance(item, types):
                raise GuideValueError(
                    f"{_label(attribute)} must hold {names} objects, not {type(item).__name__}",
                    field=attribute.name,
                )

    return validate


# A well-formed BCP 47 language tag (RFC 5646 section 2.1), without the grandfathered forms.
# ASCII only: Unicode case folding would let the Kelvin sign match 'k' (and costs 3 ms to compile).
_BCP47 = re.compile(
    r"""
    (?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})  # language and extlangs
    (?:-[a-z]{4})?                                         # script
    (?:-(?:[a-z]{2}|[0-9]{3}))?                            # region
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*               # variants
    (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*                   # extensions
    (?:-x(?:-[a-z0-9]{1,8})+)?                             # private use
    """,
    re.VERBOSE | re.IGNORECASE | re.ASCII,
)


def language_tag(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """A well-formed BCP 47 language tag such as ``en`` or ``en-GB``."""
    if type(value) is not str or not _BCP47.fullmatch(value):
        raise GuideValueError(
            f"language {shown(value)} is not a BCP 47 language tag such as 'en' or 'en-GB'",
            field=attribute.name,
        )


def link_url(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """A link target: http(s), mailto or tel, or a relative or ``#fragment`` reference."""
    check_string(value, _label(attribute), attribute.name)
    _with_field(attribute, check_url, value, absolute=False)


def image_url(instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """An image source: an http(s) URL or a relative path, never data:, mailto, tel or a #fragment."""
    check_string(value, _label(attribute), attribute.name)
    scheme = url_scheme(value)
    if scheme not in (None, "http", "https") or browser_view(value).startswith("#"):
        used = f" (it uses the scheme {shown(scheme)})" if scheme else ""
        raise GuideValueError(
            f"image URL {shown(value)} must be an http(s) URL or a relative path{used}", field=attribute.name
        )
    _with_field(attribute, check_url, value, absolute=False)  # and every check of a link


def http_url(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """An optional absolute http(s) URL."""
    if value is not None:
        check_string(value, _label(attribute), attribute.name)
        _with_field(attribute, check_url, value, absolute=True)


def _with_field(
    attribute: attrs.Attribute[Any], check: Callable[..., None], *args: Any, **kwargs: Any
) -> None:
    try:
        check(*args, **kwargs)
    except GuideValueError as error:
        error.field = attribute.name
        raise
