"""Checks on exporter outputs, shared by the hostile-input, property and fuzz-invariant tests.

Each ``*_violations`` function returns a list of problems (empty when the output is safe):
HTML holds only what the templates write; JSON-LD cannot end its ``<script>`` and gives back
the guide's strings; text output holds nothing a terminal would act on; JSON and Markdown
read back to an equal guide.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any
from xml.etree.ElementTree import Element

import attrs
import html5lib

import cstcontent
from cstcontent import CstContentError, ExportError, exporters
from cstcontent.model import ConditionGuide
from cstcontent.nodes import Text
from cstcontent.slugs import make_slug

from .text import text_violations

__all__ = [
    "ALLOWED_SCHEMES",
    "TEMPLATE_ATTRIBUTES",
    "TEMPLATE_TAGS",
    "all_exporters",
    "browser_scheme",
    "export_violations",
    "faq_page",
    "html_text",
    "html_violations",
    "jsonld_violations",
    "markdown_ids",
    "parse_html",
    "script_jsonld",
]


@cache
def all_exporters() -> tuple[str, ...]:
    """Every registered exporter of one guide (built-ins and installed plugins), each loaded once.

    Collection formats (one file over many guides) are left out: test_collection.py checks
    them. An exporter that fails to load raises here, so it fails every test that asks: a
    broken exporter is never silently left out of the checks.
    """
    return tuple(name for name in exporters.names() if not exporters.is_collection(name))


TEMPLATE_TAGS = frozenset(
    [
        "html",
        "head",
        "body",
        "meta",
        "title",
        "link",
        "style",
        "a",
        "main",
        "article",
        "header",
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "div",
        "section",
        "details",
        "summary",
        "script",
        "ul",
        "ol",
        "li",
        "em",
        "strong",
        "code",
        "br",
        "blockquote",
        "time",
        "footer",
        "template",
        "cst-guide",
        # callouts, tables, figures, citations and references
        "span",
        "sup",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "figure",
        "figcaption",
        "img",
    ]
)
TEMPLATE_ATTRIBUTES = frozenset(
    [
        "lang",
        "charset",
        "name",
        "content",
        "rel",
        "href",
        "class",
        "id",
        "aria-labelledby",
        "title",
        "start",
        "datetime",
        "type",
        "nonce",
        "shadowrootmode",
        "alternate",
        "property",
        "hreflang",
        "role",
        "aria-label",
        "tabindex",
        "scope",
        "src",
        "alt",
        "loading",
        "decoding",
        "data-cst-label",
        "data-content-hash",
    ]
)
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def browser_scheme(url: str) -> str | None:
    """The scheme a WHATWG URL parser reads from `url`, or None for a relative URL."""
    view = re.sub("[\t\n\r]", "", url.strip(_C0_AND_SPACE))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", view)
    return match.group(1).lower() if match else None


def parse_html(document: str) -> Element:
    """Parse `document` with html5lib, as a browser would."""
    tree: Element = html5lib.parse(document, treebuilder="etree", namespaceHTMLElements=False)
    return tree


@cache
def shadow_links_script() -> str:
    """The text of the packaged script of the shadow fragment, the only script a fragment may hold."""
    from importlib.resources import files

    script = files("cstcontent.exporters") / "templates" / "shadow_links.js"
    return script.read_text(encoding="utf-8").strip()


def html_violations(document: str) -> list[str]:
    """Everything in `document` the templates did not write: elements, attributes, URLs."""
    problems: list[str] = []
    tree = parse_html(document)
    scripts = [e for e in tree.iter() if e.tag == "script"]
    styles = [e for e in tree.iter() if e.tag == "style"]
    ours = [s for s in scripts if s.get("type") is None and (s.text or "").strip() == shadow_links_script()]
    others = [s for s in scripts if s not in ours]
    if len(others) > 1 or any(s.get("type") != "application/ld+json" for s in others) or len(ours) > 1:
        problems.append(f"scripts other than the JSON-LD and ours: {[s.attrib for s in scripts]}")
    if len(styles) > 1:
        problems.append(f"{len(styles)} <style> elements")
    parents = {child: parent for parent in tree.iter() for child in parent}
    for style in styles:  # ours: in <head>, first in the <article> (scoped) or in the shadow <template>
        parent = parents.get(style)
        if parent is None or parent.tag not in ("head", "article", "template"):
            problems.append(f"a <style> in <{getattr(parent, 'tag', None)}>")
        elif parent.tag == "article" and next(iter(parent)) is not style:
            problems.append("a <style> that is not the first child of the <article>")
    for element in tree.iter():
        if not isinstance(element.tag, str):  # comments
            problems.append(f"a comment: {element.text!r}")
            continue
        if element.tag not in TEMPLATE_TAGS:
            problems.append(f"element <{element.tag}>")
        for name, value in element.attrib.items():
            if name.lower().startswith("on") or name not in TEMPLATE_ATTRIBUTES:
                problems.append(f"attribute {name}={value!r} on <{element.tag}>")
            if name in ("href", "src") and browser_scheme(value) not in (None, *ALLOWED_SCHEMES):
                problems.append(f"URL {value!r}")
    for link in tree.iter("link"):
        if link.get("rel") not in ("canonical", "alternate"):
            problems.append(f"<link rel={link.get('rel')!r}>")
    return problems


def html_text(document: str) -> str:
    """The text of `document` as html5lib reads it, scripts and styles left out."""
    tree = parse_html(document)
    for parent in tree.iter():
        for child in list(parent):
            if child.tag in ("script", "style"):
                child.text = None
    return "".join(tree.itertext())


def script_jsonld(document: str) -> Any | None:
    """The JSON-LD of `document`, read from its <script> the way a browser splits it out."""
    scripts = [e for e in parse_html(document).iter() if e.tag == "script"]
    return json.loads(scripts[0].text or "") if scripts else None


def faq_page(data: Any) -> Any:
    """The FAQPage node of JSON-LD `data`: the document itself, or the one in its ``@graph``."""
    nodes = data.get("@graph", [data])
    return next(node for node in nodes if node.get("@type") == "FAQPage")


def jsonld_violations(text: str, guide: ConditionGuide) -> list[str]:
    """Breakouts in script-bound JSON `text`, and strings that do not come back as written."""
    problems = [
        f"raw {marker!r}"
        for marker in ("</script", "</SCRIPT", "<!--", "<", "\u2028", "\u2029")
        if marker in text
    ]
    data = faq_page(json.loads(text))
    if data["name"] != guide.title:
        problems.append(f"name {data['name']!r} != title {guide.title!r}")
    names = [q["name"] for q in data["mainEntity"]]
    if names != [item.question for item in guide.faqs]:
        problems.append(f"question names {names!r}")
    for entity, item in zip(data["mainEntity"], guide.faqs, strict=False):
        for node in _texts(item.answer):
            if html.escape(node.text, quote=False) not in entity["acceptedAnswer"]["text"]:
                problems.append(f"answer lost {node.text!r}")
    return problems


def _texts(blocks: Any) -> Iterator[Text]:
    for value in blocks if isinstance(blocks, tuple | list) else (blocks,):
        if isinstance(value, Text):
            yield value
        elif attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                inner = getattr(value, field.name)
                if isinstance(inner, tuple | list) or attrs.has(type(inner)):
                    yield from _texts(inner)


def markdown_ids(guide: ConditionGuide) -> bool:
    """Whether every id is the one the Markdown reader derives, so Markdown can carry the guide."""
    try:
        return all(s.id == make_slug(s.heading, "section") for s in guide.sections) and all(
            f.id == make_slug(f.question, "question") for f in guide.faqs
        )
    except CstContentError:
        return False


def export_violations(guide: ConditionGuide) -> list[str]:
    """Run every available exporter on `guide` and return what is wrong with the outputs."""
    problems: list[str] = []
    for name in all_exporters():
        try:
            output = cstcontent.export(guide, name)
        except ExportError:
            if name == "jsonld" and not guide.faqs:
                continue
            if name == "markdown" and not markdown_ids(guide):
                continue  # ids: see test_markdown_export_carries_ids_the_reader_would_not_derive
            raise
        if not isinstance(output, str):
            problems.append(f"{name} returned {type(output).__name__}")
            continue
        if name == "html":
            problems += html_violations(output)
            embedded = script_jsonld(output)
            if guide.faqs and embedded is None:
                problems.append("the HTML lost its JSON-LD")
            if embedded is not None and faq_page(embedded)["mainEntity"][0]["name"] != guide.faqs[0].question:
                problems.append("JSON-LD in the page does not give back the question")
        elif name == "jsonld":
            problems += jsonld_violations(output, guide)
        elif name == "oembed":
            problems += [f"oembed html: {p}" for p in html_violations(json.loads(output)["html"])]
        elif name == "text":
            problems += text_violations(output)
        elif name in ("json", "markdown"):
            back = cstcontent.loads(output, format=name, path=f"{guide.slug}.{name[:4]}")
            if back != guide:
                problems.append(f"{name} round trip changed the guide")
    return problems
