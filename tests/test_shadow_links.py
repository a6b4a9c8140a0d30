"""Links to #ids inside the default (shadow) fragment, in Chromium, under a strict nonce CSP.

A browser looks for a fragment's target in the document, not in a shadow root: without the
fragment's script a click on a link to a question neither opens it nor scrolls to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

import cstcontent
from cstcontent.nodes import Link, Paragraph, Text

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

FIXTURES = Path(__file__).parent.parent / "fixtures"
NONCE = "c2hhZG93LWxpbmtz"
CSP = f"default-src 'none'; script-src 'nonce-{NONCE}'; style-src 'nonce-{NONCE}'"
HOST = "http://127.0.0.1:8000/guide.html"


def host_page() -> tuple[str, str]:
    """A host page with the sciatica fragment whose intro links to its last question; that question's id."""
    guide = cstcontent.load(FIXTURES / "sciatica.md")
    question = guide.faqs[-1].id
    link = Paragraph((Text("See "), Link(f"#{question}", (Text("the last question"),)), Text(".")))
    guide = attrs.evolve(guide, intro=(link, *guide.intro))
    fragment = cstcontent.export(guide, "html", standalone=False, nonce=NONCE)
    page = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head>'
        f"<body><h1>Host page</h1>{fragment}</body></html>"
    )
    return page, question


def open_page(new_page, body: str) -> Page:  # type: ignore[no-untyped-def]
    page: Page = new_page(viewport={"width": 800, "height": 500})

    def serve(route: Route) -> None:
        headers = {"Content-Security-Policy": CSP}
        route.fulfill(status=200, content_type="text/html", body=body, headers=headers)

    page.context.route("http://127.0.0.1:8000/**", serve)
    return page


def state(page: Page, question: str) -> dict[str, object]:
    """Whether the question's <details> is open and its answer is within the viewport."""
    return page.evaluate(
        """id => {
            const root = document.querySelector("cst-guide").shadowRoot;
            const answer = root.getElementById(id);
            const box = answer.getBoundingClientRect();
            return {open: answer.closest("details").open, top: box.top, height: innerHeight};
        }""",
        question,
    )


def in_view(found: dict[str, object]) -> bool:
    return 0 <= float(found["top"]) < float(found["height"])  # type: ignore[arg-type]


def test_a_click_on_a_link_to_a_question_opens_it_and_scrolls_to_it(new_page) -> None:
    body, question = host_page()
    page = open_page(new_page, body)
    page.goto(HOST)
    before = state(page, question)
    assert before["open"] is False
    assert not in_view(before)  # the question is below the fold, closed
    page.locator(f"cst-guide a[href='#{question}']").click()
    page.wait_for_function("() => scrollY > 0")
    after = state(page, question)
    assert after["open"] is True
    assert in_view(after)
    assert page.evaluate("() => location.hash") == f"#{question}"
    assert page.console_errors == []  # type: ignore[attr-defined]  # the nonce lets the script run


def test_the_page_address_fragment_opens_the_question(new_page) -> None:
    body, question = host_page()
    page = open_page(new_page, body)
    page.goto(f"{HOST}#{question}")
    page.wait_for_function("() => scrollY > 0")
    found = state(page, question)
    assert found["open"] is True
    assert in_view(found)
    page.evaluate("() => { location.hash = ''; scrollTo(0, 0); }")
    page.evaluate(f"() => {{ location.hash = '#{question}'; }}")  # a later change of the fragment too
    page.wait_for_function("() => scrollY > 0")
    assert in_view(state(page, question))
    assert page.console_errors == []  # type: ignore[attr-defined]
