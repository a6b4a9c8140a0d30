"""The Markdown reader on callouts, references, tables, images, editor notes, ids, review and therapy."""

from __future__ import annotations

import datetime

import pytest

import cstcontent
from cstcontent import SourceError
from cstcontent.model import Reference, Therapy
from cstcontent.nodes import (
    BulletList,
    Callout,
    Emphasis,
    FootnoteRef,
    Image,
    Link,
    Paragraph,
    Strong,
    Table,
    Text,
)

FRONT = "---\ntitle: T\nsummary: S\ncondition: C\n---\n"  # the body starts on line 6


def read(body: str, front: str = FRONT) -> cstcontent.ConditionGuide:
    return cstcontent.loads(front + body, path="guide.md")


def problems(body: str, front: str = FRONT) -> list[tuple[int | None, str]]:
    with pytest.raises(SourceError) as caught:
        read(body, front)
    return [(problem.line, problem.message) for problem in caught.value.problems]


# -- callouts


def test_care_callout_with_title_and_list() -> None:
    guide = read(
        "> [!URGENT] Ask for an urgent GP appointment if:\n> - you have a fever\n> - it gets worse\n"
    )
    assert guide.intro == (
        Callout(
            "urgent",
            [BulletList([[Paragraph([Text("you have a fever")])], [Paragraph([Text("it gets worse")])]])],
            title="Ask for an urgent GP appointment if:",
        ),
    )
    assert guide.intro[0].line == 6


@pytest.mark.parametrize(
    ("marker", "kind"),
    [("NOTE", "note"), ("tip", "tip"), ("Important", "important"), ("WARNING", "warning"),
     ("CAUTION", "caution"), ("NON-URGENT", "non-urgent"), ("EMERGENCY", "emergency")],
)  # fmt: skip
def test_every_callout_kind_without_title(marker: str, kind: str) -> None:
    guide = read(f"> [!{marker}]\n> Some *text*\n> on two lines.\n\n> Second paragraph.\n")
    assert guide.intro[0] == Callout(
        kind, [Paragraph([Text("Some "), Emphasis([Text("text")]), Text(" on two lines.")])], title=None
    )


def test_callout_paragraphs_follow_the_marker_line() -> None:
    guide = read("> [!NOTE] Title\n>\n> One.\n>\n> Two.\n")
    assert guide.intro[0] == Callout(
        "note", [Paragraph([Text("One.")]), Paragraph([Text("Two.")])], title="Title"
    )


def test_plain_quote_stays_a_quote() -> None:
    assert type(read("> Just a quote [!NOTE]\n").intro[0]).__name__ == "BlockQuote"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("> [!WARN] Careful\n> text\n", 6, "[!WARN] is not a callout type; did you mean [!WARNING]?"),
        ("> [!URGENCY]\n> text\n", 6, "[!URGENCY] is not a callout type; did you mean [!URGENT]?"),
        ("> [!NOTE] Title only\n", 6, "the callout [!NOTE] has no text"),
        ("> [!NOTE] A *title*\n> text\n", 6, "a callout's title is plain text: remove the emphasis"),
        (
            "> [!NOTE]\n> ### Heading\n",
            7,
            "a callout holds paragraphs and lists only, not a heading: move it before or after the callout",
        ),
        (
            "> [!NOTE]\n> ![A spine](https://example.org/spine.png)\n",
            7,
            "a callout holds paragraphs and lists only, not an image: move it before or after the callout",
        ),
        (
            "> [!NOTE]\n> Text.\n>\n> ![A spine](https://example.org/spine.png)\n",
            9,
            "a callout holds paragraphs and lists only, not an image: move it before or after the callout",
        ),
        ("!!! note\n    Indented body.\n", 6, "MkDocs admonitions ('!!! note') are not supported"),
        (
            '!!! warning "Title"\n\n    Indented body.\n',
            6,
            "write a callout as a block quote: '> [!WARNING]'",
        ),
        ("[!NOTE] Hello\n", 6, "a callout marker ([!NOTE]) must start a block quote: write '> [!NOTE]'"),
    ],
)
def test_callout_errors(body: str, line: int, message: str) -> None:
    found = problems(body)
    assert len(found) == 1, found
    assert found[0][0] == line
    assert message in found[0][1]


# -- references


