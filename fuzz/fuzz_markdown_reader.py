"""Fuzz the Markdown reader: any bytes give a guide or a `CstContentError`, nothing else.

A guide that is read must also survive a JSON round trip and export to safe HTML.
Run: see fuzz/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports():
    import markdown_it
    import yaml

    import cstcontent
    from cstcontent.readers import markdown as _markdown

from _invariants import check_html, check_round_trip

FRONT_MATTER = b"---\ntitle: T\nsummary: S\ncondition: C\n---\n\n"
_check_json = check_round_trip("json")
del markdown_it, yaml, _markdown


def TestOneInput(data: bytes) -> None:
    """Read `data` (with a valid front matter in front when its first byte is even)."""
    if data[:1] and data[0] % 2 == 0:
        data = FRONT_MATTER + data[1:]
    try:
        guide = cstcontent.loads(data, path="fuzz.md")
    except cstcontent.CstContentError:
        return
    _check_json(cstcontent.export(guide, "json"), guide)
    check_html(cstcontent.export(guide, "html"), guide)


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
