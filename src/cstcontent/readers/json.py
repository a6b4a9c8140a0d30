"""The ``json`` format read back: the lossless serialisation of the model.

The reader is as strict as the format is lossless: a key given twice, a number
that is not a plain JSON number, or nesting deeper than any guide can have is a
`SourceError`, as is any value of the wrong type (see `cstcontent.serialization`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

from ..errors import CstContentError, SourceError
from ..model import ConditionGuide
from ..nodes import MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH
from ..serialization import guide_from_data

__all__ = ["MAX_JSON_DEPTH", "read_json"]

#: The deepest JSON a guide can need: three levels per nested list, two per nested inline, and the frame.
MAX_JSON_DEPTH = 3 * MAX_BLOCK_DEPTH + 2 * MAX_INLINE_DEPTH + 12
# An integer in a guide (a list's start, a heading level, the version) has at most this many digits.
_MAX_DIGITS = 12


class _Refused(Exception):
    """A JSON value the reader refuses while parsing (the message says why)."""


class _Object(dict[str, object]):
    """A JSON object that remembers the first key it was given twice."""

    duplicate: str | None = None


def _object(pairs: list[tuple[str, object]]) -> _Object:
    result = _Object()
    for key, value in pairs:
        if key in result and result.duplicate is None:
            result.duplicate = key
        result[key] = value
    return result


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise _Refused(f"the number {text[:20]}... has more than {_MAX_DIGITS} digits")
    return int(text)


def _constant(text: str) -> float:
    raise _Refused(f"{text} is not a JSON number")


def _walk(data: object) -> Iterator[tuple[str, object, int]]:
    """Yield (JSON path, value, depth) of every value, without recursion."""
    stack: list[tuple[str, object, int]] = [("$", data, 1)]
    while stack:
        path, value, depth = stack.pop()
        yield path, value, depth
        if isinstance(value, dict):
            stack.extend((f"{path}.{key}", item, depth + 1) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item, depth + 1) for index, item in enumerate(value))


def _check_structure(data: object) -> str | None:
    """The first problem no value-by-value check can see: a repeated key or too deep a nesting."""
    for path, value, depth in _walk(data):
        if depth > MAX_JSON_DEPTH:
            return f"the JSON is nested more than {MAX_JSON_DEPTH} deep, deeper than any guide @ {path}"
        if isinstance(value, _Object) and value.duplicate is not None:
            return f"the key {value.duplicate[:40]!r} is given twice @ {path}"
    return None


def read_json(text: str, *, path: str | os.PathLike[str] | None = None) -> ConditionGuide:
    """Read a guide from the text of a ``json`` export.

    Raises:
        SourceError: Invalid JSON (with its line), or JSON that is not a guide
            (with the JSON path of each problem).
    """
    try:
        data = json.loads(text, object_pairs_hook=_object, parse_int=_integer, parse_constant=_constant)
    except json.JSONDecodeError as error:
        raise SourceError(
            f"invalid JSON: {error.msg} (column {error.colno})", path=path, line=error.lineno
        ) from None
    except _Refused as error:
        raise SourceError(str(error), path=path, line=None) from None
    except RecursionError:
        raise SourceError(
            f"the JSON is nested more than {MAX_JSON_DEPTH} deep, deeper than any guide", path=path, line=None
        ) from None
    problem = _check_structure(data)
    if problem is not None:
        raise SourceError(problem, path=path, line=None)
    try:
        return guide_from_data(data)
    except CstContentError as error:
        raise SourceError(str(error), path=path, line=None) from None
