"""The Markdown reader: what it builds, and every error it reports as path:line: message."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import cstcontent
from cstcontent import SourceError
from cstcontent.errors import OptionError
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

FIXTURES = Path(__file__).parent.parent / "fixtures"
FRONT = "---\ntitle: T\nsummary: S\ncondition: C\n---\n"


def read(body: str, front: str = FRONT, path: str = "guide.md") -> cstcontent.ConditionGuide:
    return cstcontent.loads(front + body, path=path)


def error_of(source: str, path: str = "guide.md") -> str:
    with pytest.raises(SourceError) as caught:
        cstcontent.loads(source, path=path)
    return str(caught.value)


def test_sciatica_fixture_matches_the_published_page() -> None:
    guide = cstcontent.load(FIXTURES / "sciatica.md")
    assert guide.slug == "sciatica"
    assert guide.kicker == "Condition guide"
    assert guide.title == "Craniosacral Therapy for Sciatica and Herniated Discs"
    assert guide.summary.startswith("Sciatica — pain radiating from the lower back down the leg")
    assert [s.heading for s in guide.sections] == [
        "How craniosacral therapy helps",
        "What the evidence says",
        "What to expect",
    ]
    assert [s.id for s in guide.sections] == [
        "how-craniosacral-therapy-helps",
        "what-the-evidence-says",
        "what-to-expect",
    ]
    assert [f.question for f in guide.faqs] == [
        "Can CST fix a herniated disc?",
        "Is CST safe during a sciatica flare-up?",
        "How many sessions for sciatica?",
        "Can CST prevent sciatica surgery?",
    ]
    assert guide.faqs[0].id == "can-cst-fix-a-herniated-disc"
    assert guide.published == datetime.date(2026, 1, 10)
    assert guide.url == "https://example.org/conditions/sciatica"


def test_every_fixture_loads_with_line_numbers() -> None:
    for path in sorted(FIXTURES.glob("*.md")):
        guide = cstcontent.load(path)
        assert guide.slug == path.stem
        for section in guide.sections:
            assert section.line is not None
            assert section.line > 1
            assert all(block.line is not None for block in section.blocks)


def test_body_structure() -> None:
    guide = read(
        'Intro with *em*, **strong**, `code`, [a link](https://example.org "Title") and a  \n'
        "hard break.\n\n"
        "## First section\n\n"
        "- one\n- two\n\n  more\n\n"
        "3. three\n4. four\n\n"
        "### Sub\n\n"
        "> quoted\n\n"
        "## FAQ\n\n### Question one?\n\nAnswer one.\n\n### Question two?\n\nAnswer two.\n"
    )
    assert guide.intro == (
        Paragraph(
            [
                Text("Intro with "),
                Emphasis([Text("em")]),
                Text(", "),
                Strong([Text("strong")]),
                Text(", "),
                Code("code"),
                Text(", "),
                Link("https://example.org", [Text("a link")], title="Title"),
                Text(" and a"),
                LineBreak(),
                Text("hard break."),
            ]
        ),
    )
    (section,) = guide.sections
    assert section.id == "first-section"
    assert section.blocks == (
        BulletList([[Paragraph([Text("one")])], [Paragraph([Text("two")]), Paragraph([Text("more")])]]),
        OrderedList([[Paragraph([Text("three")])], [Paragraph([Text("four")])]], start=3),
        Heading(3, "Sub"),
        BlockQuote([Paragraph([Text("quoted")])]),
    )
    assert guide.faq_heading == "FAQ"
    assert [f.question for f in guide.faqs] == ["Question one?", "Question two?"]


def test_soft_breaks_become_spaces_and_entities_are_decoded() -> None:
    guide = read("one\ntwo &amp; &copy; \\*not em\\*\n")
    assert guide.intro == (Paragraph([Text("one two & © *not em*")]),)


def test_raw_html_is_refused_block_and_inline_each_with_its_line() -> None:
    with pytest.raises(SourceError) as caught:
        read('<script>alert(1)</script>\n\n<b onclick="x">bold</b> text\n')
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (
            6,
            "raw HTML ('<script>alert(1)</script>') is not allowed in guides;"
            " remove it: a guide cannot run scripts",
        ),
        (8, "raw HTML ('<b onclick=\"x\">') is not allowed in guides; write **bold** instead"),
    ]


def test_front_matter_fields() -> None:
    front = (
        "---\ntitle: T\nsummary: S\ncondition:\n  name: Migraine\n  alternate_names: [Sick headache]\n"
        "language: en-GB\nurl: https://example.org/x\npublished: 2026-01-02\nmodified: '2026-01-03'\n"
        "authors:\n  - Ann\n  - name: Bo\n    url: https://example.org/bo\n    job_title: Writer\n"
        "reviewed_by: Dr Cee\nkicker: Guide\n---\n"
    )
    guide = read("Body.\n", front=front, path="some/Nice Guide.md")
    assert guide.slug == "nice-guide"
    assert guide.condition.alternate_names == ("Sick headache",)
    assert guide.language == "en-GB"
    assert guide.modified == datetime.date(2026, 1, 3)
    assert [a.name for a in guide.authors] == ["Ann", "Bo"]
    assert guide.authors[1].job_title == "Writer"
    assert guide.reviewed_by[0].name == "Dr Cee"
    assert guide.kicker == "Guide"


def test_slug_falls_back_to_the_title_without_a_path() -> None:
    guide = cstcontent.loads("---\ntitle: Kiefergelenk-Störung\nsummary: S\ncondition: C\n---\nx\n")
    assert guide.slug == "kiefergelenk-storung"


def test_bom_crlf_and_lone_cr() -> None:
    text = "\ufeff" + (FRONT + "Line one\nline two\n").replace("\n", "\r\n")
    assert cstcontent.loads(text.encode("utf-8")).intro == (Paragraph([Text("Line one line two")]),)
    assert cstcontent.loads(text).title == "T"
    assert cstcontent.loads((FRONT + "a\n").replace("\n", "\r")).intro == (Paragraph([Text("a")]),)


def test_faq_heading_from_front_matter_is_recognised() -> None:
    guide = read(
        "## Questions fréquentes\n\n### Est-ce sûr ?\n\nOui.\n",
        front=FRONT.replace("---\n", "---\nfaq_heading: Questions fréquentes\n", 1),
    )
    assert guide.faq_heading == "Questions fréquentes"
    assert len(guide.faqs) == 1


# Each case: source, the line the error must name, and words the message must contain.
ERRORS = [
    ("no front matter\n", 1, "must start with YAML front matter"),
    ("---\ntitle: T\n", 1, "never closed"),
    ("---\n---\nx\n", 1, "front matter is empty"),
    ("---\ntitle: [unclosed\nsummary: S\n---\n", 3, "invalid YAML"),
    ("---\ntitle: T\nsummary: S\n---\n", 1, "missing the required key 'condition'"),
    (
        "---\ntitle: T\nsumary: S\ncondition: C\n---\n",
        3,
        "unknown front-matter key 'sumary'; did you mean 'summary'",
    ),
    ("---\ntitle: T\ntitle: U\nsummary: S\ncondition: C\n---\n", 3, "given twice"),
    ("---\ntitle: 2026\nsummary: S\ncondition: C\n---\n", 2, "title must be text, not a number"),
    (
        "---\ntitle: T\nsummary: S\ncondition: C\nlanguage: no\n---\n",
        5,
        "language must be text, not a yes/no",
    ),
    ("---\ntitle: T\nsummary: S\ncondition: C\nlanguage: xx_YY\n---\n", 5, "BCP 47"),
    ("---\ntitle: T\nsummary: S\ncondition: C\nurl: javascript:alert(1)\n---\n", 5, "scheme 'javascript'"),
    ("---\ntitle: T\nsummary: S\ncondition: C\nslug: Not A Slug\n---\n", 5, "not a slug"),
    ("---\ntitle: T\nsummary: S\ncondition: C\npublished: soon\n---\n", 5, "must be a date"),
    (
        "---\ntitle: T\nsummary: S\ncondition:\n  nme: C\n---\n",
        5,
        "unknown condition key 'nme'; did you mean 'name'",
    ),
    ("---\ntitle: T\nsummary: S\ncondition:\n  alternate_names: [x]\n---\n", 5, "needs a 'name'"),
    ("---\ntitle: T\nsummary: ''\ncondition: C\n---\n", 3, "summary must not be empty"),
    (FRONT + "# Title again\n", 6, "level-1 heading"),
    (FRONT + "para\n\n## A\n\ntext\n\n#### Too deep\n", 12, "cannot follow a level-2"),
    (FRONT + "### Sub in intro\n", 6, "intro contains the sub-heading"),
    (FRONT + "## Empty\n\n## Next\n\ntext\n", 6, "has no content"),
    (FRONT + "## A\n\nx\n\n## A\n\ny\n", 10, "already used by the section 'A'"),
    (FRONT + "## *Emphasised* heading\n\nx\n", 6, "plain text: remove the emphasis"),
    (FRONT + "## FAQ\n\nStray text.\n\n### Q?\n\nA.\n", 8, "between the FAQ heading and its first question"),
    (FRONT + "## FAQ\n\n### Q?\n\n### R?\n\nA.\n", 8, "has no answer"),
    (FRONT + "## FAQ\n\n### Q?\n\nA.\n\n#### Sub\n", 12, "cannot have H4 sub-headings"),
    (FRONT + "## FAQ\n\n### Q?\n\nA.\n\n## After\n\nx\n", 12, "FAQ must be the last section"),
    (FRONT + "## FAQ\n\n### Q?\n\nA.\n\n### q?\n\nB.\n", 12, "asked twice"),
    (FRONT + "## FAQ\n", 6, "has no questions"),
    (FRONT + "## FAQ\n\n### Is `x` ok?\n\nA.\n", 8, "remove the code"),
    (FRONT + "text\n\n    indented code\n", 8, "code block"),
    (FRONT + "```\ncode\n```\n", 6, "code blocks"),
    (FRONT + "a\n\n***\n", 8, "horizontal rules"),
    (FRONT + "Text ![alt](https://example.org/x.png)\n", 6, "an image must stand alone as its own paragraph"),
    (FRONT + "ok\n\n[bad](javascript:alert(1))\n", 8, "scheme 'javascript'"),
    (FRONT + "ok\n\n[bad](JaVa&#x09;Script:alert(1))\n", 8, "scheme"),
    (FRONT + "-\n", 6, "empty list item"),
    (FRONT + "text\n\n[ref]: https://example.org\n", 8, "[ref] is never used"),
    (FRONT + "> " * 11 + "deep\n", 6, "nested more than 10 deep"),
    (FRONT + "> " * 150 + "deep\n\nafter\n", 6, "nested"),
    (FRONT + "- a\n" + "".join("  " * i + "- b\n" for i in range(1, 40)), 16, "nested more than 10 deep"),
    (FRONT + "ok\n\n## ???\n\nx\n", 8, "cannot make a section id"),
    ("---\ntitle: T\nsummary: S\ncondition: C\npublished: 2026-02-30\n---\n", 5, "day is out of range"),
    (FRONT + "ok\n\n##\n\ntext\n", 8, "cannot make a section id from ''"),
    (
        "---\ntitle: T\nsummary: S\ncondition: C\nhealth_aspects:\n  causes: Causes\n---\nIntro.\n",
        6,
        "unknown health_aspects key 'causes'; there is none to name (health_aspects names sections,"
        " and the guide has none)",
    ),
]


@pytest.mark.parametrize(("source", "line", "message"), ERRORS)
def test_reader_errors_name_path_line_and_problem(source: str, line: int, message: str) -> None:
    error = error_of(source)
    assert error.startswith(f"guide.md:{line}: "), error
    assert message in error


def test_invalid_utf8_names_the_line() -> None:
    data = (FRONT + "fine\n\nbad \xff byte\n").encode("latin-1")
    with pytest.raises(SourceError, match=r"^guide\.md:8: invalid UTF-8"):
        cstcontent.loads(data, path="guide.md")


def test_nul_and_lone_surrogate_name_the_line() -> None:
    with pytest.raises(SourceError, match=r"^guide\.md:7: the source contains a NUL"):
        cstcontent.loads(FRONT + "ok\nnul \x00 here\n", path="guide.md")
    with pytest.raises(SourceError, match=r"^guide\.md:6: .*U\+DC00"):
        cstcontent.loads(FRONT + "x \udc00\n", path="guide.md")


def test_size_limit_is_checked_before_parsing(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="over the limit of 100"):
        cstcontent.loads(FRONT + "x" * 200, max_bytes=100)
    big = tmp_path / "big.md"
    big.write_text(FRONT + "x" * 200)
    with pytest.raises(SourceError, match=r"big\.md: the source is \d+ bytes"):
        cstcontent.load(big, max_bytes=100)


def test_a_guide_with_no_sluggable_name_asks_for_a_slug() -> None:
    with pytest.raises(SourceError, match=r"^\?\?\?\.md:1: cannot make a slug .* add a 'slug' key"):
        cstcontent.loads("---\ntitle: '!!!'\nsummary: S\ncondition: C\n---\nx\n", path="???.md")


def test_an_unknown_source_format_is_the_library_s_option_error() -> None:
    with pytest.raises(OptionError, match="unknown source format 'yaml'; use one of: markdown, json, html"):
        cstcontent.loads("x", format="yaml")


def test_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read the file: No such file"):
        cstcontent.load(tmp_path / "no-suffix")
    (tmp_path / "guide.txt").write_text("x")
    with pytest.raises(SourceError, match="cannot tell the format"):
        cstcontent.load(tmp_path / "guide.txt")
    with pytest.raises(SourceError, match="cannot read the file"):
        cstcontent.load(tmp_path / "missing.md")


def test_block_limit_is_checked_before_parsing() -> None:
    source = FRONT + "para\n\n" * 50
    assert len(cstcontent.loads(source, max_blocks=60).intro) == 50
    with pytest.raises(
        SourceError, match=r"^guide\.md: the guide has about 5\d blocks, over the limit of 40"
    ):
        cstcontent.loads(source, path="guide.md", max_blocks=40)


def test_fuzz_regression_unsplittable_canonical_url() -> None:
    """Found by fuzz/fuzz_markdown_reader.py: a URL urllib cannot split crashed the JSON-LD graph."""
    data = (
        Path(__file__).parent / "data" / "fuzz-regressions" / "reader-unsplittable-canonical-url.md"
    ).read_bytes()
    with pytest.raises(SourceError, match=r"^crash\.md:10: URL .* is not a valid URL: Invalid IPv6 URL"):
        cstcontent.loads(data, path="crash.md")
