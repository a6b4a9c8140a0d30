"""The jsonld exporter: the plain FAQPage, the schema.org graph, and the page that embeds it.

Besides our own validator, independent tools check the output: extruct extracts the
page's items, pyld expands the graph (offline, with a local schema.org context), and
lxml reads the questions the page shows.
"""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import cstcontent
from cstcontent import exporters
from cstcontent.errors import ExportError, GuideValueError
from cstcontent.model import ConditionGuide, FAQItem, Person, Reference, Section, Therapy
from cstcontent.nodes import BulletList, Callout, Emphasis, FootnoteRef, Image, Link, Paragraph, Text
from cstcontent.site import Publisher, SiteSettings
from cstcontent.structured.validate import validate_bytes
from support.guides import every_node_answer_guide, every_node_guide

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "fixtures"
DATA = Path(__file__).parent / "data" / "jsonld"
GUIDES = {path.stem: cstcontent.load(path) for path in sorted(FIXTURES.glob("*.md"))}
# The fixtures and the guides holding every node type, for the outside checkers.
CHECKED = {**GUIDES, "every-node": every_node_guide(), "every-node-answer": every_node_answer_guide()}
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
    expected = {"MedicalWebPage", "MedicalCondition", "WebSite"}
    expected |= {"MedicalTherapy"} if GUIDES[slug].therapy else set()
    expected |= {"FAQPage"} if GUIDES[slug].faqs else set()
    expected |= {"Person"} if GUIDES[slug].authors or GUIDES[slug].reviewed_by else set()
    expected |= {"BreadcrumbList", "Organization"} if site else set()
    assert {node["@type"] for node in nodes} == expected
    assert nodes[0]["@type"] == "MedicalWebPage"


def test_the_page_and_what_it_links_to() -> None:
    guide = attrs.evolve(GUIDES["migraine"], therapy=None)
    nodes = graph_of(guide)
    people = [node for node in nodes if node["@type"] == "Person"]
    types = by_type([node for node in nodes if node["@type"] != "Person"])
    page, faq, condition = types["MedicalWebPage"], types["FAQPage"], types["MedicalCondition"]
    website, organization = types["WebSite"], types["Organization"]
    assert "MedicalTherapy" not in types
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
    }
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
    guide = attrs.evolve(GUIDES["sciatica"], url=None, therapy=Therapy("Craniosacral therapy"))
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


# --- what the graph claims: therapy, citations, care callouts, image, dates ----------------------


def small_guide(**fields: Any) -> ConditionGuide:
    values: dict[str, Any] = {
        "slug": "heel-pain",
        "title": "Heel pain",
        "summary": "S.",
        "condition": "Plantar fasciitis",
        "url": "https://example.org/conditions/heel-pain",
        "intro": [Paragraph([Text("Intro.")])],
    }
    return ConditionGuide(**{**values, **fields})


