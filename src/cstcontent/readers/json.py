"""The ``json`` format read back: the lossless serialisation of the model."""

from __future__ import annotations

import json
import os

from ..errors import CstContentError, SourceError
from ..model import ConditionGuide
from ..serialization import guide_from_data

__all__ = ["read_json"]


def read_json(text: str, *, path: str | os.PathLike[str] | None = None) -> ConditionGuide:
    """Read a guide from the text of a ``json`` export.

    Raises:
        SourceError: Invalid JSON (with its line), or JSON that is not a guide
            (with the JSON path of each problem).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(
            f"invalid JSON: {error.msg} (column {error.colno})", path=path, line=error.lineno
        ) from None
    try:
        return guide_from_data(data)
    except CstContentError as error:
        raise SourceError(str(error), path=path, line=None) from None
