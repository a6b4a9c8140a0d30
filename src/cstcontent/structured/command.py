"""The ``validate-jsonld`` command: check the JSON-LD of pages and ``.jsonld`` files, offline.

Each problem is printed as ``FILE: error|warning: PATH: message``; the exit
status is 1 when there is an error (with ``--strict``, also a warning), else 0.
The validator is imported only when the command runs.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

__all__ = ["add_validate_command", "run_validate"]

NAME = "validate-jsonld"
HELP = "check the JSON-LD of HTML pages and .jsonld files against schema.org, offline"


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="an HTML page (.html, .htm) or a JSON-LD file (.jsonld, .json)",
    )
    parser.add_argument("--strict", action="store_true", help="exit with status 1 on warnings too")


def add_validate_command(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``validate-jsonld`` to the CLI's sub-commands (the result of ``add_subparsers()``).

    The parser's ``run`` default is `run_validate`, called as ``run(args, stdout, stderr)``.
    """
    parser: argparse.ArgumentParser = subparsers.add_parser(NAME, help=HELP, description=HELP)
    _add_arguments(parser)
    parser.set_defaults(run=run_validate)
    return parser


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def run_validate(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Validate ``args.files``, print each problem to `stdout` and a summary to `stderr`."""
    from .validate import validate_report

    errors = warnings = 0
    notes: set[str] = set()
    for file in args.files:
        report = validate_report(file)
        notes |= report.notes
        for problem in report.problems:
            print(f"{file}: {problem}", file=stdout)
            errors += problem.severity == "error"
            warnings += problem.severity == "warning"
    for note in sorted(notes):
        print(f"note: {note}", file=stderr)
    found = (
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}" if errors or warnings else "no problems"
    )
    print(f"{_plural(len(args.files), 'file')} checked: {found}", file=stderr)
    return 1 if errors or (args.strict and warnings) else 0
