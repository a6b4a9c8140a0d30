"""The HTML fragment embedded in host pages, in Debian's Chromium.

Each isolation mode sits in a host page served (by Playwright route fulfilment, nothing on
the network) from ``http://127.0.0.1:8000`` with a report-only Content-Security-Policy that
allows only nonce-carrying ``<script>`` and ``<style>``. An init script, which the page's CSP
does not govern, replaces ``alert``, ``prompt``, ``confirm`` and ``fetch`` with recorders and
records every ``securitypolicyviolation`` event, before any of the page runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import cstcontent
from cstcontent.model import ConditionGuide
from support.checkers import collect_console_errors
from support.guides import IMAGES, showcase_guide
from support.hostile import hostile_guide

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

NONCE = "aG9zdC1ub25jZQ"
ORIGIN = "http://127.0.0.1:8000"
CSP = f"script-src 'nonce-{NONCE}'; style-src 'nonce-{NONCE}'; object-src 'none'; base-uri 'none'"
SCIATICA = cstcontent.load(Path(__file__).parent.parent / "fixtures" / "sciatica.md")

HOSTILE_CSS = """
* { color: red !important; font-size: 40px !important; }
details { display: none; }
h2 { text-transform: uppercase; }
"""

TRAP = """
window.__calls = [];
window.__violations = [];
for (const name of ["alert", "prompt", "confirm", "fetch"]) {
  window[name] = (...args) => { window.__calls.push([name, String(args[0])]); };
}
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
}, true);
"""


def host_page(fragment: str, css: str = "") -> str:
    """A partner's page: its own <h1>, landmarks and ids, and optionally its own CSS."""
    style = f'<style nonce="{NONCE}">{css}</style>\n' if css else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Partner page</title>\n{style}</head>\n<body>\n"
        '<header><p id="faq">Partner site</p></header>\n<main>\n<h1>Partner page</h1>\n'
        f"{fragment}\n</main>\n</body>\n</html>\n"
    )


def fragment(guide: ConditionGuide, isolation: str) -> str:
    return cstcontent.export(
        guide, "html", standalone=False, isolation=isolation, heading_level=2, nonce=NONCE
    )


