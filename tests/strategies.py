"""Hypothesis strategies that generate valid `ConditionGuide` objects.

`guides()` draws guides with the original node types (paragraphs, both kinds of list,
block quotes, sub-headings; text, emphasis, strong, code, links, line breaks),
nested lists and quotes, nested inlines, health aspects, and arbitrary Unicode
in every text field, biased towards what means something in Markdown, YAML or
HTML (``* _ ` [ ] < > & # - + = ~ \\ !``, entity-, autolink-, list- and
fence-like snippets, YAML 1.1/1.2 look-alikes such as ``yes`` or ``+.5e-3``,
leading, trailing and repeated spaces, tabs). Every guide is valid for the model;
the characters it refuses (controls, noncharacters) are found by asking it.

Every guide is a full one: an intro, one to three sections, one to three questions, and
somewhere in it a sub-heading, a list and a linked paragraph (the "showcase" blocks, put
at a drawn place); about one guide in ten has no FAQ. Runs of inline content are fixed up
(a trailing line break dropped, a space put between two code spans or two emphasis texts)
rather than filtered: a big guide holds many runs, and filtering even a few of them made
Hypothesis give up on most big guides, so that the guides it kept were nearly empty.
`guides_with_new_nodes()` adds a callout, a table, an image and a citation with its
reference to every guide (only at the top level of the intro, a section or an answer), and
citations anywhere outside links. Their alt texts, table captions and callout titles have no
white space at their ends or in runs: the Markdown reader trims and squeezes those, so the
Markdown exporter refuses them.

What `guides()` leaves out, and why: each is a guide the model accepts but no
Markdown file can hold, because of how the Markdown reader reads it back.

- Section and question ids other than ``make_slug(heading)``: the reader
  derives ids from headings, so headings here always have letters or digits
  and their slugs are unique and not reserved.
- A section heading the reader would take for the FAQ heading ("FAQ", "FAQs",
  "Frequently asked questions", or a custom FAQ heading named in the front
  matter); the exporter refuses those.
- Lists and quotes nested more than a few levels (the reader stops at 10).
- A line break at the very end of a paragraph, emphasis or strong text:
  CommonMark ignores a hard break at the end of a block, and emphasis cannot
  close at the start of a line; the exporter refuses those.
- Two code spans side by side: their backticks would run together into one.
- Two emphasis or strong texts side by side inside emphasis or strong text
  (``*_a_*b**``): their delimiters touch, and depending on the characters
  around them CommonMark may have no way to write the pair (the exporter
  searches, and says so). Side by side at the top of a paragraph or link text
  they are generated.

`guides(mdformat_stable=True)` draws a narrower set whose Markdown mdformat
(1.0, ``--number``) leaves unchanged. mdformat rewrites these valid CommonMark
constructs, and for some of them changes their meaning, so they are left out:

- Runs of two or more spaces, and tabs: mdformat collapses them to one space.
- Whitespace at either end of a heading, or just after a line break:
  mdformat strips it (we write the first such character as ``&#32;``).
- U+2028 and U+2029 (and U+000C, should the model allow it again): mdformat
  splits block quotes into lines with ``str.splitlines``, which breaks lines
  there too, and strips them at line ends.
- Unassigned code points: mdformat's Unicode punctuation table is newer than
  Python's, so it escapes ``_`` next to them where we need not.
- A paragraph line starting with ``~~~``: mdformat drops our escape and the
  line becomes a code fence.
- A paragraph line starting with a link whose text is `` ``, ``x`` or ``X``: mdformat-gfm
  reads ``[x](url)`` as a task-list marker and escapes it, so the link becomes text.
- A block quote starting with a link whose text starts with ``!``: the exporter writes
  ``> [\\!](url)`` so that the reader does not take it for a callout marker, and mdformat
  drops the escape.
- A bare URL (``http://``, ``https://``, ``www.``) in text right before code or emphasis
  delimiters: mdformat-gfm's autolink rule runs before those and takes the markup up to the next
  space into the URL (``http://e.org*a*`` becomes ``http://e.org*a\\*``); GFM links bare
  URLs only in text.
- ``<<`` in text: mdformat escapes only the first ``<``, so ``<<https://x>``
  becomes an autolink.
- Emphasis whose delimiters need a character reference to open or close
  (``a*(b)*c`` is written ``&#97;*(b)*&#99;``, emphasis starting with a space
  ``*&#32;b*``, emphasis nested in emphasis inside a word): mdformat decodes
  the reference and the emphasis is lost. Here emphasis and strong text start
  and end with a letter or digit, with whitespace or punctuation outside.
- Link destinations that markdown-it's ``normalizeLink`` changes (non-ASCII,
  spaces, ``%`` without two hex digits, ``\\``, ``&``, ``<``, ``>``, and ``@``,
  which it can read as a user name: ``mailto:@`` becomes ``mailto:``), and
  host names, which it re-encodes (``HTTPS://E.ORG~:0`` becomes
  ``HTTPS://E.ORG:0~``, ``mailto:~:0`` becomes ``mailto::0~``, ``tel:+44::``
  becomes ``tel:+44:``): mdformat writes the normalised URL.
- Link titles with a ``\\`` or an ``&``: mdformat writes the decoded title back escaping
  only ``"`` (``"a\\\\\\"b"`` becomes ``"a\\\\"b"``, which ends at the second ``"``).
- Code made only of whitespace other than spaces, with a space at both ends:
  mdformat's ``str.strip`` test takes it for blank and drops the padding.
- Ordered lists numbered past 999999999: mdformat pads the first number to
  ten digits, which is no longer a list marker.
- A loose list (one needing blank lines between the blocks of an item) none of
  whose items contains a paragraph: mdformat decides tightness from
  paragraphs only and writes it tight, so two block quotes in an item merge.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from hypothesis import strategies as st

from cstcontent import nodes
from cstcontent.errors import GuideValueError
from cstcontent.model import (
    DEFAULT_FAQ_HEADING,
    DEFAULT_KICKER,
    HEALTH_ASPECTS,
    RESERVED_IDS,
    Condition,
    ConditionGuide,
    FAQItem,
    Person,
    Reference,
    Section,
    walk_inlines,
)
from cstcontent.slugs import make_slug

__all__ = ["guides", "inline_content", "paragraphs"]

MAX_DEPTH = 3  # lists and quotes inside lists and quotes
_FAQ_NAMES = frozenset({"frequently asked questions", "faq", "faqs"})
# Characters and snippets that mean something to Markdown, YAML or HTML.
_SPECIAL = [*"*_`[]()<>!&#\\-+=~.:;|\"'{}@%^$ ", "\t", "\xa0", "\u3000", "\u2003", "\x0c", "\u2028"]
_SNIPPETS = [
    "&amp;", "&#32;", "&copy;", "&#x41;", "&nope;", "<https://x.org>", "<b>", "1. ", "1) ", "- ", "+ ",
    "* ", "> ", "# ", "### ", "~~~", "```", "[x]: /u", "[x]", "![", "***", "---", "===", "\\*", "a_b",
    "__", "**", "http://example.org", "<!--", "  ", " ", "1e3", "+.5e-3", "yes", "null", "~", "0o17",
    "12:30", "2020-01-01", "<<", "=", "- x", ": x", "#x", "'", '"', "%x", "@x", "!x", "|", "{a: b}",
]  # fmt: skip
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# "~": the reader refuses GFM's one-tilde strikethrough (~text~), so such text is escaped (\~),
# which mdformat unescapes.
_MDFORMAT_UNSAFE_CHARS = "\t\x0c\u2028\u2029~"
# What the model refuses in any string (cstcontent._checks): controls other than tab, form feed
# and line breaks, and the noncharacters.


def _refused(char: str) -> bool:
    try:
        nodes.Text(char)
    except GuideValueError:
        return True
    return False


# What the model refuses in text, asked of the model itself (it has refused more
# controls over time): among the C0/C1 controls, the noncharacters and a few others.
_CANDIDATES = [*range(0xA0), *range(0xFDD0, 0xFDF0), 0x2028, 0x2029, 0xFEFF, *range(0x200B, 0x2010),
               *range(0x202A, 0x202F), *range(0x2066, 0x206A)]  # fmt: skip
_CANDIDATES += [plane + last for plane in range(0, 0x110000, 0x10000) for last in (0xFFFE, 0xFFFF)]
_REFUSED = "".join(char for char in map(chr, _CANDIDATES) if char not in "\n\r" and _refused(char))
_WORDS = "abcxyzABCXYZ0189éßЖ日"
_WORD_CHARS = st.sampled_from(_WORDS)
_FOOTNOTE_LABELS = st.sampled_from(["1", "2", "smith-2020", "nhs.uk", "a_b", "Ünï", "x*y", "<b>"])
_ASPECTS = st.sampled_from(sorted(HEALTH_ASPECTS))


def _is_space(char: str) -> bool:
    return char.isspace()


_Method = TypeVar("_Method", bound=Callable[..., st.SearchStrategy[Any]])


class _Named:
    """A strategy with a short name, for `_draw`'s repr."""

    def __init__(self, name: str, strategy: st.SearchStrategy[Any]) -> None:
        self.name = name
        self.strategy = strategy

    def __repr__(self) -> str:
        return self.name


