"""The batch engine: many sources, rendered by worker processes, committed in source order.

Sources stream through in chunks: the engine decides from the manifest which
outputs of a source are already up to date, hands the rest to a worker (or
renders them itself with ``jobs=1``, or when the batch is one chunk), and
commits the results strictly in source order: the first source to claim a slug
owns it, outputs are renamed into place, and each outcome is yielded. Only a
few chunks are in flight at once, so memory does not grow with the corpus.

Durability: every output is written to a temporary file and renamed over its
target, so no reader ever sees a partial file. With ``sync_each`` each file is
flushed to disk before its rename; otherwise every file written and the folder
are flushed once at the end of the batch, and only then is the new manifest put
in place. A crash mid-batch can leave that batch's outputs unflushed, but never
vouched for by a manifest, so the next run rebuilds them.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import hashlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import attrs

from .. import readers
from ..atomic import fsync_paths
from ..exporters import Exporter
from ..exporters.collection.base import GuideEntry
from . import manifest
from .manifest import Entry, Manifest, ManifestWriter, exporter_key, guide_entry, guide_entry_data
from .render import Job, Rendered, discard, render_source

__all__ = ["Outcome", "Stale", "default_jobs", "run_batch"]

# Sources a worker renders per task, and the most items (rendered or up to date) a chunk holds.
_CHUNK_WORK = 8
_CHUNK_ITEMS = 64
# Chunks in flight per worker: enough to keep every worker busy while the engine commits.
_WINDOW_PER_JOB = 4
# The manifest's key for the warnings of reading a source (no format has an empty name).
_READING = ""


@attrs.define
class Outcome:
    """What happened to one source.

    Attributes:
        written: The outputs written.
        unchanged: The file names, in the output folder, of the outputs already up to date, left
            alone (names, not paths: an unchanged corpus has tens of thousands).
        warnings: Outputs skipped (e.g. JSON-LD of a guide with no FAQ).
        error: Why the source failed; it then wrote nothing.
    """

    source: Path
    written: list[Path] = attrs.Factory(list)
    unchanged: list[str] = attrs.Factory(list)
    warnings: list[str] = attrs.Factory(list)
    error: str | None = None
    #: What collection outputs (sitemap, feed ...) need of the guide, when the batch collects.
    entry: GuideEntry | None = None


@attrs.define
class Stale:
    """Outputs in the folder whose source is gone (or whose guide now has another slug)."""

    source: str
    paths: list[Path]
    removed: bool
    reason: str


def default_jobs() -> int:
    """The number of cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


@attrs.define
class _Item:
    source: str
    absolute: str  # the source's absolute path: its key in the manifest
    entry: Entry | None  # the manifest's entry when the source's bytes are unchanged
    wanted: tuple[int, ...]  # the exporters to run
    parse: bool = False  # read the guide even if no output is wanted (for its GuideEntry)

    @property
    def work(self) -> bool:
        return bool(self.wanted) or self.parse


@attrs.define
class _Chunk:
    items: list[_Item] = attrs.Factory(list)
    future: concurrent.futures.Future[list[Rendered]] | None = None

    @property
    def work(self) -> list[_Item]:
        return [item for item in self.items if item.work]


_job: Job | None = None


def _start_worker(job: Job) -> None:
    global _job
    _job = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the engine handles Ctrl-C and stops the workers


def _render_chunk(work: list[tuple[str, tuple[int, ...]]]) -> list[Rendered]:
    assert _job is not None
    return [render_source(_job, Path(source), wanted) for source, wanted in work]


def _context() -> multiprocessing.context.BaseContext | None:
    # fork starts workers in milliseconds with the exporters (and any registered at run time)
    # already imported; elsewhere the platform's default is the safe choice.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return None


