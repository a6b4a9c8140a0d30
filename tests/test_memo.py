"""A guide's outputs share what they derive from it, and never a value derived from another guide."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import cstcontent
from cstcontent import serialization
from cstcontent._memo import per_guide
from cstcontent.model import ConditionGuide
from cstcontent.site import SiteSettings

FIXTURES = Path(__file__).parent.parent / "fixtures"
SOURCE = (FIXTURES / "migraine.md").read_text(encoding="utf-8")
SITE = SiteSettings(name="Example Clinic", base_url="https://example.org/conditions/")


def counted() -> tuple[list[tuple[object, ...]], Callable[..., str]]:
    """A remembered function that records each argument list it is really called with."""
    calls: list[tuple[object, ...]] = []

    @per_guide
    def describe(guide: ConditionGuide, option: object = None) -> str:
        calls.append((guide, option))
        return f"{guide.title} {option}"

    return calls, describe


def test_the_same_guide_and_options_are_computed_once() -> None:
    calls, describe = counted()
    guide = cstcontent.loads(SOURCE, format="markdown")
    assert describe(guide, SITE) == describe(guide, SITE)
    assert len(calls) == 1
    describe(guide, attrs.evolve(SITE))  # equal settings, another object
    assert len(calls) == 1


def test_another_guide_or_other_options_are_computed_afresh() -> None:
    calls, describe = counted()
    guide = cstcontent.loads(SOURCE, format="markdown")
    equal = cstcontent.loads(SOURCE, format="markdown")
    assert equal == guide
    describe(guide, SITE)
    describe(equal, SITE)  # equal is not enough: a guide is looked up by identity
    describe(guide, attrs.evolve(SITE, name="Another Clinic"))
    describe(guide, option=SITE)  # keyword arguments are never looked up
    assert [call[0] is guide for call in calls] == [True, False, True, True]


def test_only_the_last_few_guides_are_kept() -> None:
    calls, describe = counted()
    guides = [attrs.evolve(cstcontent.loads(SOURCE, format="markdown"), title=f"T{n}") for n in range(6)]
    for guide in guides:
        describe(guide)
    describe(guides[-1])
    describe(guides[0])  # pushed out by the four after it
    assert len(calls) == 7


def test_a_failure_is_not_remembered_and_unhashable_options_are_passed_through() -> None:
    attempts = []

    @per_guide
    def fail(guide: ConditionGuide, option: object) -> str:
        attempts.append(option)
        raise ValueError("no")

    guide = cstcontent.loads(SOURCE, format="markdown")
    for option in (1, 1, [1]):
        with pytest.raises(ValueError, match="no"):
            fail(guide, option)
    assert attempts == [1, 1, [1]]


def test_threads_get_each_guide_its_own_value() -> None:
    _, describe = counted()
    guides = [attrs.evolve(cstcontent.loads(SOURCE, format="markdown"), title=f"T{n}") for n in range(3)]
    results: list[tuple[str, str]] = []

    def work() -> None:
        for _ in range(200):
            for guide in guides:
                results.append((guide.title, describe(guide)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(value == f"{title} None" for title, value in results)
    assert len(results) == 2400


def test_a_guides_formats_share_its_content_hash_and_placement(monkeypatch: pytest.MonkeyPatch) -> None:
    guide = attrs.evolve(cstcontent.loads(SOURCE, format="markdown"), url=None)  # so the site places it:
    # a new guide object, which every format shares, and with it the content hash computed once
    serialized = []
    original = serialization.guide_to_data

    def spy(value: ConditionGuide) -> dict[str, object]:
        serialized.append(value)
        return original(value)

    monkeypatch.setattr("cstcontent.freshness.guide_to_data", spy)
    outputs = {
        name: cstcontent.export(guide, name, site=SITE)
        for name in ("html", "embed", "oembed", "snippet")  # each carries the content hash
    }
    assert len(serialized) == 1
    assert all(serialized[0].url and serialized[0].url in text for text in outputs.values())
