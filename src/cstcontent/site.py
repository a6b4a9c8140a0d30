"""Site settings shared by every guide: the site, its base URL, publisher and language.

In Python they are a `SiteSettings`; on the command line they come from a TOML
file (``--config cstcontent.toml``) read by `load_site_config`::

    [site]
    name = "Example Craniosacral Clinic"
    base_url = "https://example.org/conditions/"  # a guide's URL is base_url + slug
    language = "en-GB"

    description = "Plain-language guides to craniosacral therapy."  # llms.txt's summary
    license = "https://creativecommons.org/licenses/by-nd/4.0/"  # syndicated copies' JSON-LD

    [site.publisher]
    name = "Example Craniosacral Clinic Ltd"
    url = "https://example.org/"
    logo = "https://example.org/logo.png"

    [site.therapy]  # the therapy of every guide that names none in its front matter
    name = "Craniosacral therapy"
    url = "https://example.org/craniosacral-therapy"
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import attrs

from ._checks import http_url, instance_of, language_tag, single_line
from ._memo import per_guide
from ._messages import shown
from .errors import GuideValueError, SourceError
from .files import read_limited
from .model import ConditionGuide, Therapy

__all__ = ["MAX_CONFIG_BYTES", "Publisher", "SiteSettings", "load_site_config"]

#: A site config larger than this is refused unread.
MAX_CONFIG_BYTES = 1024 * 1024

_T = TypeVar("_T")


def _optional(validator: Any) -> Any:
    return attrs.validators.optional(validator)


def _base_url(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    http_url(instance, attribute, value)
    if value is not None and (urlsplit(value).query or urlsplit(value).fragment):
        raise GuideValueError(
            f"base URL {shown(value)} must not have a ?query or #fragment", field=attribute.name
        )


@attrs.frozen(kw_only=True)
class Publisher:
    """The organisation that publishes the guides.

    Attributes:
        name: Its name.
        url: Its home page.
        logo: The URL of its logo image.
    """

    name: str = attrs.field(validator=single_line)
    url: str | None = attrs.field(default=None, validator=http_url)
    logo: str | None = attrs.field(default=None, validator=http_url)


def _site_therapy(instance: object, attribute: attrs.Attribute[Any], value: Therapy | None) -> None:
    if value is None:
        return
    instance_of(Therapy)(instance, attribute, value)
    if value.possible_treatment:
        raise GuideValueError(
            "possible_treatment is a claim one guide makes about its condition, not a site setting;"
            " set it in the front matter of each guide that says so",
            field="therapy",
        )


@attrs.frozen(kw_only=True)
class SiteSettings:
    """Settings of the site that publishes the guides.

    Attributes:
        name: The site's name (the ``WebSite`` node, the first breadcrumb).
        base_url: Where guides live: a guide with no ``url`` of its own has the
            canonical URL ``base_url`` + slug (a missing final ``/`` is added).
        language: The site's language, a BCP 47 tag (the ``WebSite`` node's
            ``inLanguage``; each guide keeps its own ``language``).
        publisher: The publishing organisation.
        therapy: The therapy of every guide that names none in its front matter
            (``name`` and ``url`` only: a site's therapy never claims to treat
            the condition).
        description: One sentence about the site (the summary of ``llms.txt``).
        license: The URL of the licence syndicated copies are under (their
            JSON-LD ``license``).
    """

    name: str | None = attrs.field(default=None, validator=_optional(single_line))
    base_url: str | None = attrs.field(default=None, validator=_base_url)
    language: str | None = attrs.field(default=None, validator=_optional(language_tag))
    publisher: Publisher | None = attrs.field(default=None, validator=_optional(instance_of(Publisher)))
    therapy: Therapy | None = attrs.field(default=None, validator=_site_therapy)
    description: str | None = attrs.field(default=None, validator=_optional(single_line))
    license: str | None = attrs.field(default=None, validator=http_url)

    @property
    def home_url(self) -> str | None:
        """The site's home page: the root of `base_url`."""
        return urljoin(self.base_url, "/") if self.base_url else None

    def canonical_url(self, slug: str) -> str | None:
        """The URL of the guide `slug` under `base_url`, or None without a base URL."""
        if self.base_url is None:
            return None
        return self.base_url.rstrip("/") + "/" + slug

    @per_guide  # so the outputs of one guide share the placed guide, and what they derive from it
    def place(self, guide: ConditionGuide) -> ConditionGuide:
        """Return `guide` with its canonical URL (its own, else the one under `base_url`) and therapy.

        The therapy is the guide's own, else the site's.
        """
        url = guide.url or self.canonical_url(guide.slug)
        therapy = guide.therapy or self.therapy
        if url == guide.url and therapy == guide.therapy:
            return guide
        return attrs.evolve(guide, url=url, therapy=therapy)


