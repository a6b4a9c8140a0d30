"""Which files a command reads: folder entries skipped with a warning, --exclude, each file once."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest

from cstcontent.cli import main

FIXTURES = Path(__file__).parent.parent / "fixtures"


def run(*argv: str | os.PathLike[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main([os.fspath(arg) for arg in argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def guides_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "guides"
    folder.mkdir()
    for name in ("migraine.md", "sciatica.md"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def add_odd_entries(folder: Path) -> dict[str, str]:
    """A FIFO, a folder, a loop and a dangling link, each named like a guide; the warnings expected."""
    os.mkfifo(folder / "fifo.md")
    (folder / "drafts.md").mkdir()
    (folder / "loop.md").symlink_to("loop.md")
    (folder / "gone.md").symlink_to("missing.md")
    return {
        "fifo.md": "a FIFO, not a regular file",
        "drafts.md": "a folder, not a guide file (sub-folders are not searched)",
        "loop.md": "a symbolic link loop",
        "gone.md": "a broken symbolic link (to 'missing.md')",
    }


@pytest.mark.parametrize("command", ["export", "check", "changed"])
def test_folder_entries_that_are_not_files_are_skipped_with_a_warning_each(
    tmp_path: Path, command: str
) -> None:
    folder = guides_folder(tmp_path)
    reasons = add_odd_entries(folder)
    extra = {
        "export": ["--to", "text", "--out", tmp_path / "out"],
        "check": [],
        "changed": ["--since", "2000-01-01"],
    }[command]
    status, _, err = run(command, folder, *extra)
    assert status == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f"warning: {folder / name}: skipped: {reason}" for name, reason in sorted(reasons.items())
    ]
    if command == "export":
        assert sorted(path.name for path in (tmp_path / "out").glob("*.txt")) == [
            "migraine.txt",
            "sciatica.txt",
        ]


def test_a_readme_in_the_folder_is_excluded_by_glob_with_a_note(tmp_path: Path) -> None:
    folder = guides_folder(tmp_path)
    (folder / "README.md").write_text("# About these guides\n", encoding="utf-8")
    (folder / "notes-draft.md").write_text("# Not yet\n", encoding="utf-8")
    status, _, err = run("export", folder, "--to", "text", "--out", tmp_path / "failing")
    assert status == 1
    assert f"{folder / 'README.md'}:1: a guide must start with YAML front matter" in err

    argv = ["--exclude", "README.md", "--exclude", "*-draft.md"]
    status, out, err = run("export", folder, "--to", "text", "--out", tmp_path / "out", *argv)
    assert status == 0, err
    assert f"note: {folder / 'README.md'}: skipped: matches --exclude 'README.md'" in err.splitlines()
    assert f"note: {folder / 'notes-draft.md'}: skipped: matches --exclude '*-draft.md'" in err.splitlines()
    assert len(out.splitlines()) == 2
    status, _, err = run("check", folder, *argv)
    assert (status, err.splitlines()[-1]) == (0, "2 of 2 guides are valid")


def test_exclude_matches_a_path_as_given_and_applies_to_files_given_by_name(tmp_path: Path) -> None:
    from cstcontent.batch import find_sources

    folder = guides_folder(tmp_path)
    found = find_sources([folder, FIXTURES / "tmj-disorders.md"], exclude=[f"{folder}/mig*", "tmj-*"])
    assert found.files == [folder / "sciatica.md"]
    assert [(item.path.name, item.expected) for item in found.skipped] == [
        ("migraine.md", True),
        ("tmj-disorders.md", True),
    ]


def test_hidden_files_in_a_folder_are_skipped_with_a_note(tmp_path: Path) -> None:
    folder = guides_folder(tmp_path)
    (folder / "._sciatica.md").write_bytes(b"\x00\x05\x16\x07 resource fork")
    status, _, err = run("check", folder)
    assert status == 0, err
    assert f"note: {folder / '._sciatica.md'}: skipped: a hidden file" in err.splitlines()


def test_the_same_file_given_twice_is_read_once_where_first_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = guides_folder(tmp_path)
    (tmp_path / "link.md").symlink_to(folder / "sciatica.md")
    monkeypatch.chdir(tmp_path)
    argv = ["guides/sciatica.md", "./guides/sciatica.md", "guides", "link.md", "guides/"]
    status, out, err = run("export", *argv, "--to", "text", "--out", "out", "--jobs", "1")
    assert status == 0, err
    assert out.splitlines() == [
        os.path.join("out", "sciatica.txt"),
        os.path.join("out", "migraine.txt"),
    ]
    assert [line for line in err.splitlines() if "skipped" in line] == [
        "warning: guides/sciatica.md: skipped: given twice",
        "warning: guides/sciatica.md: skipped: given twice",
        "warning: link.md: skipped: the same file as guides/sciatica.md",
        "warning: guides/migraine.md: skipped: given twice",
        "warning: guides/sciatica.md: skipped: given twice",
    ]
    assert err.splitlines()[-1] == "2 of 2 guides exported, 2 files written to out"


@pytest.mark.parametrize("command", ["export", "check", "changed"])
def test_help_of_each_command_reading_sources_names_exclude(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--exclude GLOB" in text
    assert re.search(r"hidden files are skipped too, and so, each with a warning, are its entries", text)
