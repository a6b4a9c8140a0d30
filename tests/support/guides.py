"""Guides built in Python for tests: one that holds every node type of the model.

`every_node_guide` is the guide an exporter must render without losing anything:
each node carries words of its own (listed in `EVERY_NODE_WORDS`), so a test can
check that each one reached the output. `test_every_node_guide_holds_every_type`
keeps it complete as the model grows. `showcase_guide` is a page-sized guide for
browser, validator and accessibility tests and screenshots: every callout kind, a
table too wide for a phone, a relative image, a question that wraps.
"""

from __future__ import annotations

import datetime
from typing import Any

from cstcontent.model import Condition, ConditionGuide, FAQItem, Person, Reference, Section, Therapy
from cstcontent.nodes import (
    CALLOUT_KINDS,
    Block,
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

__all__ = [
    "CALLOUT_TITLES",
    "EVERY_NODE_WORDS",
    "IMAGES",
    "LONG_QUESTION",
    "SHOWCASE_URL",
    "every_node_answer_guide",
    "every_node_guide",
    "showcase_guide",
]

#: Words that each stand for one node type of `every_node_guide` and appear nowhere else; a
#: citation's word is in the reference it cites.
EVERY_NODE_WORDS = {
    "Text": "plaintextword",
    "Emphasis": "emphasisword",
    "Strong": "strongword",
    "Code": "codeword",
    "Link": "linkword",
    "LineBreak": "afterbreakword",
    "FootnoteRef": "Smithword",
    "Paragraph": "paragraphword",
    "BulletList": "bulletword",
    "OrderedList": "orderedword",
    "Heading": "Subheadingword",
    "BlockQuote": "quoteword",
    "Callout": "Calloutword",
    "Table": "Tablecaptionword",
    "Image": "Imagealtword",
}


def _paragraph_of_inlines() -> Paragraph:
    """A paragraph with every inline type, citing ``smith-2020``."""
    return Paragraph(
        (
            Text("Some plaintextword and "),
            Emphasis((Text("emphasisword"),)),
            Text(", "),
            Strong((Text("strongword"),)),
            Text(", "),
            Code("codeword"),
            Text(" and a "),
            Link("https://example.org/more", (Text("linkword"),)),
            Text("."),
            LineBreak(),
            Text("Then afterbreakword, citedword"),
            FootnoteRef("smith-2020"),
            Text(" and paragraphword."),
        )
    )


def _callouts() -> tuple[Callout, ...]:
    """The three care levels (the first holding Calloutword) and a GitHub alert without title."""
    return (
        Callout(
            "non-urgent",
            (Paragraph((Text("Calloutword: see a GP if the pain lasts."),)),),
            title="See a GP if:",
        ),
        Callout(
            "urgent",
            (BulletList(((Paragraph((Text("you cannot walk"),)),),)),),
            title="Ask for an urgent GP appointment if:",
        ),
        Callout("emergency", (Paragraph((Text("you have chest pain"),)),)),
        Callout("tip", (Paragraph((Text("Rest the foot."),)),)),
    )


def _evidence_blocks() -> tuple[Block, ...]:
    """Lists (one citing ``nice-2022``), a quote, a table and an image."""
    return (
        BulletList(
            (
                (Paragraph((Text("bulletword one"),)),),
                (Paragraph((Text("second bullet"), FootnoteRef("nice-2022"))),),
            )
        ),
        OrderedList(((Paragraph((Text("orderedword first"),)),),), start=3),
        BlockQuote((Paragraph((Text("A quoteword said here."),)),)),
        Table(
            header=((Text("Treatment"),), (Text("Evidence"),), (Text("Sessions"),)),
            rows=(
                ((Strong((Text("Stretching"),)),), (Text("Moderate"),), (Text("10"),)),
                ((Text("Insoles"),), (), (Text("2"),)),
            ),
            alignments=("left", None, "right"),
            caption="Tablecaptionword: treatments compared",
        ),
        Image(
            "https://example.org/images/foot.png",
            "Imagealtword: the sole of a foot",
            caption="The plantar fascia runs along the sole.",
        ),
    )


def _references() -> tuple[Reference, ...]:
    return (
        Reference(
            "smith-2020",
            (
                Paragraph(
                    (
                        Text("Smithword J. Heel pain. "),
                        Link("https://doi.org/10.1000/xyz123", (Text("doi:10.1000/xyz123"),)),
                    )
                ),
            ),
        ),
        Reference("nice-2022", (Paragraph((Text("NICE. Plantar fasciitis guidance, 2022."),)),)),
    )


def _guide(**fields: Any) -> ConditionGuide:
    values: dict[str, Any] = {
        "slug": "every-node",
        "title": "Every node guide",
        "summary": "A guide with one of everything.",
        "condition": Condition("Plantar fasciitis", alternate_names=("Policeman's heel",)),
        "url": "https://example.org/conditions/every-node",
        "published": datetime.date(2026, 1, 10),
        "modified": datetime.date(2026, 2, 1),
        "last_reviewed": datetime.date(2026, 1, 20),
        "next_review": datetime.date(2027, 1, 20),
        "authors": (Person("Alex Morgan", job_title="Craniosacral therapist"),),
        "reviewed_by": (Person("Dr Priya Shah", url="https://example.org/reviewers/priya-shah"),),
        "therapy": Therapy("Craniosacral therapy", url="https://example.org/cst", possible_treatment=True),
        "references": _references(),
    }
    return ConditionGuide(**{**values, **fields})


def every_node_guide() -> ConditionGuide:
    """A guide whose intro and sections hold every block and inline type, and every guide field.

    The intro and the one FAQ answer are plain, so each word of `EVERY_NODE_WORDS` comes
    from the sections (the part of the body the schema.org graph carries too) or the references.
    """
    return _guide(
        intro=(Paragraph((Text("An intro."),)),),
        sections=(
            Section("when-to-get-help", "When to get help", _callouts()),
            Section(
                "what-the-evidence-says",
                "What the evidence says",
                (_paragraph_of_inlines(), Heading(3, "Subheadingword here"), *_evidence_blocks()),
            ),
        ),
        faqs=(FAQItem("is-it-safe", "Is it safe?", (Paragraph((Text("Mostly, with care."),)),)),),
    )


def every_node_answer_guide() -> ConditionGuide:
    """A guide whose one FAQ answer holds every node type an answer may hold (all but `Heading`).

    For exporters that write the FAQ alone (the ``jsonld`` FAQPage, the ``faq-csv`` plugin).
    """
    blocks = (_paragraph_of_inlines(), *_callouts(), *_evidence_blocks())
    return _guide(faqs=(FAQItem("what-is-it", "What is it?", blocks),))


#: The guide's canonical URL; its relative image resolves to ``https://example.org/conditions/images/...``.
SHOWCASE_URL = "https://example.org/conditions/lower-back-pain"
#: The showcase's images: relative URLs, and an SVG to serve for each.
IMAGES = {
    "images/lower-back.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="200" viewBox="0 0 480 200">'
        '<rect width="480" height="200" fill="#e8f1fa"/>'
        '<path d="M240 20 C 210 70, 270 130, 240 180" stroke="#005eb8" stroke-width="14" fill="none"/>'
        '<circle cx="240" cy="110" r="16" fill="#d5281b"/></svg>'
    ),
    "images/stretch.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120">'
        '<rect width="320" height="120" fill="#edf7ee"/>'
        '<path d="M40 100 L160 40 L280 100" stroke="#1e7d32" stroke-width="10" fill="none"/></svg>'
    ),
}
#: A question long enough to wrap on a phone and on a desktop.
LONG_QUESTION = (
    "Is it safe to keep working, lifting children and carrying shopping while the pain is still"
    " there, or should I rest in bed until every symptom has completely gone away?"
)
#: The titles of some of the showcase's callouts.
CALLOUT_TITLES = {
    "non-urgent": "Speak to a GP if:",
    "urgent": "Ask for an urgent GP appointment or get help from NHS 111 if:",
    "emergency": "Call 999 or go to A&E if:",
    "tip": "Keep moving",
}


