"""``cstcontent check --overdue [--on DATE]``: the guides whose review is due.

After the usual check, each valid guide whose ``next_review`` is on or before
DATE (default: today) is printed as ``SOURCE: next review due YYYY-MM-DD``,
oldest first, with a count on stderr; the exit status is 1 when one is due (or
a guide is invalid). A guide without ``next_review`` is never due.
"""

from __future__ import annotations

import argparse
import datetime
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from .model import ConditionGuide

__all__ = ["add_overdue_option", "due_for_review"]

Run = Callable[[argparse.Namespace, TextIO, TextIO], int]


def due_for_review(
    guides: Iterable[tuple[str, ConditionGuide]], on: datetime.date
) -> list[tuple[str, datetime.date]]:
    """Return (source, next review date) of each guide due on or before `on`, the oldest first."""
    due = [(source, guide.next_review) for source, guide in guides if guide.next_review is not None]
    return sorted(((source, day) for source, day in due if day <= on), key=lambda item: (item[1], item[0]))


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def add_overdue_option(check: argparse.ArgumentParser) -> None:
    """Add ``--overdue`` and ``--on`` to the ``check`` command's parser, around its ``run``."""
    check.add_argument(
        "--overdue",
        action="store_true",
        help="also list the guides whose next review is due (exit status 1 if any)",
    )
    check.add_argument(
        "--on",
        type=_date,
        metavar="DATE",
        help="with --overdue: the day to check against, YYYY-MM-DD (default: today)",
    )
    check_run: Run = check.get_default("run")

    def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
        if args.on is not None and not args.overdue:
            check.error("--on needs --overdue")
        status = check_run(args, stdout, stderr)
        if not args.overdue:
            return status
        from .batch import find_sources

        sources = find_sources(args.sources, exclude=args.exclude).files  # check reported the skips
        return max(status, _report_overdue(sources, args.on or datetime.date.today(), stdout, stderr))

    check.set_defaults(run=run)


def _report_overdue(sources: list[Path], on: datetime.date, stdout: TextIO, stderr: TextIO) -> int:
    from . import readers
    from .errors import CstContentError

    guides: list[tuple[str, ConditionGuide]] = []
    for source in sources:
        try:
            guides.append((os.fspath(source), readers.read_file(source)))
        except CstContentError:
            continue  # the check above has reported it
    due = due_for_review(guides, on)
    for name, day in due:
        print(f"{name}: next review due {day.isoformat()}", file=stdout)
    scheduled = sum(guide.next_review is not None for _, guide in guides)
    print(
        f"{len(due)} of {len(guides)} valid guides due for review on {on.isoformat()}"
        f" ({len(guides) - scheduled} without next_review)",
        file=stderr,
    )
    return 1 if due else 0
