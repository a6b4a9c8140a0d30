"""The ``json`` exporter: the lossless serialisation of the model."""

from __future__ import annotations

import json
from typing import ClassVar

import attrs

from ..model import ConditionGuide
from ..serialization import guide_to_data
from .base import Exporter

__all__ = ["JsonExporter"]


@attrs.frozen(kw_only=True)
class JsonExporter(Exporter):
    """The guide as JSON; ``cstcontent.loads(text, format="json")`` gives it back, equal."""

    name: ClassVar[str] = "json"
    media_type: ClassVar[str] = "application/json"
    extension: ClassVar[str] = ".json"
    indent: int | None = attrs.field(default=2, validator=attrs.validators.instance_of((int, type(None))))

    def export(self, guide: ConditionGuide) -> str:
        """Return `guide` as JSON text."""
        return json.dumps(guide_to_data(guide), ensure_ascii=False, indent=self.indent) + "\n"