@st.composite
def _draw(draw: st.DrawFn, named: _Named) -> Any:
    return draw(named.strategy)


def _shared(method: _Method) -> _Method:
    """Build a kit's strategy once, and give it a short repr.

    Nested strategies repeat their parts in their repr, which Hypothesis computes
    for its messages (on every retried filter, for one); without this they run
    to megabytes.
    """

    @functools.wraps(method)
    def wrapper(self: _Kit, *args: Any, **kwargs: Any) -> st.SearchStrategy[Any]:
        key = (method.__name__, args, tuple(sorted(kwargs.items())))
        if key not in self.cache:
            arguments = ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in sorted(kwargs.items()))])
            name = f"{method.__name__}({arguments})"
            self.cache[key] = _draw(_Named(name, method(self, *args, **kwargs)))
        return self.cache[key]

    return wrapper  # type: ignore[return-value]


class _Kit:
    """The strategies of one mode: everything the exporter supports, or what mdformat keeps."""

    def __init__(self, stable: bool, new_nodes: bool = False) -> None:
        self.stable = stable
        self.new_nodes = new_nodes
        self.cache: dict[tuple[object, ...], st.SearchStrategy[Any]] = {}

    # --- characters and strings

    @_shared
    def piece(self) -> st.SearchStrategy[str]:
        """A short run of text: any Unicode, Markdown's special characters, words, or a snippet.

        Runs are drawn whole (``st.text`` over a plain alphabet is one draw), which keeps
        generation fast enough for hundreds of guides.
        """
        unsafe = _MDFORMAT_UNSAFE_CHARS if self.stable else ""
        unicode = st.characters(
            exclude_categories=("Cs", "Cc", "Cn") if self.stable else ("Cs", "Cc"),
            include_characters="".join(c for c in "\t\x0c" if c not in _REFUSED + unsafe),
            exclude_characters=_REFUSED + unsafe,
        )
        special = "".join(c for c in _SPECIAL if c not in unsafe + _REFUSED)
        return st.one_of(
            st.text(unicode, min_size=1, max_size=3),
            st.text(special + _WORDS, min_size=1, max_size=4),
            st.text(_WORDS, min_size=1, max_size=4),
            st.sampled_from(_SNIPPETS),
        )

    @_shared
    def raw_text(self, min_size: int = 1, max_size: int = 3) -> st.SearchStrategy[str]:
        text = st.lists(self.piece(), min_size=min_size, max_size=max_size).map("".join)
        if self.stable:
            text = (
                text.map(_squeeze_spaces)
                .map(lambda t: t.replace("\t", " "))
                .filter(lambda t: "<<" not in t and not any(c in _MDFORMAT_UNSAFE_CHARS for c in t))
            )
        return text.filter(lambda t: len(t) >= min_size)

    @_shared
    def line(self) -> st.SearchStrategy[str]:
        """A single-line, non-blank string (titles, headings, names)."""
        text = self.raw_text().map(lambda t: re.sub(f"[{_LINE_BREAKS}]", "", t))
        if self.stable:
            text = text.map(lambda t: t.strip())
        return text.filter(lambda t: t.strip() != "")

    @_shared
    def label(self) -> st.SearchStrategy[str]:
        """A line with no white space at its ends or in runs (alt text, table captions, callout titles).

        The Markdown reader trims and squeezes those, so the Markdown exporter refuses what it
        would not get back; the other formats carry any line.
        """
        return self.line().map(lambda t: " ".join(t.split())).filter(bool)

    @_shared
    def heading(self) -> st.SearchStrategy[str]:
        """A heading that makes a slug."""
        word = st.text(_WORD_CHARS, min_size=1, max_size=4)
        around = self.line() | st.just("")
        text = st.builds(lambda a, w, b: a + w + b, around, word, around)
        if self.stable:
            text = text.map(_squeeze_spaces).map(str.strip)
        return text.filter(_has_slug)

    # --- inlines

    @_shared
    def text_node(self) -> st.SearchStrategy[nodes.Text]:
        return self.raw_text().map(nodes.Text)

    @_shared
    def code(self) -> st.SearchStrategy[nodes.Code]:
        text = self.raw_text().map(lambda t: re.sub("[\n\r]", "", t)).filter(bool)
        if self.stable:
            text = text.filter(lambda t: not (t.strip() == "" and t.strip(" ") != ""))
        return text.map(nodes.Code)

    @_shared
    def url(self) -> st.SearchStrategy[str]:
        prefixes = st.sampled_from(
            [
                "https://example.org/",
                "http://x.test/a?b=",
                "mailto:",
                "tel:+44",
                "#",
                "/",
                "",
                "../",
                "HTTPS://E.ORG",
            ]
        )
        if self.stable:
            # A tail right after a host name (or a mailto address) would be read into it.
            fixes = {"HTTPS://E.ORG": "HTTPS://E.ORG/", "mailto:": "mailto:a@b.org?", "tel:+44": "tel:+44?"}
            prefixes = prefixes.map(lambda p: fixes.get(p, p))
            safe = [*"abcXYZ019-._~/?#=+,;:!$'*()", "%20", "%C3%A9"]
            tail = st.lists(st.sampled_from(safe)).map("".join)
        else:
            tail = st.lists(self.piece(), max_size=5).map("".join)
        return st.builds(str.__add__, prefixes, tail).filter(_valid_url)

    @_shared
    def title(self) -> st.SearchStrategy[str | None]:
        text = st.lists(self.piece(), min_size=1, max_size=5).map("".join)
        text = text.map(lambda t: re.sub(f"[{_LINE_BREAKS}]", "", t)).filter(lambda t: t.strip() != "")
        if self.stable:
            text = text.filter(lambda t: not re.search(r"[\\&]", t))
        else:
            text = text | st.sampled_from(["x\\", '"\\"', "&amp;", "a\\*b", " "])
        return st.none() | text.filter(lambda t: t.strip() != "")

    @_shared
    def inlines(
        self, depth: int, *, links: bool = True, notes: bool = True
    ) -> st.SearchStrategy[tuple[nodes.Inline, ...]]:
        """A non-empty inline sequence that does not end with a line break.

        `links` False: inside a link (no link, no citation); `notes` False: no citation.
        """
        leaves: list[st.SearchStrategy[nodes.Inline]] = [self.text_node(), self.text_node(), self.code()]
        leaves.append(st.just(nodes.LineBreak()))
        options = list(leaves)
        if self.new_nodes and links and notes:
            options.append(self.citation())
        if depth > 0:
            options += [
                self.emphasis(depth - 1, nodes.Emphasis, links, notes),
                self.emphasis(depth - 1, nodes.Strong, links, notes),
            ]
            if links:
                options.append(self.link(depth - 1))
        # Fixed up rather than filtered: a guide holds many inline runs, and a filter that throws
        # away one run in five makes Hypothesis give up on most big guides.
        sequence = st.lists(st.one_of(options), min_size=1, max_size=4).map(_writable)
        if self.stable:
            sequence = sequence.map(_space_out_emphasis).filter(_stable_line_starts)
            # Text runs merge when drawn side by side: check "<<" again.
            sequence = sequence.filter(_no_double_less_than)
        return sequence

    @_shared
    def emphasis(self, depth: int, kind: type, links: bool, notes: bool) -> st.SearchStrategy[nodes.Inline]:
        children = self.inlines(depth, links=links, notes=notes).map(_apart_emphasis)
        if self.stable:
            edge = st.text(_WORD_CHARS, min_size=1, max_size=3)
            children = st.builds(
                lambda a, middle, b: _space_out_emphasis((nodes.Text(a), *middle, nodes.Text(b))),
                edge, st.just(()) | children, edge,
            )  # fmt: skip
        return children.map(kind)

    @_shared
    def link(self, depth: int) -> st.SearchStrategy[nodes.Inline]:
        return st.builds(
            lambda url, children, title: nodes.Link(url, children, title=title),
            self.url(), self.inlines(depth, links=False), self.title(),
        )  # fmt: skip

    # --- blocks

    @_shared
    def citation(self) -> st.SearchStrategy[nodes.Inline]:
        return _FOOTNOTE_LABELS.map(nodes.FootnoteRef)

    @_shared
    def paragraph(self, *, notes: bool = True) -> st.SearchStrategy[nodes.Paragraph]:
        content = self.inlines(2, notes=notes)
        if self.stable:
            content = content.filter(_stable_start).filter(_no_bare_url_before_markup)
        return content.map(nodes.Paragraph)

    @_shared
    def blocks(self, depth: int, *, headings: bool = False) -> st.SearchStrategy[tuple[nodes.Block, ...]]:
        options: list[st.SearchStrategy[nodes.Block]] = [self.paragraph(), self.paragraph()]
        if depth > 0:
            options += [self.bullet_list(depth - 1), self.ordered_list(depth - 1), self.quote(depth - 1)]
        if headings:
            options.append(st.builds(nodes.Heading, st.integers(3, 6), self.heading()))
        blocks = st.lists(st.one_of(options), min_size=1, max_size=4 if depth == MAX_DEPTH else 2).map(tuple)
        return blocks.map(_fix_heading_levels) if headings else blocks

    @_shared
    def items(self, depth: int) -> st.SearchStrategy[list[tuple[nodes.Block, ...]]]:
        return st.lists(self.blocks(depth), min_size=1, max_size=3 if depth == MAX_DEPTH - 1 else 2)

    @_shared
    def bullet_list(self, depth: int) -> st.SearchStrategy[nodes.Block]:
        lists = self.items(depth).map(nodes.BulletList)
        return lists.filter(_mdformat_tightness_ok) if self.stable else lists

    @_shared
    def ordered_list(self, depth: int) -> st.SearchStrategy[nodes.Block]:
        start = st.sampled_from([0, 1, 2, 9, 10, 99, 999_999_998, 999_999_999]) | st.integers(0, 999_999_999)

        def build(items: list[tuple[nodes.Block, ...]], first: int) -> nodes.OrderedList:
            if self.stable:
                first = min(first, 999_999_999 - len(items) + 1)
            return nodes.OrderedList(items, start=first)

        lists = st.builds(build, self.items(depth), start)
        return lists.filter(_mdformat_tightness_ok) if self.stable else lists

    @_shared
    def quote(self, depth: int) -> st.SearchStrategy[nodes.Block]:
        blocks = self.blocks(depth)
        if self.stable:
            blocks = blocks.filter(lambda b: not _starts_like_a_callout_marker(b))
        return blocks.map(nodes.BlockQuote)

    # --- the guide

    @_shared
    def person(self) -> st.SearchStrategy[Person]:
        url = st.none() | st.sampled_from(["https://example.org/people/a", "http://x.test/~b?c=1&d=2"])
        job = st.none() | self.line()
        return st.builds(lambda n, u, j: Person(n, url=u, job_title=j), self.line(), url, job)

    @_shared
    def faq_heading(self) -> st.SearchStrategy[str]:
        heading = st.sampled_from([DEFAULT_FAQ_HEADING, "FAQ", "faqs", "  FAQ  "]) | self.line()
        return heading.map(str.strip) if self.stable else heading

    # --- the new node kinds (behind `new_nodes`)

    @_shared
    def callout(self) -> st.SearchStrategy[nodes.Block]:
        block = self.paragraph() | self.bullet_list(0) | self.ordered_list(0)
        blocks = st.lists(block, min_size=1, max_size=2)
        title = st.none() | self.label()
        return st.builds(
            lambda kind, inner, t: nodes.Callout(kind, inner, title=t),
            st.sampled_from(nodes.CALLOUT_KINDS), blocks, title,
        )  # fmt: skip

    @_shared
    def cell(self) -> st.SearchStrategy[tuple[nodes.Inline, ...]]:
        """A table cell: empty, or inlines without a line break."""
        return st.just(()) | self.inlines(0).map(_without_breaks) | self.inlines(1).map(_without_breaks)

    @_shared
    def table(self) -> st.SearchStrategy[nodes.Block]:
        return _table(self)

    @_shared
    def image(self) -> st.SearchStrategy[nodes.Block]:
        url = st.sampled_from(["https://example.org/a.png", "images/x-ray.jpg", "/media/b.webp", "../c.svg"])
        return st.builds(
            lambda u, alt, caption: nodes.Image(u, alt, caption=caption),
            url, self.label(), st.none() | self.line(),
        )  # fmt: skip

    @_shared
    def reference_blocks(self) -> st.SearchStrategy[tuple[nodes.Block, ...]]:
        """What a reference holds: paragraphs and lists, citing nothing."""
        item = st.tuples(self.paragraph(notes=False))
        block = self.paragraph(notes=False) | st.lists(item, min_size=1, max_size=2).map(nodes.BulletList)
        return st.lists(block, min_size=1, max_size=2).map(tuple)

    @_shared
    def maybe_text(self) -> st.SearchStrategy[tuple[nodes.Text, ...]]:
        return st.just(()) | st.tuples(self.text_node())

    @_shared
    def showcase(self) -> st.SearchStrategy[list[tuple[nodes.Block, int, int]]]:
        """Blocks every guide has somewhere, each with where to put it (container, index).

        A sub-heading (it goes into a section), a bullet or numbered list, and a paragraph
        with a link; with `new_nodes`, also a callout, a table, an image and a paragraph
        with a citation.
        """
        content = st.builds(lambda *parts: (*parts[0], parts[1], *parts[2]),
                            self.maybe_text(), self.link(1), self.maybe_text())  # fmt: skip
        if self.stable:
            content = content.filter(_stable_start).filter(_no_bare_url_before_markup)
        linked = content.map(nodes.Paragraph)
        heading = st.builds(nodes.Heading, st.integers(3, 6), self.heading())
        wanted = [heading, self.bullet_list(1) | self.ordered_list(1), linked]
        if self.new_nodes:
            cited = st.builds(lambda t, note: nodes.Paragraph((t, note)), self.text_node(), self.citation())
            wanted += [self.callout(), self.table(), self.image(), cited]
        places = st.tuples(st.integers(0, 99), st.integers(0, 99))
        return st.tuples(*(st.tuples(block, places) for block in wanted)).map(
            lambda drawn: [(block, where, index) for block, (where, index) in drawn]
        )

    @_shared
    def guide(self) -> st.SearchStrategy[ConditionGuide]:
        return _guide(self)


