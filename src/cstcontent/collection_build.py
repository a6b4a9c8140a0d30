"""The collection outputs of a batch (sitemap, feed, llms.txt, index), written at the output folder's root.

The batch streams guides and keeps only each one's light `GuideEntry`; once
every guide is done, `write_collection` renders each collection exporter over
them and writes its file atomically. A collection file that would overwrite a
guide's own output is refused, not written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

import attrs

from .atomic import write_atomic
from .errors import CstContentError, ExportError
from .exporters.collection.base import Collection, CollectionExporter, GuideEntry

__all__ = ["CollectionOutcome", "write_collection"]


@attrs.define
class CollectionOutcome:
    """What happened to the collection outputs."""

    written: list[Path] = attrs.Factory(list)
    warnings: list[str] = attrs.Factory(list)
    errors: list[str] = attrs.Factory(list)


def write_collection(
    exporters: Sequence[CollectionExporter],
    entries: Iterable[GuideEntry],
    out_dir: Path,
    *,
    taken: AbstractSet[Path] = frozenset(),
) -> CollectionOutcome:
    """Render each of `exporters` over `entries` and write its file into `out_dir`.

    Args:
        exporters: The collection exporters.
        entries: One entry per guide exported.
        out_dir: The output folder.
        taken: The guides' own outputs (and the sources): never overwritten.
    """
    outcome = CollectionOutcome()
    collection = Collection(entries=entries)
    for exporter in exporters:
        path = out_dir / exporter.filename
        try:
            if path in taken:
                raise CstContentError(
                    f"it would overwrite {path}, a guide's own output: rename that guide's slug"
                )
            text = exporter.export(collection)
            outcome.warnings.extend(f"{exporter.filename}: {w}" for w in exporter.warnings(collection))
            write_atomic(path, text)
            outcome.written.append(path)
        except ExportError as error:
            outcome.warnings.append(f"skipped {exporter.filename}: {error}")
        except CstContentError as error:
            outcome.errors.append(f"{path}: not written: {error}")
        except OSError as error:
            outcome.errors.append(f"{path}: cannot write: {error}")
        except Exception as error:  # a plugin's bug fails its own output, not the batch
            outcome.errors.append(
                f"{path}: the {exporter.name} exporter failed: {type(error).__name__}: {error}"
            )
    return outcome
