"""The page and its fragments in Debian's Chromium: links to questions, wrapped questions,
wide tables on a phone, print media, callout contrast and images.

The showcase guide (`support.guides.showcase_guide`, every node type) is written, with its
images, to a folder and opened from ``file:``: as the standalone page and, in a bare host
page (`wrap_fragment`), as each fragment mode. Its JSON-LD is left out: it plays no part in
rendering and is checked by test_validity.py and test_jsonld.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import cstcontent
from support.checkers import axe_rule_nodes, wrap_fragment
from support.guides import IMAGES, showcase_guide

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from conftest import NewPage

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
STYLED = ("page", "shadow", "scoped")
QUESTION_ID = "is-it-safe-to-keep-working"

# Evaluated against the guide's root (the document, or the fragment's shadow root).
ROOT = "(document.querySelector('cst-guide')?.shadowRoot ?? document)"


def showcase_html(mode: str) -> str:
    guide = showcase_guide(url=None)
    if mode == "page":
        return cstcontent.export(guide, "html", include_jsonld=False)
    fragment = cstcontent.export(guide, "html", standalone=False, isolation=mode, include_jsonld=False)
    return wrap_fragment(fragment)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The showcase in every mode, with its images beside it."""
    directory = tmp_path_factory.mktemp("browser")
    for mode in ("page", "shadow", "scoped", "none"):
        (directory / f"{mode}.html").write_text(showcase_html(mode), encoding="utf-8")
    for path, svg in IMAGES.items():
        (directory / path).parent.mkdir(exist_ok=True)
        (directory / path).write_text(svg, encoding="utf-8")
    return directory


Opener = Callable[..., "Page"]


@pytest.fixture
def open_mode(new_page: NewPage, folder: Path) -> Opener:
    """Open the showcase in a mode: ``open_mode(mode, viewport=..., **context options)``."""

    def open_(mode: str, viewport: dict[str, int] = DESKTOP, **options: object) -> Page:
        page = new_page(viewport=viewport, **options)
        page.goto((folder / f"{mode}.html").as_uri())
        return page

    return open_


def in_root(page: Page, expression: str) -> object:
    """Evaluate `expression` with ``root`` bound to the guide's root."""
    return page.evaluate(f"() => {{ const root = {ROOT}; return {expression}; }}")


# --------------------------------------------------------------------------------------
# Issue 9: a link to a question opens it; a wrapped question hangs under its first line
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["page", "scoped", "none"])
def test_a_link_to_a_question_opens_its_details_without_javascript(open_mode: Opener, mode: str) -> None:
    page = open_mode(mode, java_script_enabled=False)
    details = page.locator(f"details:has(#{QUESTION_ID})")
    assert details.evaluate("d => d.open") is False
    page.locator(f"a[href='#{QUESTION_ID}']").click()
    assert details.evaluate("d => d.open") is True
    assert page.locator(f"#{QUESTION_ID} p").first.is_visible()
    if mode != "none":  # the stylesheet keeps the question in view above its answer
        top = details.locator("summary").evaluate("s => s.getBoundingClientRect().top")
        assert 0 <= top < DESKTOP["height"] / 2


@pytest.mark.parametrize("mode", ["page", "scoped"])
def test_opening_the_page_at_a_question_opens_it(new_page: NewPage, folder: Path, mode: str) -> None:
    page = new_page(viewport=DESKTOP, java_script_enabled=False)
    page.goto(f"{(folder / f'{mode}.html').as_uri()}#{QUESTION_ID}")
    assert page.locator(f"details:has(#{QUESTION_ID})").evaluate("d => d.open") is True
    assert page.locator("details:has(#will-it-come-back)").evaluate("d => d.open") is False


LINE_STARTS = """() => {
  const root = ROOT;
  const summary = root.querySelector("summary");
  const range = document.createRange();
  range.selectNodeContents(summary);
  const lefts = [...range.getClientRects()].map((rect) => Math.round(rect.left));
  return [...new Set(lefts)].length === 1 ? {lines: range.getClientRects().length, left: lefts[0]}
                                          : {lines: range.getClientRects().length, lefts};
}""".replace("ROOT", ROOT)


@pytest.mark.parametrize("mode", STYLED)
def test_a_wrapped_question_does_not_run_under_the_marker(open_mode: Opener, mode: str) -> None:
    page = open_mode(mode, viewport=PHONE)
    starts = page.evaluate(LINE_STARTS)
    assert starts["lines"] >= 3, starts
    assert "left" in starts, starts  # every line starts at the same x: the marker hangs to the left
    marker_room = in_root(
        page,
        "root.querySelector('summary').getBoundingClientRect().left"
        " - root.querySelector('.cst-faq').getBoundingClientRect().left",
    )
    assert isinstance(marker_room, float | int)
    assert marker_room >= 12  # room for the marker, inside the guide


def test_the_line_check_sees_a_marker_inside_the_text(open_mode: Opener) -> None:
    """Without the stylesheet (isolation="none") the browser's marker sits inside the first line."""
    starts = open_mode("none", viewport=PHONE).evaluate(LINE_STARTS)
    assert starts["lines"] >= 3
    assert "lefts" in starts, starts


