"""The ``markdown`` exporter: canonical source that reads back to the same guide."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import mdformat
import pytest
from hypothesis import HealthCheck, given, settings

import cstcontent
from cstcontent import exporters, nodes
from cstcontent.errors import ExportError
from cstcontent.exporters.markdown import MarkdownExporter
from cstcontent.model import Condition, ConditionGuide, FAQItem, Person, Section
from cstcontent.nodes import (
    BlockQuote,
    BulletList,
    Callout,
    Code,
    Emphasis,
    Heading,
    Image,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Strong,
    Table,
    Text,
)
from cstcontent.slugs import make_slug
from strategies import guides
from support.builders import guide_with, para

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").glob("*.md"))
# Derandomized and bounded for CI (this file runs in well under a minute); set
# CSTCONTENT_PROPERTY_EXAMPLES=2000 for a thorough random run locally.
_EXAMPLES = os.environ.get("CSTCONTENT_PROPERTY_EXAMPLES")
PROPERTY = settings(
    max_examples=int(_EXAMPLES) if _EXAMPLES else 300,
    derandomize=not _EXAMPLES,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def export(guide: ConditionGuide, **options: object) -> str:
    return cstcontent.export(guide, "markdown", **options)


def mdformatted(text: str) -> str:
    return mdformat.text(text, options={"number": True}, extensions={"frontmatter", "gfm", "footnote"})


def assert_round_trip(guide: ConditionGuide) -> str:
    out = export(guide)
    assert cstcontent.loads(out) == guide, out
    assert export(guide) == out
    return out


def body(out: str) -> str:
    return out.split("\n---\n\n", 1)[1]


# --- the registry and options -------------------------------------------------------------------


def test_registered_with_its_media_type() -> None:
    exporter = exporters.get("markdown")
    assert isinstance(exporter, MarkdownExporter)
    assert (exporter.name, exporter.media_type, exporter.extension) == ("markdown", "text/markdown", ".md")


def test_options_are_checked() -> None:
    with pytest.raises(TypeError, match="front_matter"):
        exporters.get("markdown", frontmatter=False)
    with pytest.raises(TypeError, match="'front_matter' must be <class 'bool'>"):
        exporters.get("markdown", front_matter="no")


# --- fixtures -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_fixture_round_trips_and_is_mdformat_stable(path: Path) -> None:
    guide = cstcontent.load(path)
    out = assert_round_trip(guide)
    assert mdformatted(out) == out


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_fixture_body_is_already_canonical(path: Path) -> None:
    """Each fixture is written as the exporter writes it, but for its editor notes, which are dropped."""
    source = path.read_text(encoding="utf-8")
    without_notes = re.sub(r"^<!--.*?-->\n\n", "", body(source), flags=re.MULTILINE | re.DOTALL)
    out = body(export(cstcontent.load(path)))
    assert out == without_notes
    assert "<!--" not in out


def test_sciatica_fixture_byte_for_byte() -> None:
    """The fixture, with the front matter in our canonical form.

    Three choices differ from the hand-written file: a default kicker and the
    default language are left out, and lists are written in block style.
    """
    path = next(path for path in FIXTURES if path.stem == "sciatica")
    expected = (
        path.read_text(encoding="utf-8")
        .replace("kicker: Condition guide\n", "")
        .replace("language: en\n", "")
        .replace(
            "  alternate_names: [Herniated disc, Lumbar radiculopathy]\n",
            "  alternate_names:\n    - Herniated disc\n    - Lumbar radiculopathy\n",
        )
    )
    assert export(cstcontent.load(path)) == expected


# --- properties ---------------------------------------------------------------------------------


@PROPERTY
@given(guides())
def test_generated_guides_round_trip(guide: ConditionGuide) -> None:
    assert_round_trip(guide)


@PROPERTY
@given(guides(mdformat_stable=True))
def test_mdformat_leaves_the_output_unchanged(guide: ConditionGuide) -> None:
    out = assert_round_trip(guide)
    assert mdformatted(out) == out


# --- regressions: text that looks like syntax ---------------------------------------------------

TRICKY_TEXT = [
    "## FAQ",
    "### Fake",
    "[x]: javascript:alert(1)",
    "1. not a list",
    "1) nor this",
    "- not a bullet",
    "+ nor this",
    "* nor this",
    "> not a quote",
    "#",
    "# not a heading",
    "#hashtag",
    "---",
    "***",
    "___",
    "===",
    "~~~",
    "```",
    "    four spaces",
    "*a*",
    "_a_",
    "**a**",
    "__a__",
    "`a`",
    "<https://x>",
    "<b>html</b>",
    "<!-- comment -->",
    "&amp;",
    "&#32;",
    "&copy; &nope;",
    "[a](b)",
    "![a](b)",
    "[x]",
    "a\\b \\* \\",
    " leading space",
    "trailing space ",
    "  two  spaces  ",
    "\ttab",
    "\u3000ideographic space\u3000",
    "snake_case and 2 * 3 and a_b_c",
    " * ",
    " _ x _ ",
]


@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_paragraph_text_round_trips(text: str) -> None:
    guide = guide_with(para(Text(text)), BulletList([[para(Text(text))]]), BlockQuote([para(Text(text))]))
    assert_round_trip(guide)


@pytest.mark.parametrize("text", [t for t in TRICKY_TEXT if t.strip()])
def test_heading_text_round_trips(text: str) -> None:
    section, question = text + " s", text + " q"
    guide = guide_with(
        sections=[Section(make_slug(section, "s"), section, [Heading(3, text + " h")])],
        faqs=[FAQItem(make_slug(question, "q"), question, [para(Text(text))])],
    )
    assert_round_trip(guide)


YAML_LOOKALIKES = [
    "a --- b", "---", "...", "yes", "null", "1e3", "+.5e-3", "12:30", "2026-01-10", "'quoted'", '"quoted"',
    "# not a comment", "a: b", "- x", "[a, b]", "{a: b}", "&anchor", "*alias", "!tag", "%directive", "@at",
    "`tick", " padded ",
]  # fmt: skip


@pytest.mark.parametrize("title", YAML_LOOKALIKES)
def test_front_matter_strings_round_trip(title: str) -> None:
    guide = guide_with(
        para(Text("x")),
        title=title,
        summary=title,
        kicker=title,
        condition=Condition(title, [title + " 2"]),
        authors=[Person(title, job_title=title)],
    )
    out = assert_round_trip(guide)
    assert mdformatted(out) == out


def test_question_that_looks_like_a_heading() -> None:
    guide = guide_with(faqs=[FAQItem("fake", "### Fake", [para(Text("## FAQ"))])])
    out = assert_round_trip(guide)
    assert "### ### Fake\n\n\\## FAQ\n" in out


def test_escapes_only_what_would_be_syntax() -> None:
    out = export(guide_with(para(Text("snake_case, 2 * 3, a [note], 3 < 4, AT&T, 50% off!"))))
    assert body(out) == "snake_case, 2 * 3, a [note], 3 < 4, AT&T, 50% off!\n"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("*a*", "\\*a\\*"),
        ("_a_", "\\_a\\_"),
        ("`a`", "\\`a\\`"),
        ("<https://x>", "\\<https://x>"),
        ("&amp;", "\\&amp;"),
        ("[x]: javascript:alert(1)", "\\[x\\]: javascript:alert(1)"),
        ("1. a", "1\\. a"),
        ("- a", "\\- a"),
        ("> a", "\\> a"),
        ("# a", "\\# a"),
        ("~~~", "\\~\\~~"),
        ("a ~~b~~ c", "a \\~~b\\~~ c"),
        ("a ~b~ c", "a \\~b~ c"),
        ("about ~5 minutes", "about ~5 minutes"),
        ("[^x] is not a citation", "\\[^x\\] is not a citation"),
        ("[!NOTE] is not a callout", "\\[!NOTE] is not a callout"),
        ("!!! note", "\\!!! note"),
        ("| a | b |", "\\| a | b |"),
        ("Table: not a caption", "Table\\: not a caption"),
        ("[ ] not a task", "\\[ \\] not a task"),
        ("| - |", "\\| \\- |"),
        (" a ", "&#32;a&#32;"),
    ],
)
def test_escapes(text: str, written: str) -> None:
    assert body(export(guide_with(para(Text(text))))) == written + "\n"


# --- every node type ----------------------------------------------------------------------------


def test_every_node_type() -> None:
    guide = guide_with(
        para(Text("Plain "), Emphasis([Text("em")]), Text(" "), Strong([Text("strong")]), Text(" "),
             Code("code"), Text(" "), Link("https://example.org/a_(b)", [Text("link")], title='say "hi"'),
             LineBreak(), Text("next line")),
        BulletList([[para(Text("one"))], [para(Text("two")), OrderedList([[para(Text("nested"))]])]]),
        BlockQuote([para(Text("quoted")), BulletList([[para(Text("in quote"))]])]),
        sections=[Section("part", "Part", [para(Text("text")), Heading(3, "Sub"), para(Text("more"))])],
        faqs=[FAQItem("why", "Why?", [para(Text("Because."))])],
    )  # fmt: skip
    out = assert_round_trip(guide)
    assert mdformatted(out) == out
    assert body(out) == (
        'Plain *em* **strong** `code` [link](<https://example.org/a_(b)> "say \\"hi\\"")\\\n'
        "next line\n\n"
        "- one\n"
        "- two\n"
        "  1. nested\n\n"
        "> quoted\n"
        ">\n"
        "> - in quote\n\n"
        "## Part\n\ntext\n\n### Sub\n\nmore\n\n"
        "## Frequently asked questions\n\n### Why?\n\nBecause.\n"
    )


def test_lists_follow_mdformat() -> None:
    guide = guide_with(
        OrderedList([[para(Text(str(n)))] for n in range(3)], start=8),
        OrderedList([[para(Text("a"))], [para(Text("b")), para(Text("c"))]], start=0),
        BulletList([[para(Text("x"))]]),
        BulletList([[para(Text("y"))]]),
    )
    out = assert_round_trip(guide)
    assert mdformatted(out) == out
    assert body(out) == "08. 0\n09. 1\n10. 2\n\n0) a\n\n1) b\n\n   c\n\n- x\n\n* y\n"


@pytest.mark.parametrize(
    ("item", "written"),
    [
        ([para(Text("a")), BlockQuote([para(Text("q"))])], "- a\n  > q\n- b\n"),
        (
            [para(Text("a")), BlockQuote([para(Text("q1"))]), BlockQuote([para(Text("q2"))])],
            "- a\n\n  > q1\n\n  > q2\n\n- b\n",
        ),
        ([para(Text("a")), OrderedList([[para(Text("n"))]], start=2)], "- a\n\n  2. n\n\n- b\n"),
        ([para(Text("a")), para(Text("c"))], "- a\n\n  c\n\n- b\n"),
    ],
)
def test_lists_are_tight_unless_blocks_would_merge(item: list[nodes.Block], written: str) -> None:
    out = assert_round_trip(guide_with(BulletList([item, [para(Text("b"))]])))
    assert body(out) == written
    assert mdformatted(out) == out


def test_intraword_and_nested_emphasis() -> None:
    content: list[nodes.Inline] = [
        Text("un"), Emphasis([Text("frigging")]), Text("believable, "),
        Emphasis([Strong([Text("both")])]), Text(" "), Strong([Emphasis([Text("both")])]), Text(" "),
        Emphasis([Text("a "), Emphasis([Text("b")]), Text(" c")]),
    ]  # fmt: skip
    out = assert_round_trip(guide_with(Paragraph(content)))
    assert mdformatted(out) == out
    assert body(out) == "un*frigging*believable, *__both__* **_both_** *a *b* c*\n"


@pytest.mark.parametrize(
    "content",
    [
        [Text("a"), Emphasis([Text("(b)")]), Text("c")],
        [Emphasis([Text(" spaced ")])],
        [Text("x"), Emphasis([Text("a"), Emphasis([Text("b")]), Text("c")]), Text("y")],
        [Emphasis([Emphasis([Text("a")]), Emphasis([Text("b")])])],
        [Strong([Strong([Text("a")])])],
        [Emphasis([Code("c")]), Text("d")],
        [Emphasis([LineBreak(), Text("a")])],
        [Link("/u", [Emphasis([Text("in link")])]), Emphasis([Link("/v", [Text("link in")])])],
    ],
)
def test_emphasis_that_needs_references_round_trips(content: list[nodes.Inline]) -> None:
    assert_round_trip(guide_with(Paragraph(content)))


@pytest.mark.parametrize(
    ("url", "written"),
    [
        ("https://example.org/a_(b)", "<https://example.org/a_(b)>"),
        ("https://example.org/a b", "<https://example.org/a b>"),
        ("/a<b>", "/a<b>"),
        ("/a <b>", "</a \\<b\\>>"),
        ("<x", "<\\<x>"),
        ("/a\\*b", "/a\\\\*b"),
        ("/a\\b", "/a\\b"),
        ("/?a=1&amp;b=2", "/?a=1\\&amp;b=2"),
        ("/?a=1&b=2", "/?a=1&b=2"),
        ("mailto:hello@example.org", "mailto:hello@example.org"),
        ("/a\\\nb\r", "</a\\\\&#10;b&#13;>"),
        ("/a\tb", "</a\tb>"),
    ],
)
def test_link_destinations(url: str, written: str) -> None:
    out = assert_round_trip(guide_with(para(Link(url, [Text("x")]))))
    assert body(out) == f"[x]({written})\n"


@pytest.mark.parametrize("title", ['a "b"', "a\\b", "a\\", "&amp;", "(x)", "'"])
def test_link_titles(title: str) -> None:
    assert_round_trip(guide_with(para(Link("/u", [Text("x")], title=title))))


def test_text_before_a_link_keeps_its_exclamation_mark() -> None:
    out = assert_round_trip(guide_with(para(Text("Wow!"), Link("/u", [Text("x")]))))
    assert body(out) == "Wow\\![x](/u)\n"


@pytest.mark.parametrize(
    ("block", "written"),
    [
        (para(Link("/u", [Text("!")])), "[!](/u)\n"),
        (para(Link("/u", [Text("!NOTE")]), Text(" x")), "[!NOTE](/u) x\n"),
        (BlockQuote([para(Link("/u", [Text("!")]))]), "> [\\!](/u)\n"),
        (BlockQuote([para(Link("/u", [Text("!NOTE")]), Text(" x"))]), "> [\\!NOTE](/u) x\n"),
        (BlockQuote([para(Text("q")), para(Link("/u", [Text("!")]))]), "> q\n>\n> [!](/u)\n"),
        (para(Text("[!NOTE] x")), "\\[!NOTE] x\n"),
        (BlockQuote([para(Text("[!NOTE] x"))]), "> \\[!NOTE] x\n"),
    ],
)
def test_a_link_starting_with_an_exclamation_mark_stays_a_link(block: nodes.Block, written: str) -> None:
    """Only at a block quote's start would ``[!...]`` read as a callout marker; text's ``[`` is escaped."""
    out = assert_round_trip(guide_with(block))
    assert body(out) == written


@pytest.mark.parametrize("code", ["a", "`", "a``b", " a ", " ", "  ", " `a` ", "a\\", "<b>", "*x*"])
def test_code_spans(code: str) -> None:
    assert_round_trip(guide_with(para(Text("x "), Code(code), Text(" y"))))


def test_paragraph_edges_are_written_as_mdformat_writes_them() -> None:
    out = assert_round_trip(guide_with(para(Text(" * a * "))))
    assert body(out) == "&#32;* a *&#32;\n"
    assert mdformatted(out) == out


def test_a_reference_after_a_line_break_does_not_free_an_asterisk() -> None:
    """``&#32;* b`` could close the emphasis begun on the line before; the ``*`` is escaped."""
    content: list[nodes.Inline] = [Emphasis([Text("a"), LineBreak(), Text(" * b")]), Text(" c")]
    out = assert_round_trip(guide_with(Paragraph(content)))
    assert body(out) == "*a\\\n&#32;\\* b* c\n"


def test_line_breaks_keep_the_spaces_around_them() -> None:
    content: list[nodes.Inline] = [Text("a "), LineBreak(), Text("  b"), LineBreak(), LineBreak()]
    content.append(Text("- c"))
    out = assert_round_trip(guide_with(Paragraph(content)))
    assert body(out) == "a \\\n&#32; b\\\n\\\n\\- c\n"


# --- front matter -------------------------------------------------------------------------------


def test_front_matter_keys_and_defaults() -> None:
    guide = ConditionGuide(
        slug="s", title="T", summary="S", condition="C", kicker="Guide", language="en-GB",
        url="https://example.org/s", published=datetime.date(2026, 1, 2), modified=datetime.date(2026, 2, 3),
        last_reviewed=datetime.date(2026, 1, 30), authors=["Ann", Person("Bo", url="https://example.org/bo")],
        reviewed_by=[Person("Cy", job_title="GP")], intro=[para(Text("x"))],
        sections=[Section("a", "A", [para(Text("y"))], health_aspect="OverviewHealthAspect")],  # type: ignore[list-item]
    )  # fmt: skip
    out = assert_round_trip(guide)
    assert out.startswith(
        "---\ntitle: T\nslug: s\nkicker: Guide\nsummary: S\ncondition: C\nlanguage: en-GB\n"
        "url: https://example.org/s\npublished: 2026-01-02\nmodified: 2026-02-03\nlast_reviewed: 2026-01-30\n"
        "authors:\n  - Ann\n  - name: Bo\n    url: https://example.org/bo\nreviewed_by:\n  - name: Cy\n"
        "    job_title: GP\nhealth_aspects:\n  a: OverviewHealthAspect\n---\n\nx\n"
    )
    assert mdformatted(out) == out


@pytest.mark.parametrize(
    ("faq_heading", "faqs", "key"),
    [
        ("Frequently asked questions", True, False),
        ("FAQs", True, False),
        ("Questions and answers", True, True),
        ("Frequently asked questions", False, False),
        ("FAQ", False, True),
        ("Questions", False, True),
    ],
)
def test_faq_heading_key_only_when_needed(faq_heading: str, faqs: bool, key: bool) -> None:
    items = [FAQItem("q", "Q?", [para(Text("A."))])] if faqs else []
    guide = guide_with(para(Text("x")), faq_heading=faq_heading, faqs=items)
    out = assert_round_trip(guide)
    assert (f"faq_heading: {faq_heading}\n" in out) is key


def test_without_front_matter() -> None:
    guide = guide_with(para(Text("Intro")), title="Sciatica #1", summary="- A summary")
    assert export(guide, front_matter=False) == "# Sciatica #1\n\n\\- A summary\n\nIntro\n"


# --- what Markdown cannot say -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("guide", "message"),
    [
        (guide_with(para(Text("a"), LineBreak())), "ends with a line break"),
        (guide_with(para(Emphasis([Text("a"), LineBreak()]), Text("b"))), "ends with a line break"),
        (guide_with(para(Code("a"), Code("b"))), "code spans side by side"),
        (guide_with(sections=[Section("faqs", "FAQs", [para(Text("x"))])]), "read back as the FAQ"),
        (
            guide_with(para(Text("x"), Emphasis([Emphasis([Code("a")]), Emphasis([Code("b")])]), Text("y"))),
            "cannot write this emphasis",
        ),
    ],
)
def test_refuses_what_cannot_be_written(guide: ConditionGuide, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        export(guide)


@pytest.mark.parametrize(
    ("guide", "message"),
    [
        (guide_with(sections=[Section("s", "S", [Heading(3, "Sub {#x}")])]), "the sub-heading 'Sub {#x}'"),
        (
            guide_with(faq_heading="Questions {#q}", faqs=[FAQItem("q", "Q?", [para(Text("A."))])]),
            "the FAQ heading",
        ),
    ],
)
def test_headings_without_ids_cannot_end_like_one(guide: ConditionGuide, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        export(guide)


def table(**fields: object) -> Table:
    values: dict[str, object] = {
        "header": [[Text("Treatment")], [Text("Evidence")], [Text("Sessions")], [Text("Notes")]],
        "rows": [
            [[Strong([Text("Stretching")])], [Text("low")], [Text("10")], [Code("a|b"), Text(" or c|d")]],
            [[Text("Insoles")], [], [Text("2")], [Link("https://example.org/shop", [Text("shop")])]],
        ],
        "alignments": ["left", "center", "right", None],
    }
    return Table(**{**values, **fields})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (Image("https://example.org/a.png", "two  spaces"), "runs of spaces"),
        (Callout("note", [para(Text("x"))], title=" padded "), "spaces at its ends"),
        (table(caption="padded "), "spaces at its ends"),
    ],
)
def test_text_the_reader_would_trim_is_refused(block: nodes.Block, message: str) -> None:
    with pytest.raises(ExportError, match=message):
        export(guide_with(block))
