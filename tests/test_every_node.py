"""Every exporter handles every node type (markdown-it-py's trap #308: a rule that never fires).

The node types are found by introspecting the model, so a new node type fails
here until `support.guides` holds it and every exporter renders it.
"""

from __future__ import annotations

import pytest

import cstcontent
from cstcontent import exporters, nodes
from cstcontent.model import ConditionGuide, walk_blocks, walk_inlines
from support.guides import EVERY_NODE_WORDS, every_node_answer_guide, every_node_guide

NODE_TYPES = {cls.__name__ for cls in (*nodes.BLOCK_TYPES, *nodes.INLINE_TYPES)}
# Exporters of one guide that point to it instead of carrying it, and what carries it for them.
BY_REFERENCE = {"snippet": "embed"}  # an <iframe> of the embed page
# Every exporter of one guide (collection formats such as the sitemap carry no body).
GUIDE_EXPORTERS = [
    name for name in exporters.names() if not exporters.is_collection(name) and name not in BY_REFERENCE
]
# What a whole-guide exporter needs to write every part of the guide.
WHOLE_GUIDE_OPTIONS: dict[str, dict[str, object]] = {"jsonld": {"graph": True}}
# Exporters that write a guide's FAQ alone.
FAQ_ONLY = {"faq-csv"}


def node_types(guide: ConditionGuide) -> set[str]:
    blocks = [*guide.body_blocks(), *(block for ref in guide.references for block in ref.blocks)]
    found = {type(block) for block in walk_blocks(blocks)} | {type(node) for node in walk_inlines(blocks)}
    return {cls.__name__ for cls in found}


def missing_words(output: str, types: set[str]) -> list[str]:
    return sorted(
        f"{name} ({EVERY_NODE_WORDS[name]})" for name in types if EVERY_NODE_WORDS[name] not in output
    )


def test_the_guides_hold_every_node_type() -> None:
    assert set(EVERY_NODE_WORDS) == NODE_TYPES
    assert node_types(every_node_guide()) == NODE_TYPES
    assert node_types(every_node_answer_guide()) == NODE_TYPES - {"Heading"}  # answers have no headings


def test_each_word_stands_for_one_node() -> None:
    output = cstcontent.export(every_node_guide(), "json")
    assert all(output.count(word) == 1 for word in EVERY_NODE_WORDS.values())


@pytest.mark.parametrize("name", [name for name in GUIDE_EXPORTERS if name not in FAQ_ONLY])
def test_every_exporter_writes_every_node(name: str) -> None:
    output = cstcontent.export(every_node_guide(), name, **WHOLE_GUIDE_OPTIONS.get(name, {}))
    assert missing_words(output, NODE_TYPES) == []


@pytest.mark.parametrize("name", GUIDE_EXPORTERS)
def test_every_exporter_writes_every_node_of_an_answer(name: str) -> None:
    """An FAQ answer may hold any block but a heading; a citation's reference is outside the FAQ."""
    output = cstcontent.export(every_node_answer_guide(), name)
    assert missing_words(output, NODE_TYPES - {"Heading", "FootnoteRef"}) == []


def test_what_points_to_a_guide_points_to_an_exporter_that_carries_it() -> None:
    assert set(BY_REFERENCE.values()) <= set(GUIDE_EXPORTERS)
    assert 'src="' in cstcontent.export(every_node_guide(), "snippet")


def test_the_plugin_is_among_the_exporters_tested() -> None:
    assert set(GUIDE_EXPORTERS) >= FAQ_ONLY | {"html", "jsonld", "text", "markdown", "json"}
