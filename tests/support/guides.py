"""Guides built in Python for tests: one that holds every node type of the model.

`every_node_guide` is the guide an exporter must render without losing anything:
each node carries words of its own (listed in `EVERY_NODE_WORDS`), so a test can
check that each one reached the output. `test_every_node_guide_holds_every_type`
keeps it complete as the model grows.
"""

from __future__ import annotations

import datetime
from typing import Any

from cstcontent.model import Condition, ConditionGuide, FAQItem, Person, Reference, Section, Therapy
from cstcontent.nodes import (
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

__all__ = ["EVERY_NODE_WORDS", "every_node_answer_guide", "every_node_guide"]

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
