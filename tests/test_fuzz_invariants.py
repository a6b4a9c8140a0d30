"""The fuzz harnesses' invariants (fuzz/_invariants.py), run on the seed corpus in every test run.

The fuzzers need atheris and run for minutes, so CI does not run them; this test keeps their
checks working: each holds on every fixture, every fuzz reproducer and the attack corpus, and
each fails on an output that breaks it.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import attrs
import pytest

import cstcontent
from cstcontent import CstContentError, SourceError
from cstcontent.model import ConditionGuide
from cstcontent.nodes import Paragraph, Text
from cstcontent.slugs import make_slug
from support.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").glob("*.md"))
REGRESSIONS = sorted((ROOT / "tests" / "data" / "fuzz-regressions").glob("*.md"))


def _load_invariants() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_invariants", ROOT / "fuzz" / "_invariants.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["_invariants"] = module
    spec.loader.exec_module(module)
    return module


INVARIANTS = _load_invariants()
TARGETS = list(INVARIANTS.CHECKS)


def check_all(guide: ConditionGuide) -> None:
    """Export `guide` to every fuzz target and run its invariant (JSON-LD needs an FAQ)."""
    for target in TARGETS:
        if target == "jsonld" and not guide.faqs:
            with pytest.raises(cstcontent.ExportError, match="has no FAQ"):
                cstcontent.export(guide, target)
            continue
        INVARIANTS.CHECKS[target](cstcontent.export(guide, target), guide)


def test_the_targets_are_the_built_in_formats() -> None:
    assert sorted(TARGETS) == ["html", "json", "jsonld", "markdown", "text"]


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_invariants_hold_on_the_seed_corpus(path: Path) -> None:
    check_all(cstcontent.load(path))


@pytest.mark.parametrize("path", REGRESSIONS, ids=lambda path: path.name)
def test_reader_reproducers_give_a_checked_guide_or_a_source_error(path: Path) -> None:
    """What fuzz_markdown_reader.py requires of any input, on the inputs it once crashed on."""
    outcome: ConditionGuide | CstContentError
    try:
        outcome = cstcontent.loads(path.read_bytes(), path="fuzz.md")
    except CstContentError as error:
        outcome = error
    if isinstance(outcome, ConditionGuide):
        check_all(outcome)
    else:
        assert isinstance(outcome, SourceError)
        assert re.match(r"fuzz\.md(:\d+)?: ", str(outcome)), outcome


@pytest.mark.parametrize("field", ["question", "answer"])
def test_invariants_hold_on_the_attack_corpus(field: str) -> None:
    base = cstcontent.load(ROOT / "fixtures" / "sciatica.md")
    checked = 0
    for value in load_corpus():
        try:
            if field == "question":  # with the id the Markdown reader derives, so Markdown can carry it
                item = attrs.evolve(base.faqs[0], question=value, id=make_slug(value, "question"))
            else:
                item = attrs.evolve(base.faqs[0], answer=(Paragraph([Text(value)]),))
        except CstContentError:
            continue
        guide = attrs.evolve(base, faqs=(item, *base.faqs[1:]))
        check_all(guide)
        checked += 1
    assert checked > len(load_corpus()) / 2


_GUIDE = cstcontent.load(ROOT / "fixtures" / "sciatica.md")
_BROKEN = {
    "html": cstcontent.export(_GUIDE, "html").replace("</article>", "<script>alert(1)</script></article>"),
    "jsonld": json.dumps({**json.loads(cstcontent.export(_GUIDE, "jsonld")), "name": "</script>"}),
    "text": cstcontent.export(_GUIDE, "text") + "\x1b[2J",
    "markdown": cstcontent.export(_GUIDE, "markdown").replace(_GUIDE.faqs[0].question, "Another question?"),
    "json": cstcontent.export(attrs.evolve(_GUIDE, title="Another title"), "json"),
}


@pytest.mark.parametrize("target", TARGETS)
def test_each_invariant_fails_on_a_broken_output(target: str) -> None:
    with pytest.raises(AssertionError):
        INVARIANTS.CHECKS[target](_BROKEN[target], _GUIDE)
