"""Write the documentation's screenshots with Debian's Chromium, driven by Playwright.

Usage: ``python scripts/screenshots.py`` from the repo root (after ``.ci/install-checkers``).
Writes ``docs/screenshots/sciatica-page-{phone,desktop}.png`` (the standalone page) and
``docs/screenshots/sciatica-shadow-hostile-{phone,desktop}.png`` (the ``shadow`` fragment in
a host page whose CSS is hostile), full page, at 390x844 and 1280x900.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import cstcontent

ROOT = Path(__file__).resolve().parents[1]
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


def pages() -> dict[str, str]:
    """The pages to photograph, by screenshot name."""
    guide = cstcontent.load(ROOT / "fixtures" / "sciatica.md")
    fragment = cstcontent.export(guide, "html", standalone=False, isolation="shadow", heading_level=2)
    return {
        "sciatica-page": cstcontent.export(guide, "html"),
        "sciatica-shadow-hostile": HOSTILE_HOST.format(fragment=fragment),
    }


def main() -> None:
    """Render every page at every viewport and save the PNGs."""
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for name, html in pages().items():
            path = Path(folder) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            for device, (width, height) in VIEWPORTS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, color_scheme="light"
                )
                page = context.new_page()
                page.goto(path.as_uri())
                target = OUT / f"{name}-{device}.png"
                page.screenshot(path=target, full_page=True)
                context.close()
                print(target.relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main()
