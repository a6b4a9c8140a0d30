"""Checks against the schema.org vocabulary: types, properties, where each belongs, and value ranges.

A value is in a property's range when it fits one of the range's types:

* a node whose type is (a subtype of) a range class; a node without a type
  cannot be checked and passes, unless only literals are expected;
* a string for a data type: any string for ``Text``, a URL without spaces,
  an ISO 8601 ``Date``/``DateTime``/``Time``, a number, ``true``/``false``;
* a string for an enumeration: one of its values (``InStock``,
  ``https://schema.org/InStock``);
* any string for other classes (schema.org lets text stand for a thing);
* a JSON number for ``Number`` (``Integer``: a whole one), a boolean for ``Boolean``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from .documents import Graph, Node, schema_name
from .problems import JsonPath, Report
from .vocabulary import Property, Vocabulary

__all__ = ["check_schema"]

# JSON-LD 1.1 keywords; other "@" keys are ignored by consumers.
_KEYWORDS = frozenset({
    "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index",
    "@json", "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse",
    "@set", "@type", "@value", "@version", "@vocab",
})  # fmt: skip
_FORMATS: dict[str, tuple[Callable[[str], object], str]] = {
    "Date": (datetime.date.fromisoformat, "Date (YYYY-MM-DD)"),
    "DateTime": (datetime.datetime.fromisoformat, "DateTime (YYYY-MM-DDThh:mm:ss)"),
    "Time": (datetime.time.fromisoformat, "Time (hh:mm:ss)"),
}


def check_schema(graph: Graph, vocabulary: Vocabulary, report: Report) -> None:
    """Report unknown types and properties, misplaced properties, and values outside their range."""
    for node in graph.nodes:
        _check_types(node, vocabulary, report)
        types = [name for name in graph.types(node) if name in vocabulary.ancestors]
        for key, value in node.data.items():
            path = (*node.path, key)
            if key.startswith("@"):
                _check_keyword(key, value, path, report)
                continue
            name = node.context.schema_term(key)
            prop = _property(name, path, vocabulary, report) if name is not None else None
            if prop is None:
                continue
            if types and not any(vocabulary.ancestors[kind] & prop.domains for kind in types):
                report.error(
                    path,
                    f"{prop.name!r} is not a property of {_either(sorted(types))};"
                    f" it belongs to {_either(sorted(prop.domains))}",
                )
            for item_path, item in _items(value, path):
                _check_value(prop, item, item_path, graph, vocabulary, report)


def _either(names: Iterable[str], limit: int = 6) -> str:
    names = list(names)
    shown = names[:limit] + ([f"{len(names) - limit} more"] if len(names) > limit else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def _check_keyword(key: str, value: Any, path: JsonPath, report: Report) -> None:
    if key not in _KEYWORDS:
        report.warning(path, f"{key!r} is not a JSON-LD keyword; consumers ignore it")
    elif key == "@id" and not isinstance(value, str):
        report.error(path, "@id must be a string (an IRI)")


def _check_types(node: Node, vocabulary: Vocabulary, report: Report) -> None:
    raw = node.data.get("@type")
    if raw is None:
        return
    items = list(enumerate(raw)) if isinstance(raw, list) else [(None, raw)]
    for index, kind in items:
        path = (*node.path, "@type") if index is None else (*node.path, "@type", index)
        if not isinstance(kind, str):
            report.error(path, "@type must be a string or an array of strings")
            continue
        name = node.context.schema_term(kind)
        if name is None:
            continue
        if name in vocabulary.superseded:
            report.warning(path, f"the type {name!r} is superseded by {vocabulary.superseded[name]!r}")
        if name in vocabulary.ancestors:
            continue
        if name in vocabulary.members:
            enumeration = _either(sorted(vocabulary.members[name]))
            report.error(path, f"{name!r} is a value of {enumeration}, not a type")
        elif name in vocabulary.properties:
            report.error(path, f"{name!r} is a property, not a type")
        else:
            report.error(
                path, f"unknown schema.org type {name!r}{vocabulary.suggest(name, properties=False)}"
            )


def _property(name: str, path: JsonPath, vocabulary: Vocabulary, report: Report) -> Property | None:
    prop = vocabulary.properties.get(name)
    base, dash, suffix = name.rpartition("-")
    if prop is None and dash and suffix in ("input", "output") and base in vocabulary.properties:
        return None  # an action's input or output annotation, such as SearchAction's query-input
    if prop is None:
        if name in vocabulary.ancestors or name in vocabulary.members:
            report.error(path, f"{name!r} is a type or value, not a property")
        else:
            report.error(
                path, f"unknown schema.org property {name!r}{vocabulary.suggest(name, properties=True)}"
            )
    elif name in vocabulary.superseded:
        report.warning(path, f"the property {name!r} is superseded by {vocabulary.superseded[name]!r}")
    return prop


def _items(value: Any, path: JsonPath) -> Iterable[tuple[JsonPath, Any]]:
    """The values of a property: array items, ``@list``/``@set`` items, or the value itself."""
    for key in ("@list", "@set"):
        if isinstance(value, dict) and key in value:
            value, path = value[key], (*path, key)
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _items(item, (*path, index))
    else:
        yield path, value


def _describe(ranges: Iterable[str]) -> str:
    return _either(_FORMATS[name][1] if name in _FORMATS else name for name in ranges)


def _check_value(
    prop: Property, value: Any, path: JsonPath, graph: Graph, vocabulary: Vocabulary, report: Report
) -> None:
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    if value is None:
        return
    expected = _describe(prop.ranges)
    if isinstance(value, dict):
        node = graph.node(value)
        problem = _node_problem(prop, node, graph, vocabulary) if node is not None else None
        if problem:
            report.error(path, f"{prop.name!r} expects {expected}, not {problem}")
    elif isinstance(value, str):
        if not any(_string_fits(value, kind, vocabulary) for kind in prop.ranges):
            report.error(path, f"{value!r} is not a valid {prop.name!r}: expected {expected}")
    elif isinstance(value, bool):
        if not any(vocabulary.is_a(kind, "Boolean") for kind in prop.ranges):
            report.error(path, f"{prop.name!r} expects {expected}, not a boolean")
    elif isinstance(value, int | float):
        whole = isinstance(value, int) or value.is_integer()
        fits = (kind == "Number" or kind == "Float" or (kind == "Integer" and whole) for kind in prop.ranges)
        if not any(fits):
            report.error(path, f"{prop.name!r} expects {expected}, not the number {value!r}")


def _node_problem(prop: Property, node: Node, graph: Graph, vocabulary: Vocabulary) -> str | None:
    """Why the node `node` is outside the range of `prop`, or None when it fits (or cannot be told)."""
    classes = [kind for kind in prop.ranges if kind not in vocabulary.datatypes]
    types = sorted(name for name in graph.types(graph.resolve(node)) if name in vocabulary.ancestors)
    if types:
        if any(vocabulary.ancestors[kind] & set(classes) for kind in types):
            return None
        return f"a {_either(types)}"
    if classes or (node.is_reference and any(vocabulary.is_a(kind, "URL") for kind in prop.ranges)):
        return None
    return "an object"


def _string_fits(value: str, kind: str, vocabulary: Vocabulary) -> bool:
    if kind in _FORMATS:
        try:
            _FORMATS[kind][0](value)
        except ValueError:
            return False
        return True
    if vocabulary.is_a(kind, "URL"):
        return bool(value.strip()) and not any(char.isspace() for char in value.strip())
    if vocabulary.is_a(kind, "Number"):
        try:
            int(value) if kind == "Integer" else float(value)
        except ValueError:
            return False
        return True
    if kind == "Boolean":
        return value.casefold() in ("true", "false") or _member(value) in ("True", "False")
    if vocabulary.is_a(kind, "Enumeration"):
        member = _member(value)
        return any(vocabulary.is_a(enumeration, kind) for enumeration in vocabulary.members.get(member, ()))
    return True  # Text and its subtypes, quantities, and text standing for a thing


def _member(value: str) -> str:
    """The bare name of an enumeration value written as a name, ``schema:Name`` or a schema.org URL."""
    return schema_name(value) or value.removeprefix("schema:")