def _sentence(*inlines: Text | Emphasis | Strong | Code | Link | LineBreak | FootnoteRef) -> Paragraph:
    return Paragraph(list(inlines))


def _showcase_callouts() -> list[Block]:
    callouts: list[Block] = []
    for kind in CALLOUT_KINDS:
        blocks: list[Block] = [
            _sentence(Text(f"The {kind} callout, with "), Strong([Text("strong")]), Text("."))
        ]
        if kind in ("urgent", "emergency"):
            blocks.append(
                BulletList(
                    [
                        [_sentence(Text("you have numbness around your bottom or genitals"))],
                        [_sentence(Text("you cannot pee or control when you pee or poo"))],
                    ]
                )
            )
        if kind == "warning":
            blocks.append(_sentence(Text("Stop if it hurts more "), FootnoteRef("nice-2020"), Text(".")))
        callouts.append(Callout(kind, blocks, title=CALLOUT_TITLES.get(kind)))
    return callouts


def _showcase_tables() -> list[Block]:
    aligned = Table(
        header=[[Text("Treatment")], [Text("Evidence")], [Text("Weeks")], []],
        rows=[
            [
                [Strong([Text("Exercise")])],
                [Text("Good "), FootnoteRef("nice-2020")],
                [Text("6")],
                [Text("a")],
            ],
            [[Emphasis([Text("Massage")])], [Link("https://example.org/m", [Text("Some")])], [Text("4")], []],
            [[Code("CST")], [Text("Little")], [Text("-")], [Text("c")]],
        ],
        alignments=["left", "center", "right", None],
        caption="Treatments for lower back pain",
    )
    wide = Table(
        header=[[Text(f"Column {n} heading")] for n in range(1, 9)],
        rows=[[[Text(f"Row {r} cell {n} with words")] for n in range(1, 9)] for r in range(1, 3)],
        alignments=[None] * 8,
    )
    return [aligned, wide]


