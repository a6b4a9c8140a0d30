"""Sphinx extension: parts of pages generated from the code at build time, never pasted.

- ``cst-run COMMAND``: runs a ``cstcontent`` or ``python`` command in a fresh copy of the
  repository's ``fixtures/`` and ``exporters/`` (as the tests of the examples do) and
  shows the command and its output (stdout and stderr, as written). Options: ``:head: N``
  (the first N lines, then a line ``...``), ``:lines: A-B``, ``:output-only:`` with
  ``:language: LEXER`` (the output alone, highlighted), ``:usage:`` (the lines up to the
  first blank one: argparse's usage), ``:returncode: N`` (expected exit status, default 0).
  A different exit status is a build error.
- ``cst-options FORMAT``: a table of the exporter's options (every attrs field of its
  class): name, type, default and meaning, the meaning taken from the ``Attributes:``
  section of the class's docstring (or a base class's). An option without one is a
  build error.
- ``cst-fields DOTTED.CLASS``: the same table for any attrs class (``SiteSettings``).
- ``cst-formats``: every installed format with its file, media type, origin and options.
- ``cst-reader-errors GROUP``: the reader's errors, one row per example of the group in
  ``_data/reader-errors.yaml``: the message is what ``cstcontent.loads(source,
  path="guide.md")`` (or, for ``json`` examples, ``format="json", path="guide.json"``)
  raises for the example when the docs are built. An example that
  raises nothing is a build error.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import os
import re
import shutil
import subprocess
import sys
import tempfile
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[2]
RUNNABLE = ("cstcontent", "python")
_GOOGLE_SECTION = re.compile(r"^[A-Z][A-Za-z ]*:$")
_CODE = re.compile(r"``(.+?)``|`([^`]+)`")


def run_in(command: str, folder: str | os.PathLike[str]) -> tuple[int, list[str]]:
    """Run `command` in bash in `folder`; its exit status and output lines (stdout and stderr as written).

    This environment's ``cstcontent`` and ``python`` come first on the PATH.
    """
    if command.split()[0] not in RUNNABLE:
        raise ExtensionError(f"cst-run runs {' or '.join(RUNNABLE)} commands only, not {command!r}")
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "COLUMNS": "100",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONUNBUFFERED": "1",  # stdout and stderr interleave as they are written
    }
    result = subprocess.run(  # noqa: S603  (the docs' own commands, in a scratch folder)
        ["bash", "-c", command],  # noqa: S607  (bash from the PATH, as a reader runs it)
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
        env=environment,
        check=False,
    )
    return result.returncode, [line.rstrip() for line in result.stdout.splitlines()]


def run_command(command: str) -> tuple[int, str]:
    """Run `command` (see `run_in`) in a fresh copy of ``fixtures/`` and ``exporters/``."""
    with tempfile.TemporaryDirectory() as folder:
        for name in ("fixtures", "exporters"):
            shutil.copytree(
                ROOT / name, Path(folder) / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
            )
        status, lines = run_in(command, folder)
    return status, "\n".join(lines)


def _select(output: str, options: dict[str, Any]) -> str:
    lines = output.splitlines()
    if "usage" in options:
        lines = lines[: lines.index("")] if "" in lines else lines
    if "lines" in options:
        first, _, last = options["lines"].partition("-")
        lines = lines[int(first) - 1 : int(last or first)]
    if "head" in options and len(lines) > options["head"]:
        lines = [*lines[: options["head"]], "..."]
    return "\n".join(lines)


class RunDirective(SphinxDirective):
    """``cst-run COMMAND``: the command and its real output."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec: typing.ClassVar[dict[str, Any]] = {
        "head": directives.positive_int,
        "lines": directives.unchanged,
        "language": directives.unchanged,
        "output-only": directives.flag,
        "usage": directives.flag,
        "returncode": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        """Run the command; a literal block of it and its output."""
        command = self.arguments[0]
        status, output = run_command(command)
        expected = self.options.get("returncode", 0)
        if status != expected:
            raise self.error(f"{command!r} exited with {status}, not {expected}:\n{output}")
        shown = _select(output, self.options)
        if "output-only" in self.options:
            block = nodes.literal_block(shown, shown)
            block["language"] = self.options.get("language", "text")
        else:
            text = f"$ {command}\n{shown}"
            block = nodes.literal_block(text, text)
            block["language"] = "console"
        return [block]


