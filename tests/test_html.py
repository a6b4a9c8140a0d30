"""The built-in HTML exporter, read back as a tree with html5lib (the HTML5 parsing algorithm)."""

from __future__ import annotations

import datetime
import html.parser
import json
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import html5lib
import pytest
from lxml import etree

import cstcontent
from cstcontent import exporters
from cstcontent.errors import ExportError
from cstcontent.exporters.html import TEMPLATE_NAMES, HtmlExporter
from cstcontent.model import ConditionGuide, FAQItem, Person, Section, walk_blocks
from cstcontent.nodes import (
    BLOCK_TYPES,
    INLINE_TYPES,
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Code,
    Emphasis,
    FootnoteRef,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Strong,
    Table,
    Text,
    plain_text,
)
from support.builders import guide as make_guide
from support.outputs import parse_html

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").glob("*.md"))
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
HOSTILE = '<script>alert(1)</script> " onmouseover="x </p>'

# --------------------------------------------------------------------------------------
# Reading the output back
# --------------------------------------------------------------------------------------


def _parser() -> html5lib.HTMLParser:
    # strict: any HTML5 parse error raises, so "it parses" means "it parses without errors".
    return html5lib.HTMLParser(strict=True, tree=html5lib.getTreeBuilder("lxml"), namespaceHTMLElements=False)


def parse_page(text: str) -> Any:
    """Return the <html> element of a whole page."""
    return _parser().parse(text).getroot()


def parse_fragment(text: str) -> Any:
    """Return the one root element of a fragment."""
    roots = [node for node in _parser().parseFragment(text) if not isinstance(node, str)]
    assert len(roots) == 1, roots
    return roots[0]


def squash(text: str) -> str:
    return " ".join(text.split())


def text_of(element: Any, *, citations: bool = True) -> str:
    """The text of `element`, squashed; without the ``[N]`` of citations if `citations` is False."""
    return squash("".join(element.itertext() if citations else _text_without_citations(element)))


def _text_without_citations(element: Any) -> Iterator[str]:
    yield element.text or ""
    for child in element:
        if child.tag != "sup" or child.get("class") != "cst-cite":
            yield from _text_without_citations(child)
        yield child.tail or ""


def start_tags(text: str) -> list[str]:
    """The start tags of `text` as the stdlib's HTML tokenizer reads them."""
    tags: list[str] = []

    class Collector(html.parser.HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)

    collector = Collector()
    collector.feed(text)
    collector.close()
    return tags


def export(guide: ConditionGuide, **options: Any) -> str:
    return exporters.get("html", **options).export(guide)


def all_ids(root: Any) -> list[str]:
    return [element.get("id") for element in root.iter(etree.Element) if element.get("id") is not None]


def check_references(root: Any) -> None:
    """Ids are unique and every in-page link and aria-labelledby names an existing id."""
    ids = all_ids(root)
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for link in root.iter("a"):
        href = link.get("href")
        if href.startswith("#"):
            assert href[1:] in ids, href
    for element in root.xpath("//*[@aria-labelledby]"):
        assert element.get("aria-labelledby") in ids


def paragraphs(guide: ConditionGuide) -> Iterator[Paragraph]:
    blocks = [
        *guide.intro,
        *(b for s in guide.sections for b in s.blocks),
        *(b for f in guide.faqs for b in f.answer),
    ]
    for block in walk_blocks(blocks):
        if isinstance(block, Paragraph):
            yield block


def inline_types(inlines: tuple[Inline, ...]) -> Iterator[type]:
    for node in inlines:
        yield type(node)
        if isinstance(node, Emphasis | Strong | Link):
            yield from inline_types(node.children)


def check_layout(text: str) -> None:
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    for number, line in enumerate(text.split("\n"), 1):
        assert line == line.rstrip(), f"trailing whitespace on line {number}: {line!r}"


# --------------------------------------------------------------------------------------
# Guides
# --------------------------------------------------------------------------------------


EVERY_NODE_BLOCKS: tuple[Block, ...] = (
    Heading(3, "Level three"),
    Paragraph(
        [
            Text("Plain, "),
            Emphasis([Text("emphasised")]),
            Text(", "),
            Strong([Text("strong and "), Emphasis([Text("both")])]),
            Text(", "),
            Code("a < b && c"),
            Text(", "),
            Link("https://example.org/a b?x=1&y=ü", [Text("a link")], title="The link's title"),
            LineBreak(),
            Text("after the break, "),
            Link("#faq", [Text("to the FAQ")]),
            Text(" and "),
            Link("#every-node", [Text("to this section")]),
        ]
    ),
    Heading(4, "Level four"),
    BulletList(
        [
            [Paragraph([Text("bullet one")])],
            [Paragraph([Text("bullet two")]), OrderedList([[Paragraph([Text("nested")])]])],
        ]
    ),
    Heading(5, "Level five"),
    OrderedList([[Paragraph([Text("third")])], [Paragraph([Text("fourth")])]], start=3),
    Heading(6, "Level six"),
    BlockQuote([Paragraph([Text("quoted")]), BlockQuote([Paragraph([Text("quoted twice")])])]),
)


