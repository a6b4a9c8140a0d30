"""Write the documentation's screenshots with Debian's Chromium, driven by Playwright.

Usage: ``python scripts/screenshots.py`` from the repo root (after ``.ci/install-checkers``).
Writes ``docs/screenshots/sciatica-page-{phone,desktop}.png`` (the standalone page) and
``docs/screenshots/sciatica-shadow-hostile-{phone,desktop}.png`` (the ``shadow`` fragment in
a host page whose CSS is hostile), full page, at 390x844 and 1280x900; and
``docs/screenshots/showcase-{page,shadow-hostile}-desktop.png``: the showcase guide of the
tests (``tests/support/guides.py``: every callout kind, tables, images, citations and
references, review dates) as a page and as a ``shadow`` fragment, its first question open.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

import cstcontent

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from support.guides import IMAGES, showcase_guide  # noqa: E402  (the tests' guide builder)

OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}
HOSTILE_HOST = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A partner's page with hostile CSS</title>
<style>
* {{ color: red !important; font-size: 40px !important; }}
details {{ display: none; }}
h2 {{ text-transform: uppercase; }}
</style>
</head>
<body>
<main>
<h1>Partner page</h1>
<p>The partner's own text, under its own aggressive CSS.</p>
{fragment}
</main>
</body>
</html>
"""


def pages() -> dict[str, tuple[str, tuple[str, ...]]]:
    """The pages to photograph and their viewports, by screenshot name."""
    guide = cstcontent.load(ROOT / "fixtures" / "sciatica.md")
    fragment = cstcontent.export(guide, "html", standalone=False, isolation="shadow", heading_level=2)
    # No url: the showcase's relative images load from beside the page.
    showcase = showcase_guide(url=None)
    showcase_fragment = cstcontent.export(
        showcase, "html", standalone=False, isolation="shadow", heading_level=2, include_jsonld=False
    )
    return {
        "sciatica-page": (cstcontent.export(guide, "html"), tuple(VIEWPORTS)),
        "sciatica-shadow-hostile": (HOSTILE_HOST.format(fragment=fragment), tuple(VIEWPORTS)),
        "showcase-page": (cstcontent.export(showcase, "html", include_jsonld=False), ("desktop",)),
        "showcase-shadow-hostile": (HOSTILE_HOST.format(fragment=showcase_fragment), ("desktop",)),
    }


def load_lazy_images(page: Page) -> None:
    """Scroll through the page so that every lazy image loads, then back to the top."""
    height = page.evaluate("() => document.documentElement.scrollHeight")
    for top in range(0, height, 400):
        page.evaluate("(top) => window.scrollTo(0, top)", top)
    page.wait_for_function(
        """() => [...document.querySelectorAll("img"),
                  ...(document.querySelector("cst-guide")?.shadowRoot?.querySelectorAll("img") ?? [])]
                 .every((img) => img.complete)"""
    )
    page.evaluate("() => window.scrollTo(0, 0)")


def main() -> None:
    """Render every page at every viewport and save the PNGs."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for image, svg in IMAGES.items():
            (Path(folder) / image).parent.mkdir(exist_ok=True)
            (Path(folder) / image).write_text(svg, encoding="utf-8")
        for name, (html, devices) in pages().items():
            path = Path(folder) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            for device in devices:
                width, height = VIEWPORTS[device]
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme="light"
                )
                page = context.new_page()
                page.goto(path.as_uri())
                if name.startswith("showcase"):
                    page.locator("summary").first.click()
                    load_lazy_images(page)
                target = OUT / f"{name}-{device}.png"
                page.screenshot(path=target, full_page=True)
                context.close()
                print(target.relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main()