def test_footnotes_become_references_in_first_citation_order() -> None:
    guide = read(
        "## What the evidence says\n\nA review[^review] and a trial[^trial]; again[^review].\n\n"
        "[^trial]: Smith J. A trial. <https://doi.org/10.1000/182>\n\n"
        "[^review]: Jones K. A review, [DOI](https://doi.org/10.3390/healthcare12060679).\n\n"
        "    It has a second paragraph.\n"
    )
    paragraph = guide.sections[0].blocks[0]
    assert paragraph == Paragraph(
        [Text("A review"), FootnoteRef("review"), Text(" and a trial"), FootnoteRef("trial"),
         Text("; again"), FootnoteRef("review"), Text(".")]
    )  # fmt: skip
    assert [reference.label for reference in guide.references] == ["review", "trial"]
    review = guide.references[0]
    assert review == Reference(
        "review",
        [
            Paragraph(
                [Text("Jones K. A review, "),
                 Link("https://doi.org/10.3390/healthcare12060679", [Text("DOI")]),
                 Text(".")]
            ),
            Paragraph([Text("It has a second paragraph.")]),
        ],
    )  # fmt: skip
    assert review.line == 12
    assert guide.references[1].blocks[0] == Paragraph(
        [
            Text("Smith J. A trial. "),
            Link("https://doi.org/10.1000/182", [Text("https://doi.org/10.1000/182")]),
        ]
    )
    assert guide.reference_number("trial") == 2


def test_reference_errors_each_with_its_line_in_line_order() -> None:
    body = (
        "One[^a], two[^missing].\n\n"  # 6
        "Three[^a].\n\n"  # 8
        "[^a]: First.\n"  # 10
        "[^a]: Again.\n"  # 11
        "[^unused]: Never cited.\n"  # 12
    )
    assert problems(body) == [
        (6, "[^missing] cites a reference that is not defined: add a line '[^missing]: ...' with the"
            " reference, or fix the label"),
        (11, "the reference [^a] is defined twice (first on line 10); give each reference its own label"),
        (12, "the reference [^unused] is never cited; cite it as [^unused] in the text or remove it"),
    ]  # fmt: skip


def test_citation_label_with_a_space_is_refused_not_printed() -> None:
    assert problems("Text[^a b].\n")[0][1].startswith("'[^a b]' is not a valid citation")


def test_definition_inside_a_list_is_refused() -> None:
    found = problems("Cite[^a].\n\n- [^a]: In a list.\n")
    assert (8, "the reference [^a] is defined inside a list, quote or reference; start its definition at"
               " the beginning of a line") in found  # fmt: skip


# -- tables


def test_table_with_alignment_inline_formatting_and_caption_before() -> None:
    guide = read(
        "Table: Sessions by week\n\n| Week | Sessions | Notes |\n|:-----|---------:|:-----:|\n"
        "| 1 | **2** | *gentle* [NHS](https://www.nhs.uk) |\n| 2 | 1 | |\n"
    )
    assert guide.intro == (
        Table(
            [[Text("Week")], [Text("Sessions")], [Text("Notes")]],
            [
                [[Text("1")], [Strong([Text("2")])],
                 [Emphasis([Text("gentle")]), Text(" "), Link("https://www.nhs.uk", [Text("NHS")])]],
                [[Text("2")], [Text("1")], []],
            ],
            ["left", "right", "center"],
            caption="Sessions by week",
        ),
    )  # fmt: skip
    assert guide.intro[0].line == 8


def test_table_caption_after_and_short_rows_padded() -> None:
    guide = read("| A | B |\n| - | - |\n| 1 |\n\nTable: After the table\n\nText.\n")
    table = guide.intro[0]
    assert isinstance(table, Table)
    assert table.caption == "After the table"
    assert table.alignments == (None, None)
    assert table.rows == (((Text("1"),), ()),)
    assert guide.intro[1] == Paragraph([Text("Text.")])


def test_escaped_pipe_in_a_cell() -> None:
    table = read("| A | B |\n| - | - |\n| a \\| b | c |\n").intro[0]
    assert isinstance(table, Table)
    assert table.rows == (((Text("a | b"),), (Text("c"),)),)


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("| A | B |\n| - | - |\n| 1 | 2 | 3 |\n", 8, "this table row has 3 cells but the header has 2"),
        ("| A | B |\n| - | - |\n| 1 | 2 |\nTable: Caption\n", 9, "leave a blank line between them"),
        ("Table: Lonely caption\n\nText.\n", 6, "a 'Table:' caption must be a paragraph directly before or"),
        ("Table: *Styled*\n\n| A |\n| - |\n| 1 |\n", 6, "a table caption is plain text: remove the emphasis"),
        ("| A | B |\n| C | D |\n", 6, "this looks like a table but is not one"),
    ],
)
def test_table_errors(body: str, line: int, message: str) -> None:
    found = problems(body)
    assert found[0][0] == line, found
    assert message in found[0][1]


