"""The ``import`` command: existing web pages in, Markdown guide sources out.

Each page is read by the HTML reader, written by the ``markdown`` exporter to
``DIR/<slug>.md`` (atomically, never over an existing file unless
``--force``), and the Markdown is read back to check it says the same guide.
Warnings name the page's line; ``--dry-run`` prints what would be written.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, TextIO

import attrs

from .errors import CstContentError, ExportError, GuideValueError
from .model import ConditionGuide

__all__ = ["add_import_command", "run_import"]

NAME = "import"
HELP = "import HTML pages as Markdown guide sources"


def add_import_command(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``import`` to the CLI's sub-commands (the result of ``add_subparsers()``)."""
    parser: argparse.ArgumentParser = subparsers.add_parser(NAME, help=HELP, description=HELP)
    parser.add_argument("pages", nargs="+", metavar="PAGE", help="an HTML page (.html, .htm)")
    parser.add_argument("--out", required=True, metavar="DIR", help="write DIR/<slug>.md for each page")
    parser.add_argument(
        "--dry-run", action="store_true", help="print each Markdown source and every warning; write nothing"
    )
    parser.add_argument("--force", action="store_true", help="replace Markdown files that already exist")
    parser.set_defaults(run=run_import)
    return parser


@attrs.define
class _Page:
    """One imported page: its Markdown, where it goes, and what was lost on the way."""

    target: Path
    markdown: str
    warnings: list[str]


def _derived_ids(guide: ConditionGuide) -> tuple[ConditionGuide, list[str]]:
    """The guide with section and question ids made from their headings, as Markdown derives them."""
    from .readers.html._anchors import retarget
    from .slugs import make_slug

    changes: dict[str, str] = {}
    sections = []
    for section in guide.sections:
        new_id = make_slug(section.heading, "section")
        changes[section.id] = new_id
        sections.append(attrs.evolve(section, id=new_id))
    faqs = []
    for item in guide.faqs:
        new_id = make_slug(item.question, "question")
        changes[item.id] = new_id
        faqs.append(attrs.evolve(item, id=new_id))
    changes = {old: new for old, new in changes.items() if old != new}
    guide = attrs.evolve(
        guide,
        intro=retarget(guide.intro, changes),
        sections=[attrs.evolve(s, blocks=retarget(s.blocks, changes)) for s in sections],
        faqs=[attrs.evolve(f, answer=retarget(f.answer, changes)) for f in faqs],
        references=[attrs.evolve(r, blocks=retarget(r.blocks, changes)) for r in guide.references],
    )
    return guide, [
        f"the id {old!r} becomes {new!r}: Markdown makes ids from headings" for old, new in changes.items()
    ]


def _markdown(guide: ConditionGuide) -> tuple[str, list[str]]:
    """The guide as Markdown; ids Markdown cannot carry are re-made from headings, with a warning."""
    from . import exporters

    exporter = exporters.get("markdown")
    try:
        return exporter.export(guide), []
    except ExportError:
        try:
            guide, notes = _derived_ids(guide)
        except GuideValueError as error:
            raise ExportError(f"the guide cannot be written as Markdown: {error.message}") from None
        return exporter.export(guide), notes


def _import_page(page: Path, out_dir: Path, force: bool, claimed: dict[str, Path]) -> _Page:
    from . import readers
    from .readers.html import import_html

    path = os.fspath(page)
    data = readers.read_source_bytes(page)  # a regular file, never past the size limit
    result = import_html(data, path=path)
    guide = result.guide
    warnings = [str(warning) for warning in result.warnings]
    try:
        markdown, notes = _markdown(guide)
    except CstContentError:
        raise
    except Exception as error:  # an exporter that cannot write a node yet must not crash the batch
        raise CstContentError(
            f"{path}: the markdown exporter failed: {type(error).__name__}: {error}"
        ) from None
    warnings += [f"{path}: {note}" for note in notes]
    if readers.read(markdown, "markdown", path=f"{guide.slug}.md") != _with_markdown_ids(guide, notes):
        raise CstContentError(
            f"{path}: the Markdown written for this page does not read back the same; not written"
        )
    owner = claimed.setdefault(guide.slug, page)
    if owner != page:
        raise CstContentError(f"{path}: the slug {guide.slug!r} is already taken by {owner}")
    target = out_dir / f"{guide.slug}.md"
    if target.exists() and not force:
        raise CstContentError(f"{path}: {target} already exists; use --force to replace it")
    return _Page(target, markdown, warnings)


def _with_markdown_ids(guide: ConditionGuide, notes: list[str]) -> ConditionGuide:
    return _derived_ids(guide)[0] if notes else guide


def run_import(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Import ``args.pages`` into ``args.out``; print warnings and errors to `stderr`."""
    from .atomic import write_atomic

    out_dir = Path(args.out)
    claimed: dict[str, Path] = {}
    failed = 0
    for page in map(Path, args.pages):
        try:
            result = _import_page(page, out_dir, args.force, claimed)
        except CstContentError as error:
            failed += 1
            message = str(error)
            print(message if message.startswith(str(page)) else f"{page}: {message}", file=stderr)
            continue
        except OSError as error:
            failed += 1
            print(f"{page}: cannot read: {error.strerror}", file=stderr)
            continue
        for warning in result.warnings:
            print(f"warning: {warning}", file=stderr)
        if args.dry_run:
            print(f"==> {result.target} <==", file=stdout)
            stdout.write(result.markdown)
            continue
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            write_atomic(result.target, result.markdown)
        except OSError as error:
            failed += 1
            print(f"{page}: cannot write {result.target}: {error.strerror}", file=stderr)
            continue
        print(result.target, file=stdout)
    done = len(args.pages) - failed
    verb = "would be imported" if args.dry_run else f"imported into {out_dir}"
    print(f"{done} of {len(args.pages)} pages {verb}" + (f"; {failed} failed" if failed else ""), file=stderr)
    return 1 if failed else 0
