"""Prove the outside-checker harness on hand-written pages (no library code involved)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from support import checkers
from support.checkers import (
    FRAGMENT_DISABLED_RULES,
    CheckerMissingError,
    axe_violations,
    describe_violations,
    wrap_fragment,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from conftest import NewPage, VnuFunction

# A summary at the browser's default size fails WCAG 2.2 target-size (24 px): pad it.
SHADOW_CSS = "summary { padding: 0.75rem; cursor: pointer; } p { color: rgb(0, 100, 0); }"

VALID_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Migraine: a guide</title>
<style>body { color: #111; background: #fff; } summary { padding: 0.75rem; }</style>
</head>
<body>
<header><p>Condition guides</p></header>
<main>
<h1>Migraine</h1>
<p>Migraine is a common <a href="#treatment">headache disorder</a>.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="A diagram of the head" width="1" height="1">
<details><summary>Symptoms</summary><p>Throbbing pain on one side.</p></details>
<h2 id="treatment">Treatment</h2>
<p>See a doctor.</p>
</main>
</body>
</html>
"""

P_WITH_DIV = wrap_fragment("<p><div>A block inside a paragraph.</div></p>", title="Bad nesting")

NO_TITLE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"></head>
<body><main><h1>No title</h1></main></body>
</html>
"""

GOOD_FRAGMENT = """<section class="cst-guide" aria-labelledby="g-title">
<h2 id="g-title">Back pain</h2>
<p>Most back pain gets better within a few weeks.</p>
</section>"""

# Content-model errors (div in ul, img without alt), once inside a declarative shadow root
# and once in the light DOM. vnu sees only the second.
HIDDEN_ERRORS = '<ul><div>Not a list item</div></ul><img src="x.png">'
ERRORS_IN_TEMPLATE = wrap_fragment(f'<div><template shadowrootmode="open">{HIDDEN_ERRORS}</template></div>')
ERRORS_IN_LIGHT_DOM = wrap_fragment(f"<div>{HIDDEN_ERRORS}</div>")

AXE_BAD_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Bad page</title></head>
<body>
<main>
<h1>Bad page</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">
<p style="color: #bbb; background: #fff">Pale grey text on white.</p>
</main>
</body>
</html>
"""

SHADOW_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Shadow root</title>
<style>p {{ color: rgb(200, 0, 0); }}</style>
</head>
<body>
<main>
<h1>Shadow root</h1>
<div id="host"><template shadowrootmode="open"><style>{SHADOW_CSS}</style>
<details id="faq"><summary id="question">What is it?</summary><p id="answer">An answer.</p></details>
</template></div>
<p id="outside">Outside the shadow root.</p>
</main>
</body>
</html>
"""

CSP_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Strict CSP</title>
</head>
<body>
<main><h1>Strict CSP</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20"></main>
<script>console.log("inline script ran");</script>
</body>
</html>
"""


def open_html(page: Page, directory: Path, html_text: str, name: str = "page.html") -> None:
    """Write a page to ``directory`` and load it from its ``file:`` URL."""
    path = directory / name
    path.write_text(html_text, encoding="utf-8")
    page.goto(path.as_uri())


def violation_ids(violations: list[dict[str, object]]) -> set[str]:
    """The rule ids of axe violations."""
    return {str(v["id"]) for v in violations}


# --------------------------------------------------------------------------------------
# W3C Nu validator: every page below is checked in one JVM run
# --------------------------------------------------------------------------------------

VNU_PAGES = {
    "valid.html": VALID_PAGE,
    "fragment.html": wrap_fragment(GOOD_FRAGMENT, title="Back pain <fragment> & co"),
    "p-with-div.html": P_WITH_DIV,
    "no-title.html": NO_TITLE,
    "guide é ü.html": NO_TITLE,  # a non-ASCII name with spaces: skipped without a UTF-8 locale
    "errors-in-template.html": ERRORS_IN_TEMPLATE,
    "errors-in-light-dom.html": ERRORS_IN_LIGHT_DOM,
    "shadow.html": SHADOW_PAGE,
}