@st.composite
def _guide(draw: st.DrawFn, kit: _Kit) -> ConditionGuide:
    """A full guide: intro, sections, FAQ and the showcase blocks; about one in ten has no FAQ.

    Every part is always there (bar the FAQ): Hypothesis mutates the examples it has, so
    a part left out at random goes missing from whole runs of examples.
    """
    with_faq = draw(st.integers(0, 9)) != 4  # not at a bound: Hypothesis draws bounds often
    fields = draw(
        st.fixed_dictionaries(
            {
                "title": kit.line(),
                "summary": kit.line(),
                "condition": st.builds(Condition, kit.line(), st.lists(kit.line(), max_size=3)),
            },
            optional={
                "slug": st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
                "kicker": st.just(DEFAULT_KICKER) | kit.line(),
                "description": kit.line(),
                "language": st.sampled_from(["en", "en-GB", "de", "fr-CA", "zh-Hant-TW", "es-419"]),
                "url": st.sampled_from(["https://example.org/conditions/x", "http://x.test/a?b=1&c=2"]),
                "authors": st.lists(kit.person(), max_size=3),
                "reviewed_by": st.lists(kit.person(), max_size=2),
                "faq_heading": kit.faq_heading(),
            },
        )
    )
    fields["intro"] = draw(kit.blocks(1))
    date = st.none() | st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 1, 1))
    dates = draw(st.lists(date, min_size=3, max_size=3))
    sections = draw(
        st.lists(
            st.tuples(kit.heading(), kit.blocks(MAX_DEPTH, headings=True), st.none() | _ASPECTS),
            min_size=1, max_size=3,
        )
    )  # fmt: skip
    faqs = draw(st.lists(st.tuples(kit.heading(), kit.blocks(1)), min_size=1, max_size=3)) if with_faq else []
    showcase = draw(kit.showcase())
    references = draw(st.lists(kit.reference_blocks(), min_size=1, max_size=3)) if kit.new_nodes else []
    return _build_guide(fields, dates, sections, faqs, showcase, references)


