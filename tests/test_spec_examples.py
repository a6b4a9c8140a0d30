"""Nothing that passes the reader reaches an output as literal markup.

Every example of the CommonMark spec, and the GFM spec's examples for tables,
task lists, strikethrough, extended autolinks and disallowed raw HTML (see
tests/data/commonmark/NOTICE.md), is read as the body of a guide. Each one is
either refused with a `SourceError` (never another exception), or read into
nodes whose text is exactly the text a conforming renderer shows for it: the
text content of the HTML the spec gives for the example, an image counting as
its alt text and title. Markup left as literal text (``*``, ``|``, ``<b>``,
``~~``, ``[ ]``) would be text the spec's rendering does not have, and text the
reader lost would be missing from ours, so either fails the comparison.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

import cstcontent
from cstcontent import SourceError
from cstcontent.model import ConditionGuide
from cstcontent.nodes import (
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Heading,
    Image,
    OrderedList,
    Paragraph,
    Table,
    plain_text,
)

DATA = Path(__file__).parent / "data" / "commonmark"
FRONT = "---\ntitle: Spec example\nsummary: S\ncondition: C\n---\n"
COMMONMARK: list[dict[str, Any]] = json.loads((DATA / "commonmark-0.31.2.json").read_text(encoding="utf-8"))
GFM: list[dict[str, Any]] = json.loads((DATA / "gfm-extensions.json").read_text(encoding="utf-8"))


def words(text: str) -> str:
    return " ".join(text.split())


def guide_text(guide: ConditionGuide) -> str:
    """Everything the guide's body says, in order, as plain text."""
    parts: list[str] = list(_blocks_text(guide.intro))
    for section in guide.sections:
        parts.append(section.heading)
        parts.extend(_blocks_text(section.blocks))
    for item in guide.faqs:
        parts.append(item.question)
        parts.extend(_blocks_text(item.answer))
    for reference in guide.references:
        parts.extend(_blocks_text(reference.blocks))
    return words(" ".join(parts))


def _blocks_text(blocks: Iterable[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield plain_text(block.content)
        elif isinstance(block, Heading):
            yield block.text
        elif isinstance(block, BlockQuote):
            yield from _blocks_text(block.blocks)
        elif isinstance(block, Callout):
            yield block.title or ""
            yield from _blocks_text(block.blocks)
        elif isinstance(block, BulletList | OrderedList):
            for item in block.items:
                yield from _blocks_text(item)
        elif isinstance(block, Table):
            for row in (block.header, *block.rows):
                yield from (plain_text(cell) for cell in row)
            yield block.caption or ""
        elif isinstance(block, Image):
            yield f"{block.alt} {block.caption or ''}"


def spec_text(html: str) -> str:
    """The text a reader of the spec's HTML sees, an image counting as its alt text and title."""
    root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
    for image in root.iter("img"):
        image.tail = f" {image.get('alt', '')} {image.get('title', '')} {image.tail or ''}"
    return words(root.text_content())


def outcome(markdown: str) -> str | None:
    """The guide's text, or None when the reader refuses the example."""
    try:
        guide = cstcontent.loads(FRONT + markdown, path="example.md")
    except SourceError:
        return None
    return guide_text(guide)


def _id(example: dict[str, Any]) -> str:
    return f"{example['example']}-{example['section']}".replace(" ", "-")


@pytest.mark.parametrize("example", COMMONMARK, ids=_id)
def test_commonmark_example_maps_to_nodes_or_is_refused(example: dict[str, Any]) -> None:
    text = outcome(example["markdown"])
    if text is not None:
        assert text == spec_text(example["html"])


@pytest.mark.parametrize("example", GFM, ids=_id)
def test_gfm_extension_example_maps_to_nodes_or_is_refused(example: dict[str, Any]) -> None:
    text = outcome(example["markdown"])
    if text is not None:
        assert text == spec_text(example["html"])


@pytest.mark.parametrize(
    "number",
    [
        279, 280,  # task lists: the box would be lost
        491,  # strikethrough: the line through would be lost
        204,  # a table row with more cells than the header: GFM drops the extra cells
        653,  # raw HTML
    ],
)  # fmt: skip
def test_gfm_constructs_the_model_cannot_carry_are_refused(number: int) -> None:
    (example,) = [example for example in GFM if example["example"] == number]
    assert outcome(example["markdown"]) is None


def test_the_examples_exercise_both_outcomes() -> None:
    """Guard against a vacuous pass: many examples are read, many are refused."""
    results = [outcome(example["markdown"]) for example in COMMONMARK + GFM]
    read = sum(result is not None for result in results)
    refused = len(results) - read
    assert read > 200
    assert refused > 200
    tables = [example for example in GFM if example["extension"] == "table"]
    assert sum(outcome(example["markdown"]) is not None for example in tables) >= 5
