"""The model and the exporters' options hold plain `str` only.

A `str` subclass with ``__html__`` (``markupsafe.Markup``) would be emitted raw by
Jinja and by ``Markup`` formatting, so every text field refuses subclasses. The
test walks a guide holding every node type and tries a `Markup` in every string.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from markupsafe import Markup

import cstcontent
from cstcontent.errors import GuideValueError
from cstcontent.model import Section
from cstcontent.nodes import Link, Paragraph, Text
from cstcontent.site import Publisher, SiteSettings
from support.guides import every_node_guide


def _instances(root: object) -> Iterator[object]:
    """Every attrs instance reachable from `root` (iteratively), one of each class and field shape."""
    stack = [root]
    while stack:
        item = stack.pop()
        if attrs.has(type(item)):
            yield item
            stack.extend(getattr(item, field.name) for field in attrs.fields(type(item)))
        elif isinstance(item, tuple):
            stack.extend(item)


def _string_fields() -> list[tuple[object, str, Any]]:
    """(instance, field, the value with one string replaced by a Markup) for every string field."""
    found: dict[tuple[type, str], tuple[object, str, Any]] = {}
    site = SiteSettings(
        name="Site", base_url="https://example.org/", language="en", publisher=Publisher(name="P")
    )
    extras = (  # fields the every-node guide leaves at their defaults
        Link("https://example.org/", [Text("a")], title="Title"),
        Section("s", "S", [Paragraph([Text("a")])], health_aspect="OverviewHealthAspect"),
    )
    for instance in [*_instances(every_node_guide()), *_instances(site), *_instances(extras)]:
        for field in attrs.fields(type(instance)):
            value = getattr(instance, field.name)
            if type(value) is str:
                found.setdefault((type(instance), field.name), (instance, field.name, Markup(value)))
            elif isinstance(value, tuple) and value and type(value[0]) is str:
                found.setdefault(
                    (type(instance), field.name), (instance, field.name, (Markup(value[0]), *value[1:]))
                )
    return list(found.values())


STRING_FIELDS = _string_fields()


def test_the_walk_finds_the_string_fields_of_the_model() -> None:
    names = {f"{type(instance).__name__}.{field}" for instance, field, _ in STRING_FIELDS}
    expected = {
        "ConditionGuide.title", "ConditionGuide.slug", "ConditionGuide.language", "Text.text", "Link.url",
        "Link.title", "Heading.text", "Section.id", "Section.health_aspect", "FAQItem.question",
        "Callout.kind", "Image.alt", "FootnoteRef.label", "Condition.alternate_names", "Person.name",
        "SiteSettings.name",
        "Publisher.name",
    }  # fmt: skip
    assert expected <= names


@pytest.mark.parametrize(
    ("instance", "field", "value"),
    STRING_FIELDS,
    ids=[f"{type(instance).__name__}.{field}" for instance, field, _ in STRING_FIELDS],
)
def test_every_model_string_refuses_markup(instance: object, field: str, value: Any) -> None:
    with pytest.raises(GuideValueError, match=r"not Markup|is not a|is not|must be"):
        attrs.evolve(instance, **{field: value})


def test_markup_title_never_reaches_the_page_raw() -> None:
    guide = every_node_guide()
    with pytest.raises(GuideValueError, match="title must be a string, not Markup; convert it with str"):
        attrs.evolve(guide, title=Markup("<script>alert(1)</script>"))


HTML_OPTIONS = {
    "nonce": Markup("abc123"),
    "site_name": Markup("Example"),
    "id_prefix": Markup("g1_"),
    "isolation": Markup("scoped"),
    "theme": {"accent": Markup("red")},
}


@pytest.mark.parametrize("option", list(HTML_OPTIONS))
def test_html_string_options_refuse_markup(option: str) -> None:
    extra = {"standalone": False} if option == "isolation" else {}
    with pytest.raises((TypeError, ValueError)):
        cstcontent.exporters.get("html", **{option: HTML_OPTIONS[option]}, **extra)
    plain = {"theme": {"accent": "red"}}.get(option, str(HTML_OPTIONS[option]))
    cstcontent.exporters.get("html", **{option: plain}, **extra)  # the same value as a plain str is fine


@pytest.mark.parametrize(
    "name", ["NUL\x00", "bell\x07", "rtl\u202eevil", "isolate\u2066x", "two\nlines", "sep\u2028x", " "]
)
def test_html_site_name_gets_the_model_character_checks(name: str) -> None:
    with pytest.raises(ValueError, match="site_name"):
        cstcontent.exporters.get("html", site_name=name)
