"""Fuzz one exporter: hostile strings in the fields of a real guide, then the output's invariants.

The target is the ``FUZZ_TARGET`` environment variable (html, jsonld, text, markdown or json).
The fuzzer's bytes choose fields of the sciatica guide and the Unicode strings put there
(surrogates included: the model must refuse those with a `CstContentError`). Building may
fail only with `CstContentError`; exporting must return a `str` that passes the checks in
`_invariants.py`. Run: see fuzz/README.md.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports():
    import attrs

    import cstcontent
    from cstcontent import plaintext  # noqa: F401 (instrumented: the text exporter's rendering)
    from cstcontent.exporters import html, json, jsonld, markdown, syndication, text  # noqa: F401 (instrumented)
    from cstcontent.model import Person
    from cstcontent.nodes import (
        BlockQuote,
        BulletList,
        Code,
        Emphasis,
        LineBreak,
        Link,
        Paragraph,
        Strong,
        Text,
    )

from _invariants import CHECKS

TARGET = os.environ.get("FUZZ_TARGET", "html")
if TARGET not in CHECKS:
    sys.exit(f"FUZZ_TARGET must be one of {', '.join(CHECKS)}, not {TARGET!r}")
EXPORTER = cstcontent.exporters.get(TARGET)
BASE = cstcontent.load(Path(__file__).resolve().parent.parent / "fixtures" / "sciatica.md")


def _inline(fdp: atheris.FuzzedDataProvider, depth: int = 0) -> object:
    kind = fdp.ConsumeIntInRange(0, 6 if depth < 3 else 1)
    text = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 40))
    if kind <= 1:
        return Text(text) if kind == 0 else Code(text or "x")
    if kind == 2:
        return LineBreak()
    children = [_inline(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(1, 3))]
    if kind == 3:
        return Emphasis(children)
    if kind == 4:
        return Strong(children)
    title = fdp.ConsumeUnicode(20) if fdp.ConsumeBool() else None
    return Link(text or "#x", children, title=title or None)


def _blocks(fdp: atheris.FuzzedDataProvider) -> tuple[object, ...]:
    paragraphs = [Paragraph([_inline(fdp) for _ in range(fdp.ConsumeIntInRange(1, 4))])]
    shape = fdp.ConsumeIntInRange(0, 2)
    if shape == 1:
        return (BulletList([paragraphs]),)
    if shape == 2:
        return (BlockQuote(paragraphs),)
    return tuple(paragraphs)


def _guide(fdp: atheris.FuzzedDataProvider) -> cstcontent.ConditionGuide:
    guide = BASE
    for _ in range(fdp.ConsumeIntInRange(1, 4)):
        field = fdp.ConsumeIntInRange(0, 8)
        if field == 7:
            section = attrs.evolve(guide.sections[0], blocks=_blocks(fdp))
            guide = attrs.evolve(guide, sections=(section, *guide.sections[1:]))
            continue
        if field == 8:
            item = attrs.evolve(guide.faqs[0], answer=_blocks(fdp))
            guide = attrs.evolve(guide, faqs=(item, *guide.faqs[1:]))
            continue
        value = fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 60))
        if field == 0:
            guide = attrs.evolve(guide, title=value)
        elif field == 1:
            guide = attrs.evolve(guide, summary=value)
        elif field == 2:
            guide = attrs.evolve(guide, kicker=value)
        elif field == 3:
            guide = attrs.evolve(guide, authors=(Person(value),))
        elif field == 4:
            section = attrs.evolve(guide.sections[0], heading=value)
            guide = attrs.evolve(guide, sections=(section, *guide.sections[1:]))
        elif field == 5:
            guide = attrs.evolve(guide, faqs=(attrs.evolve(guide.faqs[0], question=value), *guide.faqs[1:]))
        else:
            guide = attrs.evolve(guide, condition=value)
    return guide


def TestOneInput(data: bytes) -> None:
    """Build a guide from `data`; if the model accepts it, export it and check the output."""
    fdp = atheris.FuzzedDataProvider(data)
    try:
        guide = _guide(fdp)
    except cstcontent.CstContentError:
        return
    try:
        output = EXPORTER.export(guide)
    except cstcontent.CstContentError:  # a refusal with the library's own error is allowed
        return
    assert isinstance(output, str), type(output)
    CHECKS[TARGET](output, guide)


if __name__ == "__main__":
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()
