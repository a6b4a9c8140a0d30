"""CLI ergonomics: --to accumulates and combines with all, suggests a format, --fragment needs html."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cstcontent.cli import main

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sciatica.md"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_repeated_to_accumulates(tmp_path: Path) -> None:
    status, _, _ = run("export", str(FIXTURE), "--to", "text", "--to", "json", "--out", str(tmp_path))
    assert status == 0
    assert sorted(path.suffix for path in tmp_path.iterdir() if not path.name.startswith(".")) == [
        ".json",
        ".txt",
    ]


def test_all_combines_with_other_formats(tmp_path: Path) -> None:
    status, _, err = run("export", str(FIXTURE), "--to", "all,text", "--out", str(tmp_path))
    assert status == 0, err
    assert {path.suffix for path in tmp_path.glob("*.*")} >= {".html", ".jsonld", ".txt", ".md", ".json"}


def test_a_misspelled_format_gets_a_suggestion() -> None:
    status, _, err = run("export", str(FIXTURE), "--to", "HTML")
    assert status == 2
    assert "did you mean 'html'?" in err


def test_fragment_without_html_is_a_usage_error() -> None:
    status, _, err = run("export", str(FIXTURE), "--to", "text", "--fragment")
    assert status == 2
    assert "--fragment applies to html" in err


def test_check_help_explains(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "path:line: message" in capsys.readouterr().out


def test_a_sub_command_usage_error_prints_the_sub_command_usage() -> None:
    status, _, err = run("export", str(FIXTURE), "--to", "nope")
    assert status == 2
    assert err.startswith("usage: cstcontent export ")