@pytest.fixture(scope="module")
def every_node_guide() -> ConditionGuide:
    guide = make_guide(
        intro=[Paragraph([Text("Intro with "), Link("#a-question", [Text("a question link")])])],
        sections=[
            Section("every-node", "Every node", EVERY_NODE_BLOCKS),
            Section("second", "Second", [Paragraph([Text("Two.")])]),
        ],
        faqs=[
            FAQItem("a-question", "A question?", [Paragraph([Strong([Text("Yes")]), Text(".")])]),
            FAQItem("another-question", "Another question?", [BulletList([[Paragraph([Text("No.")])]])]),
        ],
    )
    # The guide must hold every node type, so that a new one fails here until it is rendered.
    blocks = list(walk_blocks(EVERY_NODE_BLOCKS))
    found = {type(block) for block in blocks}
    for block in blocks:
        if isinstance(block, Paragraph):
            found.update(inline_types(block.content))
    # Callouts, tables, images and citations are in support.guides.every_node_guide (test_html_nodes.py).
    assert found | {Callout, Table, Image, FootnoteRef} == set(BLOCK_TYPES) | set(INLINE_TYPES)
    return guide


# --------------------------------------------------------------------------------------
# The fixtures as pages
# --------------------------------------------------------------------------------------


@pytest.fixture(params=FIXTURES, ids=[path.stem for path in FIXTURES], scope="module")
def fixture_guide(request: pytest.FixtureRequest) -> ConditionGuide:
    return cstcontent.load(request.param)


def test_fixture_page_head(fixture_guide: ConditionGuide) -> None:
    text = export(fixture_guide)
    check_layout(text)
    assert text.startswith("<!DOCTYPE html>\n")
    root = parse_page(text)
    assert root.get("lang") == fixture_guide.language
    head = root.find("head")
    assert head.xpath("meta[@charset]")[0].get("charset").lower() == "utf-8"
    assert "width=device-width" in head.xpath("meta[@name='viewport']")[0].get("content")
    assert [t.text for t in head.iter("title")] == [fixture_guide.title]
    description = fixture_guide.description or fixture_guide.summary
    assert [m.get("content") for m in head.xpath("meta[@name='description']")] == [description]
    assert [link.get("href") for link in head.xpath("link[@rel='canonical']")] == [fixture_guide.url]
    # Nothing is loaded from elsewhere but the guide's own images: no other src, no
    # stylesheet links, one inline <style>.
    images = root.xpath("//figure[@class='cst-figure']/img[@loading='lazy']")
    assert root.xpath("//*[@src]") == images
    assert len(images) == sum(isinstance(block, Image) for block in walk_blocks(fixture_guide.body_blocks()))
    assert not root.xpath("//link[@rel='stylesheet'] | //iframe")
    assert len(head.findall("style")) == 1
    style = head.find("style").text
    assert "@import" not in style
    assert "url(" not in style


def test_page_without_url_has_no_canonical(fixture_guide: ConditionGuide) -> None:
    root = parse_page(export(attrs.evolve(fixture_guide, url=None)))
    assert not root.xpath("//link[@rel='canonical']")


def test_fixture_page_body(fixture_guide: ConditionGuide) -> None:
    guide = fixture_guide
    root = parse_page(export(guide))
    body = root.find("body")
    check_references(root)

    skip = body[0]
    assert skip.tag == "a"
    assert text_of(skip) == "Skip to content"
    target = root.xpath("//*[@id=$id]", id=skip.get("href").removeprefix("#"))
    assert [element.tag for element in target] == ["main"]
    assert target[0].get("id") == "content"

    assert [text_of(h) for h in root.iter("h1")] == [guide.title]
    article = root.find("body/main/article")
    assert article.get("class") == "cst-guide"
    assert guide.kicker in [text_of(p) for p in article.iter("p")]
    assert guide.summary in [text_of(p) for p in article.iter("p")]

    sections = article.findall("section")
    expected = (
        [(s.id, s.heading) for s in guide.sections]
        + ([("faq", guide.faq_heading)] if guide.faqs else [])
        + ([("references--list", "References")] if guide.references else [])
    )
    assert [(s.get("id"), text_of(s[0])) for s in sections] == expected
    for section in sections:
        assert section[0].tag == "h2"
        assert section.get("aria-labelledby") == section[0].get("id")

    details = root.xpath("//details")
    assert len(details) == len(guide.faqs)
    # The question's id is on its answer, inside the <details>: a link to it opens the <details>.
    assert [d.xpath("div[@class='cst-answer']/@id") for d in details] == [[f.id] for f in guide.faqs]
    assert [text_of(d.find("summary")) for d in details] == [f.question for f in guide.faqs]
    assert all(d.getparent().get("id") == "faq" for d in details)

    # Every paragraph is there: as a <p>, or as the whole of a list item (citation markers aside).
    rendered = {text_of(element, citations=False) for element in root.xpath("//p | //li")}
    for paragraph in paragraphs(guide):
        assert squash(plain_text(paragraph.content)) in rendered


