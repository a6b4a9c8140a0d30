"""Exporting many sources: in worker processes, incrementally, every output atomic.

`run_batch` streams the sources through worker processes and yields one
`Outcome` per source in source order; a bad source is reported without
stopping or touching the others. A manifest in the output folder records what
each output was built from, so the next batch rebuilds only what changed.
"""

from __future__ import annotations

from .engine import Outcome, Stale, default_jobs, run_batch
from .manifest import MANIFEST_NAME
from .sources import SOURCE_SUFFIXES, Skipped, Sources, find_sources, source_message

__all__ = [
    "MANIFEST_NAME",
    "SOURCE_SUFFIXES",
    "Outcome",
    "Skipped",
    "Sources",
    "Stale",
    "default_jobs",
    "find_sources",
    "run_batch",
    "source_message",
]
