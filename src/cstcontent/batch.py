"""Exporting many sources: one at a time, each in isolation, every output atomic.

A batch streams: each source is read, exported and written before the next is
opened, so memory stays flat however many guides there are, and a bad source is
reported without stopping or touching the others. `export_source` is a plain
function of its arguments so a later version can hand sources to worker
processes.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

import attrs

from . import readers
from .atomic import write_atomic
from .errors import CstContentError, ExportError, ExportWarning
from .exporters import Exporter
from .exporters.collection.base import GuideEntry

__all__ = ["Outcome", "SlugRegistry", "export_source", "iter_sources", "source_message"]

SOURCE_SUFFIXES = (".md", ".markdown")


def iter_sources(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield each file in `paths`, and the ``*.md``/``*.markdown`` files of each folder, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(
                p for p in path.iterdir() if p.suffix.lower() in SOURCE_SUFFIXES and p.is_file()
            )
        else:
            yield path


def source_message(source: Path, error: CstContentError) -> str:
    """The error as ``source: message``, unless it already names the source (``source:line: ...``)."""
    message = str(error)
    return message if message.startswith(str(source)) else f"{source}: {message}"


@attrs.define
class Outcome:
    """What happened to one source."""

    source: Path
    written: list[Path] = attrs.Factory(list)
    warnings: list[str] = attrs.Factory(list)
    error: str | None = None
    #: What collection outputs (sitemap, feed ...) need of the guide, once its outputs are written.
    entry: GuideEntry | None = None


@attrs.define
class SlugRegistry:
    """Remembers which source claimed each slug, so two sources never share an output."""

    owners: dict[str, Path] = attrs.Factory(dict)

    def claim(self, slug: str, source: Path) -> None:
        """Record that `source` writes the outputs of `slug`, or raise if another did."""
        owner = self.owners.setdefault(slug, source)
        if owner != source:
            raise CstContentError(
                f"{source}: the slug {slug!r} is already used by {owner}; give one a different slug"
            )


def _output_path(out_dir: Path, slug: str, exporter: Exporter, sources: AbstractSet[Path]) -> Path:
    target = out_dir / f"{slug}{exporter.extension}"
    if target.resolve() in sources:
        raise CstContentError(f"refusing to write {target}: it is one of the sources")
    return target


def export_source(
    source: Path,
    exporters: Sequence[Exporter],
    out_dir: Path,
    slugs: SlugRegistry,
    *,
    sources: AbstractSet[Path] = frozenset(),
    max_bytes: int = readers.DEFAULT_MAX_BYTES,
) -> Outcome:
    """Read `source` and write one file per exporter into `out_dir`.

    Every output is rendered before any is written, so a source whose export
    fails leaves no new files. An `ExportError` (e.g. JSON-LD for a guide with
    no FAQ) skips that one output with a warning, and an `ExportWarning` an
    exporter issues becomes a warning of the outcome. `sources` holds the resolved
    paths of every source in the batch: none of them is ever overwritten.
    """
    outcome = Outcome(source)
    try:
        guide = readers.read_file(source, max_bytes=max_bytes)
        slugs.claim(guide.slug, source)
        rendered: list[tuple[Path, str]] = []
        for exporter in exporters:
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", ExportWarning)
                    text = exporter.export(guide)
                outcome.warnings.extend(
                    f"{source}: {exporter.name}: {w.message}" for w in caught if w.category is ExportWarning
                )
            except ExportError as error:
                outcome.warnings.append(f"{source}: skipped {exporter.name}: {error}")
                continue
            except CstContentError:
                raise
            except Exception as error:  # a plugin's bug fails this source, not the batch
                raise CstContentError(
                    f"the {exporter.name} exporter failed: {type(error).__name__}: {error}"
                ) from error
            rendered.append((_output_path(out_dir, guide.slug, exporter, sources | {source.resolve()}), text))
        for path, text in rendered:
            write_atomic(path, text)
            outcome.written.append(path)
        outcome.entry = GuideEntry.of(guide)
    except CstContentError as error:
        outcome.error = source_message(source, error)
    except OSError as error:
        outcome.error = f"{source}: cannot write: {error}"
    return outcome
