"""The ``text`` exporter: plain text that reads like the published page."""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cstcontent
from cstcontent import exporters, nodes
from cstcontent.exporters.text import TextExporter
from cstcontent.model import ConditionGuide, FAQItem, Reference, Section
from cstcontent.nodes import (
    BlockQuote,
    BulletList,
    Callout,
    Code,
    Emphasis,
    FootnoteRef,
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
from strategies import guides
from support.builders import guide_with, para
from support.text import TERMINAL_UNSAFE

ROOT = Path(__file__).parent.parent
SEED = Path(__file__).parent / "data" / "sciatica-condition-guide.txt"
_EXAMPLES = os.environ.get("CSTCONTENT_PROPERTY_EXAMPLES")
PROPERTY = settings(
    max_examples=int(_EXAMPLES) if _EXAMPLES else 150,
    derandomize=not _EXAMPLES,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def text(guide: ConditionGuide, **options: object) -> str:
    return cstcontent.export(guide, "text", **options)


def body(guide: ConditionGuide, **options: object) -> str:
    """The output after the kicker, title and lede."""
    return text(guide, **options).split("\n\n", 3)[3]


# --- the registry and options -------------------------------------------------------------------


def test_registered_with_its_media_type() -> None:
    exporter = exporters.get("text")
    assert isinstance(exporter, TextExporter)
    assert (exporter.name, exporter.media_type, exporter.extension) == ("text", "text/plain", ".txt")
    assert exporter.width is None


@pytest.mark.parametrize("width", [0, -1, True, 1.5, "80"])
def test_width_is_checked(width: object) -> None:
    with pytest.raises(
        ValueError, match=rf"width must be None \(no wrapping\) or a positive whole number, not {width!r}"
    ):
        exporters.get("text", width=width)


def test_unknown_option() -> None:
    with pytest.raises(TypeError, match="width"):
        exporters.get("text", wrap=80)


# --- the published page -------------------------------------------------------------------------


def test_sciatica_reads_like_the_published_page() -> None:
    """Same words in the same order as the page, less its chrome ("Skip to content", the "+" toggles)."""
    chrome = ("Skip to content", "+")
    page = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line not in chrome]
    out = text(cstcontent.load(ROOT / "fixtures" / "sciatica.md"))
    assert out.split() == "\n".join(page).split()


def test_page_order_and_blank_lines() -> None:
    guide = guide_with(
        para(Text("Intro.")),
        kicker="Kicker",
        sections=[Section("one", "One", [para(Text("First.")), Heading(3, "Sub"), para(Text("Second."))])],
        faqs=[FAQItem("why", "Why?", [para(Text("Because."))])],
        faq_heading="Questions",
    )
    assert text(guide) == (
        "Kicker\n\nTitle\n\nLede.\n\nIntro.\n\nOne\n\nFirst.\n\nSub\n\nSecond.\n\n"
        "Questions\n\nWhy?\n\nBecause.\n"
    )


@pytest.mark.parametrize("path", sorted((ROOT / "fixtures").glob("*.md")), ids=lambda path: path.stem)
def test_fixtures_have_no_markup(path: Path) -> None:
    out = text(cstcontent.load(path))
    assert out.endswith("\n")
    assert not out.endswith("\n\n")
    without_urls = re.sub(r" \((?:https?:|mailto:|tel:|/|#)[^ )]*\)", "", out)
    # What the text format itself writes with brackets: citations and images.
    without_ours = re.sub(r"\[[0-9]+\]|\[Image: [^\n]*\]$", "", without_urls, flags=re.MULTILINE)
    assert not re.search(r"[*_`#>\[\]]", without_ours)


# --- node types ---------------------------------------------------------------------------------


def test_every_node_type() -> None:
    guide = guide_with(
        para(Text("Plain "), Emphasis([Text("em")]), Text(" "), Strong([Text("strong")]), Text(" "),
             Code("x = 1"), Text(" "), Link("https://example.org/", [Text("link")]), LineBreak(),
             Text("next")),
        BulletList([
            [para(Text("one"))],
            [para(Text("two")), OrderedList([[para(Text("nested"))]], start=7)],
        ]),
        BlockQuote([para(Text("quoted")), BulletList([[para(Text("in quote"))]])]),
        sections=[Section("part", "Part", [Heading(3, "Sub"), para(Text("more"))])],
    )  # fmt: skip
    assert body(guide) == (
        "Plain em strong x = 1 link (https://example.org/)\nnext\n\n"
        "- one\n"
        "- two\n"
        "  7. nested\n\n"
        "    quoted\n\n"
        "    - in quote\n\n"
        "Part\n\nSub\n\nmore\n"
    )


def test_lists() -> None:
    guide = guide_with(
        OrderedList([[para(Text("nine"))], [para(Text("ten"))]], start=9),
        BulletList([[para(Text("a")), BulletList([[para(Text("b")), BulletList([[para(Text("c"))]])]])]]),
        BulletList([[para(Text("first")), para(Text("second paragraph"))], [para(Text("next"))]]),
    )
    assert body(guide) == (
        "9. nine\n10. ten\n\n- a\n  - b\n    - c\n\n- first\n\n  second paragraph\n\n- next\n"
    )


@pytest.mark.parametrize(
    ("link", "written"),
    [
        (Link("https://example.org/a", [Text("the guide")]), "the guide (https://example.org/a)"),
        (Link("https://example.org/a", [Text("https://example.org/a")]), "https://example.org/a"),
        (Link("mailto:hello@example.org", [Text("hello@example.org")]), "hello@example.org"),
        (Link("mailto:hello@example.org", [Text("Email us")]), "Email us (mailto:hello@example.org)"),
        (Link("tel:+441614960000", [Text("0161 496 0000")]), "0161 496 0000 (tel:+441614960000)"),
        (Link("#what-to-expect", [Emphasis([Text("what to expect")])]), "what to expect (#what-to-expect)"),
    ],
)
def test_links(link: Link, written: str) -> None:
    assert body(guide_with(para(Text("See "), link, Text(".")))) == f"See {written}.\n"


def test_line_breaks_are_newlines() -> None:
    guide = guide_with(BulletList([[para(Text("Phone:"), LineBreak(), Text("0161"))]]))
    assert body(guide) == "- Phone:\n  0161\n"


# --- callouts, citations, tables, images, review dates -----------------------------------------


@pytest.mark.parametrize("kind", nodes.CALLOUT_KINDS)
def test_callouts_keep_their_kind_and_title(kind: str) -> None:
    label = nodes.CALLOUT_LABELS[kind]
    bare = guide_with(Callout(kind, [para(Text("Rest."))]))
    assert body(bare) == f"{label}:\n    Rest.\n"
    titled = guide_with(Callout(kind, [para(Text("Rest."))], title="If it hurts:"))
    assert body(titled) == f"{label}: If it hurts:\n    Rest.\n"


def test_care_callouts_read_like_nhs_care_cards() -> None:
    guide = guide_with(
        Callout("urgent", [BulletList([[para(Text("you cannot walk"))], [para(Text("it is swollen"))]]),
                           para(Text("Go today."))], title="Ask for an urgent GP appointment if:"),
        para(Text("After.")),
    )  # fmt: skip
    assert body(guide) == (
        "Urgent advice: Ask for an urgent GP appointment if:\n"
        "    - you cannot walk\n    - it is swollen\n\n    Go today.\n\nAfter.\n"
    )
    assert body(guide, width=30).startswith(
        "Urgent advice: Ask for an\nurgent GP appointment if:\n    - you cannot walk\n"
    )


def test_citations_are_numbered_and_the_references_listed_at_the_end() -> None:
    guide = guide_with(
        para(Text("Weak evidence"), FootnoteRef("b"), Text(" and more"), FootnoteRef("a"), Text(".")),
        faqs=[FAQItem("q", "Q?", [para(Text("Again"), FootnoteRef("b"))])],
        references=[
            Reference("b", [para(Text("Smith 2020. "), Link("https://doi.org/10.1/x", [Text("doi")]))]),
            Reference("a", [para(Text("NICE.")), para(Text("Second paragraph."))]),
        ],
    )
    assert body(guide) == (
        "Weak evidence[1] and more[2].\n\nFrequently asked questions\n\nQ?\n\nAgain[1]\n\n"
        "References\n\n1. Smith 2020. doi (https://doi.org/10.1/x)\n\n2. NICE.\n\n   Second paragraph.\n"
    )


def table(**fields: object) -> Table:
    values: dict[str, object] = {
        "header": [[Text("Treatment")], [Text("Evidence")], [Text("Sessions")]],
        "rows": [
            [[Strong([Text("Stretching")])], [Text("low")], [Text("10")]],
            [[Text("Insoles")], [], [Text("2")]],
        ],
        "alignments": ["left", "center", "right"],
    }
    return Table(**{**values, **fields})  # type: ignore[arg-type]


def test_tables_are_aligned_in_columns() -> None:
    assert body(guide_with(table(caption="Treatments compared"))) == (
        "Treatments compared\n"
        "Treatment   Evidence  Sessions\n"
        "----------  --------  --------\n"
        "Stretching    low           10\n"
        "Insoles                      2\n"
    )


def test_a_table_that_fits_the_width_stays_in_columns() -> None:
    assert body(guide_with(table()), width=30).split("\n")[1] == "----------  --------  --------"


def test_a_table_too_wide_for_the_width_is_one_line_per_cell() -> None:
    out = body(guide_with(table(caption="Treatments compared")), width=29)
    assert out == (
        "Treatments compared\n\n"
        "Treatment: Stretching\nEvidence: low\nSessions: 10\n\n"
        "Treatment: Insoles\nSessions: 2\n"
    )


def test_one_line_per_cell_wraps_with_a_hanging_indent() -> None:
    wide = table(rows=[[[Text("Gentle stretching of the calf")], [Text("low")], [Text("10")]]])
    assert body(guide_with(wide), width=20).split("\n")[:3] == [
        "Treatment: Gentle",
        "  stretching of the",
        "  calf",
    ]


def test_table_columns_count_wide_characters_twice() -> None:
    wide = Table(
        header=[[Text("名前")], [Text("x")]], rows=[[[Text("ab")], [Text("y")]]], alignments=[None, None]
    )
    assert body(guide_with(wide)) == "名前  x\n----  -\nab    y\n"


def test_table_cells_keep_links_and_citations() -> None:
    cited = Table(
        header=[[Text("Study")]],
        rows=[[[Link("https://example.org/s", [Text("Smith")]), FootnoteRef("s")]]],
        alignments=[None],
    )
    guide = guide_with(cited, references=[Reference("s", [para(Text("Smith 2020."))])])
    assert body(guide).split("\n")[2] == "Smith (https://example.org/s)[1]"


def test_images_are_their_alt_text_and_caption() -> None:
    guide = guide_with(
        Image("https://example.org/foot.png", "The sole of a foot", caption="The plantar fascia."),
        Image("/images/heel.png", "A heel"),
    )
    assert body(guide) == "[Image: The sole of a foot]\nThe plantar fascia.\n\n[Image: A heel]\n"


def test_review_dates_end_the_text() -> None:
    guide = guide_with(
        para(Text("Body.")),
        last_reviewed=datetime.date(2026, 3, 5),
        next_review=datetime.date(2027, 3, 5),
        references=[],
    )
    assert body(guide).endswith("Body.\n\nPage last reviewed: 5 March 2026\nNext review due: 5 March 2027\n")
    assert body(guide_with(para(Text("Body.")), next_review=datetime.date(2027, 1, 1))).endswith(
        "Body.\n\nNext review due: 1 January 2027\n"
    )


# --- wrapping -----------------------------------------------------------------------------------


def test_unwrapped_by_default() -> None:
    long = "word " * 100
    assert body(guide_with(para(Text(long.strip())))) == long.strip() + "\n"


def test_width_wraps_paragraphs_and_list_items_with_hanging_indents() -> None:
    url = "https://example.org/a-very-long-path-with-hyphens/that-must-not-break?query=1"
    guide = guide_with(
        para(Text("The quick brown fox jumps over the lazy dog and keeps on running far away.")),
        OrderedList([[para(Text("A list item long enough to wrap onto a second line at least."))]], start=10),
        para(Text("See "), Link(url, [Text("this page")]), Text(" for more.")),
        BlockQuote([para(Text("Quoted text that is long enough to be wrapped as well, surely."))]),
        summary="A lede that is long enough to be wrapped at thirty characters.",
    )
    out = text(guide, width=30)
    assert out == (
        "Condition guide\n\nTitle\n\nA lede that is long enough to\nbe wrapped at thirty\ncharacters.\n\n"
        "The quick brown fox jumps over\nthe lazy dog and keeps on\nrunning far away.\n\n"
        "10. A list item long enough to\n    wrap onto a second line at\n    least.\n\n"
        f"See this page\n({url})\nfor more.\n\n"
        "    Quoted text that is long\n    enough to be wrapped as\n    well, surely.\n"
    )


def test_width_never_breaks_words_or_urls_with_spaces() -> None:
    guide = guide_with(para(Link("https://example.org/a b", [Text("x")]), Text(" supercalifragilistic")))
    assert body(guide, width=5) == "x\n(https://example.org/a b)\nsupercalifragilistic\n"


# --- terminal safety ----------------------------------------------------------------------------


def test_bidi_controls_are_removed() -> None:
    guide = guide_with(
        para(Text("a\u202eb\u2066c\u2069d")), title="T\u202dx", faq_heading="F\u202aq",
        faqs=[FAQItem("q", "Q\u2067?", [para(Text("A"))])],
    )  # fmt: skip
    out = text(guide)
    assert not TERMINAL_UNSAFE.search(out)
    for kept in ("abcd", "Tx", "Fq", "Q?"):
        assert kept in out


def test_control_characters_are_removed_even_if_the_model_let_them_through() -> None:
    sneaky = Text("x")
    object.__setattr__(sneaky, "text", "a\x1b[2Jb\x07c\x9bd\x00e\tf\rg")  # bypasses validation on purpose
    out = body(guide_with(Paragraph([sneaky])))
    assert out == "a[2Jbcde\tfg\n"


# --- properties ---------------------------------------------------------------------------------


@PROPERTY
@given(guides(), st.integers(1, 60))
def test_generated_guides(guide: ConditionGuide, width: int) -> None:
    out = text(guide)
    assert out.endswith("\n")
    assert not out.endswith("\n\n")
    assert not TERMINAL_UNSAFE.search(out)
    assert text(guide) == out
    # Wrapping only moves line breaks: the words stay the same.
    assert text(guide, width=width).split() == out.split()
    for word in [guide.kicker, guide.title, *(section.heading for section in guide.sections)]:
        assert TERMINAL_UNSAFE.sub("", word).split()[0] in out
