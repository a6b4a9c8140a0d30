"""The exporter registry: built-in formats and plugins, each imported on first use.

Built-ins are named here by import path, and third-party exporters come from the
``cstcontent.exporters`` entry-point group, scanned once; neither is imported
until asked for, so ``import cstcontent`` stays light.
"""

from __future__ import annotations

import functools
import importlib
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from ..errors import CstContentError, OptionError, UnknownFormatError
from .base import Exporter

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from .collection.base import CollectionExporter

__all__ = [
    "BUILTIN_NAMES",
    "ENTRY_POINT_GROUP",
    "Exporter",
    "ExporterFactory",
    "factory",
    "get",
    "get_collection",
    "is_collection",
    "names",
    "origin",
    "register",
    "unregister",
]

ENTRY_POINT_GROUP = "cstcontent.exporters"
ExporterFactory = Callable[..., "Exporter | CollectionExporter"]

_BUILTINS = {
    "html": "cstcontent.exporters.html:HtmlExporter",
    "jsonld": "cstcontent.exporters.jsonld:JsonLdExporter",
    "text": "cstcontent.exporters.text:TextExporter",
    "markdown": "cstcontent.exporters.markdown:MarkdownExporter",
    "json": "cstcontent.exporters.json:JsonExporter",
    # The syndication kit, per guide.
    "oembed": "cstcontent.exporters.syndication:OEmbedExporter",
    "embed": "cstcontent.exporters.syndication:EmbedPageExporter",
    "snippet": "cstcontent.exporters.syndication:SnippetExporter",
    # Over a whole collection: one file at the output folder's root.
    "sitemap": "cstcontent.exporters.collection.sitemap:SitemapExporter",
    "feed": "cstcontent.exporters.collection.feed:FeedExporter",
    "llms": "cstcontent.exporters.collection.llms:LlmsTxtExporter",
    "index": "cstcontent.exporters.collection.index:IndexExporter",
}
BUILTIN_NAMES: tuple[str, ...] = tuple(_BUILTINS)

# Exporters registered at run time with `register`, and where each came from.
_registered: dict[str, tuple[ExporterFactory, str]] = {}


@functools.cache
def _plugins() -> dict[str, EntryPoint]:
    """The installed plugins by name, scanned once; a plugin cannot take a built-in's name."""
    from importlib.metadata import entry_points

    found: dict[str, EntryPoint] = {}
    for entry_point in entry_points(group=ENTRY_POINT_GROUP):
        if entry_point.name in _BUILTINS:
            warnings.warn(
                f"ignoring the exporter plugin {entry_point.value!r}: the name {entry_point.name!r} belongs"
                " to a built-in exporter",
                stacklevel=2,
            )
            continue
        found.setdefault(entry_point.name, entry_point)
    return found


def names() -> list[str]:
    """Return the names of every available exporter: built-ins first, then plugins."""
    extra = sorted((_plugins().keys() | _registered.keys()) - _BUILTINS.keys())
    return [*_BUILTINS, *extra]


def origin(name: str) -> str:
    """Say where the exporter `name` comes from: built-in, a plugin's distribution, or `register`."""
    if name in _registered:
        return _registered[name][1]
    if name in _BUILTINS:
        return "built-in"
    entry_point = _plugins().get(name)
    if entry_point is None:
        raise _unknown(name)
    dist = entry_point.dist
    return f"plugin {dist.name} {dist.version}" if dist is not None else f"plugin {entry_point.value}"


def register(name: str, factory: ExporterFactory, *, replace: bool = False) -> None:
    """Make `factory` available as the exporter `name`.

    Args:
        name: The format name.
        factory: Usually an `Exporter` subclass; called with the options.
        replace: Allow replacing an exporter that already has this name,
            built-ins included. Without it, a clash is a `ValueError`.
    """
    if not replace and (name in _registered or name in _BUILTINS or name in _plugins()):
        raise ValueError(f"an exporter named {name!r} already exists; pass replace=True to replace it")
    module = getattr(factory, "__module__", "?")
    _registered[name] = (factory, f"registered by {module}")


def unregister(name: str) -> None:
    """Remove an exporter added with `register` (a replaced built-in comes back).

    Raises:
        UnknownFormatError: `name` was not registered with `register` (a `KeyError`).
    """
    if name not in _registered:
        raise UnknownFormatError(f"no exporter named {name!r} was registered with register()")
    del _registered[name]


def factory(name: str) -> ExporterFactory:
    """Return the class (or factory) of the exporter `name`, importing it if needed.

    Raises:
        UnknownFormatError: No exporter has that name (a `KeyError`).
        CstContentError: A plugin failed to import.
    """
    if name in _registered:
        return _registered[name][0]
    if name in _BUILTINS:
        module, _, attribute = _BUILTINS[name].partition(":")
        builtin: ExporterFactory = getattr(importlib.import_module(module), attribute)
        return builtin
    entry_point = _plugins().get(name)
    if entry_point is None:
        raise _unknown(name)
    try:
        loaded: ExporterFactory = entry_point.load()
    except Exception as error:
        raise CstContentError(
            f"the exporter plugin {name!r} ({entry_point.value}) failed to load: {error}"
        ) from error
    return loaded


def _unknown(name: str) -> UnknownFormatError:
    return UnknownFormatError(f"no exporter named {name!r}; available: {', '.join(names())}")


def is_collection(name: str) -> bool:
    """Whether `name` is a collection format (one file over many guides), importing it if needed.

    Raises:
        UnknownFormatError: No exporter has that name (a `KeyError`).
    """
    from .collection.base import CollectionExporter

    made = factory(name)
    return isinstance(made, type) and issubclass(made, CollectionExporter)


def get(name: str, **options: Any) -> Exporter:
    """Return the exporter `name` configured with `options`.

    Raises:
        UnknownFormatError: No exporter has that name (a `KeyError`).
        OptionError: An option the exporter does not have (the message lists the valid ones),
            a bad option value, or `name` is a collection format (use `get_collection`);
            a `TypeError` and a `ValueError`.
    """
    exporter = _make(name, options)
    if not isinstance(exporter, Exporter):
        raise OptionError(
            f"{name!r} is a collection format, not an exporter of one guide: use get_collection"
        )
    return exporter


def get_collection(name: str, **options: Any) -> CollectionExporter:
    """Return the collection exporter `name` (e.g. ``sitemap``) configured with `options`.

    Raises:
        UnknownFormatError: No exporter has that name (a `KeyError`).
        OptionError: An option it does not have, a bad value, or `name` exports one guide (use `get`).
    """
    from .collection.base import CollectionExporter

    exporter = _make(name, options)
    if not isinstance(exporter, CollectionExporter):
        raise OptionError(f"{name!r} exports one guide at a time, not a collection: use get")
    return exporter


def _make(name: str, options: dict[str, Any]) -> Exporter | CollectionExporter:
    exporter_factory = factory(name)
    if isinstance(exporter_factory, type) and attrs.has(exporter_factory):
        valid = sorted(field.alias for field in attrs.fields(exporter_factory) if field.init)
        unknown = sorted(options.keys() - set(valid))
        if unknown:
            raise OptionError(
                f"the {name} exporter has no option {', '.join(map(repr, unknown))};"
                f" its options are: {', '.join(valid) or 'none'}"
            )
    try:
        return exporter_factory(**options)
    except CstContentError:
        raise
    except (TypeError, ValueError) as error:  # an option's validator: one library error for every exporter
        raise OptionError(str(error)) from error