# -- images


def test_image_paragraph_with_caption_from_title() -> None:
    guide = read('![The sciatic nerve runs down the leg](img/sciatic.png "Where sciatica hurts")\n')
    assert guide.intro == (
        Image("img/sciatic.png", "The sciatic nerve runs down the leg", caption="Where sciatica hurts"),
    )
    assert read("![A *bold* diagram](https://example.org/a.png)\n").intro == (
        Image("https://example.org/a.png", "A bold diagram"),
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("![](img/x.png)\n", "the image 'img/x.png' has no alt text"),
        ("![ ](img/x.png)\n", "has no alt text"),
        ("See ![A](img/x.png) here.\n", "an image must stand alone as its own paragraph"),
        ("[![A](img/x.png)](https://example.org)\n", "an image must stand alone as its own paragraph"),
        ("![A](data:image/png;base64,AAAA)\n", "data"),
        ("![A](javascript:alert(1))\n", "javascript"),
    ],
)
def test_image_errors(body: str, message: str) -> None:
    found = problems(body)
    assert found[0][0] == 6
    assert message in found[0][1]


# -- editor notes and raw HTML


def test_html_comments_are_dropped_block_and_inline() -> None:
    guide = read(
        "<!-- TODO: ask Dr Shah to check this -->\n\nFirst <!-- inline note --> line.\n\n"
        "<!--\nA longer note\nover lines\n-->\n\nLast.\n"
    )
    assert guide.intro == (Paragraph([Text("First line.")]), Paragraph([Text("Last.")]))


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("<div>\nhello\n</div>\n", 6, "raw HTML ('<div>') is not allowed in guides; write a callout"),
        ("Some <b>bold</b>.\n", 6, "raw HTML ('<b>') is not allowed in guides; write **bold** instead"),
        ("Line one\nline <br> two\n", 7, "write a backslash at the end of the line instead"),
        ("<details><summary>More</summary>\n", 6, "write a callout: '> [!NOTE]' instead"),
        ("<!-- note --> trailing text\n", 6, "text after an HTML comment on the same line"),
        ("<?php echo 1; ?>\n", 6, "raw HTML ('<?php echo 1; ?>') is not allowed"),
    ],
)
def test_raw_html_errors(body: str, line: int, message: str) -> None:
    found = problems(body)
    assert found[0][0] == line, found
    assert message in found[0][1]


# -- explicit ids


def test_explicit_ids_on_sections_and_questions() -> None:
    guide = read(
        "## What the evidence says {#evidence}\n\nText.\n\n## FAQ\n\n"
        "### Is it safe for someone who has had a spinal fusion operation in the last two years?"
        " {#fusion}\n\n"
        "Yes.\n"
    )
    assert [(s.id, s.heading) for s in guide.sections] == [("evidence", "What the evidence says")]
    assert guide.faqs[0].id == "fusion"
    assert guide.faqs[0].question.endswith("two years?")


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("## Heading {#Bad_Id}\n\nText.\n", 6, "'{#Bad_Id}' is not a valid id"),
        ("## A\n\nText.\n\n### Sub {#sub}\n\nMore.\n", 10, "only sections (##) and questions can have an id"),
        (
            "## A {#same}\n\nx\n\n## B {#same}\n\ny\n",
            10,
            "has the id 'same', already used by the section 'A'",
        ),
        ("## FAQ {#questions}\n\n### Q?\n\nA.\n", 6, "the FAQ heading cannot take an id"),
    ],
)
def test_explicit_id_errors(body: str, line: int, message: str) -> None:
    found = problems(body)
    assert found[0][0] == line, found
    assert message in found[0][1]


# -- front matter: next_review, therapy, curly quotes


def test_next_review_and_therapy_mapping() -> None:
    guide = read(
        "Text.\n",
        "---\ntitle: T\nsummary: S\ncondition: C\nlast_reviewed: 2026-01-10\nnext_review: 2027-01-10\n"
        "therapy: {name: Craniosacral therapy, url: 'https://example.org/cst', possible_treatment: true}\n"
        "---\n",
    )
    assert guide.next_review == datetime.date(2027, 1, 10)
    assert guide.therapy == Therapy(
        "Craniosacral therapy", url="https://example.org/cst", possible_treatment=True
    )


