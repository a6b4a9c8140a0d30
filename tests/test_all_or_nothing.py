"""A guide's outputs are written all or nothing: a disk that fills mid-guide leaves the old ones."""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from cstcontent.batch import render
from cstcontent.cli import main

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sciatica.md"


def test_a_full_disk_mid_guide_leaves_every_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "sciatica.md"
    shutil.copy(FIXTURE, source)
    out = tmp_path / "out"
    args = ["export", str(source), "--to", "html,text,json", "--out", str(out), "--jobs", "1"]
    assert main(args) == 0
    before = {path.name: path.read_bytes() for path in out.iterdir() if not path.name.startswith(".")}
    source.write_text(source.read_text(encoding="utf-8").replace("Sciatica", "Sciatica (revised)", 1))
    real = render.write_temporary
    calls = []

    def fill_the_disk(path: Path, data: bytes, *, sync: bool) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, data, sync=sync)

    monkeypatch.setattr(render, "write_temporary", fill_the_disk)
    assert main([*args, "--force"]) == 1
    assert len(calls) == 2  # the first output was written to a temporary, the second failed
    after = {path.name: path.read_bytes() for path in out.iterdir() if not path.name.startswith(".")}
    assert after == before  # not one file half new
    assert not [path for path in out.iterdir() if path.name.endswith(".tmp")]
