"""The jsonld exporter: the plain FAQPage, the schema.org graph, and the page that embeds it.

Besides our own validator, independent tools check the output: extruct extracts the
page's items, pyld expands the graph (offline, with a local schema.org context), and
lxml reads the questions the page shows.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import cstcontent
from cstcontent import exporters
from cstcontent.errors import ExportError
from cstcontent.model import Person
from cstcontent.nodes import Paragraph, Text
from cstcontent.site import Publisher, SiteSettings
from cstcontent.structured.validate import validate_bytes

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "fixtures"
DATA = Path(__file__).parent / "data" / "jsonld"
GUIDES = {path.stem: cstcontent.load(path) for path in sorted(FIXTURES.glob("*.md"))}
WITH_FAQ = [slug for slug, guide in GUIDES.items() if guide.faqs]
SCHEMA = "http://schema.org/"
SITE = SiteSettings(
    name="Example Craniosacral Clinic",
    base_url="https://example.org/conditions/",
    language="en-GB",
    publisher=Publisher(
        name="Example Clinic Ltd", url="https://example.org/", logo="https://example.org/logo.png"
    ),
)


def graph_of(guide: cstcontent.ConditionGuide, site: SiteSettings | None = SITE) -> list[dict[str, Any]]:
    document = json.loads(cstcontent.export(guide, "jsonld", graph=True, site=site))
    assert document.keys() == {"@context", "@graph"}
    assert document["@context"] == "https://schema.org"
    nodes: list[dict[str, Any]] = document["@graph"]
    return nodes


def objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in `value`, depth first."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from objects(item)


def by_type(nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found = {node["@type"]: node for node in nodes}
    assert len(found) == len(nodes), "each top-level type occurs once"
    return found


def ref(node: dict[str, Any]) -> dict[str, str]:
    return {"@id": node["@id"]}


# --- the plain FAQPage (the default) -----------------------------------------------------------


def test_the_default_output_is_unchanged() -> None:
    guide = GUIDES["sciatica"]
    expected = (DATA / "sciatica.faqpage.jsonld").read_text(encoding="utf-8")
    assert cstcontent.export(guide, "jsonld") == expected
    assert cstcontent.export(guide, "jsonld", graph=False, site=None) == expected


@pytest.mark.parametrize("slug", WITH_FAQ)
def test_the_default_is_a_plain_faqpage(slug: str) -> None:
    document = json.loads(cstcontent.export(GUIDES[slug], "jsonld"))
    assert document["@type"] == "FAQPage"
    assert "@graph" not in document
    assert [q["name"] for q in document["mainEntity"]] == [item.question for item in GUIDES[slug].faqs]


def test_without_a_faq_only_the_graph_has_something_to_say() -> None:
    guide = GUIDES["infant-colic"]
    with pytest.raises(ExportError, match="no FAQ"):
        cstcontent.export(guide, "jsonld")
    types = {node["@type"] for node in graph_of(guide)}
    assert "FAQPage" not in types
    assert "MedicalWebPage" in types


def test_the_site_base_url_gives_the_plain_faqpage_its_url() -> None:
    guide = attrs.evolve(GUIDES["sciatica"], url=None)
    assert "@id" not in json.loads(cstcontent.export(guide, "jsonld"))
    document = json.loads(cstcontent.export(guide, "jsonld", site=SITE))
    assert document["@id"] == "https://example.org/conditions/sciatica#faq"
    assert document["url"] == "https://example.org/conditions/sciatica"


def test_options_are_typed() -> None:
    with pytest.raises(TypeError, match="graph must be True or False"):
        exporters.get("jsonld", graph="yes")
    with pytest.raises(TypeError, match=r"site must be a cstcontent\.site\.SiteSettings"):
        exporters.get("jsonld", site={"name": "x"})
    with pytest.raises(TypeError, match="its options are: graph, site"):
        exporters.get("jsonld", graf=True)


# --- the graph ----------------------------------------------------------------------------


@pytest.mark.parametrize("site", [SITE, None], ids=["site", "no-site"])
@pytest.mark.parametrize("slug", list(GUIDES))
def test_each_node_once_linked_by_id(slug: str, site: SiteSettings | None) -> None:
    nodes = graph_of(GUIDES[slug], site)
    defined = [obj["@id"] for obj in objects(nodes) if "@id" in obj and len(obj) > 1]
    assert len(defined) == len(set(defined)), "no node is repeated"
    references = [obj["@id"] for obj in objects(nodes) if obj.keys() == {"@id"}]
    assert set(references) <= set(defined), "every reference points at a node of the graph"
    expected = {"MedicalWebPage", "MedicalCondition", "MedicalTherapy", "WebSite"}
    expected |= {"FAQPage"} if GUIDES[slug].faqs else set()
    expected |= {"Person"} if GUIDES[slug].authors or GUIDES[slug].reviewed_by else set()
    expected |= {"BreadcrumbList", "Organization"} if site else set()
    assert {node["@type"] for node in nodes} == expected
    assert nodes[0]["@type"] == "MedicalWebPage"


def test_the_page_and_what_it_links_to() -> None:
    guide = GUIDES["migraine"]
    nodes = graph_of(guide)
    people = [node for node in nodes if node["@type"] == "Person"]
    types = by_type([node for node in nodes if node["@type"] != "Person"])
    page, faq, condition = types["MedicalWebPage"], types["FAQPage"], types["MedicalCondition"]
    therapy, website, organization = types["MedicalTherapy"], types["WebSite"], types["Organization"]
    url = "https://example.org/conditions/migraine"
    assert page["@id"] == page["url"] == url
    assert (page["name"], page["description"], page["inLanguage"]) == (guide.title, guide.summary, "en")
    assert (page["datePublished"], page["dateModified"], page["lastReviewed"]) == (
        "2026-02-03",
        "2026-03-12",
        "2026-03-05",
    )
    assert page["medicalAudience"] == {"@type": "Patient"}
    assert page["about"] == page["mainEntity"] == ref(condition)
    assert page["isPartOf"] == ref(website)
    assert page["publisher"] == ref(organization)
    assert page["breadcrumb"] == ref(types["BreadcrumbList"])
    reviewer = next(person for person in people if {"@id": person["@id"]} in page["reviewedBy"])
    assert reviewer == {
        "@type": "Person",
        "@id": "https://example.org/#/schema/person/dr-priya-shah",
        "name": "Dr Priya Shah",
        "url": "https://example.org/reviewers/priya-shah",
        "jobTitle": "General practitioner",
    }
    assert [p["name"] for p in people if {"@id": p["@id"]} in page["author"]] == ["Alex Morgan", "Jordan Lee"]
    assert faq["@id"] == f"{url}#faq"
    assert faq["isPartOf"] == ref(page)
    assert condition == {
        "@type": "MedicalCondition",
        "@id": f"{url}#/schema/condition",
        "name": "Migraine",
        "alternateName": ["Migraine headache", "Sick headache"],
        "possibleTreatment": ref(therapy),
    }
    assert therapy["name"] == "Craniosacral therapy"
    assert website == {
        "@type": "WebSite",
        "@id": "https://example.org/#/schema/website",
        "url": "https://example.org/",
        "name": "Example Craniosacral Clinic",
        "inLanguage": "en-GB",
        "publisher": ref(organization),
    }
    assert organization == {
        "@type": "Organization",
        "@id": "https://example.org/#/schema/organization",
        "name": "Example Clinic Ltd",
        "url": "https://example.org/",
        "logo": "https://example.org/logo.png",
    }


def test_sections_are_health_topic_content_with_aspects() -> None:
    guide = GUIDES["infant-colic"]
    sections = graph_of(guide)[0]["hasPart"]
    url = "https://example.org/conditions/infant-colic"
    assert [(s["@type"], s["url"], s["name"], s["hasHealthAspect"]) for s in sections] == [
        ("HealthTopicContent", f"{url}#{section.id}", section.heading, f"https://schema.org/{aspect}")
        for section, aspect in zip(
            guide.sections,
            [
                "OverviewHealthAspect",
                "HowItWorksHealthAspect",
                "EffectivenessHealthAspect",
                "SafetyHealthAspect",
                "PatientExperienceHealthAspect",
                "SeeDoctorHealthAspect",
                "SelfCareHealthAspect",
            ],
            strict=True,
        )
    ]
    evidence = graph_of(GUIDES["migraine"])[0]["hasPart"][1]["text"]
    assert evidence.startswith(
        "The evidence for CST in migraine is weak. Only a handful"
    )  # **weak**: no markup
    assert "\n\nWhat the research has looked at\n\n- Small trials comparing CST" in evidence


def test_the_site_base_url_gives_the_canonical_url_and_breadcrumbs() -> None:
    guide = attrs.evolve(GUIDES["sciatica"], url=None)
    nodes = graph_of(guide)
    url = "https://example.org/conditions/sciatica"
    assert nodes[0]["@id"] == url
    assert by_type(nodes)["FAQPage"]["mainEntity"][0]["@id"].startswith(f"{url}#")
    assert by_type(nodes)["BreadcrumbList"]["itemListElement"] == [
        {
            "@type": "ListItem",
            "position": 1,
            "name": "Example Craniosacral Clinic",
            "item": "https://example.org/",
        },
        {"@type": "ListItem", "position": 2, "name": guide.title, "item": url},
    ]


def test_without_any_url_ids_are_fragments_of_the_page() -> None:
    guide = attrs.evolve(GUIDES["sciatica"], url=None)
    nodes = graph_of(guide, None)
    assert {node["@type"] for node in nodes} == {
        "MedicalWebPage",
        "FAQPage",
        "MedicalCondition",
        "MedicalTherapy",
    }
    assert all(obj["@id"].startswith("#") for obj in objects(nodes) if "@id" in obj)
    assert validate_bytes(cstcontent.export(guide, "jsonld", graph=True).encode(), html=False) == []


def test_people_are_described_once() -> None:
    twin = Person("Alex Morgan", job_title="Osteopath")
    guide = attrs.evolve(GUIDES["migraine"], reviewed_by=[GUIDES["migraine"].authors[0], twin])
    people = [node for node in graph_of(guide) if node["@type"] == "Person"]
    assert [person["@id"].rsplit("/", 1)[1] for person in people] == [
        "alex-morgan",
        "jordan-lee",
        "alex-morgan-2",
    ]
    assert graph_of(guide)[0]["reviewedBy"] == [{"@id": people[0]["@id"]}, {"@id": people[2]["@id"]}]


def test_the_graph_is_safe_inside_a_script_element() -> None:
    guide = GUIDES["sciatica"]
    hostile = "Is </script><!-- & safe?"
    answer = Paragraph([Text("one\u2028two\u2029three </script>")])
    faq = attrs.evolve(guide.faqs[0], question=hostile, answer=[answer])
    guide = attrs.evolve(guide, title=hostile, faqs=[faq])
    text = cstcontent.export(guide, "jsonld", graph=True, site=SITE)
    assert not any(char in text for char in "<>&\u2028\u2029")
    nodes = json.loads(text)["@graph"]
    question = by_type(nodes)["FAQPage"]["mainEntity"][0]
    assert nodes[0]["name"] == question["name"] == hostile
    assert question["acceptedAnswer"]["text"] == "<p>one\u2028two\u2029three &lt;/script&gt;</p>"


@pytest.mark.parametrize("site", [SITE, None], ids=["site", "no-site"])
@pytest.mark.parametrize("slug", list(GUIDES))
def test_every_fixture_graph_passes_validate_jsonld(slug: str, site: SiteSettings | None) -> None:
    graph = cstcontent.export(GUIDES[slug], "jsonld", graph=True, site=site)
    assert validate_bytes(graph.encode(), html=False) == []
    if GUIDES[slug].faqs:
        assert validate_bytes(cstcontent.export(GUIDES[slug], "jsonld").encode(), html=False) == []


# --- independent checkers: pyld, extruct, lxml ------------------------------------------------


def offline_loader(url: str, options: object = None) -> dict[str, Any]:
    """pyld's document loader: the schema.org context from memory, nothing from the network."""
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise AssertionError(f"pyld tried to load {url}")
    document = {"@context": {"@vocab": SCHEMA}}
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": document,
    }


