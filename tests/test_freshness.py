"""The content hash every HTML output, the oEmbed response and the snippet carry, and its ETag."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import attrs
import html5lib
import pytest

import cstcontent
from cstcontent.freshness import content_hash, etag
from cstcontent.site import SiteSettings

FIXTURES = Path(__file__).parent.parent / "fixtures"
SOURCE = (FIXTURES / "migraine.md").read_text(encoding="utf-8")
MIGRAINE = cstcontent.loads(SOURCE, format="markdown")
SITE = SiteSettings(name="Example Clinic", base_url="https://example.org/conditions/")

# RFC 9110, section 8.8.3: entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text
ENTITY_TAG = re.compile(r'(W/)?"[\x21\x23-\x7e\x80-\xff]*"')

pytestmark = pytest.mark.filterwarnings("ignore::cstcontent.errors.ExportWarning")


def carried_hashes(name: str, guide: cstcontent.ConditionGuide, **options: object) -> list[str]:
    """Every ``data-content-hash`` in the HTML of format `name` (for oembed, in the response's html)."""
    text = cstcontent.export(guide, name, **options)
    if name == "oembed":
        text = json.loads(text)["html"]
    tree = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    # html5lib keeps a declarative shadow root's <template> content as its children.
    hashes = (element.get("data-content-hash") for element in tree.iter())
    return [str(value) for value in hashes if value]


def test_every_html_output_carries_the_hash_of_its_guide() -> None:
    expected = content_hash(MIGRAINE, SITE)
    cases: list[tuple[str, dict[str, object]]] = [
        ("html", {}),
        ("html", {"standalone": False}),
        ("html", {"standalone": False, "isolation": "scoped"}),
        ("html", {"standalone": False, "isolation": "none"}),
        ("embed", {}),
        ("oembed", {}),
        ("snippet", {}),
    ]
    for name, options in cases:
        assert carried_hashes(name, MIGRAINE, site=SITE, **options) == [expected], (name, options)
    assert json.loads(cstcontent.export(MIGRAINE, "oembed", site=SITE))["content_hash"] == expected


def test_the_oembed_response_carries_the_review_dates() -> None:
    response = json.loads(cstcontent.export(MIGRAINE, "oembed"))
    assert MIGRAINE.last_reviewed is not None
    assert response["last_reviewed"] == MIGRAINE.last_reviewed.isoformat()
    assert "next_review" not in response  # the guide has none
    later = attrs.evolve(MIGRAINE, next_review=MIGRAINE.last_reviewed.replace(year=2027))
    assert json.loads(cstcontent.export(later, "oembed"))["next_review"] == "2027-03-05"


def test_the_hash_ignores_what_the_guide_does_not_say() -> None:
    # Source line numbers move when a blank line is added; the lossless JSON round trip keeps everything.
    moved = cstcontent.loads(SOURCE.replace("\n## ", "\n\n## ", 1), format="markdown")
    assert moved.sections[0].line != MIGRAINE.sections[0].line
    assert content_hash(moved) == content_hash(MIGRAINE)
    again = cstcontent.loads(cstcontent.export(MIGRAINE, "json"), format="json")
    assert content_hash(again) == content_hash(MIGRAINE)


def test_the_hash_changes_with_any_word_and_with_the_site() -> None:
    answer = MIGRAINE.faqs[0].answer[0].line
    lines = SOURCE.splitlines(keepends=True)
    edited = "".join([*lines[: answer - 1], lines[answer - 1].replace(" ", " the ", 1), *lines[answer:]])
    changed = cstcontent.loads(edited, format="markdown")
    assert changed.faqs[0] != MIGRAINE.faqs[0]
    hashes = {
        content_hash(MIGRAINE),
        content_hash(changed),
        content_hash(attrs.evolve(MIGRAINE, next_review=datetime.date(2027, 3, 5))),
        content_hash(MIGRAINE, SITE),
        content_hash(MIGRAINE, attrs.evolve(SITE, name="Another Clinic")),
    }
    assert len(hashes) == 5


def test_the_etag_is_a_weak_entity_tag_a_server_can_send() -> None:
    value = etag(MIGRAINE, SITE)
    assert ENTITY_TAG.fullmatch(value)
    assert value == f'W/"{content_hash(MIGRAINE, SITE)}"'
    assert value.startswith('W/"')  # a new cstcontent may write other bytes for the same content