def test_fixture_byline(fixture_guide: ConditionGuide) -> None:
    guide = fixture_guide
    root = parse_page(export(guide))
    bylines = root.xpath("//*[@class='cst-byline']")
    dates = [d for d in (guide.published, guide.modified, guide.last_reviewed) if d]
    if not (guide.authors or guide.reviewed_by or dates):
        assert not bylines
        return
    (byline,) = bylines
    assert [t.get("datetime") for t in byline.iter("time")] == [d.isoformat() for d in dates]
    byline_text = text_of(byline)
    for person in (*guide.authors, *guide.reviewed_by):
        assert person.name in byline_text
        if person.job_title:
            assert person.job_title in byline_text
    linked = {a.get("href"): text_of(a) for a in byline.iter("a")}
    assert linked == {p.url: p.name for p in (*guide.authors, *guide.reviewed_by) if p.url}


def test_byline_dates_and_people() -> None:
    guide = make_guide(
        published=datetime.date(2026, 2, 3),
        modified=datetime.date(2026, 12, 25),
        authors=[Person("Ann", job_title="Writer"), "Bo", Person("Cy", url="https://example.org/cy")],
    )
    (byline,) = parse_page(export(guide)).xpath("//*[@class='cst-byline']")
    assert [text_of(p) for p in byline.iter("p")] == [
        "By Ann (Writer), Bo and Cy",
        "Published 3 February 2026; updated 25 December 2026",
    ]


def test_jsonld_script(fixture_guide: ConditionGuide) -> None:
    root = parse_page(export(fixture_guide))
    scripts = root.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    expected = exporters.get("jsonld", graph=True).export(fixture_guide)
    assert not set("<>&") & set(expected)  # the promise that lets it go in unescaped
    assert json.loads(scripts[0].text) == json.loads(expected)
    assert not parse_page(export(fixture_guide, include_jsonld=False)).xpath("//script")


def test_jsonld_that_could_end_the_script_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class Leaky:
        def export(self, guide: ConditionGuide) -> str:
            return '{"name": "</script><script>alert(1)</script>"}'

    real_get = exporters.get
    monkeypatch.setattr(
        exporters, "get", lambda name, **o: Leaky() if name == "jsonld" else real_get(name, **o)
    )
    with pytest.raises(ExportError, match="jsonld"):
        HtmlExporter().export(make_guide())


def test_guide_without_faq_has_no_faq_section_and_no_faqpage() -> None:
    guide = make_guide(faqs=[], sections=[Section("only", "Only", [Paragraph([Text("x")])])])
    root = parse_page(export(guide))
    assert not root.xpath("//details | //*[@id='faq']")
    (script,) = root.xpath("//script")
    types = [node["@type"] for node in json.loads(script.text)["@graph"]]
    assert "MedicalWebPage" in types
    assert "FAQPage" not in types


# --------------------------------------------------------------------------------------
# Body text: every node type
# --------------------------------------------------------------------------------------