# --------------------------------------------------------------------------------------
# Tables on a phone
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", STYLED)
def test_a_wide_table_scrolls_in_its_box_on_a_phone(open_mode: Opener, mode: str) -> None:
    page = open_mode(mode, viewport=PHONE)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    widths = in_root(
        page, "[...root.querySelectorAll('.cst-table')].map((b) => [b.scrollWidth, b.clientWidth])"
    )
    assert isinstance(widths, list)
    (_, fits_box), (wide_w, wide_box) = widths
    assert fits_box <= PHONE["width"]
    assert wide_w > wide_box  # the wide table overflows its box, not the page
    wide = page.locator(".cst-table").nth(1)
    wide.focus()  # focusable (tabindex="0"), so a keyboard can scroll it
    assert in_root(page, "root.activeElement === root.querySelectorAll('.cst-table')[1]") is True
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => {ROOT}.querySelectorAll('.cst-table')[1].scrollLeft > 0")


# --------------------------------------------------------------------------------------
# Print
# --------------------------------------------------------------------------------------

PRINTED = {
    "answer": ".cst-answer p",
    "callout": ".cst-callout",
    "table": ".cst-table table",
    "image": ".cst-figure img",
    "reference": ".cst-references li",
    "review": ".cst-review",
}
SHOWN = """(selector) => [...ROOT.querySelectorAll(selector)].map(
  (e) => e.checkVisibility() && e.getBoundingClientRect().height > 0)""".replace("ROOT", ROOT)


@pytest.mark.parametrize("mode", STYLED)
def test_print_shows_every_construct_and_every_answer(open_mode: Opener, mode: str) -> None:
    page = open_mode(mode)
    assert page.evaluate(SHOWN, PRINTED["answer"]) == [False, False]  # closed on screen
    load_images(page)  # printing loads lazy images; emulating print media does not
    page.emulate_media(media="print")
    for name, selector in PRINTED.items():
        shown = page.evaluate(SHOWN, selector)
        assert shown, name
        assert all(shown), (name, shown)
    assert in_root(page, "[...root.querySelectorAll('details')].some((d) => d.open)") is False
    # A wide table prints whole: its box no longer clips it.
    overflow = in_root(page, "getComputedStyle(root.querySelectorAll('.cst-table')[1]).overflowX")
    assert overflow == "visible"


def test_printing_loads_the_lazy_images(open_mode: Opener, tmp_path: Path) -> None:
    """Emulated print media loads no lazy image, but printing (here to PDF) loads them all."""
    page = open_mode("page")
    natural = "() => [...document.images].map((img) => img.complete && img.naturalWidth)"
    assert page.evaluate(natural) == [False, False]  # below the fold, not loaded yet
    page.pdf(path=tmp_path / "showcase.pdf")
    assert all(page.evaluate(natural))


@pytest.mark.parametrize("mode", [*STYLED, "none"])
def test_printing_to_pdf_prints_every_answer(open_mode: Opener, tmp_path: Path, mode: str) -> None:
    """Really printed (to PDF, read back with pypdf): every closed answer is on paper, but for
    ``none``, whose host brings the style."""
    import pypdf

    page = open_mode(mode)
    page.pdf(path=tmp_path / "printed.pdf")
    pages = pypdf.PdfReader(tmp_path / "printed.pdf").pages
    text = " ".join(" ".join(sheet.extract_text().split()) for sheet in pages)
    always = [
        "Immediate action required: Call 999 or go to A&E if:",  # a callout
        "Treatments for lower back pain",  # a table
        "Where lower back pain is felt",  # a figure
        "Hayden J, et al.",  # a reference
        "Next review due: 10 March 2029",
    ]
    for expected in always:
        assert expected in text
    answers = ["Yes, keep as active as you can", "It can."]
    assert [answer in text for answer in answers] == [mode != "none"] * 2


def test_the_print_check_sees_closed_answers(open_mode: Opener) -> None:
    """Without the stylesheet (isolation="none") a closed answer does not print: the check can fail."""
    page = open_mode("none")
    page.emulate_media(media="print")
    assert page.evaluate(SHOWN, PRINTED["answer"]) == [False, False]


# --------------------------------------------------------------------------------------
# Callout contrast, images
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "scheme"), [("page", "light"), ("page", "dark"), ("shadow", "light"), ("scoped", "light")]
)
def test_callout_text_passes_axe_color_contrast(open_mode: Opener, mode: str, scheme: str) -> None:
    page = open_mode(mode, color_scheme=scheme)
    nodes = axe_rule_nodes(page, "color-contrast")
    assert nodes["violations"] == []
    # The rule really measured every callout's label and text, in each of the eight colours.
    measured = [html for html in nodes["passes"] if html.startswith('<span class="cst-callout-kind">')]
    assert len(measured) == 8, nodes["incomplete"]
    labels = [html for html in nodes["passes"] if html.startswith('<p class="cst-callout-label">')]
    assert len(labels) == 4  # the titled ones: their title is the label's own text
    undecided = [html for html in nodes["incomplete"] if "callout" in html or "A non-urgent" in html]
    assert undecided == []


def load_images(page: Page) -> list[int]:
    """Scroll to each image (they load lazily), wait for it, and return their natural widths."""
    images = page.locator(".cst-figure img")
    widths = []
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete", arg=image.element_handle())
        widths.append(image.evaluate("(img) => img.naturalWidth"))
    return widths


@pytest.mark.parametrize("mode", ["page", "shadow", "scoped", "none"])
def test_images_load(open_mode: Opener, mode: str) -> None:
    page = open_mode(mode)
    widths = load_images(page)
    assert len(widths) == len(IMAGES)
    assert all(widths), widths
