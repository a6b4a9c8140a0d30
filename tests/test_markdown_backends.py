"""The two Markdown parser back-ends give the same guides and the same errors (issue 10).

markdown-it-pyrs (the ``fast`` extra, in the ``test`` extra so CI has it) is used when
installed; markdown-it-py is the reference. Every source here is read with each: the
guide (compared with ``==``, lines included) or the errors (path, line and message of
each problem) must be equal. `_fast_outcome` reads with the fast back-end alone (no
re-read with markdown-it-py after a problem), so a document it parses differently
cannot hide behind the fallback. Sources: the fixtures, the CommonMark and GFM spec
examples as a section's body, every attack-corpus string in three places of a guide,
and the Markdown export of generated guides.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cstcontent
from cstcontent import CstContentError, SourceError
from cstcontent.model import ConditionGuide
from cstcontent.readers import _markdown_it_pyrs, markdown
from strategies import guides, guides_with_new_nodes
from support.corpus import load_corpus

pytest.importorskip("markdown_it_pyrs")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted((ROOT / "fixtures").glob("*.md"))
SOURCE = (ROOT / "fixtures" / "sciatica.md").read_text(encoding="utf-8")
_INTRO = SOURCE.split("---\n", 2)[2].lstrip("\n").split("\n", 1)[0]
_HEAD = SOURCE.split("## How", 1)[0] + "## Body\n\n"
_SPEC_DATA = ROOT / "tests" / "data" / "commonmark"
SPEC_EXAMPLES = [
    example["markdown"]
    for name in ("commonmark-0.31.2.json", "gfm-extensions.json")
    for example in json.loads((_SPEC_DATA / name).read_text(encoding="utf-8"))
]
PROFILE = settings(
    derandomize=True,
    max_examples=int(os.environ.get("CSTCONTENT_PROPERTY_EXAMPLES") or 60),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

Outcome = tuple[str, Any]
# An editor note on lines of its own, with the blank line after it.
_EDITOR_NOTE = re.compile(r"^<!--.*?-->\n\n", re.MULTILINE | re.DOTALL)


def _outcome(source: str, backend: str) -> Outcome:
    try:
        return "guide", markdown.read_markdown(source, path="guide.md", backend=backend)
    except SourceError as error:
        return "errors", [(p.path, p.line, p.message) for p in error.problems]


def _fast_outcome(source: str) -> Outcome | None:
    """The fast back-end's own outcome, or None where it hands the document to markdown-it-py."""
    try:
        return "guide", markdown._read(source, "guide.md", markdown.DEFAULT_MAX_BLOCKS, fast=True)
    except markdown._Fallback:
        return None
    except SourceError as error:
        return "errors", [(p.path, p.line, p.message) for p in error.problems]


def _check(source: str) -> Outcome | None:
    """Assert both back-ends agree on `source`; the fast back-end's own outcome."""
    reference = _outcome(source, "markdown-it-py")
    assert _outcome(source, "auto") == reference
    fast = _fast_outcome(source)
    if fast is not None and fast[0] == "guide":
        assert fast == reference, "the fast back-end built a different guide, or accepted a bad one"
    return fast


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_is_read_fast_into_the_same_guide(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    notes = _EDITOR_NOTE.findall(source)
    if notes:  # raw HTML (an editor note) is markdown-it-py's alone: the whole guide falls back
        assert _check(source) is None
        source = _EDITOR_NOTE.sub("", source)
    assert "<" not in source
    fast = _check(source)
    assert fast is not None, "a fixture fell back to markdown-it-py"
    assert fast[0] == "guide"


def test_a_fixture_has_an_editor_note() -> None:
    """The fallback branch above is taken: the fixtures use every construct, editor notes included."""
    assert any(_EDITOR_NOTE.search(path.read_text(encoding="utf-8")) for path in FIXTURES)


def test_every_spec_example_gives_the_same_outcome() -> None:
    fast = [_check(_HEAD + example) for example in SPEC_EXAMPLES]
    # Most examples are read by the fast back-end itself, not handed over.
    assert sum(outcome is not None for outcome in fast) > len(SPEC_EXAMPLES) / 2


_PLACES = {
    "intro line": lambda s: SOURCE.replace(_INTRO, f"{s}\n{_INTRO}", 1),
    "link target": lambda s: SOURCE.replace(_INTRO, f"[see]({s}) {_INTRO}", 1),
    "answer line": lambda s: SOURCE.replace("No — a herniated disc", f"{s}\n\nNo — a herniated disc", 1),
    "question": lambda s: SOURCE.replace("### Can CST fix a herniated disc?", f"### {s}", 1),
}


@pytest.mark.parametrize("place", list(_PLACES))
def test_every_corpus_string_gives_the_same_outcome(place: str) -> None:
    fast = [_check(_PLACES[place](value)) for value in load_corpus()]
    # A share is read by the fast back-end itself (most odd link targets are handed over).
    assert sum(outcome is not None for outcome in fast) > len(fast) / 10


def _markdown_or_none(guide: ConditionGuide) -> str | None:
    try:
        return cstcontent.export(guide, "markdown")
    except CstContentError:
        return None


@PROFILE
@given(st.one_of(guides(), guides_with_new_nodes()))
def test_generated_guides_give_the_same_outcome(guide: ConditionGuide) -> None:
    source = _markdown_or_none(guide)
    if source is not None:
        _check(source)


@PROFILE
@given(st.lists(st.sampled_from(["*", "_", "[", "]", "(", ")", "^", ":", "|", "-", "> ", "\n", "\n\n",
                                 "\\", "&amp;", "`", "#", "1. ", "  ", "~", "!", "x", "é", "—", "[^a]",
                                 "[^a]: ", "Table: "]), max_size=40))  # fmt: skip
def test_markup_soup_gives_the_same_outcome(pieces: list[str]) -> None:
    _check(_HEAD + "".join(pieces) + "\n\n[^a]: A reference.\n")


def test_the_environment_variable_chooses_the_back_end(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(body: str) -> None:
        raise AssertionError("the fast back-end was used")

    monkeypatch.setattr(_markdown_it_pyrs, "parse", refuse)
    monkeypatch.setenv(markdown.BACKEND_VARIABLE, "markdown-it-py")
    assert cstcontent.loads(SOURCE, path="sciatica.md").title
    monkeypatch.setenv(markdown.BACKEND_VARIABLE, "auto")
    with pytest.raises(AssertionError, match="fast back-end was used"):
        cstcontent.loads(SOURCE, path="sciatica.md")


def test_an_unknown_back_end_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(markdown.BACKEND_VARIABLE, "pandoc")
    with pytest.raises(ValueError, match="unknown Markdown back-end 'pandoc'"):
        cstcontent.loads(SOURCE, path="sciatica.md")


def test_deep_nesting_never_reaches_the_fast_parser() -> None:
    # markdown-it-pyrs has no nesting limit: its stack overflows on input like this.
    body = "> " * 50_000 + "x\n"
    assert _markdown_it_pyrs.parse(body) is None
    with pytest.raises(SourceError):
        cstcontent.loads(_HEAD + body, path="deep.md")
