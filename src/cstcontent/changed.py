"""The ``changed`` command: which guides changed since a date, for feeds, partners and review queues.

``cstcontent changed --since 2026-03-01 guides`` prints one line per guide whose
``modified`` date (else ``published``) is on or after the date, newest first:
``DATE<TAB>SOURCE<TAB>SLUG``. A source that is not a valid guide is reported on
standard error as ``path:line: message`` and makes the exit status 1.
"""

from __future__ import annotations

import argparse
import datetime
from typing import Any, TextIO

from .source_args import add_source_arguments, gather_sources

__all__ = ["add_changed_command", "run_changed"]

HELP = "list the guides modified (or published) on or after a date, newest first"


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def add_changed_command(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``changed`` to the CLI's sub-commands; its ``run`` default is `run_changed`."""
    parser: argparse.ArgumentParser = subparsers.add_parser("changed", help=HELP, description=HELP)
    add_source_arguments(parser)
    parser.add_argument(
        "--since", required=True, type=_date, metavar="YYYY-MM-DD", help="the first day to list"
    )
    parser.set_defaults(run=run_changed)
    return parser


def run_changed(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Print the guides changed since ``args.since``; return 1 when a source could not be read."""
    from . import readers
    from .batch import source_message
    from .errors import CstContentError

    found: list[tuple[datetime.date, str, str]] = []
    failed = 0
    for source in gather_sources(args, stderr):
        try:
            guide = readers.read_file(source)
        except CstContentError as error:
            print(source_message(source, error), file=stderr)
            failed += 1
            continue
        changed = guide.modified or guide.published
        if changed is not None and changed >= args.since:
            found.append((changed, str(source), guide.slug))
    for changed, name, slug in sorted(found, key=lambda item: (-item[0].toordinal(), item[1])):
        print(f"{changed.isoformat()}\t{name}\t{slug}", file=stdout)
    print(f"{len(found)} guide{'' if len(found) == 1 else 's'} changed since {args.since}", file=stderr)
    return 1 if failed else 0