def run_batch(
    sources: Iterable[str | os.PathLike[str]],
    exporters: Sequence[Exporter],
    out_dir: str | os.PathLike[str],
    *,
    jobs: int = 1,
    force: bool = False,
    prune: bool = False,
    sync_each: bool = False,
    collect: bool = False,
    max_bytes: int = readers.DEFAULT_MAX_BYTES,
) -> Iterator[Outcome | Stale]:
    """Export every source with every exporter into `out_dir`; yield each `Outcome` in source order.

    After the outcomes come the `Stale` reports: outputs of sources that are
    gone (removed with `prune`). A bad source is reported in its outcome and
    never stops the others. Finish iterating for the batch to be flushed and
    its manifest written.

    Args:
        sources: The source files.
        exporters: One output per source and exporter, ``<slug><extension>``.
        out_dir: The folder to write into; it must exist.
        jobs: Worker processes; 1 renders in this process.
        force: Rebuild every output, even those the manifest says are up to date.
        prune: Remove the outputs of sources that no longer exist.
        sync_each: Flush each file to disk before renaming it into place,
            instead of flushing all of them once at the end.
        collect: Give each outcome the guide's `GuideEntry` (kept in the manifest,
            so an unchanged guide is not read again).
        max_bytes: Larger sources fail before they are read.
    """
    names = [os.fspath(source) for source in sources]
    job = Job(tuple(exporters), Path(out_dir), max_bytes, sync_each, collect)
    engine = _Engine(job, jobs, force, prune)
    yield from engine.run(names)


