"""JSON text indented by two spaces, as ``json.dumps(data, ensure_ascii=False, indent=2)`` writes it.

The standard library drops to its pure-Python encoder whenever ``indent`` is
set, which made JSON the costliest step of an export; orjson writes the very
same text (two-space indent, ``": "`` between key and value, no ASCII
escaping) from native code, so it does the work here.
"""

from __future__ import annotations

__all__ = ["dumps_indented"]


def dumps_indented(data: object) -> str:
    """Return `data` (dicts with string keys, lists, strings, ints, booleans, None) as indented JSON."""
    import orjson

    return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
