"""The command line: ``cstcontent export|check|formats``."""

from __future__ import annotations

import argparse
import contextlib
import difflib
import io
import os
import re
import sys
import types
import typing
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from . import __version__, exporters, readers
from .atomic import remove_stale_temporaries
from .batch import Outcome, Stale, default_jobs, run_batch, source_message
from .changed import add_changed_command
from .collection_build import write_collection
from .errors import CstContentError, ExportError
from .exporters.collection.base import Collection, CollectionExporter, GuideEntry
from .import_command import add_import_command
from .progress import Progress
from .review_command import add_overdue_option
from .serve.command import add_serve_command
from .site import load_site_config
from .source_args import add_source_arguments, gather_sources
from .structured.command import add_validate_command

__all__ = ["main"]


QUIET_HELP = "print no paths, progress, notes or summary; errors and warnings still go to standard error"


class UsageError(Exception):
    """Bad arguments: exit status 2."""


def _parse_option(text: str) -> tuple[str, str, str]:
    """``FORMAT.OPTION=VALUE`` -> (format, option, raw value)."""
    key, sep, raw = text.partition("=")
    format_name, dot, option = key.partition(".")
    if not sep or not dot or not format_name or not option:
        raise UsageError(f"--set takes FORMAT.OPTION=VALUE, e.g. text.width=72, not {text!r}")
    return format_name, option.replace("-", "_"), raw


def _option_value(format_name: str, option: str, raw: str) -> Any:
    """Read `raw` as the type the exporter declares for `option`: bool, int, None, or text.

    ``true``/``false`` become a bool and ASCII digits an int only where the
    option accepts one, and ``none`` becomes None only where None is allowed,
    so ``html.isolation=none`` stays the text ``"none"``.
    """
    accepted = _accepted_types(exporters.factory(format_name), option)
    if type(None) in accepted and raw.lower() in ("none", "null"):
        return None
    if bool in accepted and raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    if int in accepted and re.fullmatch(r"-?[0-9]{1,18}", raw):  # longer ones stay text, and are refused
        return int(raw)
    return raw


def _accepted_types(factory: object, option: str) -> set[object]:
    """The plain types an option's annotation admits (unions and literals unpacked)."""
    try:
        hint = typing.get_type_hints(factory).get(option, str)
    except (NameError, TypeError):
        return {str}
    stack: list[object] = [hint]
    found: set[object] = set()
    while stack:
        current = stack.pop()
        arguments = typing.get_args(current)
        if typing.get_origin(current) in (typing.Union, types.UnionType):
            stack.extend(arguments)
        elif typing.get_origin(current) is typing.Literal:
            found.update(type(argument) for argument in arguments)
        else:
            found.add(current)
    return found