def test_every_node_type(every_node_guide: ConditionGuide) -> None:
    text = export(every_node_guide)
    check_layout(text)
    root = parse_page(text)
    check_references(root)
    (section,) = root.xpath("//section[@id='every-node']")

    assert [(h.tag, text_of(h)) for h in section.iter(*HEADINGS)] == [
        ("h2", "Every node"),
        ("h3", "Level three"),
        ("h4", "Level four"),
        ("h5", "Level five"),
        ("h6", "Level six"),
    ]
    paragraph = section.find("p")
    assert [text_of(e) for e in paragraph.findall("em")] == ["emphasised"]
    (strong,) = paragraph.findall("strong")
    assert text_of(strong) == "strong and both"
    assert [text_of(e) for e in strong.findall("em")] == ["both"]
    assert [c.text for c in paragraph.findall("code")] == ["a < b && c"]
    links = paragraph.findall("a")
    assert [(a.get("href"), a.get("title"), text_of(a)) for a in links] == [
        ("https://example.org/a%20b?x=1&y=%C3%BC", "The link's title", "a link"),
        ("#faq", None, "to the FAQ"),
        ("#every-node", None, "to this section"),
    ]
    (br,) = paragraph.findall("br")
    assert br.getprevious() is links[0]
    assert squash(br.tail) == "after the break,"

    (bullets,) = section.findall("ul")
    assert [text_of(li) for li in bullets.findall("li")] == ["bullet one", "bullet two nested"]
    nested = bullets.findall("li/ol")
    assert len(nested) == 1
    assert nested[0].get("start") is None
    assert [text_of(li) for li in nested[0].findall("li")] == ["nested"]

    (ordered,) = section.findall("ol")
    assert ordered.get("start") == "3"
    assert [text_of(li) for li in ordered.findall("li")] == ["third", "fourth"]

    (quote,) = section.findall("blockquote")
    assert text_of(quote.find("p")) == "quoted"
    assert text_of(quote.find("blockquote/p")) == "quoted twice"

    intro_link = root.xpath("//div[@class='cst-intro']//a")[0]
    assert intro_link.get("href") == "#a-question"
    assert [text_of(d.find("summary")) for d in root.iter("details")] == ["A question?", "Another question?"]
    assert text_of(root.xpath("//details/div[@id='a-question']/p/strong")[0]) == "Yes"
    assert text_of(root.xpath("//details/div[@id='another-question']/ul/li")[0]) == "No."


def test_ordered_list_start_zero() -> None:
    guide = make_guide(sections=[Section("s", "S", [OrderedList([[Paragraph([Text("zero")])]], start=0)])])
    assert parse_page(export(guide)).xpath("//section[@id='s']/ol")[0].get("start") == "0"


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://example.org/%7Euser/a%20b", "https://example.org/%7Euser/a%20b"),  # escapes kept
        ("https://example.org/100%", "https://example.org/100%25"),
        ("mailto:a@example.org?subject=Hi there", "mailto:a@example.org?subject=Hi%20there"),
        ("tel:+44 20 7946 0000", "tel:+44%2020%207946%200000"),
        ("../other/page.html#part", "../other/page.html#part"),  # not in-page: never prefixed
        ("  https://example.org/x  ", "https://example.org/x"),  # as a browser reads it
    ],
)
def test_link_hrefs(url: str, href: str) -> None:
    guide = make_guide(sections=[Section("s", "S", [Paragraph([Link(url, [Text("go")])])])])
    root = parse_fragment(export(guide, standalone=False, isolation="none", id_prefix="p_"))
    assert root.xpath("//section[@id='p_s']//a")[0].get("href") == href


# --------------------------------------------------------------------------------------
# Options
# --------------------------------------------------------------------------------------


def test_heading_level_shifts_every_heading(every_node_guide: ConditionGuide) -> None:
    root = parse_page(export(every_node_guide, heading_level=2))
    assert not root.xpath("//h1")
    assert [text_of(h) for h in root.iter("h2")] == [every_node_guide.title]
    assert [text_of(h) for h in root.iter("h3")] == ["Every node", "Second", every_node_guide.faq_heading]
    (section,) = root.xpath("//section[@id='every-node']")
    assert [(h.tag, text_of(h)) for h in section.iter(*HEADINGS)] == [
        ("h3", "Every node"),
        ("h4", "Level three"),
        ("h5", "Level four"),
        ("h6", "Level five"),
        ("h6", "Level six"),  # never below h6
    ]


def test_heading_level_five_caps_at_h6(every_node_guide: ConditionGuide) -> None:
    root = parse_page(export(every_node_guide, heading_level=5))
    assert [text_of(h) for h in root.iter("h5")] == [every_node_guide.title]
    section_headings = root.xpath(
        "//section[@id='every-node']//*[self::h1 or self::h2 or self::h3 or self::h4]"
    )
    assert section_headings == []
    assert len(root.xpath("//section[@id='every-node']//h6")) == 5


@pytest.mark.parametrize("standalone", [True, False])
def test_id_prefix_prefixes_every_id_and_in_page_link(
    every_node_guide: ConditionGuide, standalone: bool
) -> None:
    text = export(every_node_guide, id_prefix="g1_", standalone=standalone, isolation="none")
    root = parse_page(text) if standalone else parse_fragment(text)
    ids = all_ids(root)
    assert ids
    assert all(i.startswith("g1_") for i in ids)
    unprefixed = set(all_ids(parse_page(export(every_node_guide))))
    assert {i.removeprefix("g1_") for i in ids} == (unprefixed if standalone else unprefixed - {"content"})
    in_page = [a.get("href") for a in root.iter("a") if a.get("href").startswith("#")]
    assert len(in_page) == 3 + standalone  # intro, two in the section, the skip link
    assert all(href.startswith("#g1_") for href in in_page)
    check_references(root)


