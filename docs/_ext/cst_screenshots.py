"""Sphinx extension: photograph a guide in each embedding mode with Chromium, at build time.

Writes ``docs/_generated/screenshots/<name>.png`` before any page is read, so the
pages can show them as images; the pictures therefore always show the code being
documented. Needs Debian's Chromium (``/usr/bin/chromium``) and Playwright, as the
test suite does (``.ci/install-checkers``); a missing browser is a build error.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

import cstcontent
from cstcontent.errors import ExportWarning

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
#: Each picture is taken at these sizes: a desktop window, and a phone (``-phone``).
VIEWPORTS = {"": {"width": 1000, "height": 800}, "-phone": {"width": 390, "height": 844}}
#: The guide photographed: a bundled fixture without images (the fixtures ship no image files).
GUIDE = "fixtures/sciatica.md"
HOST_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>A partner's page</title>
<style>
body {{ font: 18px/1.4 Georgia, serif; margin: 2rem; background: #fffbe6; }}
h2 {{ color: #b00020; text-transform: uppercase; letter-spacing: 0.1em; }}
p {{ color: #444; }}
details {{ border: 3px dashed #b00020; }}
</style></head>
<body><h1>Partner clinic</h1><p>The partner's own text, under its own CSS.</p>
{fragment}
</body></html>
"""


def _pages(root: Path) -> dict[str, str]:
    guide = cstcontent.load(root / GUIDE)
    with warnings.catch_warnings():  # advice to the guide's editor (a long summary), not to the docs
        warnings.simplefilter("ignore", ExportWarning)
        pages = {"page": cstcontent.export(guide, "html")}
    for mode in ("shadow", "scoped", "none"):
        fragment = cstcontent.export(guide, "html", standalone=False, isolation=mode, heading_level=2)
        pages[f"fragment-{mode}"] = HOST_PAGE.format(fragment=fragment)
    return pages


def take_screenshots(app: Sphinx) -> None:
    """Write one PNG per page into ``_generated/screenshots`` under the docs' source folder."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        raise ExtensionError("the docs' screenshots need Playwright: install the test extra") from error
    source = Path(app.srcdir)
    out = source / "_generated" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for name, html in _pages(source.parent).items():
                path = Path(folder) / f"{name}.html"
                path.write_text(html, encoding="utf-8")
                for suffix, viewport in VIEWPORTS.items():
                    context = browser.new_context(viewport=viewport, color_scheme="light")
                    page = context.new_page()
                    page.goto(path.as_uri())
                    page.screenshot(path=out / f"{name}{suffix}.png", full_page=False)
                    context.close()
        finally:
            browser.close()


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the hook."""
    app.connect("builder-inited", take_screenshots)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
