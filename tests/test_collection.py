"""Collection outputs: sitemap.xml, feed.xml (Atom), llms.txt and index.html over a folder of guides.

Checked with outside tools: lxml validates the sitemap against the sitemap protocol's XSD
(tests/data/sitemap), feedparser reads the feed back, markdown-it-py reads llms.txt, and
vnu and axe-core check the index page.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
from pathlib import Path
from typing import ClassVar

import attrs
import pytest
from lxml import etree

import cstcontent
from cstcontent import cli, exporters
from cstcontent.batch import MANIFEST_NAME
from cstcontent.errors import ExportError, GuideValueError
from cstcontent.exporters.collection import Collection, CollectionExporter, GuideEntry
from cstcontent.site import Publisher, SiteSettings
from support.checkers import axe_violations, describe_violations
from support.corpus import load_corpus

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "fixtures"
SCHEMAS = Path(__file__).parent / "data" / "sitemap"
COLLECTION_FILES = ("sitemap.xml", "feed.xml", "llms.txt", "index.html")
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def run(*argv: str | os.PathLike[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main([os.fspath(a) for a in argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def sitemap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap-with-alternates.xsd")))


def write_guide(folder: Path, slug: str, **front: str) -> Path:
    lines = [f"title: Guide {slug}", f"slug: {slug}", "summary: A summary.", "condition: Back pain"]
    lines += [f"{key}: {value}" for key, value in front.items()]
    path = folder / f"{slug}.md"
    path.write_text("---\n" + "\n".join(lines) + "\n---\n\nSome text.\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    status, _, err = run("export", FIXTURES, "--to", "all", "--out", out)
    assert status == 0, err
    return out


def test_all_writes_the_collection_files_at_the_root(build: Path) -> None:
    for name in COLLECTION_FILES:
        assert (build / name).is_file(), name


def test_a_rerun_writes_the_same_bytes(build: Path, tmp_path: Path) -> None:
    status, _, err = run("export", FIXTURES, "--to", "all", "--out", tmp_path)
    assert status == 0, err
    for name in COLLECTION_FILES:
        assert (tmp_path / name).read_bytes() == (build / name).read_bytes(), name


def test_reading_order_does_not_change_the_outputs(tmp_path: Path) -> None:
    guides = [GuideEntry.of(cstcontent.load(path)) for path in sorted(FIXTURES.glob("*.md"))]
    for name in ("sitemap", "feed", "llms", "index"):
        exporter = exporters.get_collection(name)
        forwards, backwards = Collection(entries=guides), Collection(entries=guides[::-1])
        assert exporter.export(forwards) == exporter.export(backwards)


def test_sitemap_is_valid_and_lastmod_is_the_change_date(build: Path) -> None:
    document = etree.parse(str(build / "sitemap.xml"))
    sitemap_schema().assertValid(document)
    guides = [cstcontent.load(path) for path in FIXTURES.glob("*.md")]
    found = {url.findtext(f"{SM}loc"): url.findtext(f"{SM}lastmod") for url in document.iter(f"{SM}url")}
    assert found == {g.url: (g.modified or g.published).isoformat() for g in guides if g.url}  # type: ignore[union-attr]


def test_sitemap_rejects_what_the_schema_rejects() -> None:
    """The schema is not a rubber stamp: a bad lastmod fails it."""
    bad = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.org/x</loc><lastmod>March</lastmod></url></urlset>'
    assert not sitemap_schema().validate(etree.fromstring(bad))


def test_hreflang_alternates_from_translations_and_translation_key(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    write_guide(source, "back-pain", url="https://example.org/en/back-pain", published="2026-01-01",
                translations="{es: 'https://example.org/es/dolor'}")  # fmt: skip
    write_guide(source, "rueckenschmerzen", url="https://example.org/de/ruecken", language="de",
                modified="2026-02-01", translation_key="back")  # fmt: skip
    write_guide(source, "mal-de-dos", url="https://example.org/fr/dos", language="fr", translation_key="back")
    write_guide(source, "alone", url="https://example.org/en/alone")
    status, _, err = run("export", source, "--to", "sitemap", "--out", tmp_path / "out")
    assert status == 0, err
    document = etree.parse(str(tmp_path / "out" / "sitemap.xml"))
    sitemap_schema().assertValid(document)
    links = {
        url.findtext(f"{SM}loc"): [(x.get("hreflang"), x.get("href")) for x in url.iter(f"{XHTML}link")]
        for url in document.iter(f"{SM}url")
    }
    assert links["https://example.org/en/back-pain"] == [
        ("en", "https://example.org/en/back-pain"), ("es", "https://example.org/es/dolor"),
    ]  # fmt: skip
    assert links["https://example.org/de/ruecken"] == [
        ("de", "https://example.org/de/ruecken"), ("fr", "https://example.org/fr/dos"),
    ]  # fmt: skip
    assert links["https://example.org/en/alone"] == []


def test_feed_reads_back_with_feedparser(build: Path) -> None:
    import feedparser

    feed = feedparser.parse((build / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    guides = {g.url: g for g in (cstcontent.load(path) for path in FIXTURES.glob("*.md"))}
    assert [entry.id for entry in feed.entries] == sorted(
        guides,
        key=lambda url: (-(guides[url].modified or guides[url].published).toordinal(), url),  # type: ignore[union-attr]
    )
    newest = max(g.modified or g.published for g in guides.values())  # type: ignore[type-var]
    assert feed.feed.updated == f"{newest.isoformat()}T00:00:00Z"
    for entry in feed.entries:
        guide = guides[entry.id]
        assert entry.title == guide.title
        assert entry.summary == guide.summary
        assert entry.link == guide.url
        assert {link.type: link.href for link in entry.links}["text/markdown"] == f"{guide.url}.md"
        assert entry.updated == f"{(guide.modified or guide.published).isoformat()}T00:00:00Z"  # type: ignore[union-attr]


def test_feed_uses_the_site_settings() -> None:
    site = SiteSettings(
        name="Example Clinic",
        base_url="https://example.org/conditions/",
        publisher=Publisher(name="Clinic Ltd"),
    )
    day = datetime.date(2026, 1, 2)
    entries = [GuideEntry(slug="a", title="A", summary="S", language="en", published=day)]
    import feedparser

    feed = feedparser.parse(exporters.get_collection("feed", site=site).export(Collection(entries=entries)))
    assert not feed.bozo
    assert feed.feed.title == "Example Clinic"
    assert feed.feed.author == "Clinic Ltd"
    assert {link.rel: link.href for link in feed.feed.links}[
        "self"
    ] == "https://example.org/conditions/feed.xml"
    assert feed.entries[0].id == "https://example.org/conditions/a"


def test_llms_txt_links_each_markdown_alternate(build: Path) -> None:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    text = (build / "llms.txt").read_text(encoding="utf-8")
    tree = SyntaxTreeNode(MarkdownIt("commonmark").parse(text))
    assert (tree.children[0].type, tree.children[0].tag) == ("heading", "h1")
    assert tree.children[1].type == "blockquote"
    links = [node for node in tree.walk() if node.type == "link"]
    guides = sorted((cstcontent.load(path) for path in FIXTURES.glob("*.md")), key=lambda g: g.slug)
    assert [link.attrs["href"] for link in links] == [f"{g.url}.md" for g in guides]
    assert [link.children[0].content for link in links] == [g.title for g in guides]
    for guide in guides:  # the Markdown alternate the link points at is written beside it
        assert (build / f"{guide.slug}.md").is_file()


def test_guides_without_a_url_are_left_out_with_a_warning(tmp_path: Path) -> None:
    write_guide(tmp_path, "has-url", url="https://example.org/a", published="2026-01-01")
    write_guide(tmp_path, "no-url")
    status, _, err = run("export", tmp_path, "--to", "sitemap,feed,llms", "--out", tmp_path / "out")
    assert status == 0, err
    assert "sitemap.xml: no-url: left out of sitemap.xml" in err
    assert "feed.xml: no-url: left out of feed.xml" in err
    assert "no-url.md" in (tmp_path / "out" / "llms.txt").read_text(encoding="utf-8")
    sitemap = (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/a" in sitemap
    assert "no-url" not in sitemap


def test_a_site_base_url_places_guides(tmp_path: Path) -> None:
    write_guide(tmp_path, "no-url")
    config = tmp_path / "site.toml"
    config.write_text('[site]\nname = "Clinic"\nbase_url = "https://example.org/c/"\n', encoding="utf-8")
    status, out, err = run("export", tmp_path / "no-url.md", "--to", "sitemap", "--config", config)
    assert status == 0, err
    assert "<loc>https://example.org/c/no-url</loc>" in out


def test_nothing_to_list_skips_the_file_with_a_warning(tmp_path: Path) -> None:
    write_guide(tmp_path, "no-url")
    status, _, err = run("export", tmp_path, "--to", "sitemap,markdown", "--out", tmp_path / "out")
    assert status == 0, err
    assert "skipped sitemap.xml: no guide has a canonical URL" in err
    assert not (tmp_path / "out" / "sitemap.xml").exists()
    with pytest.raises(ExportError):
        exporters.get_collection("sitemap").export(Collection(entries=[]))


def test_a_guide_output_is_never_overwritten_by_a_collection_file(tmp_path: Path) -> None:
    write_guide(tmp_path, "index", url="https://example.org/index-guide")
    status, _, err = run("export", tmp_path, "--to", "html,index", "--out", tmp_path / "out")
    assert status == 1
    assert "index.html: not written: it would overwrite" in err
    assert "Guide index" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    # Again, when the guide's index.html is up to date and the batch leaves it alone.
    status, _, err = run("export", tmp_path, "--to", "html,index", "--out", tmp_path / "out")
    assert status == 1
    assert "1 up to date" in err
    assert "index.html: not written: it would overwrite" in err
    assert "Guide index" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


@attrs.frozen(kw_only=True)
class SlugList(CollectionExporter):
    name: ClassVar[str] = "slug-list"
    media_type: ClassVar[str] = "text/plain"
    filename: ClassVar[str] = "slugs.txt"
    separator: str = "\n"

    def export(self, collection: Collection) -> str:
        return self.separator.join(entry.slug for entry in collection.entries) + "\n"


def test_a_plugin_adds_a_collection_format(tmp_path: Path) -> None:
    exporters.register("slug-list", SlugList)
    try:
        assert "slug-list" in exporters.names()
        assert exporters.is_collection("slug-list")
        with pytest.raises(TypeError, match="collection format"):
            exporters.get("slug-list")
        status, _, err = run(
            "export", FIXTURES, "--to", "slug-list", "--set", "slug-list.separator=,", "--out", tmp_path
        )
        assert status == 0, err
        slugs = ",".join(source.stem for source in sorted(FIXTURES.glob("*.md")))
        assert (tmp_path / "slugs.txt").read_text() == slugs + "\n"
    finally:
        exporters.unregister("slug-list")


def test_index_page_passes_vnu_and_axe(build: Path, vnu, page) -> None:
    assert vnu([build / "index.html"]) == {build / "index.html": []}
    page.goto((build / "index.html").as_uri())
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    titles = page.locator("h2 a").all_inner_texts()
    guides = sorted(map(cstcontent.load, FIXTURES.glob("*.md")), key=lambda g: g.slug)
    assert titles == [g.title for g in guides]


# ---------------------------------------------------------------------------------------------
# Hostile text in every field of the entries cannot escape XML, Markdown or HTML.


def hostile_entries() -> list[tuple[str, GuideEntry]]:
    base = cstcontent.load(FIXTURES / "sciatica.md")
    found = []
    for number, text in enumerate(load_corpus()):
        try:
            guide = attrs.evolve(
                base, slug=f"g{number}", title=text, summary=text, url=f"https://example.org/g{number}",
                authors=[cstcontent.Person(text)],
            )  # fmt: skip
        except GuideValueError:
            continue
        found.append((text, GuideEntry.of(guide)))
    assert len(found) > 300
    return found


def test_hostile_text_stays_text_in_sitemap_feed_llms_and_index() -> None:
    pairs = hostile_entries()
    texts = {entry.url: text for text, entry in pairs}
    collection = Collection(entries=[entry for _, entry in pairs])
    site = SiteSettings(name=pairs[0][0], base_url="https://example.org/")

    sitemap = etree.fromstring(exporters.get_collection("sitemap", site=site).export(collection).encode())
    sitemap_schema().assertValid(sitemap)
    assert [child.tag for child in sitemap] == [f"{SM}url"] * len(pairs)

    feed_text = exporters.get_collection("feed", site=site, limit=10_000).export(collection)
    feed = etree.fromstring(feed_text.encode())
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(pairs)
    for entry in entries:
        text = texts[entry.findtext(f"{ATOM}id")]
        assert [child.tag.removeprefix(ATOM) for child in entry] == [
            "id", "title", "link", "link", "published", "updated", "author", "summary",
        ]  # fmt: skip
        assert entry.findtext(f"{ATOM}title") == text
        assert entry.findtext(f"{ATOM}summary") == text
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == text

    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

    llms = exporters.get_collection("llms", site=site).export(collection)
    tree = SyntaxTreeNode(MarkdownIt("commonmark").parse(llms))
    items = tree.children[-1]
    assert items.type == "bullet_list"
    assert len(items.children) == len(pairs)
    for item, (text, _) in zip(items.children, sorted(pairs, key=lambda p: p[1].slug), strict=True):
        inline = item.children[0].children[0]
        link = inline.children[0]
        assert link.type == "link"
        assert "".join(child.content for child in link.children) == text
        assert all(node.type not in ("html_inline", "html_block", "image") for node in item.walk())

    import html5lib

    page = exporters.get_collection("index", site=site).export(collection)
    root = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    assert {el.tag for el in root.iter() if isinstance(el.tag, str)} <= {
        "html", "head", "meta", "title", "link", "style", "body", "main",
        "h1", "p", "ul", "li", "h2", "a", "time",
    }  # fmt: skip
    assert not [el for el in root.iter() if any(name.startswith("on") for name in el.attrib)]
    assert [a.text for a in root.iter("a")] == [p[0] for p in sorted(pairs, key=lambda p: p[1].slug)]


def test_collection_entries_hold_no_body() -> None:
    fields = {field.name for field in attrs.fields(GuideEntry)}
    assert not fields & {"intro", "sections", "faqs", "references"}


def test_cli_writes_collection_to_stdout_for_one_format() -> None:
    status, out, err = run("export", FIXTURES, "--to", "llms")
    assert status == 0, err
    assert out.startswith("# Condition guides\n")


def test_unused_copy_of_fixtures_is_left_alone(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES, tmp_path / "src")
    status, _, _ = run("export", tmp_path / "src", "--to", "index", "--out", tmp_path / "src")
    assert status == 0
    assert sorted(p.name for p in (tmp_path / "src").iterdir()) == sorted(
        [p.name for p in FIXTURES.iterdir()] + ["index.html", MANIFEST_NAME]
    )