def node_of(nodes: list[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    return next((node for node in nodes if node["@type"] == kind), None)


def test_no_therapy_no_claim() -> None:
    nodes = graph_of(small_guide())
    assert node_of(nodes, "MedicalTherapy") is None
    assert "possibleTreatment" not in node_of(nodes, "MedicalCondition")  # type: ignore[operator]
    assert "therapy" not in json.dumps(graph_of(small_guide(), None)).lower()


@pytest.mark.parametrize(
    ("guide_therapy", "site_therapy", "name", "claimed"),
    [
        (None, Therapy("Craniosacral therapy", url="https://example.org/cst"), "Craniosacral therapy", False),
        (Therapy("Osteopathy"), Therapy("Craniosacral therapy"), "Osteopathy", False),
        (Therapy("Osteopathy", possible_treatment=True), Therapy("Craniosacral therapy"), "Osteopathy", True),
        (Therapy("Osteopathy", possible_treatment=True), None, "Osteopathy", True),
    ],
)
def test_the_therapy_comes_from_the_guide_else_the_site_and_only_the_guide_claims_it_treats(
    guide_therapy: Therapy | None, site_therapy: Therapy | None, name: str, claimed: bool
) -> None:
    site = attrs.evolve(SITE, therapy=site_therapy)
    nodes = graph_of(small_guide(therapy=guide_therapy), site)
    therapy, condition, page = node_of(nodes, "MedicalTherapy"), node_of(nodes, "MedicalCondition"), nodes[0]
    assert therapy is not None
    assert condition is not None
    assert therapy["name"] == name
    assert page["about"] == [ref(condition), ref(therapy)]
    assert ("possibleTreatment" in condition) is claimed
    if claimed:
        assert condition["possibleTreatment"] == ref(therapy)
    assert (
        validate_bytes(json.dumps({"@context": "https://schema.org", "@graph": nodes}).encode(), html=False)
        == []
    )


def test_a_site_cannot_claim_a_treatment_for_every_guide() -> None:
    with pytest.raises(GuideValueError, match="possible_treatment is a claim one guide makes"):
        SiteSettings(therapy=Therapy("Craniosacral therapy", possible_treatment=True))


def test_references_are_citations_of_the_page() -> None:
    guide = small_guide(
        intro=[Paragraph([Text("Claim"), FootnoteRef("a"), FootnoteRef("b"), FootnoteRef("c")])],
        references=[
            Reference("a", [Paragraph([Text("Smith J. "), Emphasis([Text("Heel pain")]), Text(". "),
                                       Link("https://doi.org/10.1000/XYZ.123", [Text("doi")])])]),
            Reference("b", [Paragraph([Text("NICE. "), Link("/guidance/ng1", [Text("NG1")]),
                                       Text(" doi:10.1234/abc.")])]),
            Reference("c", [Paragraph([Text("A book.")]), BulletList([[Paragraph([Text("Chapter 2")])]])]),
        ],
    )  # fmt: skip
    assert graph_of(guide)[0]["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "Smith J. Heel pain. doi",
            "url": "https://doi.org/10.1000/XYZ.123",
            "sameAs": "https://doi.org/10.1000/XYZ.123",
        },
        {
            "@type": "CreativeWork",
            "name": "NICE. NG1 doi:10.1234/abc.",
            "url": "https://example.org/guidance/ng1",
            "sameAs": "https://doi.org/10.1234/abc",
        },
        {"@type": "CreativeWork", "name": "A book. Chapter 2"},
    ]
    section_text = graph_of(
        small_guide(sections=[Section("s", "S", guide.intro)], references=guide.references)
    )
    assert section_text[0]["hasPart"][0]["text"] == "Claim[1][2][3]"


def test_care_callouts_are_web_page_elements_and_make_a_section_see_doctor() -> None:
    urgent = Callout("urgent", [BulletList([[Paragraph([Text("you cannot walk")])]])], title="Get help if:")
    tip = Callout("tip", [Paragraph([Text("Rest.")])])
    guide = small_guide(
        intro=[Callout("emergency", [Paragraph([Text("Call 999.")])])],
        sections=[
            Section("symptoms", "Symptoms", [Paragraph([Text("Pain.")]), urgent]),
            Section("more", "More", [urgent]),
            Section("own", "Own", [urgent], health_aspect="PrognosisHealthAspect"),
            Section("tips", "Symptoms and tips", [tip]),
        ],
        faqs=[
            FAQItem(
                "q", "Q?", [Paragraph([Text("A.")]), Callout("non-urgent", [Paragraph([Text("See a GP.")])])]
            )
        ],
    )
    parts = graph_of(guide)[0]["hasPart"]
    element = {"@type": "WebPageElement", "name": "Urgent advice: Get help if:", "text": "- you cannot walk"}
    assert [part["hasHealthAspect"] for part in parts[:4]] == [
        ["https://schema.org/SymptomsHealthAspect", "https://schema.org/SeeDoctorHealthAspect"],
        "https://schema.org/SeeDoctorHealthAspect",
        "https://schema.org/PrognosisHealthAspect",
        "https://schema.org/SymptomsHealthAspect",
    ]
    assert [part.get("hasPart") for part in parts[:4]] == [[element], [element], [element], None]
    assert parts[4:] == [
        {"@type": "WebPageElement", "name": "Immediate action required:", "text": "Call 999."},
        {"@type": "WebPageElement", "name": "Non-urgent advice:", "text": "See a GP."},
    ]
    assert validate_bytes(cstcontent.export(guide, "html").encode(), html=True) == []


def test_the_first_image_is_the_page_image() -> None:
    guide = small_guide(
        intro=[Paragraph([Text("x")]), Image("images/foot.png", "A foot", caption="The sole.")],
        sections=[Section("s", "S", [Image("https://cdn.example.org/b.png", "B")])],
    )
    assert graph_of(guide)[0]["image"] == {
        "@type": "ImageObject",
        "url": "https://example.org/conditions/images/foot.png",
        "description": "A foot",
        "caption": "The sole.",
    }
    assert "image" not in graph_of(small_guide())[0]


def test_dates_keep_their_order() -> None:
    dates = {"published": datetime.date(2026, 1, 1), "modified": datetime.date(2026, 1, 1)}
    reviews = {"last_reviewed": datetime.date(2025, 12, 1), "next_review": datetime.date(2026, 12, 1)}
    page = graph_of(small_guide(**dates, **reviews))[0]
    assert (page["datePublished"], page["dateModified"], page["lastReviewed"]) == (
        "2026-01-01",
        "2026-01-01",
        "2025-12-01",
    )
    assert "2026-12-01" not in json.dumps(page)  # no schema.org property means "next review due"
    with pytest.raises(GuideValueError, match="earlier than published"):
        small_guide(published=datetime.date(2026, 2, 1), modified=datetime.date(2026, 1, 1))


def test_answers_and_texts_carry_no_markup() -> None:
    nodes = graph_of(every_node_answer_guide())
    answer = node_of(nodes, "FAQPage")["mainEntity"][0]["acceptedAnswer"]["text"]  # type: ignore[index]
    assert set(re.findall(r"</?([a-z0-9]+)", answer)) <= {"p", "ul", "ol", "li", "a", "strong", "em", "br"}
    assert "<p><strong>Urgent advice:</strong> Ask for an urgent GP appointment if:</p>" in answer
    assert "citedword[1]" in answer
    assert "<p>Imagealtword: the sole of a foot</p><p>The plantar fascia runs along the sole.</p>" in answer
    texts = [
        obj["text"]
        for obj in objects(graph_of(every_node_guide()))
        if obj.get("@type") != "Answer" and "text" in obj
    ]
    for text in texts:
        assert not re.search(r"[*`<>]|\[\^|\[!|\|", text), text


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
@pytest.mark.parametrize("slug", list(CHECKED))
def test_every_fixture_graph_passes_validate_jsonld(slug: str, site: SiteSettings | None) -> None:
    graph = cstcontent.export(CHECKED[slug], "jsonld", graph=True, site=site)
    assert validate_bytes(graph.encode(), html=False) == []
    if CHECKED[slug].faqs:
        assert validate_bytes(cstcontent.export(CHECKED[slug], "jsonld").encode(), html=False) == []


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


@pytest.mark.parametrize("slug", list(CHECKED))
def test_pyld_expands_the_graph_and_every_node_keeps_its_type(slug: str) -> None:
    compact = json.loads(cstcontent.export(CHECKED[slug], "jsonld", graph=True, site=SITE))
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


@pytest.mark.parametrize("slug", list(CHECKED))
def test_extruct_finds_exactly_the_graph_on_the_page(slug: str) -> None:
    """The graph, and besides it only the head's Open Graph (test_head.py), read as RDFa too."""
    import extruct

    guide = CHECKED[slug]
    found = extruct.extract(
        page_of(guide), syntaxes=["json-ld", "microdata", "rdfa", "opengraph", "microformat"]
    )
    og = dict(found.pop("opengraph")[0]["properties"])
    assert (og["og:type"], og["og:title"], og["og:url"]) == ("article", guide.title, guide.url)
    # RDFa reads the Open Graph tags, and a callout's role="note" (XHTML vocabulary): no schema.org.
    role = "http://www.w3.org/1999/xhtml/vocab#role"
    rdfa_keys = {key for node in found.pop("rdfa") for key in node if key not in ("@id", role)}
    assert rdfa_keys <= {f"http://ogp.me/ns#{k[3:]}" for k in og if k.startswith("og:")} | {
        f"http://ogp.me/ns/article#{k[8:]}" for k in og if k.startswith("article:")
    }
    assert found == {
        "json-ld": [json.loads(cstcontent.export(guide, "jsonld", graph=True))],
        "microdata": [],
        "microformat": [],
    }


@pytest.mark.parametrize("slug", list(CHECKED))
def test_every_fixture_page_passes_validate_jsonld(slug: str) -> None:
    assert validate_bytes(page_of(CHECKED[slug]).encode(), html=True) == []


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
