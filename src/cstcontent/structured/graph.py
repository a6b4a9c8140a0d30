"""The schema.org graph of a guide: linked nodes in one ``@graph``, as Yoast SEO and the NHS website publish.

Nodes link by ``@id``: the page is its canonical URL, its parts are fragments
of it (``#faq``, ``#what-the-evidence-says``, ``#/schema/condition``), and the
nodes every guide of the site shares (website, publisher, therapy, people)
hang off the site's home page. The ``#/schema/...`` fragments cannot clash with
a section or question id, which are slugs. Without any URL the ids are
fragments only, which a consumer resolves against the page's own address.

The graph says only what the guide says. The therapy (the guide's, else the
site's) is something the page is about; the condition's ``possibleTreatment``
points to it only when the guide says so (``Therapy.possible_treatment``).
Each reference is a ``citation`` of the page; each care callout (the NHS care
levels) is a ``WebPageElement`` of the page, and a section holding one gains
the ``SeeDoctorHealthAspect`` unless the guide set the section's aspect. The
page's ``image`` is the guide's first image. The next review date has no
schema.org property (``expires`` means the page is withdrawn then), so it is
left out. The model keeps ``dateModified`` from preceding ``datePublished``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import GuideValueError
from ..model import ConditionGuide, Person, Reference, Section, walk_blocks, walk_inlines
from ..nodes import CALLOUT_LABELS, Block, Callout, Image, Link, Paragraph, plain_text
from ..plaintext import blocks_text
from ..site import SiteSettings
from ..slugs import make_slug
from .aspects import DEFAULT_ASPECT, default_aspect
from .faqpage import faq_page

__all__ = ["build_graph"]

SCHEMA = "https://schema.org/"
SEE_DOCTOR = "SeeDoctorHealthAspect"
Node = dict[str, Any]
# A DOI written in a reference's text ("doi:10.1000/xyz"), and the hosts that resolve DOIs.
_DOI = re.compile(r"\bdoi:\s*(10\.[0-9]{4,9}/\S+)", re.IGNORECASE)
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})


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


def _care_callouts(blocks: Iterable[Block]) -> list[Callout]:
    return [block for block in walk_blocks(blocks) if isinstance(block, Callout) and block.is_care_level]


def _aspects(section: Section) -> str | list[str]:
    """The section's own aspect; else its heading's, with SeeDoctor when it holds a care callout."""
    if section.health_aspect:
        return SCHEMA + section.health_aspect
    aspect = default_aspect(section.heading)
    if not _care_callouts(section.blocks) or aspect == SEE_DOCTOR:
        return SCHEMA + aspect
    if aspect == DEFAULT_ASPECT:
        return SCHEMA + SEE_DOCTOR
    return [SCHEMA + aspect, SCHEMA + SEE_DOCTOR]


def _callout_node(callout: Callout, citations: Mapping[str, int]) -> Node:
    """A care callout as a ``WebPageElement``: its label and title, and its text."""
    label = f"{CALLOUT_LABELS[callout.kind]}:"
    return {
        "@type": "WebPageElement",
        "name": f"{label} {callout.title}" if callout.title else label,
        "text": blocks_text(callout.blocks, citations),
    }


def _sections(guide: ConditionGuide, local: str) -> list[Node]:
    citations = guide.reference_numbers()
    nodes = []
    for section in guide.sections:
        node: Node = {
            "@type": "HealthTopicContent",
            "@id": f"{local}#{section.id}",
            "url": f"{local}#{section.id}",
            "name": section.heading,
            "hasHealthAspect": _aspects(section),
            "text": blocks_text(section.blocks, citations),
        }
        callouts = _care_callouts(section.blocks)
        if callouts:
            node["hasPart"] = [_callout_node(callout, citations) for callout in callouts]
        nodes.append(node)
    return nodes


def _doi(reference: Reference) -> str | None:
    """The reference's DOI as a ``https://doi.org/`` URL, from a link to a DOI resolver or ``doi:`` text."""
    for node in walk_inlines(reference.blocks):
        if isinstance(node, Link) and (urlsplit(node.url).hostname or "").lower() in _DOI_HOSTS:
            path = urlsplit(node.url).path.lstrip("/")
            if path.startswith("10."):
                return "https://doi.org/" + path
    for block in walk_blocks(reference.blocks):
        if isinstance(block, Paragraph):
            found = _DOI.search(plain_text(block.content))
            if found:
                return "https://doi.org/" + found.group(1).rstrip(".,;:)]")
    return None


def _citation(reference: Reference, base: str | None) -> Node:
    """A reference as a ``CreativeWork``: its text, its first link and its DOI."""
    text = " ".join(
        plain_text(block.content) for block in walk_blocks(reference.blocks) if isinstance(block, Paragraph)
    )
    node: Node = {"@type": "CreativeWork", "name": " ".join(text.split())}
    link = next((node for node in walk_inlines(reference.blocks) if isinstance(node, Link)), None)
    if link is not None:
        node["url"] = urljoin(base, link.url) if base else link.url
    doi = _doi(reference)
    if doi is not None:
        node["sameAs"] = doi
    return node


def _image(guide: ConditionGuide) -> Node | None:
    """The guide's first image as an ``ImageObject``."""
    image = next((block for block in walk_blocks(guide.body_blocks()) if isinstance(block, Image)), None)
    if image is None:
        return None
    node: Node = {"@type": "ImageObject", "url": urljoin(guide.url, image.url) if guide.url else image.url}
    node["description"] = image.alt
    if image.caption:
        node["caption"] = image.caption
    return node


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
    therapy: Node | None = None
    if guide.therapy is not None:
        therapy = {"@type": "MedicalTherapy", "@id": f"{shared}#/schema/therapy", "name": guide.therapy.name}
        if guide.therapy.url:
            therapy["url"] = guide.therapy.url
    condition: Node = {"@type": "MedicalCondition", "@id": f"{local}#/schema/condition"}
    condition["name"] = guide.condition.name
    if guide.condition.alternate_names:
        condition["alternateName"] = list(guide.condition.alternate_names)
    if therapy is not None and guide.therapy is not None and guide.therapy.possible_treatment:
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
    page["about"] = [_ref(condition), _ref(therapy)] if therapy is not None else _ref(condition)
    page["mainEntity"] = _ref(condition)
    links = (("isPartOf", website), ("publisher", organization), ("breadcrumb", breadcrumb))
    page.update({key: _ref(node) for key, node in links if node is not None})
    image = _image(guide)
    if image is not None:
        page["image"] = image
    parts = _sections(guide, local)
    citations = guide.reference_numbers()
    outside = [*guide.intro, *(block for item in guide.faqs for block in item.answer)]
    parts += [_callout_node(callout, citations) for callout in _care_callouts(outside)]
    if parts:
        page["hasPart"] = parts
    if guide.references:
        page["citation"] = [_citation(reference, guide.url) for reference in guide.references]

    faq = {**faq_page(guide), "isPartOf": _ref(page)} if guide.faqs else None
    if faq is not None and guide.url:  # its own address: one page URL, one page node (MedicalWebPage)
        faq["url"] = f"{guide.url}#faq"
    nodes = (page, faq, condition, therapy, breadcrumb, website, organization, *people.values())
    return [node for node in nodes if node is not None]
