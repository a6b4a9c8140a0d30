"""``cstcontent changed --since DATE``: guides modified (else published) on or after a date."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cstcontent import cli

FIXTURES = Path(__file__).parent.parent / "fixtures"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return cli.main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_lists_changed_guides_newest_first() -> None:
    status, out, err = run("changed", "--since", "2026-02-24", str(FIXTURES))
    assert status == 0
    assert out.splitlines() == [
        f"2026-03-12\t{FIXTURES / 'migraine.md'}\tmigraine",
        f"2026-03-02\t{FIXTURES / 'infant-colic.md'}\tinfant-colic",
        f"2026-02-24\t{FIXTURES / 'tmj-disorders.md'}\ttmj-disorders",
    ]
    assert err == "3 guides changed since 2026-02-24\n"


def test_modified_wins_over_published(tmp_path: Path) -> None:
    # tmj-disorders was published on 2026-02-17 and modified on 2026-02-24
    status, out, _ = run("changed", "--since", "2026-02-18", str(FIXTURES / "tmj-disorders.md"))
    assert (status, out.split("\t")[0]) == (0, "2026-02-24")
    status, out, _ = run("changed", "--since", "2026-02-25", str(FIXTURES / "tmj-disorders.md"))
    assert (status, out) == (0, "")


def test_bad_sources_and_dates(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("no front matter\n", encoding="utf-8")
    status, out, err = run("changed", "--since", "2026-01-01", str(bad), str(FIXTURES / "sciatica.md"))
    assert status == 1
    assert out == f"2026-01-10\t{FIXTURES / 'sciatica.md'}\tsciatica\n"
    assert err.startswith(f"{bad}:1: ")
    with pytest.raises(SystemExit) as caught:
        run("changed", "--since", "March", str(FIXTURES))
    assert caught.value.code == 2
