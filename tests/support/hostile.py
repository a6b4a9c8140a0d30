"""A guide with markup-looking text in every field, for validator, browser and embedding tests."""

from __future__ import annotations

from cstcontent.model import ConditionGuide, FAQItem, Person, Section
from cstcontent.nodes import BlockQuote, BulletList, Code, Emphasis, Heading, Link, Paragraph, Text

__all__ = ["HOSTILE_TEXTS", "hostile_guide"]

# Script tags, handlers, javascript:-looking text, a </script>, comment and CDATA tricks, quotes
# that would end an attribute. The model refuses javascript: URLs, so those appear as text.
HOSTILE_TEXTS = (
    "<script>alert('title')</script>",
    "<img src=x onerror=\"alert('img')\">",
    "javascript:alert('text')",
    "</script><script>prompt('answer')</script>",
    "<!-- <script>fetch('/comment')</script> -->",
    "--><svg onload=alert('svg')>",
    "<style>* { display: none }</style>",
    '" onmouseover="alert(\'attr\')" x="',
    "]]><![CDATA[<script>alert('cdata')</script>",
    "<script>alert(1)</script><img src=x onerror=alert(2)> --> <!-- \"' </style>",
)


def _hostile(index: int) -> str:
    return HOSTILE_TEXTS[index % len(HOSTILE_TEXTS)]


def hostile_guide() -> ConditionGuide:
    """A guide with a hostile text in every field; its section and FAQ headings differ (landmark names)."""
    return ConditionGuide(
        slug="hostile-guide",
        title=_hostile(0),
        summary=_hostile(1),
        condition=_hostile(2),
        kicker=_hostile(5),
        faq_heading=_hostile(4),
        url="https://example.org/guide?q=%3Cscript%3Ealert(1)%3C/script%3E&b=</script>",
        authors=[Person(_hostile(6), job_title=_hostile(7), url='https://example.org/a?x="onerror=alert(1)')],
        reviewed_by=[Person(_hostile(8))],
        intro=[Paragraph([Text(_hostile(2)), Link("#faq", [Text(_hostile(0))], title=_hostile(7))])],
        sections=(
            Section(
                "danger",
                _hostile(3),
                [
                    Heading(3, _hostile(1)),
                    Paragraph([Emphasis([Text(_hostile(5))]), Code(_hostile(3))]),
                    Paragraph([Link("https://example.org/x", [Text(_hostile(9))], title=_hostile(9))]),
                    BulletList([[Paragraph([Code(_hostile(9))])]]),
                    BlockQuote([Paragraph([Text(_hostile(4))])]),
                ],
            ),
        ),
        faqs=(
            FAQItem("first", _hostile(0), [Paragraph([Text(_hostile(3))])]),
            FAQItem("second", _hostile(1), [Paragraph([Text("</script><script>alert('faq')</script>")])]),
            FAQItem("third", _hostile(8), [Paragraph([Text(_hostile(4)), Text(_hostile(9))])]),
        ),
    )
