"""Generate the compact schema.org subset that ``cstcontent validate-jsonld`` ships.

Reads the full vocabulary (``schemaorg-current-https.jsonld``) and keeps only
what the validator needs: each type with its direct superclasses, each
enumeration value with its enumerations, each property with its domains and
ranges, the data types, and which terms are superseded. Comments, labels,
equivalences and everything outside the ``schema:`` namespace are dropped.

Usage (download the vocabulary from https://schema.org/docs/developers.html first)::

    python scripts/build_schema_subset.py VOCABULARY [--release 30.0] [--output PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "src" / "cstcontent" / "structured" / "data" / "schemaorg-subset.json"
PREFIX = "schema:"
LICENSE = (
    "Derived from the schema.org vocabulary (https://schema.org), licensed under CC BY-SA 3.0"
    " (https://creativecommons.org/licenses/by-sa/3.0/). Only names, superclasses, domains, ranges,"
    " enumeration values and supersededBy links are kept. See NOTICE.md beside this file."
)


def _names(value: Any) -> list[str]:
    """The ``schema:`` names in a JSON-LD reference or list of references, without the prefix."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    refs = [item["@id"] if isinstance(item, dict) else item for item in items]
    return sorted(ref.removeprefix(PREFIX) for ref in refs if ref.startswith(PREFIX))


def build(vocabulary: dict[str, Any], release: str) -> dict[str, Any]:
    """Return the subset of `vocabulary` (the parsed JSON-LD file)."""
    types: dict[str, list[str]] = {}
    members: dict[str, list[str]] = {}
    properties: dict[str, list[list[str]]] = {}
    superseded: dict[str, str] = {}
    datatypes: list[str] = []
    for node in vocabulary["@graph"]:
        if not node["@id"].startswith(PREFIX):
            continue
        name = node["@id"].removeprefix(PREFIX)
        kinds = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdf:Property" in kinds:
            domains, ranges = node.get("schema:domainIncludes"), node.get("schema:rangeIncludes")
            properties[name] = [_names(domains), _names(ranges)]
        elif "rdfs:Class" in kinds:
            types[name] = _names(node.get("rdfs:subClassOf"))
            if "schema:DataType" in kinds:
                datatypes.append(name)
        else:
            members[name] = _names(kinds)
        replacement = _names(node.get("schema:supersededBy"))
        if replacement:
            superseded[name] = replacement[0]
    return {
        "license": LICENSE,
        "release": release,
        "types": types,
        "datatypes": sorted(datatypes),
        "members": members,
        "properties": properties,
        "superseded": superseded,
    }


def dumps(subset: dict[str, Any]) -> str:
    """Serialise `subset` compactly with one type, value or property a line, so diffs stay readable."""

    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    parts = []
    for key, value in sorted(subset.items()):
        if isinstance(value, dict):
            entries = ",\n".join(f"{compact(name)}:{compact(item)}" for name, item in sorted(value.items()))
            parts.append(f"{compact(key)}:{{\n{entries}\n}}")
        else:
            parts.append(f"{compact(key)}:{compact(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main() -> None:
    """Write the subset to the package's data folder (or to ``--output``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "source", type=Path, metavar="VOCABULARY", help="the full vocabulary, schemaorg-current-https.jsonld"
    )
    parser.add_argument("--release", default="30.0", help="the schema.org release of the source")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write (default: {OUTPUT})")
    args = parser.parse_args()
    subset = build(json.loads(args.source.read_text(encoding="utf-8")), args.release)
    args.output.write_text(dumps(subset), encoding="utf-8")
    size = args.output.stat().st_size
    print(
        f"{args.output}: {len(subset['types'])} types, {len(subset['properties'])} properties, {size} bytes"
    )


if __name__ == "__main__":
    main()
