"""The page's head: canonical, Open Graph, Twitter card, Markdown alternate, hreflang, description length.

extruct (an independent extractor) reads the Open Graph data back; vnu checks the page.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path
from typing import Any

import attrs
import html5lib
import pytest

import cstcontent
from cstcontent import cli
from cstcontent.errors import ExportWarning, GuideValueError
from cstcontent.model import Translation
from cstcontent.nodes import Image
from cstcontent.site import Publisher, SiteSettings
from support.corpus import load_corpus

FIXTURES = Path(__file__).parent.parent / "fixtures"
NO_DESCRIPTION = cstcontent.load(FIXTURES / "sciatica.md")  # the seed, word for word: no description
SCIATICA = attrs.evolve(
    NO_DESCRIPTION, description="How CST approaches sciatica, what the evidence shows, when to see a doctor."
)


def page(guide: cstcontent.ConditionGuide, **options: object) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ExportWarning)
        return cstcontent.export(guide, "html", **options)


def parse(document: str) -> Any:
    return html5lib.parse(document, treebuilder="etree", namespaceHTMLElements=False)


def head(document: str) -> list[tuple[str, dict[str, str]]]:
    return [(element.tag, dict(element.attrib)) for element in parse(document).find("head")]


def open_graph(document: str) -> dict[str, list[str]]:
    import extruct

    found = extruct.extract(document, base_url="https://example.org/", syntaxes=["opengraph"], uniform=False)
    assert len(found["opengraph"]) == 1
    properties: dict[str, list[str]] = {}
    for key, value in found["opengraph"][0]["properties"]:
        properties.setdefault(key, []).append(value)
    return properties


def test_extruct_reads_the_open_graph_data() -> None:
    guide = attrs.evolve(SCIATICA, modified=SCIATICA.published)
    site = SiteSettings(
        name="Example Clinic", publisher=Publisher(name="Clinic", logo="https://example.org/logo.png")
    )
    found = open_graph(page(guide, site=site))
    assert found == {
        "og:type": ["article"],
        "og:title": [guide.title],
        "og:description": [guide.description],
        "og:url": [guide.url],
        "og:image": ["https://example.org/logo.png"],
        "og:site_name": ["Example Clinic"],
        "og:locale": ["en"],
        "article:published_time": ["2026-01-10"],
        "article:modified_time": ["2026-01-10"],
    }


def test_twitter_card_and_image_from_the_guide() -> None:
    picture = Image("images/disc.png", "A herniated disc")
    section = attrs.evolve(SCIATICA.sections[0], blocks=(*SCIATICA.sections[0].blocks, picture))
    guide = attrs.evolve(SCIATICA, sections=(section, *SCIATICA.sections[1:]))
    document = page(guide, include_jsonld=False)
    metas = {a.get("name"): a["content"] for tag, a in head(document) if tag == "meta" and "name" in a}
    assert metas["twitter:card"] == "summary_large_image"
    assert metas["twitter:image"] == "https://example.org/conditions/images/disc.png"
    assert metas["twitter:title"] == guide.title
    assert open_graph(document)["og:image"] == ["https://example.org/conditions/images/disc.png"]
    plain = {a.get("name"): a["content"] for tag, a in head(page(SCIATICA)) if tag == "meta" and "name" in a}
    assert plain["twitter:card"] == "summary"
    assert "twitter:image" not in plain


def test_canonical_and_markdown_alternate() -> None:
    links = [a for tag, a in head(page(SCIATICA)) if tag == "link"]
    assert {"rel": "canonical", "href": SCIATICA.url} in links
    assert {"rel": "alternate", "type": "text/markdown", "href": f"{SCIATICA.url}.md"} in links
    unplaced = attrs.evolve(SCIATICA, url=None)
    links = [a for tag, a in head(page(unplaced)) if tag == "link"]
    assert {"rel": "alternate", "type": "text/markdown", "href": "sciatica.md"} in links
    assert not [a for a in links if a["rel"] == "canonical"]


def test_hreflang_links_every_language_version_itself_included() -> None:
    guide = attrs.evolve(SCIATICA, translations=[Translation("es", "https://example.org/es/ciatica")])
    hreflang = [(a["hreflang"], a["href"]) for tag, a in head(page(guide)) if "hreflang" in a]
    assert hreflang == [("en", SCIATICA.url), ("es", "https://example.org/es/ciatica")]
    assert open_graph(page(guide))["og:locale:alternate"] == ["es"]
    assert not [a for _, a in head(page(SCIATICA)) if "hreflang" in a]


def test_translations_are_validated() -> None:
    with pytest.raises(GuideValueError, match="twice, or the guide's own"):
        attrs.evolve(SCIATICA, translations=[Translation("en", "https://example.org/x")])
    with pytest.raises(GuideValueError):
        Translation("es", "javascript:alert(1)")


def test_the_meta_description_is_the_description_else_the_summary() -> None:
    assert SCIATICA.description is not None
    assert SCIATICA.description != SCIATICA.summary
    for guide, expected in ((SCIATICA, SCIATICA.description), (NO_DESCRIPTION, SCIATICA.summary)):
        document = page(guide)
        metas = {a.get("name"): a["content"] for tag, a in head(document) if tag == "meta" and "name" in a}
        assert metas["description"] == metas["twitter:description"] == expected
        assert open_graph(document)["og:description"] == [expected]
        ledes = [p for p in parse(document).iter("p") if p.get("class") == "cst-lede"]
        assert [lede.text for lede in ledes] == [SCIATICA.summary]  # the page still shows the summary


def test_a_long_description_warns_and_a_short_one_does_not(tmp_path: Path) -> None:
    assert len(SCIATICA.summary) > 160
    with pytest.warns(ExportWarning, match=f"summary is {len(SCIATICA.summary)} characters.*'description'"):
        cstcontent.export(NO_DESCRIPTION, "html")
    long = attrs.evolve(SCIATICA, description="Sciatica. " * 17)
    with pytest.warns(ExportWarning, match="the description is 170 characters"):
        cstcontent.export(long, "html")
    with warnings.catch_warnings():
        warnings.simplefilter("error", ExportWarning)
        cstcontent.export(SCIATICA, "html")  # its description is short
        cstcontent.export(attrs.evolve(NO_DESCRIPTION, summary="Sciatica and what CST can offer."), "html")
        cstcontent.export(NO_DESCRIPTION, "html", standalone=False)  # a fragment has no meta description
    out, err = io.StringIO(), io.StringIO()
    source_path, out_dir = os.fspath(FIXTURES / "sciatica.md"), os.fspath(tmp_path / "out")
    argv = ["export", source_path, "--to", "html", "--out", out_dir]
    assert cli.main(argv, stdout=out, stderr=err) == 0
    assert f"sciatica.md: html: the summary is {len(SCIATICA.summary)} characters" in err.getvalue()


def test_the_bundled_fixtures_export_to_every_format_with_only_their_own_warnings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES.parent)
    out, err = io.StringIO(), io.StringIO()
    argv = ["export", "fixtures", "--to", "all", "--out", os.fspath(tmp_path)]
    assert cli.main(argv, stdout=out, stderr=err) == 0
    warned = [line for line in err.getvalue().splitlines() if line.startswith("warning: ")]
    # A guide without an FAQ has no FAQPage, which is what jsonld exports; the sciatica guide is
    # the published seed word for word, whose summary is too long for a meta description.
    assert warned == [
        "warning: fixtures/infant-colic.md: skipped jsonld: the guide 'infant-colic' has no FAQ,"
        " so it has no FAQPage",
        f"warning: fixtures/sciatica.md: html: the summary is {len(NO_DESCRIPTION.summary)} characters;"
        " as the meta description, search results show about 160 of it and cut the rest:"
        " give the guide a shorter 'description' in its front matter for search results and link previews",
    ]
    for name in ("sitemap.xml", "feed.xml", "llms.txt", "index.html"):
        assert (tmp_path / name).stat().st_size > 0


def test_page_with_head_metadata_is_valid_html(tmp_path: Path, vnu) -> None:
    guide = attrs.evolve(SCIATICA, translations=[Translation("es", "https://example.org/es/ciatica")])
    path = tmp_path / "page.html"
    path.write_text(page(guide, site=SiteSettings(name="Clinic")), encoding="utf-8")
    assert vnu([path]) == {path: []}


def test_hostile_text_stays_inside_the_head_attributes() -> None:
    checked = 0
    for text in load_corpus():
        try:
            guide = attrs.evolve(SCIATICA, title=text, summary=text, description=text)
        except GuideValueError:
            continue
        checked += 1
        elements = head(page(guide, site=SiteSettings(name=text)))
        metas = [a for tag, a in elements if tag == "meta" and ("property" in a or "name" in a)]
        for attributes in metas:
            key = attributes.get("property") or attributes.get("name")
            assert set(attributes) in ({"property", "content"}, {"name", "content"}), attributes
            if key in ("og:title", "og:description", "og:site_name", "twitter:title", "twitter:description"):
                assert attributes["content"] == text, key
        assert [tag for tag, _ in elements].count("title") == 1
    assert checked > 300