@st.composite
def _table(draw: st.DrawFn, kit: _Kit) -> nodes.Table:
    columns = draw(st.integers(1, 3))
    first = draw(kit.inlines(1).map(_without_breaks))  # a header needs one cell that is not empty
    header = [first, *draw(st.lists(kit.cell(), min_size=columns - 1, max_size=columns - 1))]
    rows = draw(st.lists(st.lists(kit.cell(), min_size=columns, max_size=columns), max_size=2))
    alignment = st.sampled_from([None, *nodes.TABLE_ALIGNMENTS])
    alignments = draw(st.lists(alignment, min_size=columns, max_size=columns))
    caption = draw(st.none() | kit.label())
    return nodes.Table(header, rows, alignments, caption=caption)


def _without_breaks(content: Sequence[nodes.Inline]) -> tuple[nodes.Inline, ...]:
    """`content` with every line break, at any depth, made a space (table cells hold none)."""
    result: list[nodes.Inline] = []
    for node in content:
        if isinstance(node, nodes.LineBreak):
            node = nodes.Text(" ")
        elif isinstance(node, nodes.Emphasis | nodes.Strong):
            node = type(node)(_without_breaks(node.children))
        elif isinstance(node, nodes.Link):
            node = nodes.Link(node.url, _without_breaks(node.children), title=node.title)
        result.append(node)
    return nodes.normalize_inlines(result)


