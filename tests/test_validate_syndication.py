"""validate-jsonld: shadow roots are shown, dates in order, one page per URL, the FAQ note."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import cstcontent
from cstcontent import cli
from cstcontent.structured.faq import GOOGLE_FAQ_NOTE
from cstcontent.structured.validate import validate_bytes
from support.checkers import wrap_fragment

FIXTURES = Path(__file__).parent.parent / "fixtures"
SCIATICA = cstcontent.load(FIXTURES / "sciatica.md")


def validate(*paths: Path, strict: bool = True) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    argv = ["validate-jsonld", *(["--strict"] if strict else []), *map(str, paths)]
    return cli.main(argv, stdout=out, stderr=err), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("isolation", ["shadow", "scoped", "none"])
def test_every_fragment_mode_passes_strict_validation(tmp_path: Path, isolation: str) -> None:
    fragment = cstcontent.export(SCIATICA, "html", standalone=False, isolation=isolation)
    path = tmp_path / "host.html"
    path.write_text(wrap_fragment(fragment), encoding="utf-8")
    status, out, err = validate(path)
    assert (status, out) == (0, ""), out + err


def page_with(template_attributes: str) -> bytes:
    question = "Is CST safe during a flare-up?"
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": "<p>Yes.</p>"},
            }
        ],
    }
    return (
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><div>'
        f"<template{template_attributes}><p>{question}</p><p>Yes.</p></template></div>"
        f'<script type="application/ld+json">{json.dumps(data)}</script></body></html>'
    ).encode()


def test_a_declarative_shadow_root_counts_as_shown_and_a_plain_template_does_not() -> None:
    assert validate_bytes(page_with(' shadowrootmode="open"'), html=True) == []
    assert validate_bytes(page_with(' shadowrootmode="closed"'), html=True) == []
    hidden = [p.message for p in validate_bytes(page_with(""), html=True)]
    assert any("is not shown on the page" in message for message in hidden)


def jsonld(*nodes: dict[str, object]) -> bytes:
    return json.dumps({"@context": "https://schema.org", "@graph": list(nodes)}).encode()


def test_out_of_order_dates_are_reported() -> None:
    bad = jsonld({"@type": "WebPage", "@id": "https://example.org/a", "datePublished": "2026-03-01",
                  "dateModified": "2026-02-01"})  # fmt: skip
    problems = validate_bytes(bad, html=False)
    assert [(p.severity, p.path) for p in problems] == [("warning", "$['@graph'][0].dateModified")]
    assert "before datePublished (2026-03-01)" in problems[0].message
    good = jsonld({"@type": "WebPage", "@id": "https://example.org/a", "datePublished": "2026-01-01",
                   "dateModified": "2026-02-01T10:00:00Z"})  # fmt: skip
    assert validate_bytes(good, html=False) == []


def test_two_page_nodes_with_one_url_and_different_types_are_reported() -> None:
    url = "https://example.org/a"
    bad = jsonld(
        {"@type": "MedicalWebPage", "@id": url, "url": url},
        {"@type": "FAQPage", "@id": f"{url}#faq", "url": url, "mainEntity": []},
    )
    messages = [p.message for p in validate_bytes(bad, html=False)]
    assert any("both claim the url 'https://example.org/a' with different types" in m for m in messages)
    same_node = jsonld(
        {"@type": "WebPage", "@id": url, "url": url}, {"@id": url, "@type": "WebPage", "url": url}
    )
    assert not [p for p in validate_bytes(same_node, html=False) if "both claim" in p.message]


def test_an_faqpage_without_questions_is_an_error() -> None:
    problems = validate_bytes(jsonld({"@type": "FAQPage", "@id": "https://example.org/a#faq"}), html=False)
    assert [(p.severity, p.message) for p in problems] == [
        ("error", "the FAQPage has no mainEntity: list its Questions there")
    ]


def test_our_own_graph_has_one_page_node_per_url(tmp_path: Path) -> None:
    path = tmp_path / "sciatica.html"
    path.write_text(cstcontent.export(SCIATICA, "html"), encoding="utf-8")
    status, out, _ = validate(path)
    assert (status, out) == (0, "")


def test_the_google_note_is_said_once_and_only_with_an_faqpage(tmp_path: Path) -> None:
    paths = []
    for slug in ("sciatica", "migraine"):
        paths.append(tmp_path / f"{slug}.jsonld")
        paths[-1].write_text(
            cstcontent.export(cstcontent.load(FIXTURES / f"{slug}.md"), "jsonld"), encoding="utf-8"
        )
    status, _, err = validate(*paths)
    assert status == 0
    assert err.count("FAQ rich results no longer appear in Google Search") == 1
    assert f"note: {GOOGLE_FAQ_NOTE}" in err
    no_faq = tmp_path / "page.jsonld"
    no_faq.write_bytes(jsonld({"@type": "WebPage", "@id": "https://example.org/a"}))
    _, _, err = validate(no_faq)
    assert "Google" not in err


def test_no_output_claims_a_google_benefit(tmp_path: Path) -> None:
    argv = ["export", str(FIXTURES), "--to", "all", "--out", str(tmp_path)]
    assert cli.main(argv, stdout=io.StringIO(), stderr=io.StringIO()) == 0
    for path in tmp_path.iterdir():
        if path.is_file():
            assert "google" not in path.read_text(encoding="utf-8").lower(), path
