"""The model validates on construction and compares by value, not by source line."""

from __future__ import annotations

import datetime

import attrs
import pytest

from cstcontent import Condition, FAQItem, GuideValueError, Person, Section
from cstcontent.model import Reference, walk_blocks, walk_inlines
from cstcontent.nodes import (
    BLOCK_TYPES,
    INLINE_TYPES,
    BlockQuote,
    BulletList,
    Callout,
    Code,
    Emphasis,
    FootnoteRef,
    Heading,
    Image,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Strong,
    Table,
    Text,
)
from cstcontent.urls import check_url
from support.builders import guide, text_para


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
    assert text_para("a", line=3) == text_para("a", line=99)
    assert hash(text_para("a", line=3)) == hash(text_para("a", line=99))
    assert Section("x", "X", [text_para("a")], line=1) == Section("x", "X", [text_para("a")], line=7)


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
        ({"language": "\u212aa"}, "BCP 47"),  # a Kelvin sign folds to 'k' only under Unicode case folding
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
            {"sections": [Section("a", "A", [text_para("x")]), Section("a", "A again", [text_para("y")])]},
            "already used by the section 'A'",
        ),
        (
            {
                "faqs": [
                    FAQItem("q", "Is it safe?", [text_para("x")]),
                    FAQItem("q2", "is it  SAFE?", [text_para("y")]),
                ]
            },
            "asked twice",
        ),
        (
            {"sections": [Section("is-it-safe", "Is it safe", [text_para("x")])]},
            "already used by",
        ),
        ({"intro": [Heading(3, "Sub")]}, "intro contains the sub-heading"),
        ({"sections": ["not a section"]}, "must hold Section objects"),
    ],
)
def test_invalid_guides_raise_clear_errors(changes: dict[str, object], message: str) -> None:
    with pytest.raises(GuideValueError, match=message):
        guide(**changes)


_SCHEME = "uses the scheme 'javascript'"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", _SCHEME),
        ("JaVaScRiPt:alert(1)", _SCHEME),
        (" javascript:alert(1)", _SCHEME),
        ("\x01javascript:alert(1)", r"control character or noncharacter U\+0001"),
        ("java\tscript:alert(1)", _SCHEME),
        ("java\nscript:alert(1)", _SCHEME),
        ("javascript&#58;alert(1)", _SCHEME),
        ("javascript&colon;alert(1)", _SCHEME),
        ("data:text/html;base64,PHNjcmlwdD4=", "uses the scheme 'data'"),
        ("vbscript:msgbox(1)", "uses the scheme 'vbscript'"),
        ("file:///etc/passwd", "uses the scheme 'file'"),
        ("https://example.org[", "is not a valid URL"),
        ("http://[::1", "is not a valid URL"),
        ("", "must not be empty"),
        ("  ", "must not be empty"),
    ],
)
def test_hostile_link_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(GuideValueError, match=message):
        Link(url, [Text("x")])


