"""The Markdown exporter writes typical front matter itself, exactly as PyYAML would (issue 10).

`_plain_yaml` builds the YAML text directly where every value is surely written plain
and gives up (None) otherwise; whenever it answers, the text must be what `yaml.dump`
with the exporter's dumper writes.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cstcontent
from cstcontent.exporters import markdown

ROOT = Path(__file__).resolve().parent.parent
PROFILE = settings(
    derandomize=True,
    max_examples=500,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
_TRICKY = list("aZ9 .,:#-*[]{}!&|>'\"%@`?=~\t\n\r\xa0é—\u2028\u2029\ufeff\x85\x00\U0001f600")


def _pyyaml(data: dict[str, Any]) -> str:
    return yaml.dump(
        data,
        Dumper=markdown._Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=2**30,
    )


_text = st.text(st.sampled_from(_TRICKY) | st.characters(), min_size=1, max_size=12)
_words = st.one_of(
    _text, _text.map(lambda s: "a" + s), st.sampled_from(["yes", "No", "null", "on", "1.5", "0x1"])
)
_scalar = st.one_of(_words, st.dates(), st.just(True))
_value = st.one_of(
    _scalar,
    st.lists(st.one_of(_words, st.dictionaries(_words, _words, max_size=2)), max_size=3),
    st.dictionaries(_words, st.one_of(_words, st.lists(_words, max_size=2)), max_size=3),
)


@PROFILE
@given(st.dictionaries(_words, _value, min_size=1, max_size=4))
def test_direct_front_matter_is_what_pyyaml_writes(data: dict[str, Any]) -> None:
    text = markdown._plain_yaml(data)
    if text is not None:
        assert text == _pyyaml(data)


def test_typical_values_are_written_directly() -> None:
    data = {
        "title": "Sciatica — pain (0)",
        "url": "https://example.org/a?b=c",
        "condition": {"name": "Neck pain", "alternate_names": ["Recovery", "it's *here* [x]"]},
        "published": datetime.date(2026, 1, 2),
        "authors": [{"name": "A", "job_title": "B"}, "Z"],
        "therapy": {"name": "CST", "possible_treatment": True},
    }
    assert markdown._plain_yaml(data) == _pyyaml(data)


@pytest.mark.parametrize("value", ["yes", "a: b", "ends:", "trailing ", "#tag", "a #b", "line\nbreak", "1.5"])
def test_values_that_need_quoting_are_left_to_pyyaml(value: str) -> None:
    assert markdown._plain_yaml({"title": value}) is None


@pytest.mark.parametrize("path", sorted((ROOT / "fixtures").glob("*.md")), ids=lambda p: p.name)
def test_fixture_front_matter_is_written_directly(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    direct = markdown._plain_yaml
    answers: list[str | None] = []
    monkeypatch.setattr(markdown, "_plain_yaml", lambda data: answers.append(direct(data)) or answers[-1])
    expected = cstcontent.export(cstcontent.load(path), "markdown")
    assert answers, "no front matter written"
    assert None not in answers, "the fixture's front matter was left to PyYAML"
    monkeypatch.setattr(markdown, "_plain_yaml", lambda data: None)  # PyYAML alone
    assert cstcontent.export(cstcontent.load(path), "markdown") == expected
