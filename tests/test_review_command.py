"""``cstcontent check --overdue [--on DATE]``: which guides are due for review."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path

import pytest

import cstcontent
from cstcontent import cli
from cstcontent.model import ConditionGuide
from cstcontent.review_command import due_for_review


def run(*argv: str | os.PathLike[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main([os.fspath(a) for a in argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def write(folder: Path, slug: str, next_review: str | None) -> Path:
    """A guide in the json format (any source format carries ``next_review``)."""
    day = datetime.date.fromisoformat(next_review) if next_review else None
    guide = ConditionGuide(
        slug=slug, title=slug.title(), summary="S.", condition="C",
        last_reviewed=datetime.date(2025, 1, 1), next_review=day,
    )  # fmt: skip
    path = folder / f"{slug}.json"
    path.write_text(cstcontent.export(guide, "json"), encoding="utf-8")
    return path


@pytest.fixture
def guides(tmp_path: Path) -> list[Path]:
    return [
        write(tmp_path, "asthma", "2026-06-01"),
        write(tmp_path, "back-pain", "2026-03-01"),
        write(tmp_path, "heel", "2027-01-01"),
        write(tmp_path, "no-date", None),
    ]


def test_lists_the_guides_due_on_a_day_oldest_first(guides: list[Path]) -> None:
    status, out, err = run("check", *guides, "--overdue", "--on", "2026-06-01")
    assert status == 1
    assert out.splitlines() == [
        f"{guides[1]}: next review due 2026-03-01",
        f"{guides[0]}: next review due 2026-06-01",  # due on the day itself
    ]
    assert "4 of 4 guides are valid" in err
    assert "2 of 4 valid guides due for review on 2026-06-01 (1 without next_review)" in err


def test_nothing_due_exits_0(guides: list[Path]) -> None:
    status, out, err = run("check", *guides, "--overdue", "--on", "2026-02-28")
    assert (status, out) == (0, "")
    assert "0 of 4 valid guides due for review on 2026-02-28" in err


def test_the_day_defaults_to_today(tmp_path: Path) -> None:
    today = datetime.date.today()
    due = write(tmp_path, "due", today.isoformat())
    later = write(tmp_path, "later", (today + datetime.timedelta(days=1)).isoformat())
    status, out, _ = run("check", due, later, "--overdue")
    assert status == 1
    assert out == f"{due}: next review due {today.isoformat()}\n"


def test_without_overdue_check_is_unchanged(guides: list[Path]) -> None:
    assert run("check", *guides) == (0, "", "4 of 4 guides are valid\n")


def test_an_invalid_guide_is_reported_by_the_check_and_not_listed(guides: list[Path], tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    status, out, err = run("check", *guides, broken, "--overdue", "--on", "2026-01-01")
    assert status == 1
    assert out == ""
    assert "broken.md" in err
    assert "4 of 5 guides are valid" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--overdue", "--on", "1 June"], "'1 June' is not a date written YYYY-MM-DD"),
        (["--on", "2026-01-01"], "--on needs --overdue"),
    ],
)
def test_bad_arguments_are_usage_errors(
    guides: list[Path], argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["check", os.fspath(guides[0]), *argv], stdout=io.StringIO(), stderr=io.StringIO())
    assert caught.value.code == 2
    assert message in capsys.readouterr().err


def test_due_for_review() -> None:
    def guide(day: datetime.date | None) -> ConditionGuide:
        return ConditionGuide(slug="g", title="T", summary="S", condition="C", next_review=day)

    on = datetime.date(2026, 5, 1)
    found = due_for_review(
        [("b", guide(on)), ("a", guide(on)), ("c", guide(None)), ("d", guide(datetime.date(2026, 5, 2)))], on
    )
    assert found == [("a", on), ("b", on)]