def _attribute_docs(cls: type) -> dict[str, str]:
    """``name: text`` entries of the ``Attributes:`` sections of `cls` and its bases."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        found.update(_google_attributes(inspect.cleandoc(klass.__doc__ or "")))
    return found


def _google_attributes(doc: str) -> Iterator[tuple[str, str]]:
    inside, name, text = False, None, []
    for line in [*doc.splitlines(), "End:"]:
        if _GOOGLE_SECTION.match(line.strip()) and not line.startswith(" "):
            if name is not None:
                yield name, " ".join(text)
            inside, name, text = line.strip() == "Attributes:", None, []
        elif inside and re.match(r"^    \w+( \(.*\))?:", line):
            if name is not None:
                yield name, " ".join(text)
            name, _, rest = line.strip().partition(":")
            name, text = name.split(" ")[0], [rest.strip()]
        elif inside and name is not None and line.strip():
            text.append(line.strip())


def _type_name(annotation: Any) -> str:
    """A type as the docs write it: no module paths, and the node unions by name."""
    from cstcontent import nodes as model_nodes

    def short(value: Any) -> str:
        text = value if isinstance(value, str) else inspect.formatannotation(value)
        return re.sub(r"\b(?:[a-z_]+\.)+([A-Za-z_]+)", r"\1", text)

    text = short(annotation)
    for name in ("Block", "Inline"):
        text = text.replace(short(getattr(model_nodes, name)), name)
    return text


def _default(field: attrs.Attribute[Any]) -> str:
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()  # type: ignore[attr-defined]
    return "(required)" if default is attrs.NOTHING else repr(default)


def _inline(text: str) -> list[nodes.Node]:
    """Docstring text as nodes: ````code```` and ```name``` become code, the rest stays text."""
    parts: list[nodes.Node] = []
    position = 0
    for match in _CODE.finditer(text):
        parts.append(nodes.Text(text[position : match.start()]))
        code = match[1] or match[2]
        parts.append(nodes.literal(code, code))
        position = match.end()
    parts.append(nodes.Text(text[position:]))
    return parts


def _table(rows: list[list[str]], header: list[str]) -> nodes.table:
    """A table whose first three columns are code and the last docstring text."""
    table = nodes.table()
    group = nodes.tgroup(cols=len(header))
    table += group
    for width in (2, 2, 2, 6):
        group += nodes.colspec(colwidth=width)
    head, body = nodes.thead(), nodes.tbody()
    group += head
    group += body
    head += nodes.row("", *(nodes.entry("", nodes.paragraph(cell, cell)) for cell in header))
    for cells in rows:
        code = [nodes.entry("", nodes.paragraph("", "", nodes.literal(cell, cell))) for cell in cells[:3]]
        body += nodes.row("", *code, nodes.entry("", nodes.paragraph("", "", *_inline(cells[3]))))
    return table


def field_rows(cls: type, docs: dict[str, str] | None = None) -> tuple[list[list[str]], list[str]]:
    """One row per public init field of the attrs class `cls`, and the names lacking a description.

    The descriptions are `docs`, else the ``Attributes:`` of the class's docstring.
    """
    docs = _attribute_docs(cls) if docs is None else docs
    hints = typing.get_type_hints(cls)
    rows, missing = [], []
    for field in attrs.fields(cls):
        if not field.init or field.name.startswith("_"):
            continue
        if field.name not in docs:
            missing.append(field.name)
        rows.append(
            [
                field.name,
                _type_name(hints.get(field.name, field.type)),
                _default(field),
                docs.get(field.name, ""),
            ]
        )
    return rows, missing


class FieldsDirective(SphinxDirective):
    """``cst-fields DOTTED.CLASS``: a table of an attrs class's fields.

    Its content, if any, gives the meanings instead of the docstring: one ``name: text``
    line per field (indented lines continue it), for every field and no other.
    """

    required_arguments = 1
    has_content = True

    def target(self) -> type:
        """The class named by the argument."""
        module, _, name = self.arguments[0].rpartition(".")
        return typing.cast(type, getattr(importlib.import_module(module), name))

    def _content_docs(self) -> dict[str, str] | None:
        if not self.content:
            return None
        docs: dict[str, list[str]] = {}
        for line in self.content:
            if line.startswith(" ") and docs:
                docs[list(docs)[-1]].append(line.strip())
            elif line.strip():
                name, _, text = line.partition(":")
                docs[name.strip()] = [text.strip()]
        return {name: " ".join(parts) for name, parts in docs.items()}

    def run(self) -> list[nodes.Node]:
        """The table, or an error naming the fields without a meaning (or meanings without a field)."""
        cls = self.target()
        docs = self._content_docs()
        rows, missing = field_rows(cls, docs)
        if missing:
            raise self.error(f"{cls.__qualname__}: no meaning given for {', '.join(missing)}")
        extra = sorted(set(docs or ()) - {row[0] for row in rows})
        if extra:
            raise self.error(f"{cls.__qualname__} has no field {', '.join(extra)}")
        return [
            _table(rows, ["Option" if self.name == "cst-options" else "Field", "Type", "Default", "Meaning"])
        ]


class OptionsDirective(FieldsDirective):
    """``cst-options FORMAT``: the exporter's options."""

    def target(self) -> type:
        """The exporter class of the format named by the argument."""
        from cstcontent import exporters

        name = self.arguments[0]
        if name not in exporters.names():
            raise self.error(f"no format {name!r} is installed (a plugin? pip install ./exporters/*)")
        return typing.cast(type, exporters.factory(name))


