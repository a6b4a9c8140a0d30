"""Outside checkers for tests: the W3C Nu validator, axe-core and Debian's Chromium.

All three are installed by ``.ci/install-checkers`` (Chromium from Debian, ``vnu-jar`` and
``axe-core`` from npm into ``node_modules/`` at the repo root). Python's ``playwright`` comes
from the project's ``test`` extra and never downloads a browser of its own. When a tool is
missing these helpers raise :class:`CheckerMissingError`: a test that needs a checker fails,
it is never skipped.

Traps handled here:

* vnu silently skips a file it cannot open (a missing file, or a non-ASCII name when the
  JVM runs without a UTF-8 locale) and still reports "no errors". :func:`vnu_errors` runs it
  with ``LC_ALL=C.UTF-8`` and ``--verbose`` and fails unless every file was really checked.
* vnu does not look inside ``<template>`` (so not into a declarative shadow root) nor into
  ``application/ld+json``: check those separately.
* A page with a strict Content-Security-Policy blocks ``page.add_script_tag`` (Playwright
  raises, and the attempt logs a CSP console error). :func:`axe_violations` injects axe-core
  with ``page.evaluate`` instead: code evaluated over the DevTools protocol is not subject to
  the page's CSP, so it works on CSP pages without ``bypass_csp``. Use the context option
  ``bypass_csp=True`` only when a test itself must inject tags (``add_script_tag`` or
  ``add_style_tag``) into a CSP page, and never in a test that checks the CSP, since it
  switches the page's policy off entirely.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright
    from playwright.sync_api import Error as PlaywrightError

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "run .ci/install-checkers from the repo root"

#: Flags for Chromium as root on a closed network. Playwright adds a fresh, temporary
#: ``--user-data-dir`` to every ``launch()`` itself (and refuses one in ``args``).
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

#: The axe-core rule tags every audit runs.
AXE_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")

#: Rules that only make sense for a whole page: disable them when auditing a fragment.
FRAGMENT_DISABLED_RULES: tuple[str, ...] = ("region", "landmark-one-main", "page-has-heading-one")

VNU_TIMEOUT_S = 600


class CheckerMissingError(RuntimeError):
    """An outside checker (java, vnu.jar, axe-core, Chromium, playwright) is not installed."""


class CheckerFailedError(RuntimeError):
    """An outside checker ran but its result cannot be trusted or parsed."""


# --------------------------------------------------------------------------------------
# W3C Nu Html Checker
# --------------------------------------------------------------------------------------


def _format_vnu_message(message: dict[str, Any]) -> str:
    """Render one vnu JSON message as ``line:column: text`` (or a non-document error)."""
    text = str(message.get("message", "")).strip()
    if message.get("type") == "non-document-error":
        return f"non-document-error: {text}"
    line = message.get("lastLine", message.get("firstLine", "?"))
    column = message.get("firstColumn", message.get("lastColumn", "?"))
    return f"{line}:{column}: {text}"


def vnu_errors(paths: Iterable[Path]) -> dict[Path, list[str]]:
    """Validate HTML files with the Nu Html Checker, all in one JVM.

    Returns every given path (as given, relative or not) mapped to its errors
    (``"line:col: message"``, an empty list when valid), including vnu's non-document errors.

    Raises:
        CheckerMissingError: java or ``vnu.jar`` is not installed.
        FileNotFoundError: a path is not an existing file (vnu would skip it silently).
        CheckerFailedError: vnu crashed, printed no JSON, skipped a file, or reported on a
            document it was not given.
    """
    given = [Path(p) for p in paths]
    absolute = {p: Path(os.path.abspath(p)) for p in given}
    files = list(dict.fromkeys(absolute.values()))
    if not files:
        return {}
    java = shutil.which("java")
    if java is None:
        raise CheckerMissingError(f"java is not on PATH, so vnu cannot run: {INSTALL_HINT}")
    if not VNU_JAR.is_file():
        raise CheckerMissingError(f"{VNU_JAR} is missing: {INSTALL_HINT}")
    for path in files:
        if not path.is_file():
            raise FileNotFoundError(f"vnu_errors: no such file: {path}")
        if "\n" in str(path):
            raise ValueError(f"vnu_errors: a newline in a file name is not supported: {path!r}")

    # A UTF-8 locale: without one the JVM cannot open non-ASCII file names, and vnu then
    # skips them without a word. --verbose lists each checked file on stderr, to prove it.
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", "--verbose"]
    proc = subprocess.run(
        [*command, *map(str, files)],
        capture_output=True,
        env=env,
        timeout=VNU_TIMEOUT_S,
        check=False,
    )
    stdout = proc.stdout.decode("utf-8", errors="replace")
    stderr = proc.stderr.decode("utf-8", errors="replace")
    if proc.returncode not in (0, 1):
        raise CheckerFailedError(f"vnu exited with {proc.returncode}:\n{stderr}\n{stdout}")
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError as exc:
        raise CheckerFailedError(f"vnu printed no JSON ({exc}):\n{stdout}\n{stderr}") from exc

    checked = set(stderr.splitlines())
    skipped = [str(p) for p in files if str(p) not in checked]
    if skipped:
        raise CheckerFailedError(f"vnu did not check {skipped}; its stderr:\n{stderr}")

    errors: dict[str, list[str]] = {str(p): [] for p in files}
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = str(message.get("url", ""))
        found = errors.get(unquote(url.removeprefix("file:")))
        if found is None:
            raise CheckerFailedError(f"vnu reported on a document it was not given: {message}")
        found.append(_format_vnu_message(message))
    return {p: list(errors[str(absolute[p])]) for p in given}


def wrap_fragment(fragment_html: str, title: str = "Fragment test", lang: str = "en") -> str:
    """Wrap an HTML fragment in a minimal valid HTML5 page with a plain ``<body>``.

    The host page adds no landmark or heading of its own: the fragment may bring its own
    ``<h1>``. Audit such a page with ``disable=FRAGMENT_DISABLED_RULES``.
    """
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html.escape(lang)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        "</head>\n"
        "<body>\n"
        f"{fragment_html}\n"
        "</body>\n"
        "</html>\n"
    )


# --------------------------------------------------------------------------------------
# Chromium through Playwright, and axe-core
# --------------------------------------------------------------------------------------


def launch_chromium(playwright: Playwright, **launch_options: Any) -> Browser:
    """Launch Debian's headless Chromium (never a Playwright-downloaded one)."""
    if not os.access(CHROMIUM, os.X_OK):
        raise CheckerMissingError(f"{CHROMIUM} is missing: {INSTALL_HINT}")
    extra_args = list(launch_options.pop("args", ()))
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[*CHROMIUM_ARGS, *extra_args],
        **launch_options,
    )


