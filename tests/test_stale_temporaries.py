"""A run removes the temporary files an interrupted run (``kill -9``) left in its output folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cstcontent.atomic import remove_stale_temporaries, write_temporary
from cstcontent.cli import main

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sciatica.md"


def _dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(child.stdout)


def test_a_run_removes_temporaries_whose_writer_is_gone(tmp_path: Path) -> None:
    stale = tmp_path / f".sciatica.html.{_dead_pid()}-3.tmp"
    stale.write_text("half a page")
    live = write_temporary(tmp_path / "other.html", b"being written", sync=False)  # this process is alive
    unrelated = tmp_path / ".notes.tmp"
    unrelated.write_text("not ours")
    status = main(["export", str(FIXTURE), "--to", "text", "--out", str(tmp_path)])
    assert status == 0
    assert not stale.exists()
    assert live.exists()
    assert unrelated.exists()


def test_remove_stale_temporaries_keeps_files_of_live_processes(tmp_path: Path) -> None:
    parent = tmp_path / f".a.html.{os.getppid()}-0.tmp"
    parent.write_text("x")
    gone = tmp_path / f".b.html.{_dead_pid()}-0.tmp"
    gone.write_text("x")
    assert remove_stale_temporaries(tmp_path) == [gone]
    assert parent.exists()