class FormatsDirective(SphinxDirective):
    """``cst-formats``: a table of every format the registry knows."""

    def run(self) -> list[nodes.Node]:
        """The table: one row per format."""
        from cstcontent import exporters

        rows = []
        for name in exporters.names():
            cls = exporters.factory(name)
            suffix = getattr(cls, "extension", None) or getattr(cls, "filename", "")
            options = ", ".join(
                field.name for field in attrs.fields(cls) if field.init and not field.name.startswith("_")
            )
            rows.append([name, suffix, cls.media_type, exporters.origin(name), options])
        table = nodes.table()
        group = nodes.tgroup(cols=5)
        table += group
        for width in (2, 2, 3, 3, 6):
            group += nodes.colspec(colwidth=width)
        head, body = nodes.thead(), nodes.tbody()
        group += head
        group += body
        header = ["Format", "File", "Media type", "From", "Options"]
        head += nodes.row("", *(nodes.entry("", nodes.paragraph(cell, cell)) for cell in header))
        for cells in rows:
            code = [nodes.entry("", nodes.paragraph("", "", nodes.literal(cell, cell))) for cell in cells[:3]]
            rest = [nodes.entry("", nodes.paragraph(cell, cell)) for cell in cells[3:]]
            body += nodes.row("", *code, *rest)
        return [table]


MINIMAL_FRONT = ("title: T", "summary: S", "condition: C")
MINIMAL = "---\n" + "\n".join(MINIMAL_FRONT) + "\n---\n"


def example_source(case: dict[str, str]) -> str:
    """The whole source of an example: a ``file``, or ``front`` or ``body`` lines with the minimal rest.

    ``front`` lines replace the minimal key their first line names (``title``, ``summary``,
    ``condition``), or else follow the minimal keys; a ``body`` may follow them.
    """
    if "file" in case:
        return case["file"]
    if "front" not in case:
        return MINIMAL + case["body"]
    front = list(MINIMAL_FRONT)
    lines = case["front"].splitlines()
    key = lines[0].partition(":")[0].strip()
    keys = [line.partition(":")[0] for line in front]
    if key in keys:
        at = keys.index(key)
        front[at : at + 1] = lines
    else:
        front += lines
    return "---\n" + "\n".join(front) + "\n---\n" + case.get("body", "")