@functools.cache
def _axe_source() -> str:
    """Read axe-core's browser bundle once."""
    if not AXE_JS.is_file():
        raise CheckerMissingError(f"{AXE_JS} is missing: {INSTALL_HINT}")
    return AXE_JS.read_text(encoding="utf-8")


_AXE_RUN = """async (options) => {
  const results = await axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    tags: v.tags,
    nodes: v.nodes.map((n) => ({target: n.target, html: n.html, failureSummary: n.failureSummary})),
  }));
}"""


def axe_violations(
    page: Page,
    *,
    disable: tuple[str, ...] = (),
    tags: tuple[str, ...] = AXE_TAGS,
) -> list[dict[str, Any]]:
    """Run axe-core on the page's main frame and return its violations.

    Each violation is a dict with ``id``, ``impact``, ``help``, ``helpUrl``, ``tags`` and
    ``nodes`` (each with ``target``, a list of selectors that pierces shadow roots, ``html``
    and ``failureSummary``). axe audits open shadow roots; it does not audit iframes (it
    would need injecting into each). Works under a strict CSP without ``bypass_csp``: axe
    is injected by ``page.evaluate``, which the page's CSP does not govern.
    """
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(_axe_source())
        if not page.evaluate("() => typeof window.axe === 'object'"):
            raise CheckerFailedError(
                "axe-core was injected but window.axe is missing (does the page define an AMD "
                "`define` or overwrite `axe`?)"
            )
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "rules": {rule: {"enabled": False} for rule in disable},
        "resultTypes": ["violations"],
    }
    violations: list[dict[str, Any]] = page.evaluate(_AXE_RUN, options)
    return violations


_AXE_RULE_NODES = """async (options) => {
  const results = await axe.run(document, options);
  const nodes = (items) => items.flatMap((rule) => rule.nodes.map((n) => n.html));
  return {passes: nodes(results.passes), violations: nodes(results.violations),
          incomplete: nodes(results.incomplete)};
}"""


def axe_rule_nodes(page: Page, rule: str) -> dict[str, list[str]]:
    """Run one axe-core rule and return the HTML of the nodes it passed, failed or left undecided.

    For proving that a rule really looked at an element (``passes``), not only that it found
    nothing wrong: e.g. that ``color-contrast`` measured a callout's text.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    options = {"runOnly": {"type": "rule", "values": [rule]}}
    nodes: dict[str, list[str]] = page.evaluate(_AXE_RULE_NODES, options)
    return nodes


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Format axe violations for an assertion message, one line per failing node."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            where = node["target"]
            lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {where}")
    return "\n".join(lines) or "no violations"


def collect_console_errors(page: Page) -> list[str]:
    """Collect the page's console errors and uncaught exceptions into a live list.

    Call it before ``page.goto`` so nothing is missed. Each item reads
    ``"console.error: <text> (<url>:<line>)"`` or ``"pageerror: <message>"``. CSP violations
    and failed loads (``net::ERR_FILE_NOT_FOUND``) arrive as console errors too.
    """
    errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            errors.append(
                f"console.error: {message.text} ({where.get('url', '')}:{where.get('lineNumber', '')})"
            )

    def on_page_error(error: PlaywrightError) -> None:
        errors.append(f"pageerror: {error.message}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    return errors


_SHADOW_ROOT = re.compile(r"<template shadowrootmode=\"open\">\n?(.*)</template>", re.DOTALL)


def shadow_root_html(fragment_html: str) -> str:
    """Return the content of the one declarative shadow root in `fragment_html`.

    vnu does not look inside ``<template>``: validate this content on its own, e.g. in a
    ``wrap_fragment`` page (a ``<style>`` in ``<body>`` is valid HTML).
    """
    found = _SHADOW_ROOT.findall(fragment_html)
    if len(found) != 1:
        raise ValueError(f'expected one <template shadowrootmode="open">, found {len(found)}')
    content: str = found[0]
    return content.rstrip()