def test_therapy_as_a_name() -> None:
    guide = read("Text.\n", "---\ntitle: T\nsummary: S\ncondition: C\ntherapy: Massage\n---\n")
    assert guide.therapy == Therapy("Massage")
    assert guide.therapy.possible_treatment is False


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("last_reviewed: 2026-01-10\nnext_review: 2026-01-01\n", 6,
         "next_review (2026-01-01) must be after last_reviewed (2026-01-10)"),
        ("next_review: soon\n", 5, "next_review must be a date written YYYY-MM-DD, not 'soon'"),
        ("therapy: {name: X, possible_treatment: maybe}\n", 5, "possible_treatment must be true or false"),
        ("therapy: {url: 'https://example.org'}\n", 5, "the therapy needs a 'name'"),
        ("therapy: {name: X, claims: yes}\n", 5, "unknown therapy key 'claims'"),
        ("therapy: {name: X, url: /relative}\n", 5, "must be an absolute http:// or https:// URL"),
    ],
)  # fmt: skip
def test_review_and_therapy_errors(front: str, line: int, message: str) -> None:
    found = problems("Text.\n", "---\ntitle: T\nsummary: S\ncondition: C\n" + front + "---\n")
    assert found[0][0] == line, found
    assert message in found[0][1]


def test_curly_quotes_get_a_straight_quotes_hint() -> None:
    found = problems("Text.\n", "---\ntitle: T\nsummary: \u201cA summary\u201d\ncondition: C\n---\n")
    assert found == [
        (3, "summary is wrapped in curly quotes (\u201c...\u201d), which YAML keeps as part of the text;"
            " use straight quotes (\"...\" or '...') or none"),
    ]  # fmt: skip
    found = problems("Text.\n", "---\ntitle: \u201cPain: a guide\u201d\nsummary: S\ncondition: C\n---\n")
    assert found[0][0] == 2
    assert "the line has curly quotes, which are not YAML quotes: use straight ones" in found[0][1]
    assert read(
        "Text.\n", "---\ntitle: T\nsummary: The \u201cbest\u201d guide\ncondition: C\n---\n"
    ).summary == ("The \u201cbest\u201d guide")


# -- constructs the model cannot carry


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("- [ ] Book a session\n- [x] Rest\n", 6, "task lists ('- [ ]', '- [x]') are not supported"),
        ("Text ~~gone~~ here.\n", 6, "strikethrough (~~text~~) is not supported"),
        ("Text ~gone~ here.\n", 6, "strikethrough (~gone~) is not supported"),
        ("```\ncode\n```\n", 6, "code blocks (```) are not supported"),
    ],
)
def test_unsupported_constructs_are_named(body: str, line: int, message: str) -> None:
    found = problems(body)
    assert found[0][0] == line, found
    assert message in found[0][1]


def test_a_lone_tilde_is_text() -> None:
    assert read("About ~5 to ~10 minutes.\n").intro == (Paragraph([Text("About ~5 to ~10 minutes.")]),)


# -- round trips of what the reader builds

EVERY_CONSTRUCT = """\
---
title: Lower back pain
summary: What helps, and when to get help.
condition: Low back pain
last_reviewed: 2026-01-10
next_review: 2027-01-10
therapy: {name: Craniosacral therapy, possible_treatment: false}
---

<!-- TODO: ask Dr Shah to check this -->

> [!NON-URGENT] See a GP if:
> - the pain lasts more than 6 weeks

> [!URGENT]
> Ask for an urgent GP appointment if you also have a fever.

> [!EMERGENCY] Call 999 if:
> - you cannot control when you pee

## What the evidence says {#evidence}

A review[^review] found little benefit.

| Treatment | Benefit |
|:----------|--------:|
| *Exercise* | **some** |

Table: Benefit by treatment

![Diagram of the lower spine](img/spine.png "The lumbar spine")

[^review]: Jones K. A review. <https://doi.org/10.1000/182>

## FAQ

### Is it serious? {#serious}

Usually not.
"""


def test_every_construct_round_trips_through_json_and_markdown() -> None:
    guide = cstcontent.loads(EVERY_CONSTRUCT, path="lower-back-pain.md")
    assert [block.kind for block in guide.intro if isinstance(block, Callout)] == [
        "non-urgent", "urgent", "emergency",
    ]  # fmt: skip
    assert [type(block).__name__ for block in guide.sections[0].blocks] == ["Paragraph", "Table", "Image"]
    assert cstcontent.loads(cstcontent.export(guide, "json"), format="json") == guide
    assert cstcontent.loads(cstcontent.export(guide, "markdown"), path="lower-back-pain.md") == guide