class Host:
    """One browser page for the module, serving host pages from 127.0.0.1 by route."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.html = ""
        self.console_errors = collect_console_errors(page)
        page.context.add_init_script(TRAP)
        page.context.route(f"{ORIGIN}/**", self._serve)

    def _serve(self, route: Route) -> None:
        for path, svg in IMAGES.items():
            if route.request.url.endswith(f"/{path}"):
                route.fulfill(status=200, content_type="image/svg+xml", body=svg)
                return
        route.fulfill(
            status=200,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy-Report-Only": CSP},
            body=self.html,
        )

    def open(self, html: str) -> Page:
        """Serve `html` and load it, with fresh error lists."""
        self.html = html
        self.console_errors.clear()
        self.page.goto(f"{ORIGIN}/page.html")
        self.page.wait_for_load_state("load")
        return self.page


@pytest.fixture(scope="module")
def host(browser: Browser) -> Iterator[Host]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield Host(context.new_page())
    context.close()


def deep_active_id(page: Page) -> str | None:
    """The question id of the focused summary (its answer's id), looking into shadow roots."""
    result: str | None = page.evaluate(
        """() => {
          let element = document.activeElement;
          while (element && element.shadowRoot && element.shadowRoot.activeElement) {
            element = element.shadowRoot.activeElement;
          }
          if (element?.localName !== "summary") return null;
          return element.parentElement.querySelector(".cst-answer")?.id ?? null;
        }"""
    )
    return result


def check_faq_works(page: Page, guide: ConditionGuide, *, styled: bool) -> None:
    """Every FAQ item is visible, opens and closes by click, and opens by Tab then Enter.

    A `styled` fragment (shadow, scoped) also gives each summary its 24 px target size.
    """
    for item in guide.faqs:
        details = page.locator(f"details:has(#{item.id})")
        summary = details.locator("summary")
        assert summary.is_visible(), item.id
        box = summary.bounding_box()
        assert box is not None
        assert box["height"] >= 24 or not styled, (item.id, box)
        summary.click()
        assert details.evaluate("d => d.open") is True, item.id
        assert details.locator("p").first.is_visible(), item.id
        summary.click()
        assert details.evaluate("d => d.open") is False, item.id
    page.evaluate("() => document.activeElement?.blur()")
    page.evaluate("() => window.scrollTo(0, 0)")
    for item in guide.faqs:
        for _ in range(60):
            page.keyboard.press("Tab")
            if deep_active_id(page) == f"{item.id}":
                break
        else:
            pytest.fail(f"Tab never reached the summary of {item.id}")
        page.keyboard.press("Enter")
        assert page.locator(f"details:has(#{item.id})").evaluate("d => d.open") is True, item.id


def no_trace(page: Page, host: Host) -> None:
    """Nothing ran: no trap call, no CSP report, no console error."""
    assert page.evaluate("() => window.__calls") == []
    assert page.evaluate("() => window.__violations") == []
    assert host.console_errors == []


@pytest.mark.parametrize(
    ("isolation", "css"), [("shadow", HOSTILE_CSS), ("scoped", HOSTILE_CSS), ("none", "")]
)
def test_faq_works_in_the_host(host: Host, isolation: str, css: str) -> None:
    page = host.open(host_page(fragment(SCIATICA, isolation), css))
    check_faq_works(page, SCIATICA, styled=isolation != "none")
    no_trace(page, host)


STYLE_PROBE = """(article) => {
  const root = article.getRootNode();
  const pick = (selector) => root.querySelector(selector);
  const properties = ["color", "font-size", "font-family", "line-height", "display", "text-transform",
                      "background-color", "padding-top", "margin-top"];
  const out = {};
  for (const selector of [".cst-guide", ".cst-title", "h3", "details", "summary", ".cst-faq p", "a"]) {
    const style = getComputedStyle(pick(selector));
    out[selector] = Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]));
  }
  out.box = article.getBoundingClientRect().width;
  return out;
}"""


def computed_styles(host: Host, css: str) -> dict[str, Any]:
    page = host.open(host_page(fragment(SCIATICA, "shadow"), css))
    styles: dict[str, Any] = page.locator("article.cst-guide").evaluate(STYLE_PROBE)
    return styles


def test_shadow_styles_equal_those_in_a_neutral_page(host: Host) -> None:
    neutral = computed_styles(host, "")
    hostile = computed_styles(host, HOSTILE_CSS)
    assert hostile == neutral
    assert neutral["details"]["display"] == "block"
    assert neutral["h3"]["text-transform"] == "none"
    assert neutral["summary"]["color"] == "rgb(27, 27, 27)"


def test_shadow_root_is_declarative_and_open(host: Host) -> None:
    page = host.open(host_page(fragment(SCIATICA, "shadow"), HOSTILE_CSS))
    assert page.evaluate("() => document.querySelector('cst-guide').shadowRoot.mode") == "open"
    assert page.evaluate("() => document.querySelectorAll('template').length") == 0
    assert (
        page.evaluate(
            "() => document.querySelectorAll('cst-guide > script[type=\"application/ld+json\"]').length"
        )
        == 1
    )
    # Our styles do not leak out: the host's own heading keeps the host's (hostile) style.
    assert page.locator("h1").evaluate("e => getComputedStyle(e).color") == "rgb(255, 0, 0)"


@pytest.mark.parametrize("isolation", ["shadow", "scoped", "none"])
def test_hostile_content_runs_nothing(host: Host, isolation: str) -> None:
    guide = hostile_guide()
    page = host.open(host_page(fragment(guide, isolation), HOSTILE_CSS if isolation != "none" else ""))
    page.mouse.move(10, 10)
    for element in page.locator("a, summary, p, h2, h3").all():  # hover everything: no handler fires
        if element.is_visible():
            element.hover()
    check_faq_works(page, guide, styled=isolation != "none")
    no_trace(page, host)
    deep_tags = page.evaluate(
        """() => {
          const tags = [];
          const walk = (root) => root.querySelectorAll("*").forEach((e) => {
            tags.push(e.localName + (e.localName === "script" ? ":" + e.type : ""));
            if (e.shadowRoot) walk(e.shadowRoot);
          });
          walk(document);
          return tags;
        }"""
    )
    assert not {"img", "svg", "iframe", "object"} & set(deep_tags)
    ours = ["script:"] if isolation == "shadow" else []  # the shadow fragment's links script
    assert [t for t in deep_tags if t.startswith("script")] == ["script:application/ld+json", *ours]
    text = page.locator("article").inner_text()
    assert "</script><script>alert('faq')</script>" in text


def test_the_trap_and_the_csp_report_catch_an_inline_script(host: Host) -> None:
    """The harness is live: a host-side inline script without the nonce is reported and trapped."""
    page = host.open(host_page("<script>alert('host')</script><p>x</p>"))
    assert page.evaluate("() => window.__calls") == [["alert", "host"]]
    violations = page.evaluate("() => window.__violations")
    assert len(violations) == 1
    assert violations[0].startswith("script-src")


@pytest.mark.parametrize(
    ("isolation", "css"), [("shadow", HOSTILE_CSS), ("scoped", HOSTILE_CSS), ("none", "")]
)
def test_every_node_works_in_a_strict_csp_host(host: Host, isolation: str, css: str) -> None:
    """The showcase (every node type) in a host with a strict CSP: nothing blocked, nothing run."""
    guide = showcase_guide(url=f"{ORIGIN}/conditions/lower-back-pain")
    html = cstcontent.export(
        guide, "html", standalone=False, isolation=isolation, heading_level=2, nonce=NONCE,
        include_jsonld=False,  # the jsonld exporter's part, checked with the fixtures above
    )  # fmt: skip
    page = host.open(host_page(html, css))
    check_faq_works(page, guide, styled=isolation != "none")
    callouts = page.locator(".cst-callout")
    assert callouts.count() == 8
    assert all(callouts.nth(i).is_visible() for i in range(8))
    assert page.locator(".cst-references > ol > li").count() == len(guide.references)
    images = page.locator(".cst-figure img")
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("(img) => img.complete", arg=images.nth(index).element_handle())
        assert images.nth(index).evaluate("(img) => img.naturalWidth") > 0
    no_trace(page, host)
