"""Shared fixtures: the W3C Nu validator and a headless Debian Chromium driven by Playwright.

The browser fixtures are lazy: Playwright is imported and Chromium started only by the
first test that asks for ``browser``, ``page`` or ``new_page``. A missing checker makes
those tests fail (run ``.ci/install-checkers``), never skip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from support.checkers import CheckerMissingError, collect_console_errors, launch_chromium, vnu_errors
from support.hypothesis_constants import ignore_source_constants

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

ignore_source_constants()  # before any test draws: derandomized runs are the same in any order

#: Playwright's default timeout is 30 s; a local page that takes longer is a failure.
PAGE_TIMEOUT_MS = 10_000

VnuFunction = Callable[[list[Path]], dict[Path, list[str]]]
NewPage = Callable[..., "Page"]


@pytest.fixture(scope="session")
def vnu() -> VnuFunction:
    """The Nu validator: ``vnu([paths]) -> {path: [errors]}``, one JVM per call."""
    return vnu_errors


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync API, started once for the session (only when a test needs it)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise CheckerMissingError(
            "the Python package playwright is missing: install the project's `test` extra "
            "(never run `playwright install`; the tests use Debian's /usr/bin/chromium)"
        ) from exc
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's headless Chromium, launched once for the session and closed at its end."""
    browser = launch_chromium(playwright)
    yield browser
    browser.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[NewPage]:
    """Make pages in fresh contexts: ``new_page(**context_options) -> Page``.

    Each page collects its console errors on ``page.console_errors`` from the start. Pass
    context options such as ``bypass_csp=True`` (see ``support.checkers`` on when to).
    All contexts are closed after the test.
    """
    contexts: list[BrowserContext] = []

    def make(**context_options: Any) -> Page:
        context = browser.new_context(**context_options)
        contexts.append(context)
        context.set_default_timeout(PAGE_TIMEOUT_MS)
        page = context.new_page()
        page.console_errors = collect_console_errors(page)  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: NewPage) -> Page:
    """A new page in its own browser context, with ``page.console_errors`` collected."""
    return new_page()


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """The live list of the ``page`` fixture's console errors and uncaught exceptions."""
    errors: list[str] = page.console_errors  # type: ignore[attr-defined]
    return errors
