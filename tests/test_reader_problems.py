"""Every problem of a source is reported at once, in line order, capped, as path:line: message."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import attrs
import pytest

import cstcontent
from cstcontent import SourceError
from cstcontent.cli import main
from cstcontent.errors import MAX_PROBLEMS, GuideValueError

FIXTURE = Path(__file__).parent.parent / "fixtures" / "lower-back-pain.md"

FIVE_MISTAKES = """\
---
title: Lower back pain
summary: \u201cWhat helps\u201d
condition: Low back pain
---

Intro with a <b>bold</b> word.

## Symptoms

> [!URGNT] Get help if:
> - your legs are numb

## Evidence

A trial[^trial] showed ~~nothing~~ little.

Another[^nope].

[^trial]: Smith 2020.
[^spare]: Never cited.
"""


def test_five_mistakes_are_all_reported_in_line_order() -> None:
    with pytest.raises(SourceError) as caught:
        cstcontent.loads(FIVE_MISTAKES, path="back.md")
    error = caught.value
    assert [(p.path, p.line) for p in error.problems] == [
        ("back.md", 3), ("back.md", 7), ("back.md", 11), ("back.md", 16), ("back.md", 18), ("back.md", 21),
    ]  # fmt: skip
    lines = str(error).split("\n")
    assert lines[0] == (
        "back.md:3: summary is wrapped in curly quotes (\u201c...\u201d), which YAML keeps as part of the"
        " text; use straight quotes (\"...\" or '...') or none"
    )
    assert lines[1] == "back.md:7: raw HTML ('<b>') is not allowed in guides; write **bold** instead"
    assert lines[2] == "back.md:11: [!URGNT] is not a callout type; did you mean [!URGENT]?"
    assert lines[3].startswith("back.md:16: strikethrough (~~text~~) is not supported")
    assert lines[4].startswith("back.md:18: [^nope] cites a reference that is not defined")
    assert (
        lines[5]
        == "back.md:21: the reference [^spare] is never cited; cite it as [^spare] in the text or remove it"
    )
    assert len(lines) == 6
    assert (error.line, error.message) == (3, error.problems[0].message)  # the first problem, as before


def test_problems_in_different_places_of_the_guide() -> None:
    source = (
        "---\ntitle: 2026\nsumary: S\ncondition: C\n---\n"  # title: line 2, sumary: line 3
        "# H1\n\n"  # 6
        "## A\n\n```\ncode\n```\n\n"  # fence at 10
        "## FAQ\n\n### Q?\n\n***\n\n### Q2? {#Bad}\n\nYes.\n"  # hr at 18, bad id at 20
    )
    with pytest.raises(SourceError) as caught:
        cstcontent.loads(source, path="g.md")
    assert [p.line for p in caught.value.problems] == [2, 3, 6, 10, 18, 20]
    assert "missing the required key 'summary'" not in str(caught.value)  # the typo says it already


def test_a_failed_block_does_not_cascade() -> None:
    # The only paragraph of the section fails, and the only citation is in it: neither "the section
    # has no content" nor "the reference is never cited" follows.
    source = "---\ntitle: T\nsummary: S\ncondition: C\n---\n## A\n\nSee <i>this</i>[^a].\n\n[^a]: Ref.\n"
    with pytest.raises(SourceError) as caught:
        cstcontent.loads(source, path="g.md")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (8, "raw HTML ('<i>') is not allowed in guides; write *emphasis* instead")
    ]


def test_problems_are_capped() -> None:
    body = "".join(f"Para {n} <b>x</b>\n\n" for n in range(MAX_PROBLEMS + 7))
    with pytest.raises(SourceError) as caught:
        cstcontent.loads("---\ntitle: T\nsummary: S\ncondition: C\n---\n" + body, path="g.md")
    error = caught.value
    assert len(error.problems) == MAX_PROBLEMS
    assert error.omitted == 7
    assert [p.line for p in error.problems] == [6 + 2 * n for n in range(MAX_PROBLEMS)]
    assert str(error).split("\n")[-1] == "g.md: 7 more problems not shown; fix these first"


def test_single_problem_keeps_the_old_form() -> None:
    with pytest.raises(SourceError) as caught:
        cstcontent.loads("---\ntitle: T\nsummary: S\ncondition: C\n---\n# H1\n", path="g.md")
    assert str(caught.value) == (
        "g.md:6: the body must not have a level-1 heading: the title comes from the front matter;"
        " use '## ' for a section"
    )
    assert caught.value.problems[0].line == 6


def test_cli_check_prints_every_problem(tmp_path: Path) -> None:
    source = tmp_path / "back.md"
    source.write_text(FIVE_MISTAKES, encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    assert main(["check", str(source)], stdout=stdout, stderr=stderr) == 1
    printed = stderr.getvalue().splitlines()
    assert [line.split(": ", 1)[0] for line in printed[:6]] == [
        f"{source}:{line}" for line in (3, 7, 11, 16, 18, 21)
    ]
    assert printed[6] == "0 of 1 guides are valid"


WHOLE_GUIDE_MISTAKES = """\
---
title: Lower back pain
summary: \u201cWhat helps\u201d
condition: Low back pain
published: 2026-02-01
modified: 2026-01-01
last_reviewed: 2026-01-28
next_review: 2026-01-28
---

Intro.

## Causes

Text.

## Causes

More text.

## FAQ

### Is it safe?

Yes.

### Is it  safe?

Yes.
"""


def test_problems_of_the_guide_as_a_whole_are_all_reported_with_the_field_problems() -> None:
    # Dates out of order, a section id used twice and a question asked twice are checked by the
    # model on the whole guide: even with the summary refused, each is reported at its own line.
    with pytest.raises(SourceError) as caught:
        cstcontent.loads(WHOLE_GUIDE_MISTAKES, path="back.md")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (3, "summary is wrapped in curly quotes (\u201c...\u201d), which YAML keeps as part of the text;"
            " use straight quotes (\"...\" or '...') or none"),
        (6, "modified (2026-01-01) is earlier than published (2026-02-01)"),
        (8, "next_review (2026-01-28) must be after last_reviewed (2026-01-28)"),
        (17, "the section 'Causes' has the id 'causes', already used by the section 'Causes'"),
        (27, "the question 'Is it  safe?' is asked twice"),
    ]  # fmt: skip


def test_the_model_raises_its_first_problem_with_all_of_them() -> None:
    guide = cstcontent.load(FIXTURE)
    assert (guide.published, guide.last_reviewed) == (datetime.date(2026, 1, 10), datetime.date(2026, 1, 28))
    with pytest.raises(GuideValueError) as caught:
        attrs.evolve(guide, modified=datetime.date(2026, 1, 1), next_review=datetime.date(2025, 1, 1))
    error = caught.value
    assert error.message == "modified (2026-01-01) is earlier than published (2026-01-10)"
    assert [(p.field, p.message) for p in error.problems] == [
        ("modified", error.message),
        ("next_review", "next_review (2025-01-01) must be after last_reviewed (2026-01-28)"),
    ]
    assert error.problems[0] is error
