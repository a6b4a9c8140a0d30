"""The progress bar at a terminal never shares a line with what is printed; --quiet prints only problems."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from cstcontent.cli import main
from cstcontent.progress import PROGRESS_THRESHOLD
from test_batch import make_corpus

_ESCAPE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Terminal(io.StringIO):
    """One stream standing for a terminal that standard output and standard error both write to."""

    def isatty(self) -> bool:
        return True

    def screen(self) -> list[str]:
        """The lines a terminal shows once every carriage return has overwritten its line."""
        lines = [""]
        column = 0
        for piece in re.split(r"(\r|\n)", _ESCAPE.sub("", self.getvalue())):
            if piece == "\n":
                lines.append("")
                column = 0
            elif piece == "\r":
                column = 0
            else:
                line = lines[-1]
                lines[-1] = line[:column] + piece + line[column + len(piece) :]
                column += len(piece)
        return [line.rstrip() for line in lines if line.strip()]


def test_paths_and_problems_print_above_the_bar_never_into_it(tmp_path: Path) -> None:
    count = PROGRESS_THRESHOLD + 5
    corpus = make_corpus(tmp_path / "guides", count=count, bad=(3,))
    terminal = Terminal()
    argv = ["export", os.fspath(corpus), "--to", "text", "--out", os.fspath(tmp_path / "out"), "--jobs", "1"]
    assert main(argv, stdout=terminal, stderr=terminal) == 1
    assert "guide/s" in terminal.getvalue()  # the bar was drawn
    screen = terminal.screen()
    paths = [line for line in screen if line.endswith(".txt")]
    assert len(paths) == count - 1
    assert all(line.startswith(os.fspath(tmp_path / "out")) for line in paths), paths
    problems = [line for line in screen if "g003.md" in line]
    assert len(problems) == 1
    assert problems[0].startswith(f"{corpus / 'g003.md'}:"), problems
    summary = f"{count - 1} of {count} guides exported, {count - 1} files written to {tmp_path / 'out'}"
    assert screen[-1] == summary + "; 1 failed"


def test_quiet_prints_only_errors_and_warnings(tmp_path: Path) -> None:
    count = PROGRESS_THRESHOLD + 5
    corpus = make_corpus(tmp_path / "guides", count=count, bad=(3,))
    (corpus / "README.md").write_text("# About\n", encoding="utf-8")
    os.mkfifo(corpus / "pipe.md")
    terminal = Terminal()
    argv = ["export", os.fspath(corpus), "--to", "text", "--out", os.fspath(tmp_path / "out"), "--quiet"]
    assert main([*argv, "--exclude", "README.md"], stdout=terminal, stderr=terminal) == 1
    assert len(list((tmp_path / "out").glob("*.txt"))) == count - 1
    lines = terminal.getvalue().splitlines()
    assert lines[0] == f"warning: {corpus / 'pipe.md'}: skipped: a FIFO, not a regular file"
    assert len(lines) == 2
    assert lines[1].startswith(f"{corpus / 'g003.md'}:"), lines
    check = Terminal()
    assert main(["check", os.fspath(corpus / "g003.md"), "-q"], stdout=check, stderr=check) == 1
    assert [line.split(":")[0] for line in check.getvalue().splitlines()] == [os.fspath(corpus / "g003.md")]