def test_two_guides_share_a_page(every_node_guide: ConditionGuide) -> None:
    other = cstcontent.load(FIXTURES[0])
    fragments = [
        export(g, standalone=False, isolation="none", id_prefix=p)
        for g, p in ((every_node_guide, "a_"), (other, "b_"))
    ]
    page = f"<!DOCTYPE html><html lang=en><head><title>t</title></head><body>{''.join(fragments)}</body>"
    root = parse_page(page)
    assert len(root.findall("body/article")) == 2
    check_references(root)


def test_fragment(fixture_guide: ConditionGuide) -> None:
    text = export(fixture_guide, standalone=False, isolation="none")
    check_layout(text)
    tags = start_tags(text)
    assert not {"html", "head", "body", "main", "style", "meta", "title", "link"} & set(tags)
    assert tags[0] == "article"
    root = parse_fragment(text)
    assert root.tag == "article"
    assert root.get("class") == "cst-guide"
    assert root.get("lang") == fixture_guide.language
    assert not [a for a in root.iter("a") if text_of(a) == "Skip to content" or a.get("href") == "#content"]
    assert [text_of(h) for h in root.iter("h1")] == [fixture_guide.title]
    assert len(root.findall("section")) == (
        len(fixture_guide.sections) + bool(fixture_guide.faqs) + bool(fixture_guide.references)
    )
    assert len(root.xpath(".//details")) == len(fixture_guide.faqs)
    assert len(root.xpath(".//script[@type='application/ld+json']")) == 1
    assert not parse_fragment(
        export(fixture_guide, standalone=False, isolation="none", include_jsonld=False)
    ).xpath(".//script")
    check_references(root)


def test_page_holds_the_fragment(fixture_guide: ConditionGuide) -> None:
    page_article = parse_page(export(fixture_guide)).find("body/main/article")
    fragment = parse_fragment(export(fixture_guide, standalone=False, isolation="none", attribution=False))
    assert etree.tostring(page_article) == etree.tostring(fragment)


def test_unknown_option_lists_the_valid_ones() -> None:
    with pytest.raises(TypeError, match="bogus") as error:
        exporters.get("html", bogus=1)
    for option in ("standalone", "heading_level", "id_prefix", "template_dir", "include_jsonld"):
        assert option in str(error.value)


def test_class_attributes() -> None:
    assert (HtmlExporter.name, HtmlExporter.media_type, HtmlExporter.extension) == (
        "html",
        "text/html",
        ".html",
    )
    assert isinstance(exporters.get("html"), HtmlExporter)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"standalone": "no"}, TypeError),
        ({"standalone": 0}, TypeError),
        ({"include_jsonld": None}, TypeError),
        ({"heading_level": True}, TypeError),
        ({"heading_level": "2"}, TypeError),
        ({"heading_level": 2.0}, TypeError),
        ({"heading_level": 0}, ValueError),
        ({"heading_level": 6}, ValueError),
        ({"id_prefix": None}, TypeError),
        ({"id_prefix": "1st"}, ValueError),
        ({"id_prefix": "a b"}, ValueError),
        ({"id_prefix": 'a"'}, ValueError),
        ({"id_prefix": "-a"}, ValueError),
        ({"template_dir": 3}, TypeError),
        ({"template_dir": b"/tmp"}, TypeError),
        ({"template_dir": "/no/such/folder"}, ValueError),
    ],
)
def test_invalid_option_values(options: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error, match=next(iter(options))):
        HtmlExporter(**options)


def test_template_dir_overrides_templates_by_name(tmp_path: Path, every_node_guide: ConditionGuide) -> None:
    (tmp_path / "faq.html").write_text(
        '<aside id="{{ prefix }}faq" class="custom">{{ guide.faqs|length }} questions</aside>\n',
        encoding="utf-8",
    )
    (tmp_path / "page.html").write_text(
        '{% extends "cstcontent/page.html" %}\n'
        '{% block head %}<meta name="x-custom" content="yes">\n{% endblock %}\n',
        encoding="utf-8",
    )
    root = parse_page(export(every_node_guide, template_dir=tmp_path, id_prefix="z_"))
    assert [text_of(a) for a in root.xpath("//aside[@class='custom'][@id='z_faq']")] == ["2 questions"]
    assert not root.xpath("//details | //style")
    assert root.xpath("//head/meta[@name='x-custom']")
    assert [text_of(h) for h in root.iter("h1")] == [every_node_guide.title]  # the rest stays packaged
    assert parse_page(export(every_node_guide)).xpath("//details")  # the default is untouched
    for name in TEMPLATE_NAMES:
        assert (Path(cstcontent.exporters.__file__).parent / "templates" / name).is_file()


