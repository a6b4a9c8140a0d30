"""The JSON reader is as strict as the format is lossless: wrong types, repeated keys, unknown
keys, huge numbers and deep nesting are each a `SourceError` naming the JSON path, never a
silent conversion and never an exception that is not the library's."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cstcontent
from cstcontent import SourceError, nodes
from cstcontent.model import ConditionGuide, Section
from cstcontent.readers.json import MAX_JSON_DEPTH

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sciatica.md"


def _data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cstcontent.export(cstcontent.load(FIXTURE), "json"))
    return data


def _with_list(data: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A copy of `data` whose first intro block is an ordered list with `changes`."""
    data = copy.deepcopy(data)
    item = [{"type": "paragraph", "content": [{"type": "text", "text": "x"}]}]
    data["guide"]["intro"][0] = {"type": "ordered_list", "items": [item], "start": 2, **changes}
    return data


Mutation = Callable[[dict[str, Any]], object]
WRONG_TYPES: dict[str, tuple[Mutation, str]] = {
    "null title": (
        lambda d: d["guide"].update(title=None),
        r"expected a string, not null @ \$\.guide\.title",
    ),
    "int title": (
        lambda d: d["guide"].update(title=123),
        r"expected a string, not a whole number @ \$\.guide\.title",
    ),
    "dict title": (lambda d: d["guide"].update(title={"a": 1}), r"not an object @ \$\.guide\.title"),
    "list title": (lambda d: d["guide"].update(title=["a"]), r"not an array @ \$\.guide\.title"),
    "null text": (
        lambda d: d["guide"]["intro"][0]["content"][0].update(text=None),
        r"not null @ \$\.guide\.intro\[0\]\.content\[0\]\.text",
    ),
    "int link url": (
        lambda d: d["guide"]["intro"][0]["content"].append({"type": "link", "url": 5, "children": []}),
        r"expected a string, not a whole number @ \$\.guide\.intro\[0\]\.content\[\d+\]\.url",
    ),
    "float start": (
        lambda d: d.update(_with_list(d, start=5.9)),
        r"not a decimal number @ \$\.guide\.intro\[0\]\.start",
    ),
    "bool start": (
        lambda d: d.update(_with_list(d, start=True)),
        r"not true or false @ \$\.guide\.intro\[0\]\.start",
    ),
    "string start": (
        lambda d: d.update(_with_list(d, start=" 7 ")),
        r"not a string @ \$\.guide\.intro\[0\]\.start",
    ),
    "float heading level": (
        lambda d: d["guide"]["sections"][0]["blocks"].append({"type": "heading", "level": 3.7, "text": "H"}),
        r"expected a whole number, not a decimal number @ \$\.guide\.sections\[0\]\.blocks\[\d+\]\.level",
    ),
    "string bool": (
        lambda d: d["guide"].update(therapy={"name": "CST", "possible_treatment": "yes"}),
        r"expected true or false, not a string @ \$\.guide\.therapy\.possible_treatment",
    ),
    "int bool": (
        lambda d: d["guide"].update(therapy={"name": "CST", "possible_treatment": 1}),
        r"expected true or false, not a whole number @ \$\.guide\.therapy\.possible_treatment",
    ),
    "null person name": (
        lambda d: d["guide"].update(authors=[{"name": None}]),
        r"not null @ \$\.guide\.authors\[0\]\.name",
    ),
}


@pytest.mark.parametrize("case", list(WRONG_TYPES))
def test_wrong_types_are_refused_with_the_json_path(case: str) -> None:
    mutate, message = WRONG_TYPES[case]
    data = _data()
    mutate(data)
    with pytest.raises(SourceError, match=message):
        cstcontent.loads(json.dumps(data), format="json", path="g.json")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"format": "cstcontent.guide", "version": 1, "guide": null}', r"not null @ \$\.guide$"),
        ('{"format": "cstcontent.guide", "version": 1}', r"the guide is missing @ \$\.guide$"),
        ('{"format": "cstcontent.guide", "version": 1, "guide": []}', r"not an array @ \$\.guide$"),
        ('{"format": "cstcontent.guide", "version": 1, "guide": 7}', r"not a whole number @ \$\.guide$"),
        ('{"format": "cstcontent.guide", "version": true, "guide": {}}', "unsupported guide format version"),
        ('{"format": "cstcontent.guide", "version": 1.0, "guide": {}}', "unsupported guide format version"),
        (
            '{"format": "cstcontent.guide", "version": 1, "guide": {}, "extra": 1}',
            r"unknown field 'extra' @ \$\.extra",
        ),
    ],
)
def test_the_envelope_is_checked(document: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        cstcontent.loads(document, format="json")


def test_a_key_given_twice_is_refused_with_the_json_path() -> None:
    text = json.dumps(_data())
    # The first "title" inside the guide object, given a second time.
    text = text.replace('"title": ', '"title": "First", "title": ', 1)
    with pytest.raises(SourceError, match=r"the key 'title' is given twice @ \$\.guide$"):
        cstcontent.loads(text, format="json")
    with pytest.raises(SourceError, match=r"the key 'format' is given twice @ \$$"):
        cstcontent.loads('{"format": "cstcontent.guide", "format": "cstcontent.guide"}', format="json")


@pytest.mark.parametrize(
    "document",
    ["[" * 100_000, '{"a":' * 100_000, "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)],
    ids=["100000 arrays", "100000 objects", "just past the limit"],
)
def test_deep_json_is_a_source_error(document: str) -> None:
    with pytest.raises(SourceError, match=f"nested more than {MAX_JSON_DEPTH} deep"):
        cstcontent.loads(document, format="json")


@pytest.mark.parametrize("number", ["1" + "0" * 5000, "-" + "9" * 5000, "NaN", "Infinity", "-Infinity"])
def test_huge_and_special_numbers_are_source_errors(number: str) -> None:
    document = f'{{"format": "cstcontent.guide", "version": {number}, "guide": {{}}}}'
    with pytest.raises(SourceError):
        cstcontent.loads(document, format="json")


def test_the_deepest_guide_the_model_accepts_reads_back_from_json() -> None:
    node: nodes.Inline = nodes.Text("a")
    for level in range(nodes.MAX_INLINE_DEPTH):
        node = (nodes.Emphasis if level % 2 else nodes.Strong)([node])
    block: nodes.Block = nodes.Paragraph([node])
    for _ in range(nodes.MAX_BLOCK_DEPTH):
        block = nodes.BulletList([[block]])
    guide = ConditionGuide(
        slug="d", title="T", summary="S", condition="C", sections=[Section("s", "S", [block])]
    )
    assert cstcontent.loads(cstcontent.export(guide, "json"), format="json") == guide
