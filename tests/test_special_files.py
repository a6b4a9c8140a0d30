"""Only regular files are read, and never more than the limit: a FIFO or a device is refused.

``os.path.getsize`` is 0 for ``/dev/zero`` and opening a FIFO blocks until a
writer comes, so before the fix a FIFO source hung forever and a link to
``/dev/zero`` read until memory ran out.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cstcontent
from cstcontent.errors import SourceError
from cstcontent.site import load_site_config

# A hang must fail the test, not the suite: each case runs in a child process with a timeout.
TIMEOUT = 60


def _run(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


LOAD = (
    "import sys, cstcontent\n"
    "try:\n    cstcontent.load(sys.argv[1])\nexcept cstcontent.SourceError as e:\n    print(e)"
)


def test_a_fifo_source_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "guide.md"
    os.mkfifo(fifo)
    result = _run(LOAD, str(fifo))
    assert result.stdout.strip() == f"{fifo}: cannot read the source: it is a FIFO, not a regular file"


def test_a_link_to_dev_zero_is_refused_not_read_until_memory_runs_out(tmp_path: Path) -> None:
    link = tmp_path / "zero.md"
    link.symlink_to("/dev/zero")
    # A memory cap makes "reads until memory runs out" fail fast instead of taking the machine down.
    code = "import resource\nresource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n" + LOAD
    result = _run(code, str(link))
    assert result.stdout.strip() == f"{link}: cannot read the source: it is a device, not a regular file"


def test_a_folder_named_like_a_source_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "folder.md"
    folder.mkdir()
    with pytest.raises(SourceError, match="it is a folder, not a regular file"):
        cstcontent.load(folder)


def test_the_cli_refuses_a_fifo_source(tmp_path: Path) -> None:
    fifo = tmp_path / "guide.md"
    os.mkfifo(fifo)
    result = subprocess.run(
        [sys.executable, "-m", "cstcontent", "check", str(fifo)],
        capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "it is a FIFO, not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fifo_config_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "cstcontent.toml"
    os.mkfifo(fifo)
    code = (
        "import sys\nfrom cstcontent.site import load_site_config\n"
        "try:\n    load_site_config(sys.argv[1])\nexcept Exception as e:\n    print(type(e).__name__, e)"
    )
    result = _run(code, str(fifo))
    assert "SourceError" in result.stdout
    assert "not a regular file" in result.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[site]\nname = " + "[" * 5000 + "]" * 5000, "not a site config"),
        ("[site]\nname = " + "9" * 5000, "not a site config"),
        ("[site]\nname = 'x'\n" + "# padding\n" * 200_000, "over the limit"),
    ],
    ids=["deep", "huge integer", "too large"],
)
def test_hostile_configs_are_source_errors(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "cstcontent.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=message):
        load_site_config(config)


def test_validate_jsonld_refuses_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    code = (
        "import sys\nfrom cstcontent.structured.validate import validate_file\n"
        "print(validate_file(sys.argv[1]))"
    )
    result = _run(code, str(fifo))
    assert "not a regular file" in result.stdout


@pytest.mark.parametrize("count", [20_000, 100_000])
def test_validate_jsonld_refuses_deeply_nested_pages_in_linear_time(tmp_path: Path, count: int) -> None:
    # Before the fix html5lib took 11 s for 20,000 nested <div> and over 120 s for 100,000.
    from cstcontent.structured.validate import MAX_PAGE_DEPTH, validate_file

    page = tmp_path / "deep.html"
    page.write_text("<!DOCTYPE html><title>x</title>" + "<div>" * count + "</div>" * count)
    problems = [str(problem) for problem in validate_file(page)]
    assert problems == [
        f"error: $: the page nests elements about {count:,} deep, over {MAX_PAGE_DEPTH:,}; not read"
    ]


def test_validate_jsonld_still_reads_ordinary_pages(tmp_path: Path) -> None:
    from cstcontent.structured.extract import nesting_depth

    page = "<!DOCTYPE html><html><body><ul><li>a<li>b</ul><p>x<br><img src=a><br/></p></body></html>"
    assert nesting_depth(page.encode()) == 5
