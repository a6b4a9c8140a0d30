"""Every HTML output is valid (W3C Nu validator) and accessible (axe-core, WCAG 2.2 A/AA).

Checked: the standalone page and the three fragment modes, for every fixture, for a guide
with hostile text in every field and for the showcase guide, which holds every node type
(callouts of every kind, tables, images, citations and references, review dates).
Fragments sit in a bare ``wrap_fragment`` page (with the fragment-only axe rules off) and,
at ``heading_level=2``, in a host page with its own ``<main>`` and ``<h1>`` (every rule on).
With ``isolation="none"`` the host page styles ``<summary>`` for its 24 px target size, as a
host of that mode must. vnu does not look inside ``<template>``, so the ``shadow`` mode's
shadow root is also validated on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import cstcontent
from cstcontent.model import ConditionGuide
from support.checkers import (
    FRAGMENT_DISABLED_RULES,
    axe_violations,
    describe_violations,
    shadow_root_html,
    wrap_fragment,
)
from support.guides import showcase_guide
from support.hostile import hostile_guide

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from conftest import VnuFunction

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").glob("*.md"))
MODES = ("shadow", "scoped", "none")
NONCE = "dGVzdC1ub25jZQ=="


def guides() -> dict[str, ConditionGuide]:
    return {path.stem: cstcontent.load(path) for path in FIXTURES} | {
        "hostile": hostile_guide(),
        "showcase": showcase_guide(),
    }


#: Export options by guide. The showcase's JSON-LD is the jsonld exporter's to check (neither
#: vnu nor axe reads inside a ld+json script), so it is left out of its pages.
OPTIONS: dict[str, dict[str, bool]] = {"showcase": {"include_jsonld": False}}


#: isolation="none" brings no style: the host gives <summary> its 24 px target size (WCAG 2.2).
HOST_STYLE = "<style>summary { padding: 0.5em 0; }</style>\n"


def host_with_heading(fragment: str, host_style: str) -> str:
    """A host page with its own landmarks and <h1>, around a fragment at heading_level=2."""
    return wrap_fragment(
        f"{host_style}<header><p>Partner site</p></header>\n"
        f"<main>\n<h1>Partner page</h1>\n{fragment}\n</main>",
        title="Partner page",
    )


def pages() -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Yield (name, page html, axe rules to disable) for every output checked."""
    for name, guide in guides().items():
        options = OPTIONS.get(name, {})
        yield f"{name}-page", cstcontent.export(guide, "html", nonce=NONCE, **options), ()
        for mode in MODES:
            host_style = HOST_STYLE if mode == "none" else ""
            fragment = cstcontent.export(
                guide, "html", standalone=False, isolation=mode, nonce=NONCE, **options
            )
            yield f"{name}-{mode}", wrap_fragment(host_style + fragment), FRAGMENT_DISABLED_RULES
            nested = cstcontent.export(
                guide, "html", standalone=False, isolation=mode, heading_level=2, **options
            )
            yield f"{name}-{mode}-h2", host_with_heading(nested, host_style), ()
            if mode == "shadow":
                yield (
                    f"{name}-shadow-root",
                    wrap_fragment(shadow_root_html(fragment)),
                    FRAGMENT_DISABLED_RULES,
                )


PAGES = {name: (text, disabled) for name, text, disabled in pages()}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("validity")
    paths = {}
    for name, (text, _) in PAGES.items():
        paths[name] = directory / f"{name}.html"
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def vnu_report(vnu: VnuFunction, written: dict[str, Path]) -> dict[str, list[str]]:
    report = vnu(list(written.values()))
    return {name: report[path] for name, path in written.items()}


@pytest.fixture(scope="module")
def shared_page(browser: Browser) -> Iterator[Page]:
    """One page for every audit in this module."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_vnu_finds_no_errors(vnu_report: dict[str, list[str]], name: str) -> None:
    assert vnu_report[name] == []


@pytest.mark.parametrize("name", [n for n in PAGES if not n.endswith("-shadow-root")])
def test_axe_finds_no_violations(shared_page: Page, written: dict[str, Path], name: str) -> None:
    shared_page.goto(written[name].as_uri())
    violations = axe_violations(shared_page, disable=PAGES[name][1])
    assert violations == [], describe_violations(violations)


def test_every_mode_is_checked() -> None:
    stems = {path.stem for path in FIXTURES} | {"hostile", "showcase"}
    expected = {
        f"{s}-{m}" for s in stems for m in ("page", *MODES, *(f"{m}-h2" for m in MODES), "shadow-root")
    }
    assert set(PAGES) == expected
