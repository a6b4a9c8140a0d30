"""Invariants the fuzz harnesses check on every output; a violation raises AssertionError.

The checks are the test suite's own (tests/support/outputs.py and text.py), so a fuzzer and
the tests agree on what "safe" means; tests/test_fuzz_invariants.py runs these on the seed
corpus, so they cannot break unnoticed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import cstcontent
from cstcontent.model import ConditionGuide
from support.outputs import html_violations, jsonld_violations, markdown_ids, script_jsonld
from support.text import text_violations

Check = Callable[[str, ConditionGuide], None]


def _require(problems: list[str]) -> None:
    if problems:
        raise AssertionError("; ".join(problems))


def check_html(output: str, guide: ConditionGuide) -> None:
    """Only what the templates write; the JSON-LD in the page gives back the questions."""
    problems = html_violations(output)
    data = script_jsonld(output)
    graph = data.get("@graph", [data]) if data else []
    questions = [q["name"] for node in graph if node.get("@type") == "FAQPage" for q in node["mainEntity"]]
    if questions != [item.question for item in guide.faqs]:
        problems.append(f"the JSON-LD in the page gives the questions {questions!r}")
    _require(problems)


def check_jsonld(output: str, guide: ConditionGuide) -> None:
    """Nothing that can end a <script> or trip old JavaScript; strings come back exactly."""
    _require(jsonld_violations(output, guide))


def check_text(output: str, guide: ConditionGuide) -> None:
    """No control character a terminal would act on, no bidi control."""
    _require(text_violations(output))


def check_round_trip(name: str) -> Check:
    """A checker that reads `name`'s output back and requires an equal guide.

    Markdown does not carry ids, so a guide whose ids differ from the derived ones is
    skipped: the exporter refuses those
    (tests/test_hostile.py::test_markdown_export_carries_ids_the_reader_would_not_derive).
    """

    def check(output: str, guide: ConditionGuide) -> None:
        if name == "markdown" and not markdown_ids(guide):
            return
        back = cstcontent.loads(output, format=name, path=f"{guide.slug}.md")
        assert back == guide, f"{name} round trip changed the guide"

    return check


CHECKS: dict[str, Check] = {
    "html": check_html,
    "jsonld": check_jsonld,
    "text": check_text,
    "markdown": check_round_trip("markdown"),
    "json": check_round_trip("json"),
}