def _squeeze_spaces(text: str) -> str:
    return re.sub("  +", " ", text)


def _has_slug(text: str) -> bool:
    try:
        make_slug(text, "heading")
    except GuideValueError:
        return False
    return True


def _valid_url(url: str) -> bool:
    try:
        nodes.Link(url, [nodes.Text("x")])
    except GuideValueError:
        return False
    return True


_EMPHASIS = (nodes.Emphasis, nodes.Strong)


def _writable(content: Sequence[nodes.Inline]) -> tuple[nodes.Inline, ...]:
    """`content` without a line break at its end, and with a space between adjacent code spans."""
    items = list(content)
    while items and isinstance(items[-1], nodes.LineBreak):
        items.pop()
    result: list[nodes.Inline] = []
    for item in items or [nodes.Text("x")]:
        if isinstance(item, nodes.Code) and result and isinstance(result[-1], nodes.Code):
            result.append(nodes.Text(" "))
        result.append(item)
    return nodes.normalize_inlines(result)


def _apart_emphasis(content: Sequence[nodes.Inline]) -> tuple[nodes.Inline, ...]:
    """`content` with a space between emphasis or strong texts side by side."""
    result: list[nodes.Inline] = []
    for item in content:
        if isinstance(item, _EMPHASIS) and result and isinstance(result[-1], _EMPHASIS):
            result.append(nodes.Text(" "))
        result.append(item)
    return nodes.normalize_inlines(result)