@pytest.mark.parametrize("url", ["\x01javascript:alert(1)", "\x00\x1f javascript:x", "\x0cjavascript:x"])
def test_url_policy_reads_the_scheme_behind_leading_controls(url: str) -> None:
    """The model refuses controls first; the policy on its own still sees what a browser sees."""
    with pytest.raises(GuideValueError, match=_SCHEME):
        check_url(url, absolute=False)


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
        (lambda: OrderedList([[text_para("a")]], start=-1), "from 0 to"),
        (lambda: Heading(2, "x"), "from 3 to 6"),
        (lambda: Heading(7, "x"), "from 3 to 6"),
        (lambda: BlockQuote([]), "must not be empty"),
        (lambda: Paragraph(["text"]), "cannot contain a str"),  # type: ignore[list-item]
        (lambda: BulletList([[Text("x")]]), "cannot contain a Text"),  # type: ignore[list-item]
        (lambda: Section("s", "S", []), "has no content"),
        (lambda: Section("faq", "S", [text_para("a")]), "reserved"),
        (lambda: Section("s", "S", [BlockQuote([Heading(3, "x")])]), "inside a list or quote"),
        (lambda: FAQItem("q", "Q?", []), "has no answer"),
        (lambda: FAQItem("q", "", [text_para("a")]), "question must not be empty"),
        (lambda: FAQItem("q", "Q?", [Heading(3, "x")]), "cannot have sub-headings"),
        (lambda: Person("x", url="mailto:x@y.org"), "absolute http"),
        (lambda: Condition("X", ["ok", ""]), "must not be empty"),
        (lambda: Text("del \x7f"), r"U\+007F"),
        (
            lambda: Section("s", "S", [text_para("a"), Heading(4, "Skips")]),
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


def test_walks_reach_every_node_type_in_document_order() -> None:
    blocks = [
        Paragraph(
            [Text("a "), Emphasis([Text("b")]), Strong([Code("c")]), LineBreak(),
             Link("#x", [Text("d")], title="t"), FootnoteRef("smith-2020")]
        ),
        BulletList([[text_para("one")], [text_para("two"), BulletList([[text_para("nested")]])]]),
        OrderedList([[text_para("first")]], start=3),
        Heading(3, "Sub"),
        BlockQuote([text_para("quoted")]),
        Callout("urgent", [text_para("Call 111.")], title="Get help"),
        Table([[Text("head")]], [[[Text("cell")]]], [None]),
        Image("images/x.png", "An x-ray"),
    ]  # fmt: skip
    g = guide(
        sections=[Section("all", "All", blocks)],
        references=[Reference("smith-2020", [text_para("Smith, 2020.")])],
    )
    assert {type(block) for block in walk_blocks(g.body_blocks())} == set(BLOCK_TYPES)
    assert {type(node) for node in walk_inlines(g.body_blocks())} == set(INLINE_TYPES)
    texts = [node.text for node in walk_inlines(g.body_blocks()) if isinstance(node, Text)]
    assert texts == [
        "a ", "b", "d", "one", "two", "nested", "first", "quoted", "Call 111.", "head", "cell", "Yes.",
    ]  # fmt: skip
    assert g.reference_number("smith-2020") == 1


def _model_objects() -> dict[type, object]:
    """One object of every attrs class the model, its nodes and the site settings define."""
    from cstcontent.site import Publisher, SiteSettings
    from support.guides import every_node_guide

    found: dict[type, object] = {}
    stack: list[object] = [
        every_node_guide(),
        SiteSettings(name="Site", base_url="https://example.org/", publisher=Publisher(name="P")),
    ]
    while stack:
        current = stack.pop()
        if attrs.has(type(current)):
            found.setdefault(type(current), current)
            stack.extend(getattr(current, field.name) for field in attrs.fields(type(current)))
        elif isinstance(current, tuple):
            stack.extend(current)
    return found


class _NotIterable:
    """Neither a string nor iterable nor any type the model takes."""


@pytest.mark.parametrize("bad", [None, 1, 2.5, True, _NotIterable(), b"x", {"a": 1}, [1], [[1]]])
def test_every_field_given_a_wrong_type_raises_a_library_error(bad: object) -> None:
    """``except CstContentError`` catches every refusal: never Python's TypeError ('not iterable')."""
    objects = _model_objects()
    assert {cls.__name__ for cls in objects} >= {"ConditionGuide", "Table", "Callout", "SiteSettings"}
    for cls, instance in objects.items():
        for field in (field for field in attrs.fields(cls) if field.init and field.name != "line"):
            try:
                attrs.evolve(instance, **{field.alias: bad})
            except GuideValueError:
                continue
            except Exception as error:  # the point is which error it is
                pytest.fail(f"{cls.__name__}.{field.alias}={bad!r}: {type(error).__name__}: {error}")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "data:image/png;base64,AAAA",
            r"must be an http\(s\) URL or a relative path \(it uses the scheme 'data'\)",
        ),
        ("javascript:alert(1)", "it uses the scheme 'javascript'"),
        ("mailto:a@b.example", "it uses the scheme 'mailto'"),
        ("tel:123", "it uses the scheme 'tel'"),
        ("#figure-1", r"must be an http\(s\) URL or a relative path$"),
        (
            "javascript&colon;alert(1)",
            "uses the scheme 'javascript'",
        ),  # what a browser reads: a link's checks too
        ("", "must not be empty"),
    ],
)
def test_image_urls_are_http_or_relative(url: str, message: str) -> None:
    with pytest.raises(GuideValueError, match=message):
        Image(url, "An x-ray")


@pytest.mark.parametrize("url", ["images/x.png", "/images/x.png", "../x.png", "https://example.org/x.png"])
def test_allowed_image_urls(url: str) -> None:
    assert Image(url, "An x-ray").url == url


@pytest.mark.parametrize(
    ("block", "named"),
    [
        (Heading(3, "Inside"), "a heading"),
        (Image("x.png", "An x-ray"), "an image"),
        (BlockQuote([text_para("quoted")]), "a block quote"),
        (Table([[Text("a")]], [[[Text("1")]]], [None]), "a table"),
        (Callout("tip", [text_para("nested")]), "a callout"),
    ],
)
def test_a_callout_names_the_block_it_cannot_hold(block: object, named: str) -> None:
    with pytest.raises(
        GuideValueError, match=f"paragraphs and lists only, not {named}: move it before or after"
    ):
        Callout("note", [text_para("text"), block])
