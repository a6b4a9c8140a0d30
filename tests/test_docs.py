"""Every example in the docs and the README runs, and a command's shown output is its real output.

Examples are found with Sybil:

- ```` ```python ```` blocks run in order, one namespace per page; ``>>>`` lines check
  their output as doctests do. A ```` ```text ```` block right after a python block (with at
  most a line ``Output:`` between them) is what that block must print.
- ```` ```console ```` blocks hold ``$ command`` lines, each followed by the output it
  must print (stdout and stderr together, as written); a line ``...`` stands for any
  lines, and ``...`` inside a line for any text. A command runs in bash (so ``| head``
  and ``; echo "exit status $?"`` work) and must start with ``cstcontent`` or ``python``
  (this environment's).
- A fenced block right after a comment ``<!-- file: NAME -->`` is written to the file
  ``NAME`` before the examples below it run: the page shows the file it uses.
- ```` ```sh ```` blocks (installing, building the docs) are shown, not run.

Each page runs in a fresh folder holding a copy of ``fixtures/`` and ``exporters/``, the
folder a reader of the docs stands in after cloning the repository.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
import yaml
from sybil import Document, Example, Region, Sybil
from sybil.parsers.myst import CodeBlockParser, PythonCodeBlockParser

import cstcontent
from cstcontent import exporters
from cstcontent.cli import _parser
from cstcontent.readers.markdown import FRONT_MATTER_KEYS

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    path for path in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")] if "_build" not in path.parts
)


def _line_matches(expected: str, actual: str) -> bool:
    """Whether a line matches, where ``...`` inside `expected` stands for any text."""
    if "..." not in expected:
        return expected == actual
    return re.fullmatch(".*".join(map(re.escape, expected.split("..."))), actual) is not None


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` lines match `expected`, where a line ``...`` matches any run of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[start:]) for start in range(len(actual) + 1))
    return bool(actual) and _line_matches(expected[0], actual[0]) and _matches(expected[1:], actual[1:])


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
    """The output lines of `command`, run as the docs build runs its commands."""
    _status, lines = _generated().run_in(command, folder)
    return list(lines)


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


def _is_file_block(document: Document, start: int) -> bool:
    """Whether the block at `start` follows a ``<!-- file: NAME -->`` comment (it is a file, not run)."""
    before = document.text[:start].rstrip().rpartition("\n")[2]
    return before.startswith("<!-- file: ")


class PrintingPythonParser(PythonCodeBlockParser):
    """```` ```python ```` blocks, run as Sybil runs them, keeping what each one prints."""

    def __init__(self) -> None:
        super().__init__()
        run = self.codeblock_parser._evaluator  # Sybil's Python evaluator
        assert run is not None

        def evaluate(example: Example) -> str | None:
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                result = run(example)
            example.namespace["_printed"] = (example.end, printed.getvalue())
            return result

        self.codeblock_parser._evaluator = evaluate

    def __call__(self, document: Document) -> Iterable[Region]:
        return (region for region in super().__call__(document) if not _is_file_block(document, region.start))


class OutputParser(CodeBlockParser):
    """A ```` ```text ```` block right after a python block: what that block printed."""

    language = "text"

    def __call__(self, document: Document) -> Iterable[Region]:
        return (region for region in super().__call__(document) if not _is_file_block(document, region.start))

    def evaluate(self, example: Example) -> str | None:
        end, printed = example.namespace.get("_printed", (None, ""))
        between = example.document.text[end : example.start].strip() if end is not None else None
        if between not in ("", "Output:"):
            return None  # a text block of its own (a synopsis, a tree), not an output
        expected = example.parsed.rstrip("\n").splitlines()
        actual = [line.rstrip() for line in printed.rstrip("\n").splitlines()]
        if not _matches([line.rstrip() for line in expected], actual):
            return "--- expected\n" + "\n".join(expected) + "\n--- printed\n" + "\n".join(actual)
        return None


FILE_BLOCK = re.compile(
    r"^<!-- file: (?P<name>\S+) -->\n+(?P<fence>`{3,})[^\n]*\n(?P<body>.*?)^(?P=fence)$", re.M | re.S
)


def _write_file(example: Example) -> None:
    name, body = example.parsed
    target = example.namespace["folder"] / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")


def file_parser(document: Document) -> Iterator[Region]:
    """Each fenced block after ``<!-- file: NAME -->``: write it to ``NAME``."""
    for match in FILE_BLOCK.finditer(document.text):
        yield Region(match.start(), match.end(), (match["name"], match["body"]), _write_file)


SYBIL = Sybil(parsers=[PrintingPythonParser(), ConsoleParser(), OutputParser(), file_parser])


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
    document.namespace.update(folder=tmp_path, __name__="__main__")  # as if run as a script
    before = {name: exporters.origin(name) for name in exporters.names()}
    try:
        for example in document:
            try:
                example.evaluate()
            except Exception as error:
                raise AssertionError(f"{path.relative_to(ROOT)}:{example.line}: {error}") from None
    finally:  # a page's registrations do not leak into the next page
        for name in exporters.names():
            if before.get(name) != exporters.origin(name):
                exporters.unregister(name)


# Pages with nothing to run: the table of contents and the history.
WITHOUT_EXAMPLES = {"docs/index.md", "docs/changelog.md"}


@pytest.mark.parametrize("path", DOCUMENTS, ids=[str(path.relative_to(ROOT)) for path in DOCUMENTS])
def test_every_page_has_examples_that_run(path: Path) -> None:
    name = str(path.relative_to(ROOT))
    text = path.read_text(encoding="utf-8")
    blocks = [
        match
        for match in re.finditer(r"^```(python|console)$", text, re.M)
        if not text[: match.start()].rstrip().rpartition("\n")[2].startswith("<!-- file: ")
    ]
    if name in WITHOUT_EXAMPLES:
        assert not blocks, f"{name} has examples now: take it out of WITHOUT_EXAMPLES"
    else:
        assert blocks, f"{name} has no python or console example"


@pytest.mark.parametrize(
    ("expected", "actual", "matches"),
    [
        (["a", "...", "d"], ["a", "b", "c", "d"], True),
        (["a", "...", "d"], ["a", "d"], True),
        (["a", "d"], ["a", "b", "d"], False),
        (["a", "..."], ["a"], True),
        (["a"], ["a", "b"], False),
        (["usage: x ...", "error"], ["usage: x [-h] [--to T]", "error"], True),
        (["usage: x ...", "error"], ["usage: y [-h]", "error"], False),
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


def test_a_wrong_printed_output_fails(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```python\nprint(6 * 7)\n```\n\nOutput:\n\n```text\n41\n```\n")
    document = SYBIL.parse(page)
    document.namespace["folder"] = tmp_path
    python, output = list(document)
    python.evaluate()
    with pytest.raises(Exception, match="41"):
        output.evaluate()


def test_a_file_block_is_written_and_not_run(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- file: sub/x.py -->\n```python\nraise SystemExit('not run')\n```\n\n"
        "```console\n$ python sub/x.py\nnot run\n```\n"
    )
    document = SYBIL.parse(page)
    document.namespace["folder"] = tmp_path
    for example in document:
        example.evaluate()
    assert (tmp_path / "sub" / "x.py").read_text() == "raise SystemExit('not run')\n"


# Where each command is documented; its every option must be named there.
COMMAND_PAGES = {"serve": "docs/integrations.md", "import": "docs/import.md"}


def _commands_and_options() -> list[tuple[str, str]]:
    parser = _parser()
    (subparsers,) = [action for action in parser._actions if isinstance(action, argparse._SubParsersAction)]
    return [
        (name, option)
        for name, command in subparsers.choices.items()
        for action in command._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    ]


@pytest.mark.parametrize(("command", "option"), _commands_and_options())
def test_every_cli_option_is_documented(command: str, option: str) -> None:
    page = ROOT / COMMAND_PAGES.get(command, "docs/cli.md")
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", page.read_text()), (
        f"cstcontent {command} {option} is not described in {page.relative_to(ROOT)}"
    )


def _front_matter_rows() -> dict[str, str]:
    """Key -> example of the source format's front-matter table."""
    text = (ROOT / "docs/source-format.md").read_text(encoding="utf-8")
    table = text[text.index("| Key | Type | Required | Default | Rule | Example |") :].split("\n\n")[0]
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    return {row[0].strip("| `"): row[-1].strip(" |`") for row in rows}


