"""The HTML exporter on callouts, tables, images, citations and references, and review dates.

Read back with html5lib in strict mode (the HTML5 parsing algorithm, any parse error fails),
as in test_html.py. The browser, vnu and axe checks of the same constructs are in
test_html_browser.py and test_validity.py.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import unquote

import pytest

from cstcontent import exporters
from cstcontent.model import ConditionGuide, FAQItem, Reference, Section
from cstcontent.nodes import (
    CALLOUT_KINDS,
    CALLOUT_LABELS,
    BulletList,
    Callout,
    Emphasis,
    FootnoteRef,
    Image,
    Link,
    Paragraph,
    Strong,
    Table,
    Text,
)
from support.guides import CALLOUT_TITLES, LONG_QUESTION, SHOWCASE_URL, showcase_guide
from test_html import HOSTILE, all_ids, parse_fragment, parse_page, start_tags, text_of

MODES = ("shadow", "scoped", "none")


def export(guide: ConditionGuide, **options: Any) -> str:
    # The embedded JSON-LD is the jsonld exporter's, tested there.
    return exporters.get("html", include_jsonld=False, **options).export(guide)


def fragment_root(guide: ConditionGuide, isolation: str, **options: Any) -> Any:
    """The fragment's <article>, from inside the shadow root's <template> for "shadow"."""
    root = parse_fragment(export(guide, standalone=False, isolation=isolation, **options))
    if isolation == "shadow":
        (template,) = root.findall("template")
        (root,) = template.findall("article")
    return root


def _guide(sections: list[Section], **fields: Any) -> ConditionGuide:
    return ConditionGuide(slug="g", title="G", summary="S.", condition="C", sections=sections, **fields)


def _section(*blocks: Any) -> Section:
    return Section("s", "S", list(blocks))


@pytest.fixture(scope="module")
def showcase() -> ConditionGuide:
    return showcase_guide()


# --------------------------------------------------------------------------------------
# Callouts
# --------------------------------------------------------------------------------------


def test_callouts_are_notes_with_a_visible_label(showcase: ConditionGuide) -> None:
    root = parse_page(export(showcase))
    callouts = root.xpath("//div[contains(concat(' ', @class, ' '), ' cst-callout ')]")
    assert [c.get("class") for c in callouts] == [f"cst-callout cst-callout-{k}" for k in CALLOUT_KINDS]
    for kind, callout in zip(CALLOUT_KINDS, callouts, strict=True):
        # A note, not a landmark: no <aside>, no region, nothing that joins the landmark list.
        assert callout.get("role") == "note"
        assert callout.getparent().tag == "section"
        label = callout[0]
        assert (label.tag, label.get("class")) == ("p", "cst-callout-label")
        assert text_of(label.find("span")) == f"{CALLOUT_LABELS[kind]}:"
        title = CALLOUT_TITLES.get(kind)
        assert text_of(label) == f"{CALLOUT_LABELS[kind]}:" + (f" {title}" if title else "")
        assert text_of(callout[1]) == f"The {kind} callout, with strong."
    assert not root.xpath("//aside | //*[@role='region'] | //*[@role='complementary']")
    (urgent,) = root.xpath("//div[@class='cst-callout cst-callout-urgent']")
    assert [text_of(li) for li in urgent.findall("ul/li")] == [
        "you have numbness around your bottom or genitals",
        "you cannot pee or control when you pee or poo",
    ]


def test_callout_label_and_title_are_escaped() -> None:
    guide = _guide([_section(Callout("emergency", [Paragraph([Text(HOSTILE)])], title=HOSTILE))])
    text = export(guide)
    assert start_tags(text).count("script") == 0
    (label,) = parse_page(text).xpath("//p[@class='cst-callout-label']")
    assert text_of(label) == " ".join(f"Immediate action required: {HOSTILE}".split())


# --------------------------------------------------------------------------------------
# Citations and references
# --------------------------------------------------------------------------------------


def test_citations_link_to_numbered_references(showcase: ConditionGuide) -> None:
    root = parse_page(export(showcase))
    citations = root.xpath("//sup[@class='cst-cite']/a")
    # In page order: intro, a paragraph, a callout, a table cell, an FAQ answer.
    assert [(a.get("href"), a.get("id"), text_of(a)) for a in citations] == [
        ("#ref--1", "cite--1", "[1]"),
        ("#ref--2", "cite--2", "[2]"),
        ("#ref--1", None, "[1]"),
        ("#ref--1", None, "[1]"),
        ("#ref--3", "cite--3", "[3]"),
    ]
    assert root.xpath("//sup[@class='cst-cite']/a/ancestor::div[@class='cst-intro']")
    assert root.xpath("//div[contains(@class, 'cst-callout-warning')]//sup/a")
    assert root.xpath("//td//sup/a")
    assert root.xpath("//details//sup/a")

    # The references come last, after the FAQ, as a numbered list with back-links.
    sections = root.xpath("//article/section")
    assert [s.get("id") for s in sections][-2:] == ["faq", "references--list"]
    references = sections[-1]
    assert references.get("class") == "cst-references"
    heading = references[0]
    assert (heading.tag, heading.get("id")) == ("h2", "references--list--heading")
    assert text_of(heading) == "References"
    assert references.get("aria-labelledby") == heading.get("id")
    items = references.findall("ol/li")
    assert [li.get("id") for li in items] == ["ref--1", "ref--2", "ref--3"]
    backlinks = [li.xpath(".//a[@class='cst-backlink']") for li in items]
    assert [[(a.get("href"), a.get("aria-label")) for a in links] for links in backlinks] == [
        [("#cite--1", "Back to citation 1")],
        [("#cite--2", "Back to citation 2")],
        [("#cite--3", "Back to citation 3")],
    ]
    # One paragraph: inline in the item; two paragraphs: the back-link ends the last;
    # ending in a list: the back-link gets a paragraph of its own after it.
    assert not items[0].findall("p")
    assert text_of(items[0]).startswith("NICE. Low back pain and sciatica in over 16s (NG59).")
    assert items[0].xpath("a[@href='https://www.nice.org.uk/guidance/ng59']")
    assert text_of(items[1].find("p")) == "Hayden J, et al. Exercise therapy for chronic low back pain."
    assert items[1].findall("p")[1].xpath("a[@class='cst-backlink']")
    assert [child.tag for child in items[2]] == ["p", "ul", "p"]
    assert items[2][2].xpath("a[@class='cst-backlink']")


def test_a_guide_without_references_has_no_references_section() -> None:
    root = parse_page(export(_guide([_section(Paragraph([Text("x")]))])))
    assert not root.xpath("//*[@class='cst-references'] | //sup")


@pytest.mark.parametrize("isolation", MODES)
def test_reference_ids_are_prefixed_in_fragments(showcase: ConditionGuide, isolation: str) -> None:
    root = fragment_root(showcase, isolation, id_prefix="g1_")
    ids = all_ids(root)
    assert len(ids) == len(set(ids))
    assert all(i.startswith("g1_") for i in ids), ids
    assert {"g1_ref--1", "g1_ref--3", "g1_cite--1", "g1_cite--3", "g1_references--list"} <= set(ids)
    for link in root.iter("a"):
        href = link.get("href")
        if href.startswith("#"):
            assert unquote(href[1:]) in ids, href


def test_reference_numbers_follow_the_first_citation() -> None:
    guide = _guide(
        [
            _section(
                Paragraph([Text("b"), FootnoteRef("b"), Text(" a"), FootnoteRef("a"), FootnoteRef("b")]),
            )
        ],
        references=[Reference("b", [Paragraph([Text("Bee.")])]), Reference("a", [Paragraph([Text("Ay.")])])],
    )
    root = parse_page(export(guide))
    assert [text_of(a) for a in root.xpath("//sup/a")] == ["[1]", "[2]", "[1]"]
    assert [text_of(li) for li in root.xpath("//ol/li")] == ["Bee. ↩︎", "Ay. ↩︎"]


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


def test_tables(showcase: ConditionGuide) -> None:
    root = parse_page(export(showcase))
    boxes = root.xpath("//div[@class='cst-table']")
    assert len(boxes) == 2
    aligned, wide = boxes
    # A keyboard-scrollable group named by its caption; a group is not a landmark.
    assert [(b.get("role"), b.get("tabindex"), b.get("aria-label")) for b in boxes] == [
        ("group", "0", "Treatments for lower back pain"),
        ("group", "0", "Table"),
    ]
    (table,) = aligned.findall("table")
    assert text_of(table.find("caption")) == "Treatments for lower back pain"
    header = table.findall("thead/tr/*")
    assert [(c.tag, c.get("scope"), c.get("class"), text_of(c)) for c in header] == [
        ("th", "col", "cst-align-left", "Treatment"),
        ("th", "col", "cst-align-center", "Evidence"),
        ("th", "col", "cst-align-right", "Weeks"),
        ("td", None, None, ""),  # an empty header cell is no header
    ]
    rows = table.findall("tbody/tr")
    assert [[text_of(c) for c in row] for row in rows] == [
        ["Exercise", "Good [1]", "6", "a"],
        ["Massage", "Some", "4", ""],
        ["CST", "Little", "-", "c"],
    ]
    classes = [c.get("class") for c in rows[0]]
    assert classes == ["cst-align-left", "cst-align-center", "cst-align-right", None]
    assert rows[0][0].find("strong") is not None
    assert rows[1][0].find("em") is not None
    assert rows[1][1].find("a").get("href") == "https://example.org/m"
    assert rows[2][0].find("code") is not None
    assert wide.find("table/caption") is None
    assert [c.get("scope") for c in wide.findall("table/thead/tr/th")] == ["col"] * 8
    # Alignment is a class, never a style attribute (a strict CSP would block it).
    assert not root.xpath("//*[@style] | //*[@align]")


def test_table_without_rows_has_no_body_and_escapes_its_text() -> None:
    table = Table([[Text(HOSTILE)]], [], [None], caption=HOSTILE)
    text = export(_guide([_section(table)]))
    assert start_tags(text).count("script") == 0
    (box,) = parse_page(text).xpath("//div[@class='cst-table']")
    assert box.get("aria-label") == HOSTILE
    assert text_of(box.find("table/caption")) == " ".join(HOSTILE.split())
    assert box.find("table/tbody") is None
    assert text_of(box.find("table/thead/tr/th")) == " ".join(HOSTILE.split())


# --------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------


def test_images_are_figures(showcase: ConditionGuide) -> None:
    root = parse_page(export(showcase))
    figures = root.xpath("//figure")
    assert [f.get("class") for f in figures] == ["cst-figure", "cst-figure"]
    images = [f.find("img") for f in figures]
    assert [(i.get("alt"), i.get("loading"), i.get("decoding")) for i in images] == [
        ("A curved spine with a red spot low on the back", "lazy", "async"),
        ("A person stretching on a mat", "lazy", "async"),
    ]
    # Relative URLs are resolved against the guide's url.
    base = SHOWCASE_URL.rsplit("/", 1)[0]
    assert [i.get("src") for i in images] == [f"{base}/images/lower-back.svg", f"{base}/images/stretch.svg"]
    assert [text_of(c) for c in root.xpath("//figure/figcaption")] == ["Where lower back pain is felt"]
    assert figures[1].find("figcaption") is None


@pytest.mark.parametrize(
    ("guide_url", "url", "src"),
    [
        ("https://example.org/a/b", "pic.png", "https://example.org/a/pic.png"),
        ("https://example.org/a/b/", "pic.png", "https://example.org/a/b/pic.png"),
        ("https://example.org/a/b", "../img/x y.png", "https://example.org/img/x%20y.png"),
        ("https://example.org/a/b", "/img/x.png", "https://example.org/img/x.png"),
        (
            "https://example.org/a/b",
            "https://cdn.example.net/x.png?a=1&b=2",
            "https://cdn.example.net/x.png?a=1&b=2",
        ),
        (None, "img/ü.png", "img/%C3%BC.png"),  # no url: stays relative
    ],
)
def test_image_urls(guide_url: str | None, url: str, src: str) -> None:
    guide = _guide([_section(Image(url, "Alt"))], url=guide_url)
    for root in (parse_page(export(guide)), fragment_root(guide, "none", id_prefix="p_")):
        assert [img.get("src") for img in root.iter("img")] == [src]


def test_image_text_is_escaped() -> None:
    guide = _guide([_section(Image("x.png", HOSTILE, caption=HOSTILE))])
    text = export(guide)
    assert start_tags(text).count("script") == 0
    (img,) = parse_page(text).iter("img")
    assert img.get("alt") == HOSTILE
    assert [a for a in img.attrib if a not in ("src", "alt", "loading", "decoding")] == []


# --------------------------------------------------------------------------------------
# Review dates, and the FAQ
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("standalone", [True, False])
def test_review_dates_at_the_foot(showcase: ConditionGuide, standalone: bool) -> None:
    text = export(showcase, standalone=standalone, isolation="none")
    root = parse_page(text) if standalone else parse_fragment(text)
    (article,) = root.xpath("//article") if standalone else [root]
    (footer,) = article.xpath("footer[@class='cst-review']")
    assert [text_of(p) for p in footer.findall("p")] == [
        "Page last reviewed: 10 March 2026",
        "Next review due: 10 March 2029",
    ]
    assert [t.get("datetime") for t in footer.iter("time")] == ["2026-03-10", "2029-03-10"]
    # At the foot: after every section, before the attribution.
    tags = [(child.tag, child.get("class")) for child in article]
    assert tags.index(("footer", "cst-review")) > max(i for i, t in enumerate(tags) if t[0] == "section")
    if not standalone:
        assert tags[-1] == ("footer", "cst-attribution")


@pytest.mark.parametrize(
    ("fields", "lines"),
    [
        ({"last_reviewed": datetime.date(2026, 1, 2)}, ["Page last reviewed: 2 January 2026"]),
        ({"next_review": datetime.date(2027, 1, 2)}, ["Next review due: 2 January 2027"]),
        ({}, []),
    ],
)
def test_review_dates_show_what_the_guide_says(fields: dict[str, Any], lines: list[str]) -> None:
    root = parse_page(export(_guide([_section(Paragraph([Text("x")]))], **fields)))
    assert [text_of(p) for p in root.xpath("//footer[@class='cst-review']/p")] == lines
    assert bool(root.xpath("//footer[@class='cst-review']")) == bool(lines)


def test_the_question_id_is_on_the_answer_inside_the_details(showcase: ConditionGuide) -> None:
    root = parse_page(export(showcase))
    details = root.xpath("//section[@id='faq']/details")
    assert [d.get("id") for d in details] == [None, None]
    assert [text_of(d.find("summary")) for d in details] == [LONG_QUESTION, "Will it come back?"]
    answers = [d[1] for d in details]
    assert [(a.tag, a.get("class"), a.get("id")) for a in answers] == [
        ("div", "cst-answer", "is-it-safe-to-keep-working"),
        ("div", "cst-answer", "will-it-come-back"),
    ]
    # The intro's link targets the answer, which the browser reveals by opening its <details>.
    assert root.xpath("//div[@class='cst-intro']//a[@href='#is-it-safe-to-keep-working']")


def test_every_new_node_in_one_callout_answer_and_cell() -> None:
    """Inline formatting and a citation in a callout inside an FAQ answer, rendered once each."""
    guide = _guide(
        [_section(Paragraph([Text("see")]))],
        faqs=[
            FAQItem(
                "q",
                "Q?",
                [
                    Callout(
                        "tip",
                        [
                            Paragraph([Emphasis([Text("em")]), Strong([Text("st")]), FootnoteRef("r")]),
                            BulletList([[Paragraph([Link("#s", [Text("to s")])])]]),
                        ],
                    )
                ],
            )
        ],
        references=[Reference("r", [Paragraph([Text("R.")])])],
    )
    root = fragment_root(guide, "scoped", id_prefix="x_")
    (callout,) = root.xpath(".//details/div/div[@role='note']")
    assert [a.get("href") for a in callout.iter("a")] == ["#x_ref--1", "#x_s"]
    assert callout.xpath(".//sup/a")[0].get("id") == "x_cite--1"


@pytest.mark.parametrize("isolation", MODES)
def test_hostile_text_in_new_nodes_stays_text_in_every_mode(isolation: str) -> None:
    guide = _guide(
        [
            _section(
                Callout("urgent", [Paragraph([Text(HOSTILE), FootnoteRef("x")])], title=HOSTILE),
                Table([[Text(HOSTILE)]], [[[Text(HOSTILE)]]], ["right"], caption=HOSTILE),
                Image(f"img.png?q={HOSTILE}", HOSTILE, caption=HOSTILE),
            )
        ],
        url="https://example.org/a/b",
        references=[Reference("x", [Paragraph([Text(HOSTILE)])])],
    )
    text = export(guide, standalone=False, isolation=isolation)
    # Our own tags only: the one <img> is the figure's, no <script> but the shadow fragment's
    # links script, no <p> from the text.
    tags = start_tags(text)
    assert tags.count("script") == (1 if isolation == "shadow" else 0)
    assert text.count("<script>") == tags.count("script")  # ours, bare: none from the text
    assert tags.count("img") == 1
    root = fragment_root(guide, isolation)
    (img,) = root.iter("img")
    assert img.get("alt") == HOSTILE
    assert img.get("src").startswith("https://example.org/a/img.png?q=%3Cscript%3E")
    squashed = " ".join(HOSTILE.split())
    assert text_of(root.xpath(".//figcaption")[0]) == squashed
    assert text_of(root.xpath(".//caption")[0]) == squashed
    assert text_of(root.xpath(".//td")[0]) == squashed
    assert text_of(root.xpath(".//li[starts-with(@id, 'ref--')]")[0]).startswith(squashed)
    assert text_of(root.xpath(".//p[@class='cst-callout-label']")[0]) == f"Urgent advice: {squashed}"