class _Engine:
    def __init__(self, job: Job, jobs: int, force: bool, prune: bool) -> None:
        self.job = job
        self.jobs = max(1, jobs)
        self.force = force
        self.prune = prune
        self.out_dir = job.out_dir
        self.out_str = os.fspath(job.out_dir)
        self.real_out = os.path.realpath(self.out_dir)
        self.keys = {exporter.name: exporter_key(exporter.name, exporter) for exporter in job.exporters}
        self.old = Manifest.load(self.out_dir)
        self.owners: dict[str, str] = {}  # slug -> the source that owns it in this batch
        self.written: list[tuple[str, int]] = []  # (slug, bit mask of the exporters written)
        self.orphans: list[tuple[str, Entry]] = []  # sources whose slug changed: their old outputs
        self.protected: set[str] = set()  # real paths of sources inside the output folder
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None
        self.manifest_removed = False
        self.changed = force or self.old.keys != {**self.old.keys, **self.keys}

    # -- planning ---------------------------------------------------------------------------

    def _protect(self, names: list[str]) -> None:
        real_dirs: dict[str, str] = {}
        for name in names:
            directory = os.path.dirname(name) or "."
            if directory not in real_dirs:
                real_dirs[directory] = os.path.realpath(directory)
            if real_dirs[directory] == self.real_out or os.path.islink(name):
                self.protected.add(os.path.realpath(name))

    def _plan(self, name: str) -> _Item:
        source = os.path.abspath(name)
        entry = None
        if not self.force and source in self.old.entries:
            try:
                with open(name, "rb") as file:
                    digest = hashlib.sha256(file.read()).hexdigest()
            except OSError:
                digest = ""
            entry = self.old.current(source, digest, self.keys)
        wanted = tuple(
            index
            for index, exporter in enumerate(self.job.exporters)
            if entry is None or not self._up_to_date(entry, exporter)
        )
        parse = self.job.collect and (entry is None or entry.guide is None)
        return _Item(name, source, entry, wanted, parse)

    def _up_to_date(self, entry: Entry, exporter: Exporter) -> bool:
        recorded = entry.files.get(exporter.name)
        if recorded is None:
            return exporter.name in entry.warnings  # skipped, and it would be again
        if recorded[0] != exporter.extension:
            return False
        try:
            return os.stat(os.path.join(self.out_str, entry.slug + exporter.extension)).st_size == recorded[1]
        except OSError:
            return False

    def _chunks(self, names: list[str]) -> Iterator[_Chunk]:
        chunk = _Chunk()
        work = 0
        for name in names:
            item = self._plan(name)
            chunk.items.append(item)
            work += item.work
            if work >= _CHUNK_WORK or len(chunk.items) >= _CHUNK_ITEMS:
                yield chunk
                chunk, work = _Chunk(), 0
        if chunk.items:
            yield chunk

    # -- rendering --------------------------------------------------------------------------

    def _submit(self, chunk: _Chunk) -> None:
        if self.pool is None:
            self.pool = concurrent.futures.ProcessPoolExecutor(
                self.jobs, mp_context=_context(), initializer=_start_worker, initargs=(self.job,)
            )
        chunk.future = self.pool.submit(_render_chunk, [(item.source, item.wanted) for item in chunk.work])

    def _results(self, chunk: _Chunk) -> list[Rendered]:
        work = chunk.work
        if not work:
            return []
        if chunk.future is None:
            return [render_source(self.job, Path(item.source), item.wanted) for item in work]
        try:
            return chunk.future.result()
        except BrokenProcessPool:
            self._close_pool()
            return [self._isolated(item) for item in work]

    def _isolated(self, item: _Item) -> Rendered:
        """Render one source in a worker of its own, so that one that kills its process fails alone."""
        with concurrent.futures.ProcessPoolExecutor(
            1, mp_context=_context(), initializer=_start_worker, initargs=(self.job,)
        ) as pool:
            try:
                return pool.submit(_render_chunk, [(item.source, item.wanted)]).result()[0]
            except BrokenProcessPool:
                return Rendered(error=f"{item.source}: the worker process exporting it stopped unexpectedly")

    def _close_pool(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    # -- committing -------------------------------------------------------------------------

    def _commit(self, chunk: _Chunk) -> Iterator[Outcome]:
        results = iter(self._results(chunk))
        for item in chunk.items:
            old_entry = self.old.entries.pop(item.absolute, None)
            if item.work:
                yield self._commit_rendered(item, next(results), old_entry)
            else:
                assert item.entry is not None
                yield self._commit_unchanged(item, item.entry)

    def _claim(self, slug: str, item: _Item) -> str | None:
        owner = self.owners.setdefault(slug, item.source)
        if owner != item.source:
            return f"{item.source}: the slug {slug!r} is already used by {owner}; give one a different slug"
        return None

    def _commit_unchanged(self, item: _Item, entry: Entry) -> Outcome:
        outcome = Outcome(Path(item.source), error=self._claim(entry.slug, item))
        if outcome.error is None:
            outcome.unchanged = self._unchanged(entry, ())
            outcome.warnings = self._warnings(entry)
            if self.job.collect and entry.guide is not None:
                outcome.entry = guide_entry(entry.guide)
            self.writer.add(item.absolute, entry)
        else:
            self.changed = True
        return outcome

    def _warnings(self, entry: Entry) -> list[str]:
        """The warnings of reading the source, then those of each format, in the order of the formats."""
        names = [_READING, *(exporter.name for exporter in self.job.exporters)]
        return [text for name in names for text in entry.warnings.get(name, ())]

    def _unchanged(self, entry: Entry, fresh: Iterable[str]) -> list[str]:
        skip = set(fresh)
        return [
            f"{entry.slug}{exporter.extension}"
            for exporter in self.job.exporters
            if exporter.name in entry.files and exporter.name not in skip
        ]

    def _commit_rendered(self, item: _Item, result: Rendered, old: Entry | None) -> Outcome:
        self.changed = True
        outcome = Outcome(Path(item.source), warnings=[text for _, text in result.warnings])
        temporaries = [path for _, path, _ in result.files]
        slug = result.slug
        error = result.error or self._claim(slug or "", item)
        targets = []
        for index, _, _ in result.files:
            target = self.out_dir / f"{slug}{self.job.exporters[index].extension}"
            if error is None and os.path.join(self.real_out, target.name) in self.protected:
                error = f"{item.source}: refusing to write {target}: it is one of the sources"
            targets.append(target)
        if error is None and temporaries:
            error = self._rename(item, temporaries, targets)
        if error is not None:
            discard(temporaries)
            return Outcome(Path(item.source), error=error)
        assert slug is not None
        assert result.digest is not None
        kept = item.entry if item.entry is not None and item.entry.digest == result.digest else None
        kept = kept or Entry(result.digest, slug)
        fresh = {self.job.exporters[index].name for index in item.wanted}
        entry = kept.without(fresh)
        if result.guide is not None:
            entry = attrs.evolve(entry, guide=guide_entry_data(result.guide))
            outcome.entry = result.guide
        mask = 0
        for index, _, size in result.files:
            exporter = self.job.exporters[index]
            entry.files[exporter.name] = (exporter.extension, size)
            mask |= 1 << index
        entry.warnings.pop(_READING, None)
        if result.read_warnings:
            entry.warnings[_READING] = list(result.read_warnings)
        for index, text in result.warnings:
            entry.warnings.setdefault(self.job.exporters[index].name, []).append(text)
        outcome.warnings = self._warnings(entry)
        outcome.written = targets
        outcome.unchanged = self._unchanged(entry, fresh)
        self.written.append((slug, mask))
        self.writer.add(item.absolute, entry)
        if old is not None and old.slug != slug:
            self.orphans.append((item.source, old))
        return outcome

    def _rename(self, item: _Item, temporaries: list[Path], targets: list[Path]) -> str | None:
        if not self.manifest_removed:
            # From the first rename until the new manifest is in place, nothing is vouched for.
            manifest.remove(self.out_dir)
            self.manifest_removed = True
        for done, (temporary, target) in enumerate(zip(temporaries, targets, strict=True)):
            try:
                os.replace(temporary, target)
            except OSError as error:
                discard(temporaries[done:])
                return f"{item.source}: cannot write: {error.strerror or error}"
        return None

    # -- the batch --------------------------------------------------------------------------

    def run(self, names: list[str]) -> Iterator[Outcome | Stale]:
        self._protect(names)
        self.writer = ManifestWriter(self.out_dir, {**self.old.keys, **self.keys})
        pending: collections.deque[_Chunk] = collections.deque()
        deferred: _Chunk | None = None  # the first chunk with work: rendered here if it is the only one
        window = self.jobs * _WINDOW_PER_JOB
        finished = False
        try:
            for chunk in self._chunks(names):
                if chunk.work and self.jobs > 1:
                    if deferred is not None:
                        self._submit(deferred)
                        deferred = None
                    if self.pool is None:
                        deferred = chunk
                    else:
                        self._submit(chunk)
                pending.append(chunk)
                while len(pending) > window:
                    head = pending.popleft()
                    if head is deferred:
                        deferred = None
                    yield from self._commit(head)
            while pending:
                yield from self._commit(pending.popleft())
            finished = True
        finally:
            self._close_pool()
            for chunk in pending:
                if chunk.future is not None and chunk.future.done() and not chunk.future.cancelled():
                    with contextlib.suppress(BrokenProcessPool, concurrent.futures.CancelledError):
                        discard(path for rendered in chunk.future.result() for _, path, _ in rendered.files)
            stale = self._carry_over() if finished else self._carry_over_quietly()
            self._flush()
        yield from stale

    def _carry_over_quietly(self) -> list[Stale]:
        for source, entry in self.old.entries.items():
            if entry.slug not in self.owners:
                self.writer.add(source, entry)
        return []

    def _carry_over(self) -> list[Stale]:
        """Keep the entries of sources not in this batch; report (or prune) those whose source is gone."""
        changed_formats = [name for name in self.keys if self.old.keys.get(name) != self.keys[name]]
        stale = []
        for source, entry in self.old.entries.items():
            if entry.slug in self.owners:  # another source of this batch took its outputs over
                self.changed = True
                continue
            if os.path.exists(source):
                self.writer.add(source, entry.without(changed_formats))
                continue
            report = self._stale(source, entry, "its source no longer exists")
            if report.removed or not report.paths:
                self.changed = True
            else:
                self.writer.add(source, entry)
            if report.paths:
                stale.append(report)
        for source, entry in self.orphans:
            if entry.slug not in self.owners:
                report = self._stale(source, entry, f"the guide's slug is no longer {entry.slug!r}")
                if report.paths:
                    stale.append(report)
        return stale

    def _stale(self, source: str, entry: Entry, reason: str) -> Stale:
        paths = [self.out_dir / f"{entry.slug}{extension}" for extension, _ in entry.files.values()]
        paths = [path for path in paths if path.exists()]
        if self.prune:
            for path in paths:
                path.unlink(missing_ok=True)
        return Stale(source, paths, self.prune, reason)

    def _flush(self) -> None:
        """Flush what this batch wrote, then put the new manifest in place (or drop it if nothing changed)."""
        if not self.changed:
            self.writer.abort()
            return
        extensions = [exporter.extension for exporter in self.job.exporters]
        if not self.job.sync_each:
            fsync_paths(
                self.out_dir / f"{slug}{extension}"
                for slug, mask in self.written
                for index, extension in enumerate(extensions)
                if mask >> index & 1
            )
        self.writer.commit(sync=True)
        fsync_paths((), [self.out_dir])
