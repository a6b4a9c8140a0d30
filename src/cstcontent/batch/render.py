"""One source's share of a batch: read it, render its outputs, write them to temporary files.

`render_source` is a plain function of picklable arguments, run in a worker
process or in the batch's own. It never renames anything into place: the
engine does that in source order, once it knows the source owns its slug.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import warnings as warnings_module
from collections.abc import Iterable
from pathlib import Path

import attrs

from .. import readers
from ..atomic import write_temporary
from ..errors import CstContentError, ExportError, ExportWarning, SourceWarning
from ..exporters import Exporter
from ..exporters.collection.base import GuideEntry
from .sources import source_message

__all__ = ["Job", "Rendered", "render_source"]


@attrs.frozen
class Job:
    """What every source of a batch is rendered with."""

    exporters: tuple[Exporter, ...]
    out_dir: Path
    max_bytes: int = readers.DEFAULT_MAX_BYTES
    sync_each: bool = False
    collect: bool = False


@attrs.frozen
class Rendered:
    """What rendering one source produced.

    Attributes:
        digest: The SHA-256 of the source bytes that were read, if they could be.
        slug: The guide's slug, if it was read.
        files: ``(exporter index, temporary file, size in bytes)`` per output written.
        warnings: ``(exporter index, message)`` per output skipped by an `ExportError`
            and per `ExportWarning` an exporter issued.
        read_warnings: Each `SourceWarning` of reading the source (something dropped).
        error: Why the source failed (then `files` is empty).
        guide: What collection outputs need of the guide, when asked for.
    """

    digest: str | None = None
    slug: str | None = None
    files: tuple[tuple[int, Path, int], ...] = ()
    warnings: tuple[tuple[int, str], ...] = ()
    error: str | None = None
    read_warnings: tuple[str, ...] = ()
    guide: GuideEntry | None = None


def render_source(job: Job, source: Path, wanted: tuple[int, ...]) -> Rendered:
    """Render `source` with the exporters of `job` numbered in `wanted`; never raises for a bad source.

    With `job.collect`, also return the guide's `GuideEntry` (for sitemaps, feeds ...).
    """
    digest = None
    temporaries: list[tuple[int, Path, int]] = []
    try:
        data = readers.read_source_bytes(source, max_bytes=job.max_bytes)
        digest = hashlib.sha256(data).hexdigest()
        with warnings_module.catch_warnings(record=True) as caught:
            warnings_module.simplefilter("always", SourceWarning)
            guide = readers.read(data, readers.format_for_path(source), path=source, max_bytes=job.max_bytes)
        read_warnings = tuple(str(item.message) for item in caught if item.category is SourceWarning)
        rendered: list[tuple[int, bytes]] = []
        warnings: list[tuple[int, str]] = []
        for index in wanted:
            exporter = job.exporters[index]
            try:
                with warnings_module.catch_warnings(record=True) as caught:
                    warnings_module.simplefilter("always", ExportWarning)
                    text = exporter.export(guide)
                warnings.extend(
                    (index, f"{source}: {exporter.name}: {caught_warning.message}")
                    for caught_warning in caught
                    if caught_warning.category is ExportWarning
                )
            except ExportError as error:
                warnings.append((index, f"{source}: skipped {exporter.name}: {error}"))
                continue
            except CstContentError:
                raise
            except Exception as error:  # a plugin's bug fails this source, not the batch
                raise CstContentError(
                    f"the {exporter.name} exporter failed: {type(error).__name__}: {error}"
                ) from error
            rendered.append((index, text.encode("utf-8")))
        for index, data in rendered:
            target = job.out_dir / f"{guide.slug}{job.exporters[index].extension}"
            temporaries.append((index, write_temporary(target, data, sync=job.sync_each), len(data)))
        summary = GuideEntry.of(guide) if job.collect else None
        return Rendered(
            digest,
            guide.slug,
            tuple(temporaries),
            tuple(warnings),
            read_warnings=read_warnings,
            guide=summary,
        )
    except CstContentError as error:
        message = source_message(source, error)
    except OSError as error:
        message = f"{source}: cannot write: {error.strerror or error}"
    except Exception as error:  # a bug must fail this source only, never the batch
        message = f"{source}: internal error, please report it: {type(error).__name__}: {error}"
    discard(path for _, path, _ in temporaries)
    return Rendered(digest, error=message)


def discard(paths: Iterable[Path]) -> None:
    """Remove temporary files that will not be renamed into place."""
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