def reader_error(case: dict[str, str]) -> str:
    """The text of the `SourceError` the example raises, run in a scratch folder."""
    import cstcontent

    with tempfile.TemporaryDirectory() as folder:
        previous = Path.cwd()
        os.chdir(folder)
        try:
            if "python" in case:
                eval(case["python"], {"cstcontent": cstcontent, "MINIMAL": MINIMAL})  # noqa: S307  (the docs' own examples)
            elif "json" in case:
                cstcontent.loads(case["json"], format="json", path="guide.json")
            else:
                cstcontent.loads(example_source(case), path="guide.md")
        except cstcontent.SourceError as error:
            return str(error)
        finally:
            os.chdir(previous)
    raise ExtensionError(f"this reader-error example raised no error: {case}")


def _shown(text: str) -> str:
    """Characters an example cannot show as they are, named."""
    return re.sub(
        r"[\x00-\x08\x0b-\x1f\x7f]", lambda match: f"<U+{ord(match[0]):04X}>", text.replace("\t", "<tab>")
    )


class ReaderErrorsDirective(SphinxDirective):
    """``cst-reader-errors GROUP``: message, example and remedy of each example of the group."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """The table, one row per example."""
        import yaml

        data_file = Path(self.env.srcdir) / "_data" / "reader-errors.yaml"
        self.env.note_dependency(str(data_file))
        cases = yaml.safe_load(data_file.read_text(encoding="utf-8"))[self.arguments[0]]
        table = nodes.table()
        group = nodes.tgroup(cols=3)
        table += group
        for width in (5, 4, 3):
            group += nodes.colspec(colwidth=width)
        head, body = nodes.thead(), nodes.tbody()
        group += head
        group += body
        header = ["Message (the reader's, for the example)", "Example", "What to do"]
        head += nodes.row("", *(nodes.entry("", nodes.paragraph(cell, cell)) for cell in header))
        for case in cases:
            message = reader_error(case)
            if "example" in case:
                example: nodes.Node = nodes.paragraph("", "", *_inline(case["example"]))
            else:
                shown = (
                    case.get("file")
                    or case.get("json")
                    or "---\n".join(case[key] for key in ("front", "body") if key in case)
                )
                text = _shown(shown).rstrip("\n")
                example = nodes.literal_block(text, text, language="json" if "json" in case else "text")
            body += nodes.row(
                "",
                nodes.entry("", nodes.literal_block(message, message, language="text")),
                nodes.entry("", example),
                nodes.entry("", nodes.paragraph("", "", *_inline(case["fix"]))),
            )
        return [table]


def documented_parser() -> argparse.ArgumentParser:
    """The CLI's argument parser with its help texts escaped for reStructuredText.

    sphinx-argparse reads help as reST, where the ``*`` of a glob (``'drafts/*'``) would
    start emphasis; the terminal's help is unchanged.
    """
    from cstcontent.cli import _parser

    parser = _parser()
    pending = [parser]
    while pending:
        current = pending.pop()
        for action in current._actions:
            if action.help:
                action.help = action.help.replace("*", "\\*")
            if isinstance(action, argparse._SubParsersAction):
                pending.extend(action.choices.values())
                for choice in action._choices_actions:
                    choice.help = (choice.help or "").replace("*", "\\*")
    return parser


def _always_outdated(
    app: Sphinx, env: Any, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages with generated parts are re-read on every build: the code they show may have changed."""
    return [name for name in env.found_docs if "cst-" in Path(env.doc2path(name)).read_text(encoding="utf-8")]


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("cst-run", RunDirective)
    app.add_directive("cst-options", OptionsDirective)
    app.add_directive("cst-fields", FieldsDirective)
    app.add_directive("cst-formats", FormatsDirective)
    app.add_directive("cst-reader-errors", ReaderErrorsDirective)
    app.connect("env-get-outdated", _always_outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