def _no_double_less_than(content: Sequence[nodes.Inline]) -> bool:
    return not any(isinstance(node, nodes.Text) and "<<" in node.text for node in content)


def _space_out_emphasis(content: tuple[nodes.Inline, ...]) -> tuple[nodes.Inline, ...]:
    """Put a space between emphasis and a word character of the text around it."""
    result = list(content)
    for index, node in enumerate(result):
        if not isinstance(node, nodes.Emphasis | nodes.Strong):
            continue
        before = result[index - 1] if index else None
        if isinstance(before, nodes.Text) and _is_word_char(before.text[-1]):
            result[index - 1] = nodes.Text(before.text + " ")
        after = result[index + 1] if index + 1 < len(result) else None
        if isinstance(after, nodes.Text) and _is_word_char(after.text[0]):
            result[index + 1] = nodes.Text(" " + after.text)
    return nodes.normalize_inlines(
        nodes.Text(_squeeze_spaces(n.text)) if isinstance(n, nodes.Text) else n for n in result
    )


def _is_word_char(char: str) -> bool:
    return (
        not char.isspace()
        and not unicodedata.category(char).startswith(("P", "S"))
        and not (char.isascii() and not char.isalnum())
    )


def _line_starts(content: Sequence[nodes.Inline], at_start: bool = True) -> list[nodes.Text]:
    """The Text nodes that begin a line: first in the paragraph, or right after a line break."""
    starts: list[nodes.Text] = []
    previous_break = at_start
    for node in content:
        if isinstance(node, nodes.Text) and previous_break:
            starts.append(node)
        if isinstance(node, nodes.Emphasis | nodes.Strong | nodes.Link):
            starts += _line_starts(node.children, at_start=False)
        previous_break = isinstance(node, nodes.LineBreak)
    return starts


