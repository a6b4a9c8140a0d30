"""The model validates on construction and compares by value, not by source line."""

from __future__ import annotations

import datetime

import attrs
import pytest

from cstcontent import Condition, ConditionGuide, FAQItem, GuideValueError, Person, Section
from cstcontent.nodes import (
    BlockQuote,
    BulletList,
    Code,
    Emphasis,
    Heading,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Strong,
    Text,
)


def para(text: str, *, line: int | None = None) -> Paragraph:
    return Paragraph([Text(text)], line=line)


def guide(**changes: object) -> ConditionGuide:
    fields: dict[str, object] = {
        "slug": "sciatica",
        "title": "Sciatica",
        "summary": "Pain down the leg.",
        "condition": "Sciatica",
        "sections": [Section("how-it-helps", "How it helps", [para("Gently.")])],
        "faqs": [FAQItem("is-it-safe", "Is it safe?", [para("Yes.")])],
    }
    fields.update(changes)
    return ConditionGuide(**fields)  # type: ignore[arg-type]


def test_defaults_and_conversions() -> None:
    g = guide(authors=["Ann Author"], condition="Sciatica")
    assert g.kicker == "Condition guide"
    assert g.language == "en"
    assert g.condition == Condition("Sciatica", ())
    assert g.authors == (Person("Ann Author"),)
    assert isinstance(g.sections, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        g.title = "x"  # type: ignore[misc]


def test_line_numbers_are_not_part_of_equality() -> None:
    assert para("a", line=3) == para("a", line=99)
    assert hash(para("a", line=3)) == hash(para("a", line=99))
    assert Section("x", "X", [para("a")], line=1) == Section("x", "X", [para("a")], line=7)


def test_inlines_are_normalised() -> None:
    assert Paragraph([Text("a"), Text(""), Text("b")]) == Paragraph([Text("ab")])
    assert Emphasis([Text("a"), Text("b")]).children == (Text("ab"),)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "title must not be empty"),
        ({"title": "   "}, "title must not be empty"),
        ({"summary": ""}, "summary must not be empty"),
        ({"title": "two\nlines"}, "single line"),
        ({"slug": "Sciatica"}, "not a slug"),
        ({"slug": "a--b"}, "not a slug"),
        ({"slug": "-a"}, "not a slug"),
        ({"url": "example.org/x"}, "absolute http"),
        ({"url": "ftp://example.org/x"}, "scheme 'ftp'"),
        ({"url": "javascript:alert(1)"}, "scheme 'javascript'"),
        ({"url": "/relative"}, "absolute http"),
        ({"language": "english language"}, "BCP 47"),
        ({"language": 1}, "BCP 47"),
        ({"published": "2026-01-01"}, "must be a date"),
        ({"published": datetime.datetime(2026, 1, 1)}, "must be a date"),
        (
            {"published": datetime.date(2026, 2, 1), "modified": datetime.date(2026, 1, 1)},
            "earlier than published",
        ),
        ({"title": 5}, "must be a string"),
        ({"title": "a\x00b"}, r"U\+0000"),
        ({"title": "a\ud800b"}, r"U\+D800"),
        ({"title": "bell\x07"}, r"control character or noncharacter U\+0007"),
        ({"summary": "c1 \x85 control"}, r"U\+0085"),
        ({"kicker": "x\ufffe"}, r"U\+FFFE"),
        (
            {"sections": [Section("a", "A", [para("x")]), Section("a", "A again", [para("y")])]},
            "already used by the section 'A'",
        ),
        (
            {"faqs": [FAQItem("q", "Is it safe?", [para("x")]), FAQItem("q2", "is it  SAFE?", [para("y")])]},
            "asked twice",
        ),
        (
            {"sections": [Section("is-it-safe", "Is it safe", [para("x")])]},
            "already used by",
        ),
        ({"intro": [Heading(3, "Sub")]}, "intro contains the sub-heading"),
        ({"sections": ["not a section"]}, "must hold Section objects"),
    ],
)
def test_invalid_guides_raise_clear_errors(changes: dict[str, object], message: str) -> None:
    with pytest.raises(GuideValueError, match=message):
        guide(**changes)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "javascript&#58;alert(1)",
        "javascript&colon;alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "https://example.org[",
        "http://[::1",
        "",
        "  ",
    ],
)
def test_hostile_link_urls_are_refused(url: str) -> None:
    with pytest.raises(GuideValueError):
        Link(url, [Text("x")])


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=c#d",
        "http://x.org",
        "mailto:a@b.org",
        "tel:+441614960000",
        "/conditions/x",
        "../x",
        "#what-to-expect",
        "x.html",
        "//example.org/x",
    ],
)
def test_allowed_link_urls(url: str) -> None:
    assert Link(url, [Text("x")]).url == url


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Paragraph([]), "Paragraph must not be empty"),
        (lambda: Paragraph([Text("")]), "Paragraph must not be empty"),
        (lambda: Text("a\nb"), "line break"),
        (lambda: Code(""), "Code must not be empty"),
        (lambda: BulletList([]), "must not be empty"),
        (lambda: BulletList([[]]), "empty item"),
        (lambda: OrderedList([[para("a")]], start=-1), "from 0 to"),
        (lambda: Heading(2, "x"), "from 3 to 6"),
        (lambda: Heading(7, "x"), "from 3 to 6"),
        (lambda: BlockQuote([]), "must not be empty"),
        (lambda: Paragraph(["text"]), "cannot contain a str"),  # type: ignore[list-item]
        (lambda: BulletList([[Text("x")]]), "cannot contain a Text"),  # type: ignore[list-item]
        (lambda: Section("s", "S", []), "has no content"),
        (lambda: Section("faq", "S", [para("a")]), "reserved"),
        (lambda: Section("s", "S", [BlockQuote([Heading(3, "x")])]), "inside a list or quote"),
        (lambda: FAQItem("q", "Q?", []), "has no answer"),
        (lambda: FAQItem("q", "", [para("a")]), "question must not be empty"),
        (lambda: FAQItem("q", "Q?", [Heading(3, "x")]), "cannot have sub-headings"),
        (lambda: Person("x", url="mailto:x@y.org"), "absolute http"),
        (lambda: Condition("X", ["ok", ""]), "must not be empty"),
        (lambda: Text("del \x7f"), r"U\+007F"),
        (
            lambda: Section("s", "S", [para("a"), Heading(4, "Skips")]),
            "level-4 heading cannot follow a level-2",
        ),
        (lambda: Link("#x", [Text("x")], title=""), "title must not be empty"),
        (lambda: Link("/a", [Strong([Link("/b", [Text("x")])])]), "links cannot nest"),
        (lambda: Link("#x", [Text("x")], title="two\nlines"), "single line"),
    ],
)
def test_invalid_nodes_raise_clear_errors(build: object, message: str) -> None:
    with pytest.raises(GuideValueError, match=message):
        build()  # type: ignore[operator]


def test_every_node_type_constructs() -> None:
    blocks = [
        Paragraph(
            [Text("a "), Emphasis([Text("b")]), Code("c"), LineBreak(), Link("#x", [Text("d")], title="t")]
        ),
        BulletList([[para("one")], [para("two"), BulletList([[para("nested")]])]]),
        OrderedList([[para("first")]], start=3),
        Heading(3, "Sub"),
        BlockQuote([para("quoted")]),
    ]
    section = Section("all", "All", blocks)
    assert len(section.blocks) == 5
