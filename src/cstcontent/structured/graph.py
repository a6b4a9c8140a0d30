"""The schema.org graph of a guide: linked nodes in one ``@graph``, as Yoast SEO and the NHS website publish.

Nodes link by ``@id``: the page is its canonical URL, its parts are fragments
of it (``#faq``, ``#what-the-evidence-says``, ``#/schema/condition``), and the
nodes every guide of the site shares (website, publisher, therapy, people)
hang off the site's home page. The ``#/schema/...`` fragments cannot clash with
a section or question id, which are slugs. Without any URL the ids are
fragments only, which a consumer resolves against the page's own address.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from ..errors import GuideValueError
from ..model import ConditionGuide, Person
from ..plaintext import blocks_text
from ..site import SiteSettings
from ..slugs import make_slug
from .aspects import section_aspect
from .faqpage import faq_page

__all__ = ["THERAPY", "build_graph"]

#: The therapy every guide is about, and its common abbreviation.
THERAPY = ("Craniosacral therapy", "CST")
SCHEMA = "https://schema.org/"
Node = dict[str, Any]


def _ref(node: Node) -> Node:
    return {"@id": node["@id"]}


def _people(guide: ConditionGuide, shared: str) -> dict[Person, Node]:
    """One node for each person who wrote or reviewed the guide, ids unique by name slug."""
    nodes: dict[Person, Node] = {}
    for person in (*guide.authors, *guide.reviewed_by):
        if person in nodes:
            continue
        try:
            slug = make_slug(person.name, "person")
        except GuideValueError:
            slug = "person"
        ids = {node["@id"] for node in nodes.values()}
        base, number = f"{shared}#/schema/person/{slug}", 1
        while (node_id := base if number == 1 else f"{base}-{number}") in ids:
            number += 1
        node: Node = {"@type": "Person", "@id": node_id, "name": person.name}
        if person.url:
            node["url"] = person.url
        if person.job_title:
            node["jobTitle"] = person.job_title
        nodes[person] = node
    return nodes


def _site_nodes(site: SiteSettings, home: str | None, shared: str) -> tuple[Node | None, Node | None]:
    """The ``WebSite`` (when its home page is known) and the publisher's ``Organization``."""
    organization: Node | None = None
    if site.publisher is not None:
        publisher = site.publisher
        organization = {"@type": "Organization", "@id": f"{publisher.url or shared}#/schema/organization"}
        organization["name"] = publisher.name
        organization.update(
            {key: value for key, value in (("url", publisher.url), ("logo", publisher.logo)) if value}
        )
    if home is None:
        return None, organization
    website: Node = {"@type": "WebSite", "@id": f"{home}#/schema/website", "url": home}
    if site.name:
        website["name"] = site.name
    if site.language:
        website["inLanguage"] = site.language
    if organization is not None:
        website["publisher"] = _ref(organization)
    return website, organization


def _breadcrumb(guide: ConditionGuide, site: SiteSettings, local: str) -> Node | None:
    """Home > guide, when the site's base URL is known."""
    if site.home_url is None or guide.url is None:
        return None
    crumbs = ((site.name or "Home", site.home_url), (guide.title, guide.url))
    return {
        "@type": "BreadcrumbList",
        "@id": f"{local}#/schema/breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def _sections(guide: ConditionGuide, local: str) -> list[Node]:
    return [
        {
            "@type": "HealthTopicContent",
            "@id": f"{local}#{section.id}",
            "url": f"{local}#{section.id}",
            "name": section.heading,
            "hasHealthAspect": SCHEMA + section_aspect(section),
            "text": blocks_text(section.blocks),
        }
        for section in guide.sections
    ]


def build_graph(guide: ConditionGuide, site: SiteSettings | None = None) -> list[Node]:
    """Return the nodes of `guide`'s ``@graph``, each once, the ``MedicalWebPage`` first.

    Args:
        guide: The guide; its ``url`` is the canonical URL, when known.
        site: The site's settings (name, base URL, publisher, language).
    """
    site = site or SiteSettings()
    local = guide.url or ""
    home = site.home_url or (urljoin(guide.url, "/") if guide.url else None)
    shared = home or local
    website, organization = _site_nodes(site, home, shared)
    breadcrumb = _breadcrumb(guide, site, local)
    people = _people(guide, shared)
    therapy: Node = {"@type": "MedicalTherapy", "@id": f"{shared}#/schema/therapy", "name": THERAPY[0]}
    therapy["alternateName"] = THERAPY[1]
    condition: Node = {"@type": "MedicalCondition", "@id": f"{local}#/schema/condition"}
    condition["name"] = guide.condition.name
    if guide.condition.alternate_names:
        condition["alternateName"] = list(guide.condition.alternate_names)
    condition["possibleTreatment"] = _ref(therapy)

    page: Node = {"@type": "MedicalWebPage", "@id": guide.url or "#/schema/webpage"}
    if guide.url:
        page["url"] = guide.url
    page.update(name=guide.title, description=guide.summary, inLanguage=guide.language)
    dates = (("datePublished", guide.published), ("dateModified", guide.modified))
    page.update(
        {key: value.isoformat() for key, value in (*dates, ("lastReviewed", guide.last_reviewed)) if value}
    )
    for key, persons in (("author", guide.authors), ("reviewedBy", guide.reviewed_by)):
        if persons:
            page[key] = [_ref(people[person]) for person in persons]
    page["medicalAudience"] = {"@type": "Patient"}
    page["about"], page["mainEntity"] = _ref(condition), _ref(condition)
    links = (("isPartOf", website), ("publisher", organization), ("breadcrumb", breadcrumb))
    page.update({key: _ref(node) for key, node in links if node is not None})
    if guide.sections:
        page["hasPart"] = _sections(guide, local)

    faq = {**faq_page(guide), "isPartOf": _ref(page)} if guide.faqs else None
    if faq is not None and guide.url:  # its own address: one page URL, one page node (MedicalWebPage)
        faq["url"] = f"{guide.url}#faq"
    nodes = (page, faq, condition, therapy, breadcrumb, website, organization, *people.values())
    return [node for node in nodes if node is not None]
