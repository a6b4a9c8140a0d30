"""The syndication kit: oEmbed response, iframe embed page and partner snippet, in Chromium.

The resizing test serves a partner page (the snippet, under a strict nonce CSP) from
http://127.0.0.1:8000 and the embed page (also under a nonce CSP) from http://127.0.0.1:8001,
both by Playwright route fulfilment, and checks that the frame takes the embed page's height
and grows when an FAQ answer opens.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import html5lib
import pytest

import cstcontent
from cstcontent.errors import ExportError, GuideValueError
from cstcontent.site import Publisher, SiteSettings
from support.checkers import FRAGMENT_DISABLED_RULES, axe_violations, describe_violations
from support.corpus import load_corpus

if TYPE_CHECKING:
    from playwright.sync_api import Route

FIXTURES = Path(__file__).parent.parent / "fixtures"
SCIATICA = cstcontent.load(FIXTURES / "sciatica.md")
SITE = SiteSettings(
    name="Example Clinic",
    base_url="https://example.org/conditions/",
    license="https://creativecommons.org/licenses/by-nd/4.0/",
    publisher=Publisher(name="Example Clinic Ltd", url="https://example.org/"),
)
LOGO_SITE = attrs.evolve(
    SITE,
    publisher=Publisher(
        name="Example Clinic Ltd", url="https://example.org/", logo="https://example.org/logo.png"
    ),
)
NONCE = "c3luZGljYXRpb24"
CSP = f"default-src 'none'; script-src 'nonce-{NONCE}'; style-src 'nonce-{NONCE}'; frame-src http://127.0.0.1:8001"
PARTNER = "http://127.0.0.1:8000"
PUBLISHER = "http://127.0.0.1:8001"


def graph_of(fragment: str) -> list[dict[str, object]]:
    tree = html5lib.parse(fragment, treebuilder="etree", namespaceHTMLElements=False)
    scripts = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert len(scripts) == 1
    graph: list[dict[str, object]] = json.loads(scripts[0].text)["@graph"]
    return graph


def test_oembed_has_the_fields_the_spec_requires() -> None:
    response = json.loads(cstcontent.export(SCIATICA, "oembed", site=SITE))
    assert response["version"] == "1.0"
    assert response["type"] == "rich"
    assert isinstance(response["width"], int)
    assert isinstance(response["height"], int)
    assert response["title"] == SCIATICA.title
    assert response["provider_name"] == "Example Clinic"
    assert response["provider_url"] == "https://example.org/"
    expected = cstcontent.export(
        SCIATICA,
        "html",
        standalone=False,
        isolation="scoped",
        site=SITE,
        site_name="Example Clinic",
        syndicated=True,
    )
    assert response["html"] == expected


def test_attribution_is_on_in_every_syndicated_form() -> None:
    for name in ("oembed", "embed"):
        output = cstcontent.export(SCIATICA, name, site=SITE)
        document = json.loads(output)["html"] if name == "oembed" else output
        tree = html5lib.parse(document, treebuilder="etree", namespaceHTMLElements=False)
        footers = [f for f in tree.iter("footer") if "cst-attribution" in f.get("class", "")]
        assert len(footers) == 1, name
        link = footers[0].find(".//a")
        assert link.get("href") == SCIATICA.url
        assert "".join(footers[0].itertext()).split() == ["From", "Example", "Clinic"]
    plain = cstcontent.export(SCIATICA, "embed", site=SITE, attribution=False)
    assert "<footer" not in plain


def test_the_attribution_shows_the_publisher_logo_when_the_site_has_one() -> None:
    def logos(site: SiteSettings) -> list[dict[str, str]]:
        found = []
        for name in ("oembed", "embed"):
            output = cstcontent.export(SCIATICA, name, site=site)
            document = json.loads(output)["html"] if name == "oembed" else output
            tree = html5lib.parse(document, treebuilder="etree", namespaceHTMLElements=False)
            for footer in tree.iter("footer"):
                if "cst-attribution" in footer.get("class", ""):
                    found += [dict(image.attrib) for image in footer.iterfind(".//a/img")]
        return found

    expected = {"class": "cst-attribution-logo", "src": LOGO_SITE.publisher.logo, "alt": ""}  # type: ignore[union-attr]
    assert logos(LOGO_SITE) == [expected, expected]  # the link's text names the site, so alt is empty
    assert logos(SITE) == []


def test_syndicated_json_ld_says_where_it_comes_from() -> None:
    page, *rest = graph_of(json.loads(cstcontent.export(SCIATICA, "oembed", site=SITE))["html"])
    assert page["@type"] == "MedicalWebPage"
    assert page["@id"] == "#/schema/webpage"
    assert "url" not in page
    assert page["isBasedOn"] == SCIATICA.url
    assert page["license"] == SITE.license
    assert page["copyrightHolder"] == {"@id": "https://example.org/#/schema/organization"}
    faq = next(node for node in rest if node["@type"] == "FAQPage")
    assert faq["isPartOf"] == {"@id": "#/schema/webpage"}
    canonical_page = graph_of(cstcontent.export(SCIATICA, "html", site=SITE))[0]
    assert not {"isBasedOn", "license", "copyrightHolder"} & canonical_page.keys()


def test_syndicated_json_ld_passes_our_validator(tmp_path: Path) -> None:
    from cstcontent.structured.validate import validate_bytes

    page = cstcontent.export(SCIATICA, "embed", site=SITE).encode()
    assert [p for p in validate_bytes(page, html=True) if p.severity == "error"] == []


def test_snippet_points_at_the_embed_page() -> None:
    snippet = cstcontent.export(SCIATICA, "snippet", site=SITE)
    tree = html5lib.parseFragment(snippet, treebuilder="etree", namespaceHTMLElements=False)
    frame = tree.find("iframe")
    assert frame.get("src") == "https://example.org/conditions/sciatica.embed.html"
    assert frame.get("title") == SCIATICA.title


def serve(route: Route, body: str, content_type: str = "text/html") -> None:
    route.fulfill(status=200, content_type=content_type, body=body, headers={"Content-Security-Policy": CSP})


def test_the_frame_takes_the_embed_page_height_and_grows_when_an_answer_opens(new_page) -> None:
    guide = attrs.evolve(SCIATICA, url=f"{PUBLISHER}/conditions/sciatica")
    embed = cstcontent.export(guide, "embed", nonce=NONCE)
    snippet = cstcontent.export(guide, "snippet", nonce=NONCE, height=150)
    partner = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head>'
        f"<body><h1>Partner page</h1>{snippet}<p>After the guide.</p></body></html>"
    )
    page = new_page()
    page.context.route(f"{PARTNER}/**", lambda route: serve(route, partner))
    page.context.route(f"{PUBLISHER}/**", lambda route: serve(route, embed))
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text) if message.type == "error" else None)
    page.goto(f"{PARTNER}/partner.html")
    frame_element = page.locator("iframe")
    frame = page.frame_locator("iframe")
    frame.locator("summary").first.wait_for()

    def frame_height() -> int:
        return int(frame_element.evaluate("f => f.getBoundingClientRect().height"))

    def content_height() -> int:
        inner = frame_element.element_handle().content_frame()
        return int(inner.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)"))

    page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")
    page.wait_for_function(
        "h => Math.abs(document.querySelector('iframe').getBoundingClientRect().height - h) <= 1",
        arg=content_height(),
    )
    closed = frame_height()
    assert closed > 150
    frame.locator("summary").first.click()
    page.wait_for_function(
        f"() => document.querySelector('iframe').getBoundingClientRect().height > {closed}"
    )
    assert abs(frame_height() - content_height()) <= 1
    assert violations == []


def test_a_message_from_elsewhere_does_not_resize_the_frame(new_page) -> None:
    snippet = cstcontent.export(SCIATICA, "snippet", nonce=NONCE, height=150)
    message = '{type: "cstcontent:height", height: 4321}'
    forged = f'<script nonce="{NONCE}">window.postMessage({message}, "*");</script>'
    partner = (
        f'<!DOCTYPE html><html lang="en"><head><title>P</title></head><body>{snippet}{forged}</body></html>'
    )
    page = new_page()
    page.context.route(f"{PARTNER}/**", lambda route: serve(route, partner))
    page.context.route("https://example.org/**", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{PARTNER}/partner.html")
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.querySelector('iframe').style.height") == ""


def test_embed_page_passes_vnu_and_axe(tmp_path: Path, vnu, page) -> None:
    path = tmp_path / "sciatica.embed.html"
    path.write_text(cstcontent.export(SCIATICA, "embed", site=LOGO_SITE), encoding="utf-8")
    assert 'class="cst-attribution-logo"' in path.read_text(encoding="utf-8")
    assert vnu([path]) == {path: []}
    page.goto(path.as_uri())
    violations = axe_violations(page, disable=FRAGMENT_DISABLED_RULES)
    assert violations == [], describe_violations(violations)


def test_hostile_text_stays_inside_json_and_attributes() -> None:
    checked = 0
    for text in load_corpus():
        try:
            guide = attrs.evolve(SCIATICA, title=text, authors=[cstcontent.Person(text)])
        except GuideValueError:
            continue
        checked += 1
        site = attrs.evolve(SITE, name=text)
        try:
            raw = cstcontent.export(guide, "oembed", site=site)
        except ExportError as error:  # a site name the attribution refuses to show
            refused = str(error)
        else:
            refused = ""
        if refused:
            assert "site_name" in refused
            continue
        assert "<" not in raw
        response = json.loads(raw)
        assert response["title"] == text
        assert response["author_name"] == text
        assert response["provider_name"] == text
        snippet = cstcontent.export(guide, "snippet", site=site)
        tree = html5lib.parseFragment(snippet, treebuilder="etree", namespaceHTMLElements=False)
        assert [element.tag for element in tree] == ["iframe", "script"]
        assert tree.find("iframe").get("title") == text
    assert checked > 300


@pytest.mark.parametrize("name", ["oembed", "embed", "snippet"])
def test_bad_options_are_refused(name: str) -> None:
    with pytest.raises((TypeError, ValueError)):
        cstcontent.export(SCIATICA, name, nonce="not a nonce!")
