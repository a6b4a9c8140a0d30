"""Every exporter handles every node type (markdown-it-py's trap #308: a rule that never fires).

The node types are found by introspecting the model, so a new node type fails
here until `support.guides` holds it and every exporter renders it.
"""

from __future__ import annotations

import cstcontent
from cstcontent import nodes
from cstcontent.model import ConditionGuide, walk_blocks, walk_inlines
from support.guides import EVERY_NODE_WORDS, every_node_answer_guide, every_node_guide

NODE_TYPES = {cls.__name__ for cls in (*nodes.BLOCK_TYPES, *nodes.INLINE_TYPES)}


def node_types(guide: ConditionGuide) -> set[str]:
    blocks = [*guide.body_blocks(), *(block for ref in guide.references for block in ref.blocks)]
    found = {type(block) for block in walk_blocks(blocks)} | {type(node) for node in walk_inlines(blocks)}
    return {cls.__name__ for cls in found}


def test_the_guides_hold_every_node_type() -> None:
    assert set(EVERY_NODE_WORDS) == NODE_TYPES
    assert node_types(every_node_guide()) == NODE_TYPES
    assert node_types(every_node_answer_guide()) == NODE_TYPES - {"Heading"}  # answers have no headings


def test_each_word_stands_for_one_node() -> None:
    output = cstcontent.export(every_node_guide(), "json")
    assert all(output.count(word) == 1 for word in EVERY_NODE_WORDS.values())
