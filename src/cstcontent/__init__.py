"""cstcontent: condition guides in every format a publisher needs.

>>> import cstcontent
>>> guide = cstcontent.load("fixtures/sciatica.md")
>>> html = cstcontent.export(guide, "html")
"""

from __future__ import annotations

from . import exporters
from ._api import export, load, loads
from .errors import CstContentError, ExportError, GuideValueError, SourceError, SourceWarning
from .model import Condition, ConditionGuide, FAQItem, Person, Section

__all__ = [
    "Condition",
    "ConditionGuide",
    "CstContentError",
    "ExportError",
    "FAQItem",
    "GuideValueError",
    "Person",
    "Section",
    "SourceError",
    "SourceWarning",
    "export",
    "exporters",
    "load",
    "loads",
]
__version__ = "0.1.0"