def test_template_errors_are_export_errors(tmp_path: Path) -> None:
    (tmp_path / "byline.html").write_text("{{ no_such_variable }}\n", encoding="utf-8")
    with pytest.raises(ExportError, match="no_such_variable"):
        export(make_guide(), template_dir=str(tmp_path))


# --------------------------------------------------------------------------------------
# Hostile text stays text
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("standalone", [True, False])
def test_hostile_text_is_only_text(standalone: bool) -> None:
    guide = make_guide(
        title=HOSTILE,
        summary=HOSTILE,
        kicker=HOSTILE,
        faq_heading=HOSTILE,
        authors=[Person(HOSTILE, job_title=HOSTILE)],
        intro=[Paragraph([Text(HOSTILE)])],
        sections=[
            Section(
                "s",
                HOSTILE,
                [
                    Heading(3, HOSTILE),
                    Paragraph([Link('" onmouseover="x', [Text(HOSTILE)], title=HOSTILE)]),
                    BulletList([[Paragraph([Code(HOSTILE)])]]),
                ],
            )
        ],
        faqs=[FAQItem("q", HOSTILE, [Paragraph([Emphasis([Text(HOSTILE)])])])],
    )
    text = export(guide, standalone=standalone, isolation="none")
    root = parse_page(text) if standalone else parse_fragment(text)
    elements = list(root.iter(etree.Element))
    assert [s.get("type") for s in root.iter("script")] == ["application/ld+json"]
    assert not [(e.tag, name) for e in elements for name in e.attrib if name.startswith("on")]
    assert json.loads(next(root.iter("script")).text)  # still valid JSON
    if standalone:
        assert root.find("head/title").text == HOSTILE
        assert root.xpath("//meta[@name='description']")[0].get("content") == HOSTILE
    assert text_of(root.xpath("//h1")[0]) == squash(HOSTILE)
    assert text_of(root.xpath("//*[@class='cst-lede']")[0]) == squash(HOSTILE)
    assert text_of(root.xpath("//*[@class='cst-kicker']")[0]) == squash(HOSTILE)
    assert text_of(root.xpath("//summary")[0]) == squash(HOSTILE)
    assert text_of(root.xpath("//details/div/p/em")[0]) == squash(HOSTILE)
    assert text_of(root.xpath("//div[@class='cst-intro']/p")[0]) == squash(HOSTILE)
    assert [text_of(h) for h in root.xpath("//section[@id='s']/*[self::h2 or self::h3]")] == [
        squash(HOSTILE)
    ] * 2
    (link,) = root.xpath("//section[@id='s']//a")
    assert link.get("title") == HOSTILE
    assert link.get("href") == "%22%20onmouseover=%22x"
    assert text_of(link) == squash(HOSTILE)
    assert root.xpath("//section[@id='s']//li/code")[0].text == HOSTILE
    assert squash(HOSTILE) in text_of(root.xpath("//*[@class='cst-byline']")[0])


# --------------------------------------------------------------------------------------
# Determinism and import cost
# --------------------------------------------------------------------------------------

_RENDER_ALL = """
import glob, sys, cstcontent
for path in sorted(glob.glob("fixtures/*.md")):
    guide = cstcontent.load(path)
    for options in ({}, {"standalone": False, "id_prefix": "p_", "heading_level": 3}):
        sys.stdout.buffer.write(cstcontent.export(guide, "html", **options).encode("utf-8"))
"""


def test_output_is_byte_identical_across_runs() -> None:
    root = Path(__file__).parent.parent

    def run(seed: str) -> bytes:
        env = {**os.environ, "PYTHONHASHSEED": seed, "LC_ALL": "C", "TZ": "Pacific/Kiritimati"}
        return subprocess.run(
            [sys.executable, "-c", _RENDER_ALL], cwd=root, env=env, capture_output=True, check=True
        ).stdout

    first = run("1")
    assert first == run("2")
    assert first.count(b"</article>") == 2 * len(FIXTURES)
    guide = cstcontent.load(FIXTURES[0])
    assert export(guide) == export(guide)


