"""JSON-LD documents read into nodes: contexts resolved to schema.org names, references indexed.

Only what the checks need is modelled: a term is either a schema.org name
(``http://`` or ``https://``, bare under a schema.org ``@vocab``, or ``schema:``
compact) or outside schema.org, which the validator leaves alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .problems import JsonPath, Report

__all__ = ["SCHEMA_CONTEXT", "Context", "Graph", "Node", "read_graph", "schema_name"]

_SCHEMA_IRIS = (
    "https://schema.org/",
    "http://schema.org/",
    "https://www.schema.org/",
    "http://www.schema.org/",
)
_CONTEXT_FILES = ("", "docs/jsonldcontext.json", "docs/jsonldcontext.jsonld")
# Keys whose values hold further nodes; the other keywords hold identifiers or literals.
_NODE_KEYWORDS = frozenset({"@graph", "@list", "@set", "@included"})


def schema_name(iri: str) -> str | None:
    """Return the schema.org name of `iri` (``https://schema.org/Question`` -> ``Question``), else None."""
    for prefix in _SCHEMA_IRIS:
        if iri.startswith(prefix) and iri[len(prefix) :] and "/" not in iri[len(prefix) :]:
            return iri[len(prefix) :]
    return None


def _is_schema_context(url: str) -> bool:
    return any(
        url.rstrip("/") == (prefix + tail).rstrip("/") for prefix in _SCHEMA_IRIS for tail in _CONTEXT_FILES
    )


@attrs.frozen
class Context:
    """The part of a JSON-LD context that decides what a term means.

    Attributes:
        vocab: The IRI that bare terms are appended to, or None.
        terms: Terms and prefixes mapped to IRIs (None: mapped to nothing).
    """

    vocab: str | None = None
    terms: Mapping[str, str | None] = attrs.field(factory=dict)

    def expand(self, term: str) -> str | None:
        """Return the IRI `term` stands for, or None when it has none."""
        if term in self.terms:
            return self.terms[term]
        prefix, colon, suffix = term.partition(":")
        if colon:
            mapped = self.terms.get(prefix)
            return mapped + suffix if mapped and not suffix.startswith("//") else term
        return self.vocab + term if self.vocab else None

    def schema_term(self, term: str) -> str | None:
        """Return the schema.org name `term` stands for, or None when it is outside schema.org."""
        iri = self.expand(term)
        return schema_name(iri) if iri else None

    def extend(self, value: Any, path: JsonPath, report: Report) -> Context:
        """Return this context with the ``@context`` `value` at `path` applied."""
        if value is None:
            return Context()
        if isinstance(value, list):
            context = self
            for index, item in enumerate(value):
                context = context.extend(item, (*path, index), report)
            return context
        if isinstance(value, str):
            if _is_schema_context(value):
                return Context(SCHEMA_CONTEXT.vocab, {**self.terms, **SCHEMA_CONTEXT.terms})
            report.warning(path, f"the @context {value!r} is not schema.org, so its terms are not checked")
            return Context()
        if not isinstance(value, dict):
            report.error(path, "@context must be a URL, an object or an array of them")
            return self
        vocab = value.get("@vocab", self.vocab)
        vocab = vocab if isinstance(vocab, str) else None
        raw = {
            term: definition.get("@id") if isinstance(definition, dict) else definition
            for term, definition in value.items()
            if not term.startswith("@")
        }
        # A definition may use a prefix defined beside it, e.g. {"s": "https://schema.org/", "n": "s:name"}.
        beside = Context(vocab, {**self.terms, **{t: i for t, i in raw.items() if isinstance(i, str)}})
        terms = {
            **self.terms,
            **{t: beside.expand(i) if isinstance(i, str) else None for t, i in raw.items()},
        }
        return Context(vocab, terms)


SCHEMA_CONTEXT = Context("http://schema.org/", {"schema": "http://schema.org/"})


@attrs.frozen(eq=False)
class Node:
    """A JSON object that describes a node (not a value, list or bare graph wrapper).

    Attributes:
        path: Where it is.
        data: The object itself.
        context: The context in force inside it.
    """

    path: JsonPath
    data: dict[str, Any]
    context: Context

    @property
    def id(self) -> str | None:
        """Its ``@id``, when it has one."""
        node_id = self.data.get("@id")
        return node_id if isinstance(node_id, str) else None

    @property
    def is_reference(self) -> bool:
        """Whether it only points at a node described elsewhere (``{"@id": ...}``)."""
        return self.id is not None and set(self.data) <= {"@id", "@context"}

    def type_names(self) -> list[str]:
        """The schema.org names among its ``@type`` values."""
        raw = self.data.get("@type")
        types = raw if isinstance(raw, list) else [raw]
        names = (self.context.schema_term(item) for item in types if isinstance(item, str))
        return [name for name in names if name is not None]

    def values(self, name: str) -> list[tuple[JsonPath, Any]]:
        """The values of the schema.org property `name`, each with its path; arrays are flattened."""
        found: list[tuple[JsonPath, Any]] = []
        for key, value in self.data.items():
            if not key.startswith("@") and self.context.schema_term(key) == name:
                path = (*self.path, key)
                if isinstance(value, list):
                    found.extend(((*path, i), item) for i, item in enumerate(value))
                else:
                    found.append((path, value))
        return found


@attrs.frozen
class Graph:
    """Every node of a file's JSON-LD, in document order, with its references indexed."""

    nodes: list[Node]
    by_object: dict[int, Node]
    definitions: dict[str, list[Node]]

    def node(self, data: dict[str, Any]) -> Node | None:
        """The node read from the object `data`, if it is one."""
        return self.by_object.get(id(data))

    def resolve(self, node: Node) -> Node:
        """The node a reference points at, when the file describes it; else `node`."""
        if node.is_reference and node.id in self.definitions:
            return self.definitions[node.id][0]
        return node

    def types(self, node: Node) -> frozenset[str]:
        """The schema.org types of `node`, including those given where the same ``@id`` is described."""
        others = self.definitions.get(node.id, []) if node.id is not None else []
        return frozenset(name for each in (node, *others) for name in each.type_names())


def _children(data: dict[str, Any], path: JsonPath) -> Iterable[tuple[JsonPath, Any]]:
    for key, value in data.items():
        if key in _NODE_KEYWORDS or not key.startswith("@"):
            yield (*path, key), value


def read_graph(documents: Iterable[tuple[JsonPath, Any]], report: Report) -> Graph:
    """Read the nodes of `documents` (each a parsed JSON-LD document with its path).

    A top-level object without ``@context`` is an error; it is then read as
    schema.org, the context such a document is almost always meant to have.
    """
    nodes: list[Node] = []
    for root_path, root in documents:
        tops = list(enumerate(root)) if isinstance(root, list) else [(None, root)]
        for index, top in tops:
            path = root_path if index is None else (*root_path, index)
            if not isinstance(top, dict):
                report.error(path, "a JSON-LD document must be an object or an array of objects")
                continue
            context = Context()
            if "@context" not in top:
                report.error(path, "no @context: consumers cannot tell that the terms are schema.org")
                context = SCHEMA_CONTEXT
            _walk(top, path, context, report, nodes)
    definitions: dict[str, list[Node]] = {}
    for node in nodes:
        if node.id is not None and not node.is_reference:
            definitions.setdefault(node.id, []).append(node)
    return Graph(nodes, {id(node.data): node for node in nodes}, definitions)


def _walk(value: Any, path: JsonPath, context: Context, report: Report, nodes: list[Node]) -> None:
    """Record the nodes in `value`, depth first in document order (without recursion, for deep input)."""
    stack: list[tuple[Any, JsonPath, Context]] = [(value, path, context)]
    while stack:
        value, path, context = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed([(item, (*path, i), context) for i, item in enumerate(value)]))
            continue
        if not isinstance(value, dict) or "@value" in value:
            continue
        if "@context" in value:
            context = context.extend(value["@context"], (*path, "@context"), report)
        if not value.keys() <= {"@context", "@graph", "@list", "@set"}:
            nodes.append(Node(path, value, context))
        stack.extend(reversed([(child, child_path, context) for child_path, child in _children(value, path)]))
