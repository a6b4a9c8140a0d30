"""The json format is the lossless serialisation of the model."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import cstcontent
from cstcontent import SourceError
from cstcontent.model import ConditionGuide
from support.guides import every_node_answer_guide, every_node_guide

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").glob("*.md"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_round_trips(path: Path, tmp_path: Path) -> None:
    guide = cstcontent.load(path)
    text = cstcontent.export(guide, "json")
    assert cstcontent.loads(text, format="json") == guide
    saved = tmp_path / f"{guide.slug}.json"
    saved.write_text(text, encoding="utf-8")
    assert cstcontent.load(saved) == guide
    assert cstcontent.export(cstcontent.loads(text, format="json"), "json") == text


@pytest.mark.parametrize("guide", [every_node_guide(), every_node_answer_guide()], ids=["body", "answer"])
def test_every_node_type_round_trips(guide: ConditionGuide) -> None:
    text = cstcontent.export(guide, "json")
    assert cstcontent.loads(text, format="json") == guide
    assert {"callout", "table", "image", "footnote_ref"} <= set(re.findall(r'"type": "([a-z_]+)"', text))
    assert json.loads(text)["guide"]["references"][0]["label"] == "smith-2020"


def test_shape_is_tagged_and_versioned() -> None:
    data = json.loads(cstcontent.export(cstcontent.load(FIXTURES[0]), "json"))
    assert data["format"] == "cstcontent.guide"
    assert data["version"] == 1
    first_block = data["guide"]["intro"][0]
    assert first_block["type"] == "paragraph"
    assert "line" not in first_block


def test_indent_option() -> None:
    guide = cstcontent.load(FIXTURES[0])
    assert "\n" not in cstcontent.export(guide, "json", indent=None).rstrip("\n")
    assert cstcontent.export(guide, "json", indent=4).startswith('{\n    "format": ')


def test_default_indent_is_two_spaces() -> None:
    text = cstcontent.export(cstcontent.load(FIXTURES[0]), "json")
    assert text.startswith('{\n  "format": "cstcontent.guide",\n  "version": 1,\n  "guide": {\n    "slug": ')
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "not a cstcontent guide"),
        (lambda d: d.update(version=99), "unsupported guide format version 99"),
        (lambda d: d["guide"].update(title=""), r"title must not be empty @ \$\.guide"),
        (lambda d: d["guide"].update(extra=1), r"unknown fields \['extra'\] @ \$\.guide"),
        (lambda d: d["guide"]["sections"][0].pop("heading"), r"\$\.guide\.sections\[0\]"),
        (
            lambda d: d["guide"]["sections"][0]["blocks"][0].update(type="video"),
            r"\$\.guide\.sections\[0\]\.blocks\[0\]",
        ),
        (lambda d: d["guide"].update(published="tomorrow"), "is not a date"),
        (lambda d: d["guide"]["faqs"][0]["answer"][0]["content"][0].update(text="a\nb"), "line break"),
        (
            lambda d: d["guide"]["condition"].update(alternate_names="Lumbago"),
            r"expected a JSON array, not str",
        ),
        (lambda d: d["guide"].update(authors="Ann"), r"expected a JSON array, not str @ \$\.guide\.authors"),
    ],
)
def test_invalid_json_guides_name_the_json_path(mutate: object, message: str) -> None:
    data = json.loads(cstcontent.export(cstcontent.load(FIXTURES[-1]), "json"))
    mutate(data)  # type: ignore[operator]
    with pytest.raises(SourceError, match=message):
        cstcontent.loads(json.dumps(data), format="json", path="g.json")


def test_json_syntax_error_names_the_line() -> None:
    with pytest.raises(SourceError, match=r"^g\.json:3: invalid JSON"):
        cstcontent.loads('{\n  "format": "cstcontent.guide",\n  oops\n}', format="json", path="g.json")