def _stable_line_starts(content: Sequence[nodes.Inline]) -> bool:
    """No whitespace just after a line break (mdformat strips it)."""
    previous: nodes.Inline | None = None
    for node in content:
        if isinstance(previous, nodes.LineBreak) and isinstance(node, nodes.Text) and node.text[0].isspace():
            return False
        nested = isinstance(node, nodes.Emphasis | nodes.Strong | nodes.Link)
        if nested and not _stable_line_starts(node.children):  # type: ignore[union-attr]
            return False
        previous = node
    return True


_BARE_URL_END = re.compile(r"(?:https?://|www\.)\S*$")


def _no_bare_url_before_markup(content: Sequence[nodes.Inline]) -> bool:
    """No text ending in a bare URL right before markup (see the module docstring)."""
    pieces: list[str | None] = []  # texts, None for code and emphasis delimiters, "" for a link's

    def flatten(inlines: Sequence[nodes.Inline]) -> None:
        for node in inlines:
            if isinstance(node, nodes.Text):
                pieces.append(node.text)
            elif isinstance(node, nodes.Emphasis | nodes.Strong | nodes.Link):
                edge = "" if isinstance(node, nodes.Link) else None  # "[" and "](" end the URL
                pieces.append(edge)
                flatten(node.children)
                pieces.append(edge)
            else:  # a code span (None), a line break (a new line, "")
                pieces.append(None if isinstance(node, nodes.Code) else "")

    flatten(content)
    return not any(
        before is not None and after is None and _BARE_URL_END.search(before)
        for before, after in itertools.pairwise(pieces)
    )


def _stable_start(content: Sequence[nodes.Inline]) -> bool:
    """Whether mdformat keeps the start of a paragraph as it is (see the module docstring)."""
    return not (_starts_with_fence(content) or _starts_like_refused(content) or _starts_like_a_task(content))


_TASK_BOXES = (" ", "x", "X")


def _starts_like_a_task(content: Sequence[nodes.Inline], at_start: bool = True) -> bool:
    """A link reading ``[ ]``, ``[x]`` or ``[X]`` at the start of a line, in emphasis too.

    mdformat-gfm takes it for a task-list marker and escapes it: the link becomes text.
    """
    previous_break = at_start
    for node in content:
        if previous_break and isinstance(node, nodes.Link) and nodes.plain_text(node.children) in _TASK_BOXES:
            return True
        nested = isinstance(node, nodes.Emphasis | nodes.Strong)
        if nested and _starts_like_a_task(node.children, at_start=False):
            return True
        previous_break = isinstance(node, nodes.LineBreak)
    return False


def _starts_like_a_callout_marker(blocks: Sequence[nodes.Block]) -> bool:
    """A block quote's first paragraph starting with a link whose text starts with ``!``.

    The exporter writes ``> [\\!](url)`` (``> [!](url)`` would read as a callout marker);
    mdformat drops the escape.
    """
    first = blocks[0]
    return (
        isinstance(first, nodes.Paragraph)
        and isinstance(first.content[0], nodes.Link)
        and nodes.plain_text(first.content[0].children).startswith("!")
    )


def _starts_with_fence(content: Sequence[nodes.Inline]) -> bool:
    return any(text.text.startswith("~~~") for text in _line_starts(content))


def _starts_like_refused(content: Sequence[nodes.Inline]) -> bool:
    """A start the reader refuses or moves (a callout marker, a table row or caption...).

    The exporter escapes it, and mdformat, which knows nothing of the reader, unescapes it.
    """
    first = content[0]
    return isinstance(first, nodes.Text) and first.text.startswith(("[!", "!!!", "???", "|", "Table:"))


def _fix_heading_levels(blocks: tuple[nodes.Block, ...]) -> tuple[nodes.Block, ...]:
    """Lower sub-heading levels so that none skips a level (the reader refuses that)."""
    level = 2
    fixed: list[nodes.Block] = []
    for block in blocks:
        if isinstance(block, nodes.Heading):
            level = min(block.level, level + 1)
            block = nodes.Heading(level, block.text)
        fixed.append(block)
    return tuple(fixed)


def _mdformat_tightness_ok(block: nodes.BulletList | nodes.OrderedList) -> bool:
    """mdformat reads tightness from paragraphs: a loose list needs one item starting with one."""
    from cstcontent.exporters.markdown import _can_be_tight

    if all(_can_be_tight(item) for item in block.items):
        return True
    return any(isinstance(block, nodes.Paragraph) for item in block.items for block in item)


