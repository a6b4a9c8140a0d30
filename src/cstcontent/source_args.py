"""The SOURCE arguments shared by the commands that read guides, and the report of what is skipped."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

__all__ = ["add_source_arguments", "gather_sources"]

EXCLUDE_HELP = (
    "skip the files whose name or path matches GLOB, e.g. README.md or 'drafts/*' (repeatable)."
    " A folder's hidden files are skipped too, and so, each with a warning, are its entries that"
    " are not regular files (FIFOs, sub-folders named *.md, broken or looping links) and a file"
    " given twice"
)


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``SOURCE`` arguments and ``--exclude GLOB`` to `parser`."""
    parser.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="a guide file, or a folder of .md guides"
    )
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help=EXCLUDE_HELP)


def gather_sources(args: argparse.Namespace, stderr: TextIO, *, notes: bool = True) -> list[Path]:
    """The files ``args.sources`` stand for; each skip printed as ``warning: path: skipped: reason``.

    Skips the user expects (``--exclude``, hidden files) are printed as ``note: ...``,
    only when `notes` is true.
    """
    from .batch import find_sources

    found = find_sources(args.sources, exclude=args.exclude)
    for skipped in found.skipped:
        if not skipped.expected:
            print(f"warning: {skipped}", file=stderr)
        elif notes:
            print(f"note: {skipped}", file=stderr)
    return found.files
