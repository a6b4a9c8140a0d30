"""The ``json`` exporter: the lossless serialisation of the model."""

from __future__ import annotations

import json
from typing import Any, ClassVar

import attrs

from .._json import dumps_indented
from .._messages import shown
from ..model import ConditionGuide
from ..serialization import guide_to_data
from .base import Exporter

__all__ = ["MAX_INDENT", "JsonExporter"]

#: The widest indent: more only multiplies the output's size (10**8 exhausted memory).
MAX_INDENT = 16


def _check_indent(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not int:
        raise TypeError(f"the json option indent must be an int or None, not {shown(value)}")
    if value is not None and not 0 <= value <= MAX_INDENT:
        raise ValueError(f"the json option indent must be from 0 to {MAX_INDENT}, not {value}")


@attrs.frozen(kw_only=True)
class JsonExporter(Exporter):
    """The guide as JSON; ``cstcontent.loads(text, format="json")`` gives it back, equal.

    Attributes:
        indent: Spaces per indentation level, 0 or more; ``None`` writes the
            whole guide on one line (then a newline), and ``0`` puts each item
            on its own line without indentation.
    """

    name: ClassVar[str] = "json"
    media_type: ClassVar[str] = "application/json"
    extension: ClassVar[str] = ".json"
    indent: int | None = attrs.field(default=2, validator=_check_indent)

    def export(self, guide: ConditionGuide) -> str:
        """Return `guide` as JSON text."""
        data = guide_to_data(guide)
        if self.indent == 2:
            return dumps_indented(data) + "\n"
        return json.dumps(data, ensure_ascii=False, indent=self.indent) + "\n"