# Every key a config file may have, dotted, with the type of its value (a dict is a table).
_KEYS: dict[str, type] = {
    "site": dict,
    "site.name": str,
    "site.base_url": str,
    "site.language": str,
    "site.description": str,
    "site.license": str,
    "site.publisher": dict,
    "site.publisher.name": str,
    "site.publisher.url": str,
    "site.publisher.logo": str,
    "site.therapy": dict,
    "site.therapy.name": str,
    "site.therapy.url": str,
}
_KINDS: dict[type, str] = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "a table",
}


def _check_table(table: dict[str, Any], prefix: str, error: Callable[[str], SourceError]) -> None:
    for key, value in table.items():
        name = prefix + key
        kind = _KEYS.get(name)
        if kind is None:
            siblings = (k[len(prefix) :] for k in _KEYS if k.startswith(prefix))
            allowed = [k for k in siblings if "." not in k]
            where = f"[{prefix.rstrip('.')}]" if prefix else "the file"
            raise error(f"unknown key {name!r}; {where} may have: {', '.join(allowed)}")
        if not isinstance(value, kind):
            raise error(f"{name} must be {_KINDS[kind]}, not {_KINDS.get(type(value), 'a date or time')}")
        if isinstance(value, dict):
            _check_table(value, f"{name}.", error)


def _build(kind: Callable[..., _T], values: Any, prefix: str, error: Callable[[str], SourceError]) -> _T:
    try:
        return kind(**values)
    except GuideValueError as exc:
        raise error(f"{prefix}{exc.field}: {exc.message}" if exc.field else exc.message) from exc


def load_site_config(path: str | os.PathLike[str]) -> SiteSettings:
    """Read `SiteSettings` from the TOML file at `path` (its ``[site]`` table).

    Raises:
        SourceError: ``path: message`` when the file cannot be read, is not
            TOML, has an unknown key (named in the message) or an invalid value.
    """
    import tomllib

    def error(message: str) -> SourceError:
        return SourceError(message, path=path, line=None)

    try:
        config = tomllib.loads(read_limited(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except OSError as exc:
        raise error(f"cannot read the config file: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise error("not valid TOML: the file is not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise error(f"not valid TOML: {exc}") from None
    except (RecursionError, ValueError) as exc:  # deep nesting; integers past int_max_str_digits
        raise error(f"not a site config: {type(exc).__name__}: {str(exc)[:100]}") from None
    _check_table(config, "", error)
    site = dict(config.get("site", {}))
    if "publisher" in site:
        if "name" not in site["publisher"]:
            raise error("site.publisher.name is missing: [site.publisher] needs the organisation's name")
        site["publisher"] = _build(Publisher, site["publisher"], "site.publisher.", error)
    if "therapy" in site:
        if "name" not in site["therapy"]:
            raise error("site.therapy.name is missing: [site.therapy] needs the therapy's name")
        site["therapy"] = _build(Therapy, site["therapy"], "site.therapy.", error)
    return _build(SiteSettings, site, "site.", error)
