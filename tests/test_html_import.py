"""The HTML reader: our own exports read back whole, realistic pages import to the expected guide.

Pages under tests/data/html-import/ were written for these tests after the markup of
WordPress with Yoast SEO and Rank Math, an ARIA accordion, the NHS website's care cards and
a Bootstrap-style layout; each imports to a guide asserted field by field, and its warnings
are asserted too (what the page holds that a guide cannot, with the line).
"""

from __future__ import annotations

import datetime
import io
import warnings
from pathlib import Path

import attrs
import pytest

import cstcontent
import cstcontent.cli
from cstcontent import SourceError, SourceWarning
from cstcontent.model import Condition, ConditionGuide, FAQItem, Person, Reference, Section
from cstcontent.nodes import (
    BulletList,
    Callout,
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
from cstcontent.readers.html import import_html
from support.guides import every_node_guide, showcase_guide

# The fixtures' summaries are longer than search results show: the html exporter says so (not ours to test).
pytestmark = pytest.mark.filterwarnings("ignore::cstcontent.errors.ExportWarning")
ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(__file__).resolve().parent / "data" / "html-import"
FIXTURES = sorted((ROOT / "fixtures").glob("*.md"))
#: Every way the HTML exporter writes a guide: the page and each fragment isolation.
MODES = {
    "page": {},
    "shadow": {"standalone": False},
    "scoped": {"standalone": False, "isolation": "scoped"},
    "none": {"standalone": False, "isolation": "none"},
    "prefixed-h3": {"standalone": False, "heading_level": 3, "id_prefix": "g1_"},
    "page-h2-prefixed": {"heading_level": 2, "id_prefix": "a-"},
}


def _import(page: str) -> tuple[ConditionGuide, list[str]]:
    result = import_html((PAGES / page).read_text(encoding="utf-8"), path=page)
    return result.guide, [str(warning) for warning in result.warnings]


def _p(*inlines: object) -> Paragraph:
    return Paragraph([Text(i) if isinstance(i, str) else i for i in inlines])  # type: ignore[misc]


def _items(*texts: str) -> list[list[Paragraph]]:
    return [[_p(text)] for text in texts]


# --- our own exports -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("source", FIXTURES, ids=lambda p: p.stem)
def test_every_fixture_reads_back_equal_from_every_html_mode(source: Path, mode: str) -> None:
    guide = cstcontent.load(source)
    html = cstcontent.export(guide, "html", **MODES[mode])
    if mode == "shadow":
        assert '<template shadowrootmode="open">' in html
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # our own page loses nothing: not even a warning
        back = cstcontent.loads(html, format="html", path=f"{guide.slug}.html")
    if not MODES[mode].get("standalone", True):  # the meta description is the page head's
        guide = attrs.evolve(guide, description=None)
    assert back == guide


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("make", [every_node_guide, showcase_guide], ids=["every-node", "showcase"])
def test_every_node_type_reads_back_equal(make: object, mode: str) -> None:
    guide = make()  # type: ignore[operator]
    html = cstcontent.export(guide, "html", **MODES[mode])
    result = import_html(html, path=f"{guide.slug}.html")
    assert result.warnings == ()
    assert result.guide == guide


@pytest.mark.parametrize("make", [every_node_guide, showcase_guide], ids=["every-node", "showcase"])
def test_without_json_ld_only_the_condition_and_therapy_are_missing(make: object) -> None:
    guide = make()  # type: ignore[operator]
    html = cstcontent.export(guide, "html", include_jsonld=False)
    result = import_html(html, path=f"{guide.slug}.html")
    assert [warning.message for warning in result.warnings] == [NO_CONDITION]
    assert result.guide == attrs.evolve(guide, condition=Condition(guide.title), therapy=None)


def test_a_fragment_without_json_ld_still_gives_its_url_from_the_attribution() -> None:
    guide = cstcontent.load(ROOT / "fixtures" / "migraine.md")
    html = cstcontent.export(guide, "html", standalone=False, include_jsonld=False)
    assert 'class="cst-attribution"' in html
    assert import_html(html, path="migraine.html").guide.url == guide.url


def test_load_reads_an_html_file_and_warns_with_the_line(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html lang=en><h1>Title</h1><p>Lede.</p><h2>Part</h2><p>Text</p>\n<p><img src=x.png></p></html>"
    )
    with pytest.warns(SourceWarning) as caught:
        guide = cstcontent.load(page)
    assert guide.title == "Title"
    assert guide.sections == (Section("part", "Part", [_p("Text")]),)
    messages = [str(warning.message) for warning in caught]
    assert {warning.filename for warning in caught} == {__file__}  # the caller's line, not the library's
    assert (
        f"{page}:2: the image 'x.png' has no alt text, so it is dropped; add it with its alt text" in messages
    )


# --- realistic pages -----------------------------------------------------------------------------

NO_CONDITION = (
    "the page names no condition (no MedicalCondition in its JSON-LD); the title is used: edit 'condition'"
    " in the front matter"
)


def test_wordpress_page_with_a_yoast_faq_block() -> None:
    guide, warned = _import("wordpress-yoast.html")
    assert guide == ConditionGuide(
        slug="neck-pain",
        title="Craniosacral Therapy for Neck Pain",
        summary="Neck pain is common and usually gets better on its own. Learn what craniosacral therapy"
        " involves and what the evidence says.",
        condition="Craniosacral Therapy for Neck Pain",
        language="en-GB",
        url="https://clinic.example/conditions/neck-pain/",
        published=datetime.date(2025, 11, 3),
        modified=datetime.date(2026, 1, 20),
        authors=[Person("Sam Rivers", url="https://clinic.example/author/sam/")],
        intro=[
            _p(
                "Neck pain is very common. It often comes from poor posture, sleeping in an awkward position"
                " or tension, and it usually gets better by itself within a few weeks."
            )
        ],
        sections=[
            Section(
                "h-how-cst-may-help",
                "How CST may help",
                [
                    _p(
                        "A practitioner uses ",
                        Strong([Text("very light touch")]),
                        " around the head, neck and upper back. Read the ",
                        Link("https://www.nhs.uk/conditions/neck-pain/", [Text("NHS advice on neck pain")]),
                        " first.",
                    ),
                    BulletList(_items("Sessions last about 45\xa0minutes.", "You stay fully clothed.")),
                    Heading(3, "What the research says"),
                    _p("There is little research on CST for neck pain & the studies are small."),
                ],
            )
        ],
        faq_heading="FAQ",
        faqs=[
            FAQItem("how-many-sessions-will-i-need", "How many sessions will I need?",
                    [_p("Most people try 3 to 6 sessions.")]),
            FAQItem("is-it-safe", "Is it safe?",
                    [_p("It is very gentle.", LineBreak(),
                        "See a doctor first if you have numbness in your arms.")]),
        ],
    )  # fmt: skip
    assert warned == [f"wordpress-yoast.html: {NO_CONDITION}"]


def test_rank_math_faq_block_and_meta_tags() -> None:
    guide, warned = _import("rank-math.html")
    assert guide == ConditionGuide(
        slug="tension-headache",
        title="CST for Tension Headaches",
        summary="Tension-type headaches feel like a tight band around the head. Here is what craniosacral"
        " therapy can and cannot do.",
        condition=Condition("Tension-type headache", alternate_names=["Tension headache"]),
        language="en-US",
        url="https://calmhands.example/tension-headache",
        published=datetime.date(2025, 6, 1),
        last_reviewed=datetime.date(2025, 12, 15),
        authors=["Dana Whitfield"],
        intro=[_p("Tension-type headaches are the most common kind of headache.")],
        sections=[
            Section(
                "symptoms",
                "Symptoms",
                [
                    OrderedList(
                        _items("A dull ache on both sides of the head.", "Tight neck and shoulder muscles."),
                        start=3,
                    )
                ],
            )
        ],
        faqs=[
            FAQItem(
                "can-cst-cure-my-headaches",
                "Can CST cure my headaches?",
                [
                    _p(
                        "No. Some people find it relaxing, but there is no good evidence that it prevents"
                        " headaches."
                    )
                ],
            ),
            FAQItem(
                "when-should-i-see-a-doctor",
                "When should I see a doctor?",
                [
                    _p("See a GP if headaches are ", Emphasis([Text("frequent")]), " or getting worse."),
                    BulletList(_items("Sudden, severe pain: call 999.")),
                ],
            ),
        ],
    )
    assert warned == []


def test_aria_accordion_with_plus_toggles() -> None:
    guide, warned = _import("accordion.html")
    assert guide == ConditionGuide(
        slug="plantar-fasciitis",
        title="Plantar fasciitis",
        summary="Heel pain that is worst with your first steps in the morning.",
        condition="Plantar fasciitis",
        url="https://feet.example/guides/plantar-fasciitis",
        reviewed_by=[Person("Dr Lee Chan", job_title="Podiatrist")],
        intro=[
            _p(
                "Plantar fasciitis is pain in the heel and along the bottom of the foot. It usually settles"
                " with rest, stretching and good footwear."
            )
        ],
        faq_heading="Common questions",
        faqs=[
            FAQItem(
                "how-long-does-it-take-to-heal",
                "How long does it take to heal?",
                [_p("Most people get better within ", Strong([Text("6 to 12 months")]), ".")],
            ),
            FAQItem(
                "does-cst-help-heel-pain",
                "Does CST help heel pain?",
                [
                    _p("There is no research on CST for plantar fasciitis."),
                    # The link to the first accordion button follows it to its question.
                    _p(
                        "See ",
                        Link("#how-long-does-it-take-to-heal", [Text("how long it takes")]),
                        " or ask your podiatrist.",
                    ),
                ],
            ),
        ],
    )
    assert warned == []


def test_faq_only_in_json_ld() -> None:
    guide, warned = _import("jsonld-faq.html")
    assert guide == ConditionGuide(
        slug="jsonld-faq",
        title="Fibromyalgia",
        summary="Fibromyalgia causes pain all over the body. Find out how gentle therapies fit alongside"
        " medical care.",
        condition="Fibromyalgia",
        intro=[_p("Fibromyalgia is a long-term condition that causes pain all over the body.")],
        sections=[
            Section(
                "living-with-fibromyalgia",
                "Living with fibromyalgia",
                [_p("Exercise, talking therapies and some medicines can help.")],
            )
        ],
        faqs=[
            FAQItem("is-fibromyalgia-a-real-condition", "Is fibromyalgia a real condition?",
                    [_p("Yes. It is a long-term condition recognised by doctors.")]),
            FAQItem("can-cst-help", "Can CST help?", [
                _p("Some people find it relaxing. ",
                   Link("https://www.nhs.uk/conditions/fibromyalgia/", [Text("Read the NHS page")]),
                   " for treatments that work.")
            ]),
            # The answer's <script>, onclick and javascript: link are gone; its words stay.
            FAQItem("is-this-a-trick", "Is this a trick?", [_p("No tricks.")]),
        ],
    )  # fmt: skip
    assert warned == [
        "jsonld-faq.html:7: the page shows no FAQ; its questions come from the page's FAQPage JSON-LD",
        "jsonld-faq.html:7: the link to 'javascript:alert(1)' is dropped, its text kept: URL"
        " 'javascript:alert(1)' uses the scheme 'javascript'; only http, https, mailto and tel links,"
        " relative links and #fragments are allowed",
    ]


def test_cookie_banner_and_nested_layout_divs() -> None:
    guide, warned = _import("cookie-layout.html")
    assert guide == ConditionGuide(
        slug="cookie-layout",
        title="Whiplash",
        summary="Whiplash is a neck injury caused by a sudden jolt, often in a car accident.",
        condition="Whiplash",
        sections=[
            Section(
                "looking-after-yourself",
                "Looking after yourself",
                [
                    _p("Keep moving gently and take painkillers if you need them."),
                    Image("/img/neck-stretch.jpg", "A gentle neck stretch, tilting the head to one side"),
                    Image(
                        "/img/ice.jpg",
                        "An ice pack wrapped in a towel",
                        caption="Use ice for the first few days.",
                    ),
                ],
            ),
            Section(
                "treatments-compared",
                "Treatments compared",
                [
                    Table(
                        header=[[Text("Treatment")], [Text("Evidence")]],
                        rows=[[[Text("Keeping active")], [Text("Good")]], [[Text("CST")], [Text("None")]]],
                        alignments=[None, "center"],
                        caption="What helps whiplash",
                    )
                ],
            ),
        ],
    )
    assert warned == [
        "cookie-layout.html:29: the image '/img/spacer.gif' has no alt text, so it is dropped; add it with"
        " its alt text",
        "cookie-layout.html:43: embedded content (<iframe> 'Exercise video') cannot be part of a guide;"
        " dropped",
        f"cookie-layout.html: {NO_CONDITION}",
    ]


def test_nhs_like_page_with_care_cards_and_references() -> None:
    guide, warned = _import("nhs-care-cards.html")
    assert guide == ConditionGuide(
        slug="back-pain",
        title="Back pain",
        summary="Back pain is very common and normally improves within a few weeks or months.",
        condition=Condition("Back pain", alternate_names=["Lower back pain", "Lumbago"]),
        url="https://health.example/conditions/back-pain/",
        published=datetime.date(2024, 1, 5),
        modified=datetime.date(2025, 2, 10),
        last_reviewed=datetime.date(2025, 1, 20),
        next_review=datetime.date(2028, 1, 20),
        authors=["Health Example"],
        intro=[
            _p(
                "Back pain, especially lower back pain, is very common. It usually improves within a few"
                " weeks or months.",
                FootnoteRef("ref-maher-2017"),
            )
        ],
        sections=[
            Section(
                "how-you-can-ease-back-pain-yourself",
                "How you can ease back pain yourself",
                [
                    _p(
                        "Stay as active as possible and try to continue your daily activities.",
                        FootnoteRef("ref-nice-2016"),
                    ),
                    BulletList(_items("try exercises and stretches for back pain", "use hot or cold packs")),
                    Callout(
                        "important",
                        [_p("Resting for long periods is likely to make the pain worse.")],
                        title="Keep moving",
                    ),
                ],
            ),
            Section(
                "when-to-get-help",
                "When to get help",
                [
                    Callout(
                        "non-urgent",
                        [
                            BulletList(
                                _items(
                                    "the pain does not start to improve within a few weeks",
                                    "the pain stops you doing your day-to-day activities",
                                )
                            )
                        ],
                        title="See a GP if:",
                    ),
                    Callout(
                        "urgent",
                        [
                            _p("You have back pain and:"),
                            BulletList(
                                _items(
                                    "numbness or tingling around your genitals or buttocks",
                                    "a high temperature",
                                )
                            ),
                        ],
                        title="Ask for an urgent GP appointment or get help from NHS 111 if:",
                    ),
                    Callout(
                        "emergency",
                        [BulletList(_items("you have chest pain as well as back pain"))],
                        title="Call 999 if:",
                    ),
                ],
            ),
        ],
        references=[
            Reference(
                "ref-maher-2017",
                [
                    _p(
                        "Maher C, Underwood M, Buchbinder R. Non-specific low back pain. ",
                        Link(
                            "https://doi.org/10.1016/S0140-6736(16)30970-9", [Emphasis([Text("The Lancet")])]
                        ),
                        ". 2017.",
                    )
                ],
            ),
            Reference(
                "ref-nice-2016", [_p("NICE guideline NG59: Low back pain and sciatica in over 16s. 2016.")]
            ),
        ],
    )
    assert warned == [
        "nhs-care-cards.html:77: the reference 'ref-unused' is never cited in the text, so it is dropped"
    ]


def test_microdata_faq_takes_its_heading() -> None:
    guide, warned = _import("microdata-faq.html")
    assert guide == ConditionGuide(
        slug="microdata-faq",
        title="Jaw clenching (bruxism)",
        summary="Clenching your jaw can cause pain and headaches.",
        condition="Jaw clenching (bruxism)",
        intro=[_p("Many people clench their jaw without knowing it, often during sleep.")],
        faq_heading="Your questions answered",
        faqs=[
            FAQItem("why-do-i-clench-my-jaw", "Why do I clench my jaw?",
                    [_p("Stress and anxiety are the most common reasons.")]),
            FAQItem("will-a-mouth-guard-help", "Will a mouth guard help?",
                    [_p("A dentist can fit one to protect your teeth at night.")]),
        ],
    )  # fmt: skip
    assert warned == [f"microdata-faq.html: {NO_CONDITION}"]


# --- smaller pages: each rule on its own ----------------------------------------------------------


def _page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>"


def test_details_and_definition_lists_under_an_faq_heading() -> None:
    html = _page(
        "<h1>T</h1><p>Lede.</p><h2>Frequently asked questions</h2>"
        "<details><summary>One?</summary><p>A.</p></details>"
        "<dl><dt>Two?</dt><dd>B.</dd><dd>C.</dd></dl>"
    )
    guide = import_html(html).guide
    assert [(item.question, item.answer) for item in guide.faqs] == [
        ("One?", (_p("A."),)),
        ("Two?", (_p("B."), _p("C."))),
    ]
    assert guide.faq_heading == "Frequently asked questions"


def test_whitespace_is_collapsed_as_a_browser_shows_it() -> None:
    html = _page("<h1>T</h1><p>L</p><h2>S</h2><p>  a\n   b<em> c </em>d<br>\n  e  </p>")
    assert import_html(html).guide.sections[0].blocks == (
        _p("a b ", Emphasis([Text("c")]), " d", LineBreak(), "e"),
    )


def test_a_question_outside_the_faq_is_kept_as_bold_text_with_a_warning() -> None:
    html = _page(
        "<h1>T</h1><p>L</p><h2>Causes</h2><p>x</p>\n<details><summary>More</summary><p>y</p></details>"
    )
    result = import_html(html, path="p.html")
    assert result.guide.sections[0].blocks == (_p("x"), _p(Strong([Text("More")])), _p("y"))
    assert [str(w) for w in result.warnings] == [
        "p.html:2: the question 'More' is not in the FAQ; it is kept as a bold paragraph followed by its"
        " answer",
        f"p.html: {NO_CONDITION}",
    ]


def test_a_page_without_any_title_is_an_error() -> None:
    with pytest.raises(SourceError, match=r"^p\.html: the page has no title"):
        import_html(_page("<p>just text</p>"), path="p.html")


# --- the import command --------------------------------------------------------------------------

ALL_PAGES = sorted(path.name for path in PAGES.glob("*.html"))


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cstcontent.cli.main(list(args), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("page", ALL_PAGES)
def test_import_writes_markdown_that_reads_back_to_the_same_guide(page: str, tmp_path: Path) -> None:
    status, out, err = _run("import", str(PAGES / page), "--out", str(tmp_path))
    assert status == 0, err
    imported = import_html((PAGES / page).read_text(encoding="utf-8"), path=page).guide
    written = tmp_path / f"{imported.slug}.md"
    assert out.splitlines() == [str(written)]
    back = cstcontent.load(written)
    if "Markdown makes ids from headings" in err:  # the page's own ids, which Markdown cannot keep
        assert [s.heading for s in back.sections] == [s.heading for s in imported.sections]
        back = attrs.evolve(
            back,
            sections=[
                attrs.evolve(b, id=s.id) for b, s in zip(back.sections, imported.sections, strict=True)
            ],
        )
    assert back == imported
    assert err.splitlines()[-1] == f"1 of 1 pages imported into {tmp_path}"


def test_import_dry_run_prints_markdown_and_warnings_and_writes_nothing(tmp_path: Path) -> None:
    status, out, err = _run(
        "import", str(PAGES / "wordpress-yoast.html"), "--out", str(tmp_path / "o"), "--dry-run"
    )
    assert status == 0
    assert out.startswith(
        f"==> {tmp_path / 'o' / 'neck-pain.md'} <==\n---\ntitle: Craniosacral Therapy for Neck Pain\n"
    )
    assert "## FAQ\n\n### How many sessions will I need?\n\nMost people try 3 to 6 sessions.\n" in out
    assert f"warning: {PAGES / 'wordpress-yoast.html'}: {NO_CONDITION}" in err.splitlines()
    assert "\n## How CST may help {#h-how-cst-may-help}\n" in out  # the page's own id is kept
    assert not (tmp_path / "o").exists()


def test_import_refuses_to_overwrite_and_reports_bad_pages_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "neck-pain.md").write_text("mine")
    bad = tmp_path / "bad.html"
    bad.write_text("<p>no title anywhere</p>")
    deep = tmp_path / "deep.html"
    deep.write_text("<title>Deep</title>\n" + "<div>" * 300 + "x" + "</div>" * 300)
    status, out, err = _run(
        "import", str(PAGES / "wordpress-yoast.html"), str(bad), str(deep), "--out", str(tmp_path)
    )
    assert status == 1
    assert out == ""
    assert (tmp_path / "neck-pain.md").read_text() == "mine"
    lines = err.splitlines()
    assert (
        f"{PAGES / 'wordpress-yoast.html'}: {tmp_path / 'neck-pain.md'} already exists;"
        " use --force to replace it" in lines
    )
    assert f"{bad}: the page has no title: no <h1>, og:title or <title>" in lines
    assert any(line.startswith(f"{deep}:2: elements are nested more than 256 deep") for line in lines)
    assert "Traceback" not in err
    assert lines[-1] == f"0 of 3 pages imported into {tmp_path}; 3 failed"
    status, out, err = _run("import", str(PAGES / "wordpress-yoast.html"), "--out", str(tmp_path), "--force")
    assert status == 0
    assert (
        (tmp_path / "neck-pain.md").read_text().startswith("---\ntitle: Craniosacral Therapy for Neck Pain\n")
    )


def test_import_refuses_invalid_utf8_and_a_fifo_with_the_reason(tmp_path: Path) -> None:
    import os

    latin = tmp_path / "latin.html"
    latin.write_bytes(b"<title>T</title>\n<h1>Caf\xe9</h1>")
    fifo = tmp_path / "fifo.html"
    os.mkfifo(fifo)
    status, _out, err = _run("import", str(latin), str(fifo), "--out", str(tmp_path / "o"))
    assert status == 1
    lines = err.splitlines()
    assert f"{latin}:2: invalid UTF-8 (byte 0xe9); save the file as UTF-8" in lines
    assert f"{fifo}: cannot read the source: it is a FIFO, not a regular file" in lines


def test_ambiguous_faq_markup_gives_way_to_the_faqpage_json_ld() -> None:
    faq = (
        '{"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": [{"@type": "Question",'
        ' "name": "Does it hurt?", "acceptedAnswer": {"@type": "Answer",'
        ' "text": "<p>No, the touch is light.</p>"}}]}'
    )
    html = _page(
        "<h1>T</h1><p>Lede.</p><h2>Causes</h2><p>Many.</p>\n<h2>FAQs</h2>\n"
        "<p><b>Does it hurt?</b> No, the touch is light.</p>",
        head=f'<script type="application/ld+json">{faq}</script>',
    )
    result = import_html(html, path="p.html")
    assert result.guide.faq_heading == "FAQs"
    assert result.guide.faqs == (FAQItem("does-it-hurt", "Does it hurt?", [_p("No, the touch is light.")]),)
    assert [section.heading for section in result.guide.sections] == ["Causes"]
    assert str(result.warnings[0]) == (
        "p.html:2: the questions under 'FAQs' cannot be told apart from their answers; the FAQ comes from the"
        " page's FAQPage JSON-LD instead of this text"
    )


def test_line_breaks_and_glyph_like_text_survive_a_round_trip() -> None:
    # Found by generated guides: two line breaks in emphasis, a leading one, toggle-like headings.
    guide = cstcontent.load(ROOT / "fixtures" / "sciatica.md")
    paragraph = _p(LineBreak(), "start", Emphasis([Text("a"), LineBreak(), LineBreak(), Text("b")]))
    guide = attrs.evolve(
        guide,
        faq_heading="+",
        sections=[Section("x", "- not a toggle", [paragraph]), *guide.sections],
    )
    assert import_html(cstcontent.export(guide, "html"), path="sciatica.html").guide == guide


def test_translations_read_back_from_hreflang_alternates() -> None:
    from cstcontent.model import Translation

    guide = attrs.evolve(
        cstcontent.load(ROOT / "fixtures" / "sciatica.md"),
        translations=[
            Translation("de", "https://example.org/de/ischias"),
            Translation("fr", "https://example.org/fr/sciatique"),
        ],
    )
    html = cstcontent.export(guide, "html")
    assert 'hreflang="de"' in html
    assert import_html(html, path="sciatica.html").guide == guide