def expand(document: Any) -> list[dict[str, Any]]:
    from pyld import jsonld

    expanded: list[dict[str, Any]] = jsonld.expand(document, {"documentLoader": offline_loader})
    return expanded


def types_of(value: Any, prefix: str = "") -> Counter[str]:
    return Counter(
        kind.removeprefix(prefix)
        for obj in objects(value)
        if "@type" in obj and "@value" not in obj
        for kind in (obj["@type"] if isinstance(obj["@type"], list) else [obj["@type"]])
    )


@pytest.mark.parametrize("slug", list(GUIDES))
def test_pyld_expands_the_graph_and_every_node_keeps_its_type(slug: str) -> None:
    compact = json.loads(cstcontent.export(GUIDES[slug], "jsonld", graph=True, site=SITE))
    expanded = expand(compact)
    assert types_of(expanded, SCHEMA) == types_of(compact)
    assert all(kind.startswith(SCHEMA) for kind in types_of(expanded))
    expanded_ids = {obj["@id"]: obj["@type"] for obj in objects(expanded) if "@id" in obj and "@type" in obj}
    compact_ids = {
        obj["@id"]: [SCHEMA + obj["@type"]] for obj in objects(compact) if "@id" in obj and "@type" in obj
    }
    assert expanded_ids == compact_ids