def _place(
    showcase: list[tuple[nodes.Block, int, int]],
    intro: list[nodes.Block],
    sections: list[list[nodes.Block]],
    answers: list[list[nodes.Block]],
) -> None:
    """Insert each showcase block where it was drawn: a sub-heading into a section, others anywhere."""
    for block, where, index in showcase:
        containers = sections if isinstance(block, nodes.Heading) else [intro, *sections, *answers]
        if containers:
            container = containers[where % len(containers)]
            container.insert(index % (len(container) + 1), block)


def _key(heading: str) -> str:
    return " ".join(heading.casefold().split())


def _unique(heading: str, what: str, used_ids: set[str], taken: set[str]) -> tuple[str, str] | None:
    """`heading` and its id, numbered (``heading 2``) if its id or name is taken; None if that fails."""
    for candidate in (heading, *(f"{heading} {n}" for n in range(2, 5))):
        slug = make_slug(candidate, what)
        if slug not in used_ids and _key(candidate) not in taken:
            used_ids.add(slug)
            return slug, candidate
    return None


def _build_guide(
    fields: dict[str, object],
    dates: list[datetime.date | None],
    sections: list[tuple[str, tuple[nodes.Block, ...], str | None]],
    faqs: list[tuple[str, tuple[nodes.Block, ...]]],
    showcase: list[tuple[nodes.Block, int, int]],
    references: list[tuple[nodes.Block, ...]],
) -> ConditionGuide:
    published, modified, reviewed = dates
    if published and modified and modified < published:
        published, modified = modified, published
    faq_heading = str(fields.get("faq_heading", DEFAULT_FAQ_HEADING))
    faq_names = set(_FAQ_NAMES) | {_key(faq_heading)}
    used_ids = set(RESERVED_IDS)
    used_questions: set[str] = set()
    kept_sections = []
    for heading, blocks, aspect in sections:
        named = _unique(heading, "section", used_ids, faq_names)
        if named is not None:
            kept_sections.append((*named, list(blocks), aspect))
    kept_faqs = []
    for question, answer in faqs:
        named = _unique(question, "question", used_ids, used_questions)
        if named is not None:
            used_questions.add(_key(named[1]))
            kept_faqs.append((*named, list(answer)))
    intro = list(fields.pop("intro", ()))  # type: ignore[call-overload]
    section_blocks = [blocks for _, _, blocks, _ in kept_sections]
    _place(showcase, intro, section_blocks, [blocks for _, _, blocks in kept_faqs])
    if intro:
        fields["intro"] = intro
    built_sections = [
        Section(slug, heading, _fix_heading_levels(tuple(blocks)), health_aspect=aspect)
        for slug, heading, blocks, aspect in kept_sections
    ]
    built_faqs = [FAQItem(slug, question, answer) for slug, question, answer in kept_faqs]
    body = [*intro, *(b for s in built_sections for b in s.blocks)]
    body += [b for f in built_faqs for b in f.answer]
    cited = dict.fromkeys(n.label for n in walk_inlines(body) if isinstance(n, nodes.FootnoteRef))
    fields["references"] = [
        Reference(label, references[number % len(references)]) for number, label in enumerate(cited)
    ]
    if "slug" not in fields:
        title = str(fields["title"])
        fields["slug"] = make_slug(title, "slug") if _has_slug(title) else "guide"
    return ConditionGuide(
        **fields,  # type: ignore[arg-type]
        published=published,
        modified=modified,
        last_reviewed=reviewed,
        sections=built_sections,  # type: ignore[arg-type]  # the model's converter=tuple confuses mypy
        faqs=built_faqs,  # type: ignore[arg-type]
    )


_KITS = {False: _Kit(stable=False), True: _Kit(stable=True)}
_NEW_NODES_KIT = _Kit(stable=False, new_nodes=True)


def guides(*, mdformat_stable: bool = False) -> st.SearchStrategy[ConditionGuide]:
    """Valid guides that the Markdown exporter can write (see the module docstring)."""
    return _KITS[mdformat_stable].guide()


def guides_with_new_nodes() -> st.SearchStrategy[ConditionGuide]:
    """Like `guides()`, with callouts, tables, images, citations and references in every guide.

    Every exporter writes them: the property tests draw from this; `guides()` stays for the
    tests of one exporter's handling of the original node kinds.
    """
    return _NEW_NODES_KIT.guide()


def paragraphs(*, mdformat_stable: bool = False) -> st.SearchStrategy[nodes.Paragraph]:
    """Paragraphs with nested inline content."""
    return _KITS[mdformat_stable].paragraph()


def inline_content(
    depth: int = 2, *, mdformat_stable: bool = False
) -> st.SearchStrategy[tuple[nodes.Inline, ...]]:
    """Inline sequences (a paragraph's content)."""
    return _KITS[mdformat_stable].inlines(depth)