def test_import_cstcontent_imports_no_template_engine() -> None:
    code = (
        "import sys, cstcontent\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'lxml', 'markupsafe')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_ids_reserved_by_the_page_match_the_model() -> None:
    # The page's own ids (content, faq) are the ones the model refuses as section and question ids;
    # the ids derived from them ("--heading") cannot be slugs, so they never clash either.
    root = parse_page(export(make_guide(sections=[Section("s", "S", [Paragraph([Text("x")])])])))
    own = {i for i in all_ids(root) if i not in {"s", "is-it-safe"}}
    assert own == {"content", "faq", "s--heading", "faq--heading"}
    assert {i for i in own if re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i)} == set(
        cstcontent.model.RESERVED_IDS
    )


def test_environment_is_created_once_per_template_dir(tmp_path: Path) -> None:
    from cstcontent.exporters import html as html_module

    guide = make_guide()
    export(guide, template_dir=tmp_path)
    misses = html_module._environment.cache_info().misses
    export(guide, template_dir=tmp_path)
    export(guide, template_dir=str(tmp_path), standalone=False, isolation="none", id_prefix="x_")
    assert html_module._environment.cache_info().misses == misses


# --------------------------------------------------------------------------------------
# Embedding: isolation, nonce, theme, attribution
# --------------------------------------------------------------------------------------


def test_shadow_fragment_is_the_default() -> None:
    guide = make_guide(url="https://www.example.org/guides/test")
    text = export(guide, standalone=False, nonce="bm9uY2U=")
    check_layout(text)
    assert text.startswith('<cst-guide>\n<template shadowrootmode="open">\n<style nonce="bm9uY2U=">\n')
    assert text == export(guide, standalone=False, isolation="shadow", nonce="bm9uY2U=")
    template = text[text.index("<template") : text.index("</template>")]
    assert "application/ld+json" not in template  # the JSON-LD is in the light DOM, for crawlers
    assert ":host {\n  display: block !important;" in template
    light = text[text.index("</template>") :]
    assert light.startswith('</template>\n<script type="application/ld+json" nonce="bm9uY2U=">\n')
    assert light.endswith("</script>\n</cst-guide>\n")
    inner = parse_fragment(template[template.index("<article") :])
    assert inner.tag == "article"
    assert [text_of(p) for p in inner.xpath("footer[@class='cst-attribution']/p")] == ["From example.org"]
    assert inner.xpath("footer/p/a")[0].get("href") == "https://www.example.org/guides/test"


def test_scoped_fragment_puts_its_style_first_in_the_article() -> None:
    text = export(make_guide(), standalone=False, isolation="scoped")
    root = parse_fragment(text)
    assert root.tag == "article"
    assert root[0].tag == "style"
    assert root[0].get("nonce") is None
    css = re.sub(r"/\*.*?\*/\n", "", root[0].text, flags=re.DOTALL)
    assert ".cst-guide :where(*) {\n  all: revert;\n}" in css
    # Every rule is scoped to the root class, at the specificity of one class.
    # (At-rules such as @media print aside; a pseudo-element adds no class.)
    selectors = [s.strip() for rule in re.findall(r"([^{}]*)\{", css) for s in rule.split(",\n")]
    selectors = [s for s in selectors if not s.startswith("@media ")]
    assert len(selectors) > 20
    scoped = re.compile(r"\.cst-guide( :where\(.*\)(::details-content)?)?")
    assert all(scoped.fullmatch(s) for s in selectors), selectors
    assert not re.search(r"\drem\b", css)  # a host's root font-size cannot reach in


def test_none_fragment_has_no_style() -> None:
    text = export(make_guide(url="https://example.org/g"), standalone=False, isolation="none", nonce="abc")
    assert "<style" not in text
    assert "style=" not in text
    assert '<script type="application/ld+json" nonce="abc">' in text


@pytest.mark.parametrize("isolation", ["page", "shadow", "scoped", "none"])
def test_every_style_and_script_carries_the_nonce(isolation: str) -> None:
    options = {} if isolation == "page" else {"standalone": False, "isolation": isolation}
    text = export(make_guide(url="https://example.org/g"), nonce="bm9uY2U=", **options)
    elements = [element for element in parse_html(text).iter() if element.tag in ("style", "script")]
    expected = {"none": ["script"], "shadow": ["script", "script", "style"]}
    expected_tags = expected.get(isolation, ["script", "style"])
    assert sorted(element.tag for element in elements) == expected_tags
    assert [element.get("nonce") for element in elements] == ["bm9uY2U="] * len(elements)


