"""The schema.org vocabulary the validator checks against, loaded from the packaged subset on first use."""

from __future__ import annotations

import difflib
import functools
import json
from importlib.resources import files

import attrs

__all__ = ["Property", "Vocabulary", "vocabulary"]

SUBSET = "schemaorg-subset.json"


@attrs.frozen
class Property:
    """A schema.org property: the types it belongs to and the types of its values."""

    name: str
    domains: frozenset[str]
    ranges: tuple[str, ...]


@attrs.frozen
class Vocabulary:
    """Types, enumeration values and properties of schema.org, by bare name (``Question``).

    Attributes:
        release: The schema.org release the subset was made from.
        ancestors: Each type mapped to itself and all its superclasses.
        members: Each enumeration value mapped to its enumerations.
        properties: Each property by name.
        superseded: Terms schema.org replaced, mapped to their replacement.
        datatypes: The literal data types (``Text``, ``URL``, ``Date``...), subtypes included.
    """

    release: str
    ancestors: dict[str, frozenset[str]]
    members: dict[str, frozenset[str]]
    properties: dict[str, Property]
    superseded: dict[str, str]
    datatypes: frozenset[str]

    def is_a(self, name: str, kind: str) -> bool:
        """Whether the type `name` is `kind` or one of its subtypes."""
        return kind in self.ancestors.get(name, ())

    def suggest(self, name: str, *, properties: bool) -> str:
        """A `` (did you mean 'x'?)`` hint for a misspelt property or type name, or ``""``."""
        names = list(self.properties) if properties else list(self.ancestors)
        folded = {candidate.casefold(): candidate for candidate in names}
        match = folded.get(name.casefold())
        if match is None:
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
            match = close[0] if close else None
        return f" (did you mean '{match}'?)" if match else ""


def _ancestors(parents: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    result: dict[str, frozenset[str]] = {}

    def visit(name: str) -> frozenset[str]:
        if name not in result:
            result[name] = frozenset({name})  # guards against a cycle in the source
            result[name] = frozenset({name}).union(*(visit(p) for p in parents.get(name, ()) if p in parents))
        return result[name]

    for name in parents:
        visit(name)
    return result


@functools.cache
def vocabulary() -> Vocabulary:
    """Return the packaged schema.org subset, read once."""
    data = json.loads((files(__package__) / "data" / SUBSET).read_text(encoding="utf-8"))
    ancestors = _ancestors(data["types"])
    roots = frozenset(data["datatypes"])
    return Vocabulary(
        release=data["release"],
        ancestors=ancestors,
        members={name: frozenset(kinds) for name, kinds in data["members"].items()},
        properties={
            name: Property(name, frozenset(domains), tuple(ranges))
            for name, (domains, ranges) in data["properties"].items()
        },
        superseded=data["superseded"],
        datatypes=frozenset(name for name, above in ancestors.items() if above & roots),
    )