def page_of(guide: cstcontent.ConditionGuide) -> str:
    return cstcontent.export(guide, "html")


@pytest.mark.parametrize("slug", list(GUIDES))
def test_extruct_finds_exactly_the_graph_on_the_page(slug: str) -> None:
    """The graph, and besides it only the head's Open Graph (test_head.py), read as RDFa too."""
    import extruct

    guide = GUIDES[slug]
    found = extruct.extract(
        page_of(guide), syntaxes=["json-ld", "microdata", "rdfa", "opengraph", "microformat"]
    )
    og = dict(found.pop("opengraph")[0]["properties"])
    assert (og["og:type"], og["og:title"], og["og:url"]) == ("article", guide.title, guide.url)
    rdfa_keys = {key for node in found.pop("rdfa") for key in node if key != "@id"}
    assert rdfa_keys <= {f"http://ogp.me/ns#{k[3:]}" for k in og if k.startswith("og:")} | {
        f"http://ogp.me/ns/article#{k[8:]}" for k in og if k.startswith("article:")
    }
    assert found == {
        "json-ld": [json.loads(cstcontent.export(guide, "jsonld", graph=True))],
        "microdata": [],
        "microformat": [],
    }


@pytest.mark.parametrize("slug", list(GUIDES))
def test_every_fixture_page_passes_validate_jsonld(slug: str) -> None:
    assert validate_bytes(page_of(GUIDES[slug]).encode(), html=True) == []


def test_the_page_embeds_the_graph_with_the_site_settings() -> None:
    import lxml.html

    guide = GUIDES["migraine"]
    page = cstcontent.export(guide, "html", site=SITE)
    (script,) = lxml.html.fromstring(page).xpath('//script[@type="application/ld+json"]')
    assert json.loads(script.text) == json.loads(cstcontent.export(guide, "jsonld", graph=True, site=SITE))
    assert validate_bytes(page.encode(), html=True) == []


@pytest.mark.parametrize("slug", WITH_FAQ)
def test_the_expanded_faq_questions_are_the_visible_summaries(slug: str) -> None:
    import lxml.html

    tree = lxml.html.fromstring(page_of(GUIDES[slug]))
    summaries = [summary.text_content() for summary in tree.xpath("//details/summary")]
    (script,) = tree.xpath('//script[@type="application/ld+json"]')
    expanded = expand(json.loads(script.text))
    (faq,) = [obj for obj in objects(expanded) if obj.get("@type") == [SCHEMA + "FAQPage"]]
    questions = [question[SCHEMA + "name"][0]["@value"] for question in faq[SCHEMA + "mainEntity"]]
    assert questions == summaries
    assert questions == [item.question for item in GUIDES[slug].faqs]
