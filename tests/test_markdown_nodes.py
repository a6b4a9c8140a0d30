"""The ``markdown`` exporter's canonical form of callouts, citations, tables, images and ids.

Each construct is written as the Markdown reader reads it back (equal guide) and
as mdformat (with its ``gfm`` and ``footnote`` plugins) leaves it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

import cstcontent
from cstcontent import nodes
from cstcontent.model import ConditionGuide, FAQItem, Reference, Section, Therapy
from cstcontent.nodes import (
    BlockQuote,
    BulletList,
    Callout,
    Emphasis,
    FootnoteRef,
    Image,
    LineBreak,
    Link,
    Table,
    Text,
)
from support.guides import every_node_answer_guide, every_node_guide
from test_markdown import assert_round_trip, body, export, guide_with, mdformatted, para, table

# --- ids ----------------------------------------------------------------------------------------


def test_ids_are_written_only_where_the_reader_would_derive_another() -> None:
    derived = guide_with(sections=[Section("heading", "Heading", [para(Text("x"))])])
    assert "{#" not in assert_round_trip(derived)
    custom = guide_with(
        sections=[Section("custom-id", "Heading", [para(Text("x"))])],
        faqs=[
            FAQItem("short", "A very long question that people ask about the condition?", [para(Text("y"))])
        ],
    )
    out = assert_round_trip(custom)
    assert "\n## Heading {#custom-id}\n" in out
    assert "\n### A very long question that people ask about the condition? {#short}\n" in out
    assert mdformatted(out) == out


@pytest.mark.parametrize("heading", ["Use {#this}", "Odd {#Not An Id}", "!!!"])
def test_headings_that_end_like_ids_or_give_no_id_keep_their_text(heading: str) -> None:
    guide = guide_with(sections=[Section("part", heading, [para(Text("x"))])])
    assert f"## {heading} {{#part}}\n" in assert_round_trip(guide)


# --- callouts, citations, tables, images, review and therapy ------------------------------------


@pytest.mark.parametrize("kind", nodes.CALLOUT_KINDS)
def test_callouts_are_github_alerts_with_their_title(kind: str) -> None:
    marker = f"[!{kind.upper()}]"
    bare = guide_with(Callout(kind, [para(Text("Rest."))]))
    assert body(assert_round_trip(bare)) == f"> {marker}\n>\n> Rest.\n"
    titled = guide_with(Callout(kind, [para(Text("a")), BulletList([[para(Text("b"))]])], title="If *this*:"))
    out = assert_round_trip(titled)
    assert body(out) == f"> {marker} If \\*this\\*:\n>\n> a\n>\n> - b\n"
    assert mdformatted(out) == out


def test_callouts_next_to_quotes_in_lists_and_in_answers() -> None:
    callout = Callout("urgent", [para(Text("Call 111."))], title="Get help if:")
    guide = guide_with(
        BlockQuote([para(Text("quote"))]),
        callout,
        callout,
        BulletList([[para(Text("item")), callout], [para(Text("next"))]]),
        BlockQuote([callout]),
        faqs=[FAQItem("q", "Q?", [para(Text("A.")), callout])],
    )
    out = assert_round_trip(guide)
    assert mdformatted(out) == out


def test_citations_and_references_are_footnotes_at_the_end() -> None:
    guide = guide_with(
        para(Text("Weak"), FootnoteRef("smith-2020"), Text(" evidence"), FootnoteRef("n")),
        faqs=[FAQItem("q", "Q?", [para(Text("Again"), FootnoteRef("smith-2020"))])],
        references=[
            Reference("smith-2020", [para(Text("Smith. "), Link("https://doi.org/10.1/x", [Text("doi")])),
                                     para(Text("Second paragraph."))]),
            Reference("n", [BulletList([[para(Text("one"))], [para(Text("two"))]])]),
        ],
    )  # fmt: skip
    out = assert_round_trip(guide)
    assert body(out) == (
        "Weak[^smith-2020] evidence[^n]\n\n## Frequently asked questions\n\n### Q?\n\nAgain[^smith-2020]\n\n"
        "[^smith-2020]: Smith. [doi](https://doi.org/10.1/x)\n\n    Second paragraph.\n\n"
        "[^n]:\n    - one\n    - two\n"
    )
    assert mdformatted(out) == out


@pytest.mark.parametrize(
    "content",
    [
        [FootnoteRef("a"), Text(": not a definition")],
        [Text("x"), LineBreak(), FootnoteRef("a"), Text(":y")],
        [Text("x"), FootnoteRef("a"), Text("(not a link)")],
        [Text("x!"), FootnoteRef("a")],
        [Emphasis([Text("stressed"), FootnoteRef("a")]), Text(" after")],
        [Text("[note]"), FootnoteRef("a"), Text("]")],
    ],
)
def test_citations_in_tricky_places_round_trip(content: list[nodes.Inline]) -> None:
    assert_round_trip(guide_with(para(*content), references=[Reference("a", [para(Text("A."))])]))


def test_tables_are_padded_pipe_tables_with_a_caption_after() -> None:
    out = assert_round_trip(guide_with(table(caption="Treatments | compared"), para(Text("After."))))
    assert body(out) == (
        "| Treatment      | Evidence | Sessions | Notes                            |\n"
        "| :------------- | :------: | -------: | -------------------------------- |\n"
        "| **Stretching** |   low    |       10 | `a\\|b` or c\\|d                   |\n"
        "| Insoles        |          |        2 | [shop](https://example.org/shop) |\n\n"
        "Table: Treatments | compared\n\nAfter.\n"
    )
    assert mdformatted(out) == out


@pytest.mark.parametrize(
    "cell",
    [
        [Text("名前 and émoji 🙂")],
        [Text(" edge spaces ")],
        [Text("back\\slash\\|pipe")],
        [Text("*"), Emphasis([Text("x")])],
        [Text("a"), FootnoteRef("a")],
        [Link("https://example.org/x|y", [Text("pipe")], title="a|b")],
    ],
)
def test_table_cells_round_trip(cell: list[nodes.Inline]) -> None:
    cited = any(isinstance(node, FootnoteRef) for node in cell)
    tricky = Table(header=[[Text("h")], cell], rows=[[cell, [Text("x")]]], alignments=[None, "center"])
    references = [Reference("a", [para(Text("A."))])] if cited else []
    out = assert_round_trip(guide_with(tricky, references=references))
    # mdformat writes a cell's edge spaces as spaces (which the reader trims) and encodes "|" in a URL.
    if not any(
        (isinstance(node, Text) and node.text != node.text.strip()) or isinstance(node, Link) for node in cell
    ):
        assert mdformatted(out) == out


def test_paragraphs_that_start_like_a_caption_stay_paragraphs() -> None:
    guide = guide_with(para(Text("Table: before")), table(), para(Text("Table: after")), table(caption="Own"))
    out = assert_round_trip(guide)
    assert "\nTable\\: after\n" in out


def test_images_stand_alone_with_their_caption() -> None:
    guide = guide_with(
        Image("https://example.org/foot.png", "The *sole* of a [foot]", caption='The "plantar" fascia.'),
        Image("images/heel (1).png", "A heel"),
        para(Text("![not](an image)")),
    )
    out = assert_round_trip(guide)
    assert body(out) == (
        '![The \\*sole\\* of a [foot]](https://example.org/foot.png "The \\"plantar\\" fascia.")\n\n'
        "![A heel](<images/heel (1).png>)\n\n!\\[not\\](an image)\n"
    )
    # mdformat writes an image's alt text and title unescaped (its own bug), so only a plain one is stable.
    plain = guide_with(Image("https://example.org/foot.png", "The sole of a foot", caption="The fascia."))
    out = assert_round_trip(plain)
    assert mdformatted(out) == out


@pytest.mark.parametrize(
    ("therapy", "written"),
    [
        (Therapy("Craniosacral therapy"), "therapy: Craniosacral therapy\n"),
        (
            Therapy("CST", url="https://example.org/cst", possible_treatment=True),
            "therapy:\n  name: CST\n  url: https://example.org/cst\n  possible_treatment: true\n",
        ),
    ],
)
def test_next_review_and_therapy_are_front_matter(therapy: Therapy, written: str) -> None:
    guide = guide_with(
        para(Text("x")),
        last_reviewed=datetime.date(2026, 1, 30),
        next_review=datetime.date(2027, 1, 30),
        therapy=therapy,
    )
    out = assert_round_trip(guide)
    assert "last_reviewed: 2026-01-30\nnext_review: 2027-01-30\n" in out
    assert written in out


def test_editor_notes_are_dropped() -> None:
    """HTML comments are editor notes: the reader drops them, so the canonical form has none."""
    front = "---\ntitle: T\nslug: t\nsummary: S\ncondition: C\n---\n\n"
    source = front + "<!-- TODO: ask Dr Shah -->\n\nText <!-- note --> here.\n"
    out = export(cstcontent.loads(source))
    assert "<!--" not in out
    assert body(out) == "Text here.\n"


@pytest.mark.parametrize("build", [every_node_guide, every_node_answer_guide])
def test_a_guide_with_every_node_round_trips(build: Callable[[], ConditionGuide]) -> None:
    out = assert_round_trip(build())
    assert mdformatted(out) == out
