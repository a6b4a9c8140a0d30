"""The exporter registry: built-ins, the example plugin, run-time registration, options."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import attrs
import pytest

import cstcontent
from cstcontent import exporters
from cstcontent.exporters import Exporter

FIXTURES = Path(__file__).parent.parent / "fixtures"


@attrs.frozen(kw_only=True)
class ShoutExporter(Exporter):
    name: ClassVar[str] = "shout"
    media_type: ClassVar[str] = "text/plain"
    extension: ClassVar[str] = ".shout"
    suffix: str = "!"

    def export(self, guide: cstcontent.ConditionGuide) -> str:
        return guide.title.upper() + self.suffix


@pytest.fixture
def shout() -> Iterator[None]:
    exporters.register("shout", ShoutExporter)
    yield
    exporters.unregister("shout")


def test_names_lists_builtins_then_plugins() -> None:
    names = exporters.names()
    assert names[:5] == ["html", "jsonld", "text", "markdown", "json"]
    assert "faq-csv" in names


def test_origin() -> None:
    assert exporters.origin("html") == "built-in"
    assert exporters.origin("faq-csv").startswith("plugin cstcontent-faq-csv ")
    with pytest.raises(KeyError, match="no exporter named 'nope'"):
        exporters.origin("nope")


def test_every_builtin_declares_its_format() -> None:
    for name in exporters.BUILTIN_NAMES:
        if exporters.is_collection(name):
            collection = exporters.get_collection(name)
            assert collection.name == name
            assert collection.media_type
            assert "." in collection.filename
            continue
        exporter = exporters.get(name)
        assert exporter.name == name
        assert exporter.media_type
        assert exporter.extension.startswith(".")


def test_unknown_option_is_a_type_error_naming_valid_ones() -> None:
    with pytest.raises(TypeError, match=r"the json exporter has no option 'bogus'; its options are: indent"):
        exporters.get("json", bogus=1)


def test_unknown_format() -> None:
    with pytest.raises(KeyError, match="available: html, jsonld"):
        exporters.get("pdf")


def test_register_and_use(shout: None) -> None:
    guide = cstcontent.load(FIXTURES / "sciatica.md")
    assert cstcontent.export(guide, "shout", suffix="?") == guide.title.upper() + "?"
    assert "shout" in exporters.names()
    assert exporters.origin("shout") == f"registered by {__name__}"


def test_register_refuses_silent_replacement(shout: None) -> None:
    with pytest.raises(ValueError, match="already exists"):
        exporters.register("shout", ShoutExporter)
    with pytest.raises(ValueError, match="already exists"):
        exporters.register("html", ShoutExporter)
    with pytest.raises(ValueError, match="already exists"):
        exporters.register("faq-csv", ShoutExporter)


def test_register_replace_builtin_explicitly() -> None:
    exporters.register("json", ShoutExporter, replace=True)
    try:
        assert cstcontent.export(cstcontent.load(FIXTURES / "sciatica.md"), "json").endswith("!")
    finally:
        exporters.unregister("json")
    assert exporters.origin("json") == "built-in"


def test_plugin_through_the_api() -> None:
    guide = cstcontent.load(FIXTURES / "migraine.md")
    output = cstcontent.export(guide, "faq-csv")
    rows = list(csv.reader(io.StringIO(output, newline="")))
    assert rows[0] == ["slug", "question", "answer"]
    assert [row[:2] for row in rows[1:]] == [["migraine", item.question] for item in guide.faqs]
    assert all(row[2] for row in rows[1:])


def test_plugin_options_are_typed() -> None:
    guide = cstcontent.load(FIXTURES / "sciatica.md")
    assert cstcontent.export(guide, "faq-csv", delimiter=";").splitlines()[0] == "slug;question;answer"
    with pytest.raises(ValueError, match="delimiter must be one character"):
        exporters.get("faq-csv", delimiter=";;")
    with pytest.raises(TypeError, match="its options are: delimiter, guard_formulas"):
        exporters.get("faq-csv", sep=";")


def test_plugin_guards_spreadsheet_formulas() -> None:
    guide = cstcontent.load(FIXTURES / "sciatica.md")
    hostile = attrs.evolve(guide, faqs=[attrs.evolve(guide.faqs[0], question='=HYPERLINK("http://x")')])
    row = cstcontent.export(hostile, "faq-csv").splitlines()[1]
    assert row.startswith("sciatica,\"'=HYPERLINK")


def _modules_after(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after running `statement`."""
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def _packages(modules: set[str], names: set[str]) -> list[str]:
    return sorted(module for module in modules if module.split(".")[0] in names)


def test_import_is_light() -> None:
    heavy = {
        "jinja2", "lxml", "markdown_it", "markdown_it_pyrs", "yaml", "cattrs", "slugify", "tqdm",
        "markupsafe", "orjson", "pathlib", "ipaddress", "difflib", "multiprocessing", "concurrent",
    }  # fmt: skip
    assert _packages(_modules_after("import cstcontent"), heavy) == []


def test_the_command_line_loads_what_a_command_needs_when_it_runs() -> None:
    # Every CLI run builds the parser of every sub-command; the serve command's service,
    # Jinja, asyncio and the readers' parsers load only when a command uses them.
    loaded = _modules_after("import cstcontent.cli")
    heavy = {"jinja2", "lxml", "markdown_it", "markdown_it_pyrs", "yaml", "asyncio", "uvicorn", "markupsafe"}
    assert _packages(loaded, heavy) == []
    ours = ("cstcontent.serve.", "cstcontent.readers.markdown", "cstcontent.readers.html")
    assert sorted(module for module in loaded if module.startswith(ours)) == ["cstcontent.serve.command"]


def test_exporters_load_on_first_use() -> None:
    code = (
        "import sys, cstcontent; "
        "cstcontent.export(cstcontent.load('fixtures/sciatica.md'), 'text'); "
        "print('jinja2' in sys.modules, 'cstcontent.exporters.html' in sys.modules)"
    )
    root = Path(__file__).parent.parent
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.split() == ["False", "False"]
