"""Fast paths give exactly what the plain ones give: indented JSON from orjson, cached slugs."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cstcontent._json import dumps_indented
from cstcontent.model import ConditionGuide
from cstcontent.serialization import guide_to_data
from cstcontent.slugs import make_slug
from cstcontent.structured.graph import build_graph
from strategies import guides

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_indented_json_is_the_standard_librarys(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(guides())
def test_guide_json_and_graph_are_the_standard_librarys(guide: ConditionGuide) -> None:
    for data in (guide_to_data(guide), build_graph(guide, None)):
        assert dumps_indented(data) == json.dumps(data, ensure_ascii=False, indent=2)


def test_cached_slugs_are_fresh_slugs() -> None:
    from slugify import slugify

    for text in ("What the evidence says", "Kiefergelenk-Störung", "x" * 200, "What the evidence says"):
        assert make_slug(text, "section") == slugify(text, max_length=60, word_boundary=True)