@pytest.fixture(scope="module")
def vnu_report(vnu: VnuFunction, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Validate all ``VNU_PAGES`` in one call; map file name to errors."""
    directory = tmp_path_factory.mktemp("vnu")
    paths = []
    for name, text in VNU_PAGES.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    report = vnu(paths)
    assert set(report) == set(paths)
    return {path.name: errors for path, errors in report.items()}


@pytest.mark.parametrize("name", ["valid.html", "fragment.html", "shadow.html"])
def test_vnu_accepts_valid_pages(vnu_report: dict[str, list[str]], name: str) -> None:
    assert vnu_report[name] == []


def test_vnu_rejects_block_inside_paragraph(vnu_report: dict[str, list[str]]) -> None:
    errors = vnu_report["p-with-div.html"]
    assert errors, "vnu should reject <p><div></div></p>"
    assert any("“p”" in e and "end tag" in e for e in errors), errors
    assert all(e.split(":", 2)[0].isdigit() for e in errors), errors  # "line:col: message"


def test_vnu_rejects_missing_title(vnu_report: dict[str, list[str]]) -> None:
    assert any("“title”" in e for e in vnu_report["no-title.html"]), vnu_report["no-title.html"]


def test_vnu_checks_non_ascii_file_names(vnu_report: dict[str, list[str]]) -> None:
    assert vnu_report["guide é ü.html"] == vnu_report["no-title.html"] != []


def test_vnu_does_not_look_inside_template(vnu_report: dict[str, list[str]]) -> None:
    """A known limit: check a declarative shadow root's content separately (wrap_fragment)."""
    assert len(vnu_report["errors-in-light-dom.html"]) == 2, vnu_report["errors-in-light-dom.html"]
    assert vnu_report["errors-in-template.html"] == []


def test_vnu_keys_results_by_the_paths_given(
    vnu: VnuFunction, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "no-title.html").write_text(NO_TITLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    relative = Path("no-title.html")
    report = vnu([relative, tmp_path / "no-title.html"])
    assert list(report) == [relative, tmp_path / "no-title.html"]
    assert report[relative] == report[tmp_path / "no-title.html"] != []


def test_vnu_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nope\.html"):
        checkers.vnu_errors([tmp_path / "nope.html"])


def test_vnu_fails_loudly_without_the_jar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "page.html"
    page.write_text(VALID_PAGE, encoding="utf-8")
    monkeypatch.setattr(checkers, "VNU_JAR", tmp_path / "missing" / "vnu.jar")
    with pytest.raises(CheckerMissingError, match=r"\.ci/install-checkers"):
        checkers.vnu_errors([page])


def test_vnu_fails_loudly_without_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = tmp_path / "page.html"
    page.write_text(VALID_PAGE, encoding="utf-8")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CheckerMissingError, match=r"java.*\.ci/install-checkers"):
        checkers.vnu_errors([page])


def test_wrap_fragment_escapes_title_and_lang() -> None:
    wrapped = wrap_fragment("<p>x</p>", title="A <b> & c", lang="fr")
    assert wrapped.startswith("<!DOCTYPE html>\n")
    assert '<html lang="fr">' in wrapped
    assert "<title>A &lt;b&gt; &amp; c</title>" in wrapped
    assert "<body>\n<p>x</p>\n</body>" in wrapped


# --------------------------------------------------------------------------------------
# Chromium
# --------------------------------------------------------------------------------------


def test_browser_is_debian_chromium(browser: Browser) -> None:
    output = subprocess.run(
        [str(checkers.CHROMIUM), "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert browser.version in output, (browser.version, output)


def test_axe_finds_nothing_on_a_good_page(page: Page, tmp_path: Path) -> None:
    open_html(page, tmp_path, VALID_PAGE)
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert page.console_errors == []  # type: ignore[attr-defined]


def test_axe_finds_missing_alt_and_low_contrast(page: Page, tmp_path: Path) -> None:
    open_html(page, tmp_path, AXE_BAD_PAGE)
    violations = axe_violations(page)
    assert {"image-alt", "color-contrast"} <= violation_ids(violations), describe_violations(violations)
    image_alt = next(v for v in violations if v["id"] == "image-alt")
    assert image_alt["impact"] == "critical"
    assert image_alt["nodes"][0]["target"] == ["img"]
    assert image_alt["help"]


def test_axe_disable_switches_rules_off(page: Page, tmp_path: Path) -> None:
    open_html(page, tmp_path, AXE_BAD_PAGE)
    violations = axe_violations(page, disable=("image-alt",))
    assert "image-alt" not in violation_ids(violations)
    assert "color-contrast" in violation_ids(violations)


def test_axe_on_a_fragment_needs_the_page_rules_off(page: Page, tmp_path: Path) -> None:
    open_html(page, tmp_path, wrap_fragment(GOOD_FRAGMENT))
    whole_page_rules = axe_violations(page)
    assert violation_ids(whole_page_rules) <= set(FRAGMENT_DISABLED_RULES)
    assert {"landmark-one-main", "page-has-heading-one"} <= violation_ids(whole_page_rules)
    fragment_only = axe_violations(page, disable=FRAGMENT_DISABLED_RULES)
    assert fragment_only == [], describe_violations(fragment_only)


def test_axe_sees_into_shadow_roots(page: Page, tmp_path: Path) -> None:
    host = (
        '<div id="host"><template shadowrootmode="open">'
        '<img src="x.png" width="20" height="20">'
        "</template></div>"
    )
    open_html(page, tmp_path, wrap_fragment(host))
    violations = axe_violations(page, disable=FRAGMENT_DISABLED_RULES)
    image_alt = [v for v in violations if v["id"] == "image-alt"]
    assert image_alt, describe_violations(violations)
    assert image_alt[0]["nodes"][0]["target"] == [["#host", "img"]]  # host, then inside its root


def test_declarative_shadow_root_renders_with_its_own_styles(page: Page, tmp_path: Path) -> None:
    open_html(page, tmp_path, SHADOW_PAGE)
    assert page.evaluate("() => document.getElementById('host').shadowRoot !== null")
    assert page.evaluate("() => document.querySelector('template') === null")  # consumed by the parser
    # The shadow root's styles apply inside it, the page's do not, and neither leaks out.
    summary_padding = page.locator("#question").evaluate("e => getComputedStyle(e).paddingTop")
    answer_color = page.locator("#answer").evaluate("e => getComputedStyle(e).color")
    outside_color = page.locator("#outside").evaluate("e => getComputedStyle(e).color")
    assert summary_padding == "12px"
    assert answer_color == "rgb(0, 100, 0)"
    assert outside_color == "rgb(200, 0, 0)"
    box = page.locator("#question").bounding_box()
    assert box is not None
    assert box["height"] >= 24  # WCAG 2.2 target size
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)


def test_details_in_shadow_root_opens_by_click(page: Page, tmp_path: Path) -> None:
    open_html(page, tmp_path, SHADOW_PAGE)
    details, answer = page.locator("#faq"), page.locator("#answer")
    assert details.evaluate("d => d.open") is False
    assert not answer.is_visible()
    page.locator("#question").click()
    assert details.evaluate("d => d.open") is True
    assert answer.is_visible()
    page.locator("#question").click()
    assert details.evaluate("d => d.open") is False


def test_details_in_shadow_root_opens_by_keyboard(page: Page, tmp_path: Path) -> None:
    open_html(page, tmp_path, SHADOW_PAGE)
    details = page.locator("#faq")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.shadowRoot?.activeElement?.id ?? null")
    assert focused == "question"
    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open") is True
    assert page.locator("#answer").is_visible()
    page.keyboard.press("Space")
    assert details.evaluate("d => d.open") is False


def test_console_errors_are_collected(page: Page, tmp_path: Path) -> None:
    script = (
        "<script>console.log('fine'); console.error('boom from the page');</script>"
        "<script>throw new Error('kaput');</script>"
    )
    open_html(page, tmp_path, wrap_fragment(script))
    errors: list[str] = page.console_errors  # type: ignore[attr-defined]
    assert any(e.startswith("console.error: boom from the page") for e in errors), errors
    assert any(e.startswith("pageerror: kaput") for e in errors), errors
    assert len(errors) == 2, errors


def test_console_errors_fixture_is_the_pages_list(
    page: Page, console_errors: list[str], tmp_path: Path
) -> None:
    assert console_errors is page.console_errors  # type: ignore[attr-defined]
    open_html(page, tmp_path, wrap_fragment('<img src="missing.png" alt="Missing">'))
    page.wait_for_load_state("load")
    assert any("ERR_FILE_NOT_FOUND" in e for e in console_errors), console_errors


def test_axe_works_under_a_strict_csp(page: Page, tmp_path: Path) -> None:
    open_html(page, tmp_path, CSP_PAGE)
    errors: list[str] = page.console_errors  # type: ignore[attr-defined]
    assert any("Content Security Policy" in e and "inline script" in e for e in errors), errors
    before = list(errors)
    violations = axe_violations(page)
    assert "image-alt" in violation_ids(violations), describe_violations(violations)
    assert errors == before  # the injection was not blocked, nor logged as a CSP violation


def test_bypass_csp_switches_the_pages_policy_off(new_page: NewPage, tmp_path: Path) -> None:
    """So use bypass_csp=True only for add_script_tag / add_style_tag, never to test the CSP."""
    page = new_page(bypass_csp=True)
    logs: list[str] = []
    page.on("console", lambda message: logs.append(message.text))
    open_html(page, tmp_path, CSP_PAGE)
    assert "inline script ran" in logs
    page.add_script_tag(content="window.injected = true;")
    assert page.evaluate("() => window.injected") is True