def test_page_keeps_its_form_and_takes_nonce_and_theme() -> None:
    guide = make_guide(url="https://example.org/g")
    root = parse_page(export(guide, nonce="n-1_2+/", theme={"accent": "#b00020", "font": "Georgia, serif"}))
    assert root.xpath("//head/style")[0].get("nonce") == "n-1_2+/"
    assert root.xpath("//script")[0].get("nonce") == "n-1_2+/"
    assert (
        ":root {\n  --cst-accent: #b00020;\n  --cst-font: Georgia, serif;\n}" in root.xpath("//style")[0].text
    )
    assert not root.xpath("//*[@class='cst-attribution']")  # the page is the canonical page
    assert root.xpath("//body/main/article")


def test_attribution_options() -> None:
    guide = make_guide(url="https://example.org/g")
    fragment = parse_fragment(export(guide, standalone=False, isolation="none", site_name="Example <Clinic>"))
    assert text_of(fragment.xpath("footer/p")[0]) == "From Example <Clinic>"
    off = parse_fragment(export(guide, standalone=False, isolation="none", attribution=False))
    assert not off.xpath("footer")
    no_url = parse_fragment(export(make_guide(), standalone=False, isolation="none"))
    assert not no_url.xpath("footer")


def test_theme_goes_into_the_fragment_root() -> None:
    theme = {"text": "rgb(10, 20, 30)", "background": "WhiteSmoke", "link": "hsl(220 90% 35%)"}
    for isolation, root in (("shadow", ":host"), ("scoped", ".cst-guide")):
        text = export(make_guide(), standalone=False, isolation=isolation, theme=theme)
        assert (
            f"{root} {{\n  --cst-text: rgb(10, 20, 30);\n  --cst-background: WhiteSmoke;\n"
            "  --cst-link: hsl(220 90% 35%);\n}" in text
        )


def test_theme_is_copied() -> None:
    theme = {"accent": "red"}
    exporter = HtmlExporter(theme=theme)
    theme["accent"] = "blue"
    assert exporter.theme == {"accent": "red"}


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"isolation": "iframe"}, ValueError),
        ({"isolation": None}, ValueError),
        ({"nonce": ""}, ValueError),
        ({"nonce": 'a" onload="x'}, ValueError),
        ({"nonce": "a b"}, ValueError),
        ({"nonce": "abc==="}, ValueError),
        ({"nonce": 12}, TypeError),
        ({"theme": [("text", "red")]}, TypeError),
        ({"theme": {"colour": "red"}}, ValueError),
        ({"theme": {"text": 1}}, TypeError),
        ({"theme": {"text": "red; background: url(x)"}}, ValueError),
        ({"theme": {"text": "red}body{display:none"}}, ValueError),
        ({"theme": {"text": "</style><script>"}}, ValueError),
        ({"theme": {"font": '"Comic Sans"'}}, ValueError),
        ({"theme": {"font": "'Comic Sans'"}}, ValueError),
        ({"theme": {"text": "url(https://example.org/x)"}}, ValueError),
        ({"theme": {"text": "URL(x)"}}, ValueError),
        ({"theme": {"text": "expression(alert(1))"}}, ValueError),
        ({"theme": {"text": "red\\9"}}, ValueError),
        ({"theme": {"text": "rgb(1, 2, 3"}}, ValueError),
        ({"theme": {"text": "rgb(1, 2, 3))"}}, ValueError),
        ({"theme": {"text": "var(--x)"}}, ValueError),
        ({"theme": {"text": "red /* x */"}}, ValueError),
        ({"theme": {"text": "red !important"}}, ValueError),
        ({"theme": {"text": " "}}, ValueError),
        ({"theme": {"text": "red\n"}}, ValueError),
        ({"attribution": 1}, TypeError),
        ({"site_name": 3}, TypeError),
        ({"site_name": " "}, ValueError),
        ({"site_name": "a\nb"}, ValueError),
    ],
)
def test_invalid_embedding_options(options: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error, match=next(iter(options))):
        HtmlExporter(**options)


def test_theme_needs_a_stylesheet() -> None:
    with pytest.raises(ValueError, match="theme"):
        HtmlExporter(standalone=False, isolation="none", theme={"text": "black"})
    HtmlExporter(standalone=True, isolation="none", theme={"text": "black"})  # the page has one


@pytest.mark.parametrize("isolation", ["shadow", "scoped", "none"])
def test_hostile_text_stays_text_in_every_mode(isolation: str) -> None:
    guide = make_guide(title=HOSTILE, faqs=[FAQItem("q", HOSTILE, [Paragraph([Text("</script><!--")])])])
    text = export(guide, standalone=False, isolation=isolation)
    ours = 1 if isolation == "shadow" else 0  # the shadow fragment's links script
    assert text.count("<script>") == ours
    assert "<!--" not in text
    assert start_tags(text).count("script") == 1 + ours
