"""Page content to the model's blocks and inlines, flattened into a stream of blocks and headings.

Layout containers (``div``, ``section``, ``span`` around blocks ...) are
transparent: their content joins the stream, so headings nested in wrappers
still start sections. Question-and-answer structures (``<details>``,
``<dl>``, accordion buttons, FAQ blocks) become `QA` items; the caller decides
whether they are the FAQ. Whatever has no place in the model is reported
through `Notes`, with its line, and never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypeAlias

import attrs

from ... import nodes
from ..._messages import shown
from ...errors import GuideValueError
from ...nodes import MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH
from ._callouts import callout_kind, callout_parts
from ._chrome import EMBEDDED_TAGS, class_tokens, is_chrome, is_invisible
from ._inlines import tidy
from ._notes import Notes
from ._text import clean, collapse, element_text, one_line
from ._widgets import faq_widget_items, is_toggle_glyph, strip_toggles

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["QA", "Converter", "Item", "Mark"]

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
INLINE_TAGS = frozenset(
    {
        "a", "em", "i", "strong", "b", "code", "kbd", "samp", "tt", "var", "span", "abbr", "small",
        "mark", "sup", "sub", "u", "s", "del", "ins", "cite", "q", "time", "dfn", "bdi", "bdo", "data",
        "font", "br", "wbr", "label", "big", "strike", "acronym", "nobr",
    }
)  # fmt: skip
_EMPHASIS_TAGS = frozenset({"em", "i", "cite", "dfn", "var"})
_STRONG_TAGS = frozenset({"strong", "b"})
_CODE_TAGS = frozenset({"code", "kbd", "samp", "tt"})
_LINE_BREAK_CHARS = re.compile(r"[\r\n]")


@attrs.frozen
class Mark:
    """A heading in the stream: where a section or sub-heading starts."""

    level: int
    text: str
    id: str | None
    line: int | None
    anchors: tuple[str, ...] = ()


@attrs.frozen
class QA:
    """A question and its answer found in the page.

    `widget` is True for FAQ markup (Yoast, Rank Math, microdata) that is the
    FAQ wherever it stands; other pairs are the FAQ only under an FAQ heading.
    """

    question: str
    answer: tuple[nodes.Block, ...]
    id: str | None
    line: int | None
    widget: bool = False
    anchors: tuple[str, ...] = ()


Item: TypeAlias = nodes.Block | Mark | QA


def _holding_blocks(root: HtmlElement) -> set[HtmlElement]:
    """The elements with a non-inline element somewhere inside, found in one pass."""
    holders: set[HtmlElement] = set()
    for element in reversed(list(root.iter())):
        if not isinstance(element.tag, str):
            continue
        if element.tag not in INLINE_TAGS or element in holders:
            parent = element.getparent()
            if parent is not None:
                holders.add(parent)
    return holders


@attrs.define
class Converter:
    """Turns elements into stream items, blocks and inlines, noting what it cannot map.

    Attributes:
        notes: Where warnings go.
        root: The document, for ``aria-controls`` and in-page targets.
        references: Ids of reference-list entries -> their labels; links to
            them become citations.
        prefix: The id prefix of a cstcontent export, removed from in-page links.
    """

    notes: Notes
    root: HtmlElement
    references: dict[str, str] = attrs.Factory(dict)
    prefix: str = ""
    consumed: set[HtmlElement] = attrs.Factory(set)
    #: The line every warning names, while converting markup that has no lines of its own.
    fixed_line: int | None = None
    #: A cstcontent export's folder URL: its images below it were relative in the guide.
    image_base: str | None = None
    _holders: set[HtmlElement] = attrs.field(init=False)
    _by_id: dict[str, HtmlElement] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self._holders = _holding_blocks(self.root)
        self._by_id = {}
        for element in self.root.iter():
            if isinstance(element.tag, str) and element.get("id"):
                self._by_id.setdefault(element.get("id"), element)

    def warn(self, message: str, element: HtmlElement | None) -> None:
        """Note `message` about `element`'s line (or `fixed_line`, for markup taken from JSON-LD)."""
        line = element.sourceline if element is not None else None
        self.notes.warn(message, self.fixed_line or line)

    # --- the stream -----------------------------------------------------------------------------

    def items(self, element: HtmlElement, depth: int = 0) -> list[Item]:
        """The content of `element` as stream items, inline runs gathered into paragraphs."""
        out: list[Item] = []
        run: list[nodes.Inline] = []
        run_start: list[HtmlElement] = []

        def flush() -> None:
            if run:
                paragraph = self.paragraph(run, run_start[0] if run_start else element)
                if paragraph is not None:
                    out.append(paragraph)
                run.clear()
                run_start.clear()

        if element.text:
            run.append(self.text(element.text, element))
        for child in element:
            if isinstance(child.tag, str) and child not in self.consumed and not self.dropped(child):
                if self.is_inline(child):
                    run_start.append(child)
                    run.extend(self.inline(child))
                else:
                    flush()
                    out.extend(self.block_items(child, depth))
            if child.tail:
                run.append(self.text(child.tail, child))
        flush()
        return out

    def dropped(self, element: HtmlElement) -> bool:
        """Whether `element` is chrome; embedded content (a video, a frame) is reported as dropped."""
        if element.tag in EMBEDDED_TAGS and not is_invisible(element):
            name = one_line(element.get("title") or element.get("src") or "")
            self.warn(
                f"embedded content (<{element.tag}> {shown(name)}) cannot be part of a guide; dropped",
                element,
            )
            return True
        return is_chrome(element)

    def is_inline(self, element: HtmlElement) -> bool:
        """Whether `element` is laid out in a line of text (an inline element holding no blocks)."""
        return element.tag in INLINE_TAGS and element not in self._holders

    def blocks(self, element: HtmlElement, depth: int) -> list[nodes.Block]:
        """The content of `element` as blocks where headings cannot stand (list items, quotes, answers)."""
        return self.flatten(self.items(element, depth))

    def flatten(self, items: Iterable[Item]) -> list[nodes.Block]:
        """Blocks of `items`, headings and question pairs kept as bold paragraphs."""
        out: list[nodes.Block] = []
        for item in items:
            if isinstance(item, Mark):
                self.notes.warn(
                    f"the heading {shown(item.text)} cannot stand here; it is kept as bold text", item.line
                )
                out.append(nodes.Paragraph([nodes.Strong([nodes.Text(item.text)])], line=item.line))
            elif isinstance(item, QA):
                self.notes.warn(
                    f"the question {shown(item.question)} is not in the FAQ; it is kept as a bold paragraph"
                    " followed by its answer",
                    item.line,
                )
                out.append(nodes.Paragraph([nodes.Strong([nodes.Text(item.question)])], line=item.line))
                out.extend(item.answer)
            else:
                out.append(item)
        return out

    def block_items(self, element: HtmlElement, depth: int) -> list[Item]:
        """Stream items for one block-level element."""
        tag = element.tag
        kind = callout_kind(element)
        if kind is not None:
            return self.callout(element, kind, depth)
        widget = faq_widget_items(element)
        if widget is not None:
            return self.widget(widget)
        if tag in HEADING_TAGS:
            button = next(iter(element.iterfind(".//button[@aria-controls]")), None)
            if button is not None:
                return self.accordion(button)
            text = element_text(element)
            if not text:
                return []
            return [Mark(HEADING_TAGS[tag], text, element.get("id"), element.sourceline, _anchors(element))]
        handler = self._handlers().get(tag)
        if handler is not None:
            return handler(element, depth)
        if element.get("aria-controls") and element.get("role") == "button":
            return self.accordion(element)
        return self.items(element, depth)

    def _handlers(self) -> dict[str, Callable[[HtmlElement, int], list[Item]]]:
        return {
            "ul": self.list_block,
            "ol": self.list_block,
            "blockquote": self.quote,
            "pre": self.pre,
            "table": self.table,
            "figure": self.figure,
            "img": self.image,
            "details": self.details,
            "dl": self.definitions,
            "hr": lambda _element, _depth: [],
        }

    # --- blocks ---------------------------------------------------------------------------------

    def paragraph(self, inlines: list[nodes.Inline], element: HtmlElement) -> nodes.Paragraph | None:
        """A paragraph of `inlines` as rendered, or None when they show nothing."""
        content = tidy(inlines)
        if not content:
            return None
        return nodes.Paragraph(content, line=element.sourceline)

    def list_block(self, element: HtmlElement, depth: int) -> list[Item]:
        """A bullet or numbered list; lists nested too deep to write as Markdown are flattened."""
        if depth >= MAX_BLOCK_DEPTH:
            self.warn(
                f"lists, quotes and callouts nested more than {MAX_BLOCK_DEPTH} deep are flattened here",
                element,
            )
            return [*self.blocks(element, depth)]
        items = []
        for child in element:
            if not isinstance(child.tag, str) or child in self.consumed or is_chrome(child):
                continue
            blocks = self.blocks(child, depth + 1)
            if blocks:
                items.append(blocks)
        if not items:
            return []
        if element.tag == "ol":
            start_text = (element.get("start") or "1").strip()
            start = int(start_text) if start_text.isascii() and start_text.isdigit() else 1
            if not 0 <= start <= 999_999_999:
                start = 1
            return [nodes.OrderedList(items, start=start, line=element.sourceline)]
        return [nodes.BulletList(items, line=element.sourceline)]

    def quote(self, element: HtmlElement, depth: int) -> list[Item]:
        """A block quote (flattened past the nesting Markdown allows)."""
        if depth >= MAX_BLOCK_DEPTH:
            self.warn(
                f"lists, quotes and callouts nested more than {MAX_BLOCK_DEPTH} deep are flattened here",
                element,
            )
            return [*self.blocks(element, depth)]
        blocks = self.blocks(element, depth + 1)
        return [nodes.BlockQuote(blocks, line=element.sourceline)] if blocks else []

    def pre(self, element: HtmlElement, depth: int) -> list[Item]:
        """Preformatted text: kept as a paragraph of code lines, since guides have no code blocks."""
        text = clean("".join(element.itertext()))[0]
        lines = [line for line in text.split("\n") if line.strip()]
        if not lines:
            return []
        self.warn("a preformatted block is kept as a paragraph of code, one line per line break", element)
        content: list[nodes.Inline] = []
        for line in lines:
            if content:
                content.append(nodes.LineBreak())
            content.append(nodes.Code(_LINE_BREAK_CHARS.sub(" ", line)))
        return [nodes.Paragraph(content, line=element.sourceline)]

    def image(self, element: HtmlElement, depth: int, caption: str | None = None) -> list[Item]:
        """An image with its alt text, or a warning saying why it is dropped."""
        src = (element.get("src") or "").strip()
        if src.lower().startswith("data:") or not src:
            src = (element.get("data-src") or element.get("data-lazy-src") or src).strip()
        alt = one_line(element.get("alt") or "")
        if not src:
            self.warn("an image without a src is dropped", element)
            return []
        if not alt:
            self.warn(
                f"the image {shown(src)} has no alt text, so it is dropped; add it with its alt text", element
            )
            return []
        if self.image_base and src.startswith(self.image_base) and len(src) > len(self.image_base):
            src = src[len(self.image_base) :]
        try:
            return [nodes.Image(src, alt, caption=caption or None, line=element.sourceline)]
        except GuideValueError as error:
            self.warn(f"the image {shown(src)} is dropped: {error.message}", element)
            return []

    def figure(self, element: HtmlElement, depth: int) -> list[Item]:
        """A figure: an image with its caption, or its content followed by the caption."""
        caption_element = next(iter(element.iterfind("figcaption")), None)
        caption = element_text(caption_element) if caption_element is not None else None
        images = [image for image in element.iter("img") if image not in self.consumed]
        if len(images) == 1 and not element.findall(".//blockquote"):
            return self.image(images[0], depth, caption)
        if caption_element is not None:
            self.consumed.add(caption_element)
        items = self.items(element, depth)
        if caption and caption_element is not None:
            items.append(
                nodes.Paragraph([nodes.Emphasis([nodes.Text(caption)])], line=caption_element.sourceline)
            )
        return items

    def table(self, element: HtmlElement, depth: int) -> list[Item]:
        """A table; see `cstcontent.readers.html._tables`."""
        from ._tables import read_table

        table = read_table(self, element)
        if table is not None:
            return [table]
        return []

    def details(self, element: HtmlElement, depth: int) -> list[Item]:
        """A ``<details>``: its summary is a question, the rest its answer."""
        summary = next(iter(element.iterfind("summary")), None)
        question = strip_toggles(element_text(summary)) if summary is not None else ""
        if not question:
            return self.items(element, depth)
        self.consumed.add(summary)
        answer = self.blocks(element, depth)
        if not answer:
            self.warn(f"the question {shown(question)} has no answer and is dropped", element)
            return []
        # A cstcontent export puts the question's id on the answer, inside the <details>.
        inner = [child for child in element if isinstance(child.tag, str) and child is not summary]
        own_id = inner[0].get("id") if len(inner) == 1 and "cst-answer" in class_tokens(inner[0]) else None
        anchors = _anchors(element, *inner[:1])
        return [QA(question, tuple(answer), element.get("id") or own_id, element.sourceline, anchors=anchors)]

    def definitions(self, element: HtmlElement, depth: int) -> list[Item]:
        """A description list: each term a question, its descriptions the answer."""
        pairs: list[tuple[HtmlElement, list[nodes.Block]]] = []
        for child in element.iter("dt", "dd"):
            if child.tag == "dt":
                pairs.append((child, []))
            elif pairs:
                pairs[-1][1].extend(self.blocks(child, depth))
            else:
                self.warn("a description without a term is kept as text", child)
                pairs.append((child, self.blocks(child, depth)))
        out: list[Item] = []
        for term, answer in pairs:
            question = element_text(term) if term.tag == "dt" else ""
            if not question:
                out.extend(answer)
            elif not answer:
                self.warn(f"the term {shown(question)} has no description; it is kept as a paragraph", term)
                out.append(nodes.Paragraph([nodes.Text(question)], line=term.sourceline))
            else:
                out.append(QA(question, tuple(answer), term.get("id"), term.sourceline))
        return out

    def accordion(self, button: HtmlElement) -> list[Item]:
        """An accordion button: its label is the question, the panel it controls the answer."""
        question = strip_toggles(element_text(button))
        panel_id = (button.get("aria-controls") or "").split()
        panel = self._by_id.get(panel_id[0]) if panel_id else None
        if panel is None or not question:
            self.warn(
                f"the accordion button {shown(question)} controls no panel on the page; dropped", button
            )
            return []
        self.consumed.add(panel)
        answer = self.blocks(panel, 0)
        if not answer:
            self.warn(f"the question {shown(question)} has no answer and is dropped", button)
            return []
        heading = next(button.iterancestors(*HEADING_TAGS), None)
        anchors = _anchors(button, panel, *(() if heading is None else (heading,)))
        return [QA(question, tuple(answer), None, button.sourceline, anchors=anchors)]

    def widget(self, pairs: list[tuple[HtmlElement, HtmlElement | None]]) -> list[Item]:
        """The questions of an FAQ block (Yoast, Rank Math, microdata)."""
        out: list[Item] = []
        for question_element, answer_element in pairs:
            question = strip_toggles(element_text(question_element))
            answer = self.blocks(answer_element, 0) if answer_element is not None else []
            if not question or not answer:
                self.warn(f"an FAQ entry without {'an answer' if question else 'a question'} is dropped",
                          question_element)  # fmt: skip
                continue
            anchors = _anchors(question_element, *question_element.iterancestors())
            out.append(QA(question, tuple(answer), None, question_element.sourceline, True, anchors[:2]))
        return out

    def callout(self, element: HtmlElement, kind: str, depth: int) -> list[Item]:
        """A highlighted box as a `Callout`; what a callout cannot hold follows it."""
        title_element, title = callout_parts(element)
        if title_element is not None:
            self.consumed.add(title_element)
        if depth >= MAX_BLOCK_DEPTH:
            self.warn(
                f"lists, quotes and callouts nested more than {MAX_BLOCK_DEPTH} deep are flattened here",
                element,
            )
            return [*self.blocks(element, depth)]
        inside: list[nodes.Block] = []
        after: list[nodes.Block] = []
        for block in self.blocks(element, depth + 1):
            if isinstance(block, nodes.CALLOUT_BLOCK_TYPES):
                inside.append(block)
            elif isinstance(block, nodes.BlockQuote):
                inside.extend(b for b in block.blocks if isinstance(b, nodes.CALLOUT_BLOCK_TYPES))
            else:
                self.warn(f"a callout holds paragraphs and lists only; its {type(block).__name__.lower()}"
                          " is put after it", element)  # fmt: skip
                after.append(block)
        if not inside:
            if title:
                inside.append(nodes.Paragraph([nodes.Text(title)], line=element.sourceline))
                title = None
            else:
                return [*after]
        return [nodes.Callout(kind, inside, title=title, line=element.sourceline), *after]

    # --- inlines --------------------------------------------------------------------------------

    def text(self, raw: str, element: HtmlElement) -> nodes.Text:
        """A text node as written (whitespace collapsed later), without characters the model refuses."""
        cleaned, removed = clean(raw)
        if removed:
            self.warn(f"{removed} control character(s) that no output can carry are removed", element)
        return nodes.Text(collapse(_LINE_BREAK_CHARS.sub(" ", cleaned)))

    def content(self, element: HtmlElement) -> list[nodes.Inline]:
        """The inline content of `element`: its text, its children's inlines and their tails."""
        out: list[nodes.Inline] = []
        if element.text:
            out.append(self.text(element.text, element))
        for child in element:
            if isinstance(child.tag, str) and child not in self.consumed and not self.dropped(child):
                out.extend(self.inline(child))
            if child.tail:
                out.append(self.text(child.tail, child))
        return out

    def inline(self, element: HtmlElement) -> list[nodes.Inline]:
        """One inline element as inlines (a plain span as its content)."""
        tag = element.tag
        if tag == "br":
            return [nodes.LineBreak()]
        if tag == "wbr" or is_invisible(element) or _is_toggle(element):
            return []
        if tag in _CODE_TAGS:
            text = collapse(_LINE_BREAK_CHARS.sub(" ", clean("".join(element.itertext()))[0]))
            return [nodes.Code(text)] if text else []
        if tag == "a":
            return self.link(element)
        children = self.content(element)
        wrapper = nodes.Emphasis if tag in _EMPHASIS_TAGS else nodes.Strong if tag in _STRONG_TAGS else None
        if wrapper is None or not nodes.normalize_inlines(children):
            return children
        try:
            return [wrapper(children)]
        except GuideValueError:  # nested past MAX_INLINE_DEPTH: the text stays, the outer markup goes
            self.warn(
                f"emphasis and links nested more than {MAX_INLINE_DEPTH} deep are flattened here", element
            )
            return children

    def link(self, element: HtmlElement) -> list[nodes.Inline]:
        """A link, a citation of a reference, or its text when the target is refused."""
        href = element.get("href")
        if href is not None and href.strip().startswith("#"):
            target = href.strip()[1:]
            if target in self.references:
                return [nodes.FootnoteRef(self.references[target])]
            if self.prefix and target.startswith(self.prefix):
                href = "#" + target[len(self.prefix) :]
        children = self.content(element)
        if href is None:
            return children
        if not tidy(children):
            if href.strip():
                self.warn(f"a link to {shown(href.strip())} shows no text, so it is dropped", element)
            return []
        title = one_line(element.get("title") or "") or None
        try:
            return [nodes.Link(href.strip(), children, title=title)]
        except GuideValueError as error:
            self.warn(
                f"the link to {shown(href.strip())} is dropped, its text kept: {error.message}", element
            )
            return children


def _anchors(*elements: HtmlElement) -> tuple[str, ...]:
    """The ids links can point at: the elements' own, and a wrapper's the first of them opens."""
    found = [element.get("id") for element in elements]
    first = elements[0]
    parent = first.getparent()
    if parent is not None and parent.get("id") and next(parent.iterchildren(), None) is first:
        found.append(parent.get("id"))
    return tuple(anchor for anchor in dict.fromkeys(found) if anchor)


def _is_toggle(element: HtmlElement) -> bool:
    """Whether `element` only shows an open/close glyph such as a lone '+'."""
    return (
        len(element) == 0
        and is_toggle_glyph(element.text or "")
        and bool(
            {"icon", "toggle", "indicator", "arrow", "chevron", "plus", "sign"}.intersection(
                word for token in class_tokens(element) for word in re.split(r"[-_]+", token)
            )
            or element.tag in ("span", "i")
        )
    )
