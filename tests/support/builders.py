"""Small guides built with the model classes, for tests that need one node or one field."""

from __future__ import annotations

from typing import Any

from cstcontent import nodes
from cstcontent.model import ConditionGuide, FAQItem, Section

__all__ = ["guide", "guide_with", "para", "text_para"]


def para(*inlines: nodes.Inline) -> nodes.Paragraph:
    """A paragraph of `inlines`."""
    return nodes.Paragraph(inlines)


def text_para(text: str, *, line: int | None = None) -> nodes.Paragraph:
    """A paragraph of one text run."""
    return nodes.Paragraph([nodes.Text(text)], line=line)


def guide_with(*blocks: nodes.Block, **fields: Any) -> ConditionGuide:
    """A guide whose intro is `blocks` (title "Title", lede "Lede."); `fields` override any field."""
    values: dict[str, Any] = {"slug": "g", "title": "Title", "summary": "Lede.", "condition": "C"}
    return ConditionGuide(**{**values, "intro": blocks, **fields})


def guide(**fields: Any) -> ConditionGuide:
    """A small complete guide (one section, one question); `fields` override any field."""
    values: dict[str, Any] = {
        "slug": "sciatica",
        "title": "Sciatica",
        "summary": "Pain down the leg.",
        "condition": "Sciatica",
        "sections": [Section("how-it-helps", "How it helps", [text_para("Gently.")])],
        "faqs": [FAQItem("is-it-safe", "Is it safe?", [text_para("Yes.")])],
    }
    return ConditionGuide(**{**values, **fields})