def showcase_guide(*, url: str | None = SHOWCASE_URL) -> ConditionGuide:
    """A page-sized guide with every node type and the cases a page must get right.

    Every callout kind (some with a title), a table with every alignment, a caption, an
    empty header cell, formatting and a citation in cells, a table too wide for a phone, two
    images with relative URLs (see `IMAGES`), one with a caption, references cited from
    the intro, a section, a callout, a table and an FAQ answer (one cited twice, one of two
    paragraphs, one ending in a list), both review dates, and an FAQ question long enough to
    wrap, linked from the intro.
    """
    guide = ConditionGuide(
        slug="showcase",
        title="Lower back pain",
        summary="A guide with every construct: callouts, tables, images, references and more.",
        condition="Low back pain",
        url=url,
        published=datetime.date(2026, 1, 5),
        last_reviewed=datetime.date(2026, 3, 10),
        next_review=datetime.date(2029, 3, 10),
        authors=[Person("Dr Ada Shah", job_title="GP")],
        intro=[
            _sentence(
                Text("Most back pain gets better in a few weeks "),
                FootnoteRef("nice-2020"),
                Text(". See "),
                Link("#is-it-safe-to-keep-working", [Text("whether to keep working")]),
                Text(" and "),
                Link("#every-construct", [Text("every construct")]),
                Text("."),
            )
        ],
        sections=[
            Section(
                "every-construct",
                "Every construct",
                [
                    Heading(3, "Text"),
                    _sentence(
                        Text("Plain, "),
                        Emphasis([Text("emphasised")]),
                        Text(", "),
                        Strong([Text("strong")]),
                        Text(", "),
                        Code("a < b"),
                        Text(", "),
                        Link("https://example.org/x", [Text("a link")], title="A title"),
                        LineBreak(),
                        Text("after a break, cited again "),
                        FootnoteRef("cochrane-2015"),
                        Text("."),
                    ),
                    BulletList([[_sentence(Text("bullet"))], [_sentence(Text("another"))]]),
                    OrderedList([[_sentence(Text("first"))], [_sentence(Text("second"))]], start=2),
                    BlockQuote([_sentence(Text("A quotation."))]),
                    Heading(3, "Callouts"),
                    *_showcase_callouts(),
                    Heading(3, "Tables"),
                    *_showcase_tables(),
                    Heading(3, "Images"),
                    Image(
                        "images/lower-back.svg",
                        "A curved spine with a red spot low on the back",
                        caption="Where lower back pain is felt",
                    ),
                    Image("images/stretch.svg", "A person stretching on a mat"),
                ],
            ),
        ],
        faqs=[
            FAQItem(
                "is-it-safe-to-keep-working",
                LONG_QUESTION,
                [_sentence(Text("Yes, keep as active as you can "), FootnoteRef("foster-2018"), Text("."))],
            ),
            FAQItem("will-it-come-back", "Will it come back?", [_sentence(Text("It can."))]),
        ],
        references=[
            Reference(
                "nice-2020",
                [
                    _sentence(
                        Text("NICE. Low back pain and sciatica in over 16s (NG59). "),
                        Link("https://www.nice.org.uk/guidance/ng59", [Text("nice.org.uk/guidance/ng59")]),
                    )
                ],
            ),
            Reference(
                "cochrane-2015",
                [
                    _sentence(Text("Hayden J, et al. Exercise therapy for chronic low back pain.")),
                    _sentence(
                        Text("doi: "),
                        Link(
                            "https://doi.org/10.1002/14651858.CD009790", [Text("10.1002/14651858.CD009790")]
                        ),
                    ),
                ],
            ),
            Reference(
                "foster-2018",
                [
                    _sentence(Text("Foster NE, et al. Prevention and treatment of low back pain.")),
                    BulletList([[_sentence(Text("The Lancet, 2018"))]]),
                ],
            ),
        ],
    )
    return guide