def _jobs(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number of 1 or more, not {text!r}")
    return int(text)


def _formats(specs: Sequence[str]) -> list[str]:
    """The formats of every ``--to`` (repeatable, comma-separated; ``all`` adds the built-ins)."""
    names: list[str] = []
    for name in (part.strip() for spec in specs for part in spec.split(",")):
        if not name:
            continue
        if name == "all":
            names.extend(exporters.BUILTIN_NAMES)
            continue
        # A built-in needs no scan of the installed plugins (tens of milliseconds).
        if name not in exporters.BUILTIN_NAMES and name not in (available := exporters.names()):
            close = difflib.get_close_matches(name.lower(), available, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise UsageError(f"unknown format {name!r}; {hint}available: {', '.join(available)}, or all")
        names.append(name)
    if not names:
        raise UsageError("--to needs at least one format")
    return list(dict.fromkeys(names))


def _exporters(args: argparse.Namespace) -> list[exporters.Exporter | CollectionExporter]:
    options: dict[str, dict[str, Any]] = {}
    names = _formats(args.to or ["all"])
    for text in args.set:
        format_name, option, raw = _parse_option(text)
        if format_name not in names:
            raise UsageError(f"options given for {format_name!r}, which is not among --to {','.join(names)}")
        options.setdefault(format_name, {})[option] = _option_value(format_name, option, raw)
    if args.config:
        site = load_site_config(args.config)
        for name in names:
            if "site" in _accepted_options(name):
                options.setdefault(name, {})["site"] = site
    if args.fragment and "html" not in names:
        raise UsageError("--fragment applies to html, which is not among --to " + ",".join(names))
    if args.isolation and not args.fragment:
        raise UsageError("--isolation applies to HTML fragments: add --fragment")
    if args.fragment:
        options.setdefault("html", {})["standalone"] = False
        if args.isolation:
            options["html"]["isolation"] = args.isolation
    try:
        return [
            (exporters.get_collection if exporters.is_collection(name) else exporters.get)(
                name, **options.get(name, {})
            )
            for name in names
        ]
    except (TypeError, ValueError) as error:
        raise UsageError(str(error)) from None


def _accepted_options(name: str) -> set[str]:
    """The option names of the exporter `name` (empty when it does not declare them as attrs fields)."""
    factory = exporters.factory(name)
    if isinstance(factory, type) and attrs.has(factory):
        return {field.alias for field in attrs.fields(factory) if field.init}
    return set()


def _report(outcome: Outcome, progress: Progress, stderr: TextIO) -> None:
    for warning in outcome.warnings:
        progress.print(f"warning: {warning}", stderr)
    if outcome.error:
        progress.print(outcome.error, stderr)


def _sources(args: argparse.Namespace, stderr: TextIO) -> list[str]:
    sources = [os.fspath(source) for source in gather_sources(args, stderr, notes=not args.quiet)]
    if not sources:
        raise UsageError("no sources found: give Markdown files or folders that contain *.md files")
    return sources


def _export(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    everything = _exporters(args)
    chosen = [exporter for exporter in everything if isinstance(exporter, exporters.Exporter)]
    collected = [exporter for exporter in everything if isinstance(exporter, CollectionExporter)]
    sources = _sources(args, stderr)
    if args.out is None and len(collected) == 1 and not chosen:
        collection = Collection(entries=[GuideEntry.of(readers.read_file(source)) for source in sources])
        stdout.write(collected[0].export(collection))
        return 0
    if args.out is None:
        if collected:
            raise UsageError("collection formats (sitemap, feed ...) need --out DIR when mixed with others")
        if len(sources) != 1 or len(chosen) != 1:
            raise UsageError(
                "--out DIR is required unless there is one source and one format (written to stdout)"
            )
        guide = readers.read_file(sources[0])
        stdout.write(chosen[0].export(guide))
        return 0
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for stale in remove_stale_temporaries(out_dir):
        if not args.quiet:
            print(f"removed {stale}, left by an interrupted run", file=stderr)
    failed = written = unchanged = 0
    collection_failed = False
    entries: list[GuideEntry] = []
    # Collection files (sitemap.xml ...) must not overwrite a guide's output or a source.
    collection_names = {exporter.filename for exporter in collected}
    taken = {out_dir / name for name in collection_names if _is_source(out_dir / name, sources)}
    batch = run_batch(
        sources, chosen, out_dir, jobs=args.jobs, force=args.force, prune=args.prune,
        sync_each=args.fsync == "each", collect=bool(collected),
    )  # fmt: skip
    progress = Progress(len(sources), stderr, show=not args.quiet)
    for result in progress.track(batch):
        if isinstance(result, Stale):
            _report_stale(result, progress, stderr, quiet=args.quiet)
            continue
        _report(result, progress, stderr)
        failed += result.error is not None
        written += len(result.written)
        unchanged += len(result.unchanged)
        for path in result.written if not args.quiet else ():
            progress.print(os.fspath(path), stdout)
        entries.extend([result.entry] if result.entry else [])
        taken.update(path for path in result.written if path.name in collection_names)
        taken.update(out_dir / name for name in result.unchanged if name in collection_names)
    if collected:
        site_outcome = write_collection(collected, entries, out_dir, taken=frozenset(taken))
        for message in (*(f"warning: {w}" for w in site_outcome.warnings), *site_outcome.errors):
            print(message, file=stderr)
        collection_failed = bool(site_outcome.errors)
        written += len(site_outcome.written)
        for path in site_outcome.written if not args.quiet else ():
            print(path, file=stdout)
    summary = (
        f"{len(sources) - failed} of {len(sources)} guides exported, {written} files written to {out_dir}"
    )
    if unchanged:
        summary += f", {unchanged} up to date"
    if not args.quiet:
        print(summary + (f"; {failed} failed" if failed else ""), file=stderr)
    return 1 if failed or collection_failed else 0


def _is_source(path: Path, sources: list[str]) -> bool:
    real = os.path.realpath(path)
    named = (source for source in sources if os.path.basename(source) == path.name)
    return any(os.path.realpath(source) == real for source in named)


def _report_stale(stale: Stale, progress: Progress, stderr: TextIO, *, quiet: bool) -> None:
    paths = ", ".join(map(str, stale.paths))
    if not stale.removed:
        progress.print(f"warning: {paths}: {stale.reason} ({stale.source}); remove with --prune", stderr)
    elif not quiet:
        progress.print(f"removed {paths}: {stale.reason} ({stale.source})", stderr)


def _check(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    sources = _sources(args, stderr)
    owners: dict[str, str] = {}
    failed = 0
    progress = Progress(len(sources), stderr, show=not args.quiet)
    for source in progress.track(iter(sources)):
        try:
            guide = readers.read_file(source)
            owner = owners.setdefault(guide.slug, source)
            if owner != source:
                raise CstContentError(
                    f"{source}: the slug {guide.slug!r} is already used by {owner}; give one a different slug"
                )
        except CstContentError as error:
            failed += 1
            progress.print(source_message(Path(source), error), stderr)
    if not args.quiet:
        print(f"{len(sources) - failed} of {len(sources)} guides are valid", file=stderr)
    return 1 if failed else 0


def _list_formats(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    status = 0
    rows: list[list[str]] = []  # name, extension or file name, media type, origin
    for name in exporters.names():
        try:
            exporter = exporters.factory(name)
            extension = getattr(exporter, "filename", None) or getattr(exporter, "extension", "?")
            media_type = getattr(exporter, "media_type", "?")
            rows.append([name, str(extension), str(media_type), exporters.origin(name)])
        except (CstContentError, ImportError) as error:
            print(f"{name} unavailable: {error}", file=stderr)
            status = 1
    widths = [max((len(row[column]) for row in rows), default=0) for column in range(3)]
    for *cells, where in rows:
        print(*(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)), where, file=stdout)
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cstcontent", description="Turn condition guides into HTML, JSON-LD, text and Markdown."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    export = commands.add_parser("export", help="export guides to one or more formats")
    add_source_arguments(export)
    export.add_argument(
        "--to",
        action="append",
        metavar="FORMATS",
        help="comma-separated formats (see 'cstcontent formats'), or all built-ins (default: all);"
        " repeatable",
    )
    export.add_argument("--out", metavar="DIR", help="write DIR/<slug><extension> per format")
    export.add_argument(
        "--config",
        metavar="TOML",
        help="site settings (cstcontent.toml): name, base URL, publisher; for every format that takes them",
    )
    export.add_argument("--fragment", action="store_true", help="HTML as an embeddable fragment, not a page")
    export.add_argument(
        "--isolation",
        choices=("shadow", "scoped", "none"),
        help="how a fragment keeps host CSS out: a declarative shadow root (default), class-scoped CSS,"
        " or bare HTML",
    )
    export.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FORMAT.OPTION=VALUE",
        help="an exporter option, e.g. text.width=72 or html.heading_level=2 (repeatable)",
    )
    export.add_argument(
        "--jobs",
        type=_jobs,
        default=default_jobs(),
        metavar="N",
        help="worker processes (default: the number of cores); 1 exports in this process",
    )
    export.add_argument(
        "--force", action="store_true", help="rebuild every output, even those that are up to date"
    )
    export.add_argument(
        "--prune", action="store_true", help="remove the outputs of sources that no longer exist"
    )
    export.add_argument(
        "--fsync",
        choices=("batch", "each"),
        default="batch",
        help="flush every file written to disk once at the end of the batch (default),"
        " or each file before it is renamed into place",
    )
    export.add_argument("--quiet", "-q", action="store_true", help=QUIET_HELP)
    export.set_defaults(run=_export, command_parser=export)

    check = commands.add_parser(
        "check",
        help="validate guides without writing anything",
        description="Read each guide (a file, or the .md guides of a folder) as export would, and"
        " report every problem as path:line: message, without writing anything. Exit status: 0 when"
        " every guide is valid, 1 when one is not, 2 for usage errors.",
    )
    add_source_arguments(check)
    check.add_argument("--quiet", "-q", action="store_true", help=QUIET_HELP)
    check.set_defaults(run=_check, command_parser=check)
    add_overdue_option(check)

    add_validate_command(commands)
    add_changed_command(commands)
    add_serve_command(commands)
    add_import_command(commands)

    formats = commands.add_parser("formats", help="list the available formats and where each comes from")
    formats.set_defaults(run=_list_formats)
    return parser


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the command line with `argv`; return the exit status (0 ok, 1 a source failed, 2 usage)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    for stream in (out, err):
        # A file name that is not valid UTF-8 is shown escaped rather than failing the print.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        with warnings.catch_warnings():
            # A library warning (something dropped from a source, a meta description
            # too long) is a line for the user, not Python's warning with a code line.
            warnings.showwarning = lambda message, *_, **__: print(f"warning: {message}", file=err)
            status: int = args.run(args, out, err)
    except BrokenPipeError:
        # The reader of the output has gone (| head): stop, and write nothing more to the pipe
        # (Python would otherwise report the failed flush at exit).
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
        print("cstcontent: the output pipe was closed; stopped", file=err)
        return 1
    except UsageError as error:
        getattr(args, "command_parser", parser).print_usage(err)
        print(f"cstcontent: error: {error}", file=err)
        return 2
    except ExportError as error:
        print(f"error: {error}", file=err)
        return 1
    except CstContentError as error:
        print(error, file=err)
        return 1
    except OSError as error:  # e.g. --out is a file, or on a read-only file system
        where = f"{error.filename}: " if error.filename else ""
        print(f"cstcontent: error: {where}{error.strerror or error}", file=err)
        return 1
    except KeyboardInterrupt:
        print("cstcontent: interrupted", file=err)
        return 130
    except Exception as error:  # a bug or an exhausted resource: a message, never a traceback
        print(f"cstcontent: internal error: {type(error).__name__}: {str(error)[:300]}", file=err)
        return 1
    return status