def test_the_front_matter_table_lists_every_key_the_reader_knows() -> None:
    assert sorted(_front_matter_rows()) == sorted(FRONT_MATTER_KEYS)


@pytest.mark.parametrize(("key", "example"), _front_matter_rows().items())
def test_each_front_matter_example_reads(key: str, example: str) -> None:
    required = {"title": "title: T", "summary": "summary: S", "condition": "condition: C"}
    front = [example, *(line for name, line in required.items() if name != key)]
    body = "\n## What the evidence says\n\nWeak.\n\n## FAQ\n\n### Is it safe?\n\nYes.\n"
    guide = cstcontent.loads("---\n" + "\n".join(front) + "\n---\n" + body, path="guide.md")
    value = guide.sections[0].health_aspect if key == "health_aspects" else getattr(guide, key)
    assert value not in (None, (), ""), f"{example!r} set no {key}"


def _generated() -> Any:
    """The docs' build-time generators (``docs/_ext/cst_generated.py``)."""
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    try:
        import cst_generated
    finally:
        sys.path.pop(0)
    return cst_generated


def _reader_error_cases() -> list[tuple[str, dict[str, str]]]:
    data = yaml.safe_load((ROOT / "docs/_data/reader-errors.yaml").read_text(encoding="utf-8"))
    return [(group, case) for group, cases in data.items() for case in cases]


@pytest.mark.parametrize(("group", "case"), _reader_error_cases())
def test_each_documented_reader_error_example_is_refused(group: str, case: dict[str, str]) -> None:
    message = _generated().reader_error(case)
    assert re.match(r"(guide\.(md|json|txt)|missing\.md)(:\d+)?: \S", message), message


@pytest.mark.parametrize("name", exporters.names())
def test_every_exporter_option_has_a_documented_meaning(name: str) -> None:
    _, missing = _generated().field_rows(exporters.factory(name))
    assert not missing, f"{name}: add these options to the Attributes: of its class's docstring: {missing}"


def test_an_undocumented_option_is_found() -> None:
    @attrs.frozen
    class Documented:
        """An exporter.

        Attributes:
            width: Characters per line,
                wrapped.
        """

        width: int = 72
        height: int = 10

    rows, missing = _generated().field_rows(Documented)
    assert missing == ["height"]
    assert rows[0] == ["width", "int", "72", "Characters per line, wrapped."]
