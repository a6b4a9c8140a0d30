"""Escaping for the Markdown exporter: only what CommonMark would otherwise read as syntax.

The rules for text follow mdformat's renderer, the reference formatter our output
must survive unchanged, so that a canonical file is a fixed point of both tools.
Where mdformat's rules are not enough to keep the text (it never escapes a
``~~~`` fence at the start of a line, nor a second ``<`` in ``<<``), the stricter
escape is used: reading the file back must give the same guide.

Characters are classed the way markdown-it-py, the reader's parser, classes them
(`is_whitespace`, `is_punctuation`), because that decides what it reads.
"""

from __future__ import annotations

import functools
import html.entities
import re

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isValidEntityCode, isWhiteSpace

__all__ = [
    "EDGE_WHITESPACE",
    "char_ref",
    "code_span",
    "escape_heading",
    "escape_line_starts",
    "escape_text",
    "is_punctuation",
    "is_whitespace",
    "link_destination",
    "link_title",
]

# What markdown-it-py trims from both ends of a paragraph or heading (its `mdTrim`).
EDGE_WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000\u2028\u2029" + "".join(map(chr, range(0x2000, 0x200B)))
)
# mdformat's Unicode whitespace: markdown-it's less U+000B. An unescaped "*"
# between two of these can never be emphasis.
_MDFORMAT_WHITESPACE = EDGE_WHITESPACE - {"\x0b", "\u2028", "\u2029"}
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def is_whitespace(char: str) -> bool:
    """Whether markdown-it-py counts `char` as whitespace next to an emphasis delimiter."""
    return isWhiteSpace(ord(char))


def is_punctuation(char: str) -> bool:
    """Whether markdown-it-py counts `char` as punctuation next to an emphasis delimiter."""
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


@functools.cache
def _char_reference() -> re.Pattern[str]:
    """A character reference that CommonMark decodes in text: ``&amp;``, ``&#38;``, ``&#x26;``."""
    names = "|".join(sorted({re.escape(name.rstrip(";")) for name in html.entities.html5}, key=len, reverse=True))
    return re.compile(f"&(?:#[0-9]{{1,7}}|#[Xx][0-9A-Fa-f]{{1,6}}|{names});")


def char_ref(char: str) -> str | None:
    """`char` as a decimal character reference, or None if CommonMark would not decode it back."""
    return f"&#{ord(char)};" if isValidEntityCode(ord(char)) else None


def escape_text(text: str, *, before_link: bool = False) -> str:
    """Escape a run of plain text so that it reads back as the same text.

    The steps and their order are mdformat's, so its output and ours agree.

    Args:
        text: The text, without line breaks.
        before_link: A link follows directly, so a final ``!`` would make it an image.
    """
    text = text.replace("\\", "\\\\")
    text = _escape_asterisks(text)
    text = _escape_underscores(text)
    text = _escape_brackets(text)
    # "<" starts an autolink (or, for mdformat, raw HTML) unless a space follows.
    text = re.sub(r"<(?=[^ ]|$)", r"\\<", text)
    text = text.replace("`", "\\`")
    text = _char_reference().sub(r"\\\g<0>", text)
    if before_link and text.endswith("!"):
        text = text[:-1] + "\\!"
    return text


def _escape_asterisks(text: str) -> str:
    """Escape every ``*`` except one between two whitespace characters (which is literal)."""
    if "*" not in text:
        return text
    out = []
    for index, char in enumerate(text):
        if char == "*":
            before = text[index - 1] if index else None
            after = text[index + 1] if index + 1 < len(text) else None
            if not (before in _MDFORMAT_WHITESPACE and after in _MDFORMAT_WHITESPACE):
                out.append("\\")
        out.append(char)
    return "".join(out)


def _escape_underscores(text: str) -> str:
    """Escape ``_`` unless it is between two whitespace characters or inside a word.

    Inside a word (no whitespace or punctuation on either side) an underscore can
    neither open nor close emphasis, so ``snake_case`` stays as it is.
    """
    if "_" not in text:
        return text
    out = []
    for index, char in enumerate(text):
        if char == "_":
            before = text[index - 1] if index else None
            after = text[index + 1] if index + 1 < len(text) else None
            spaced = before in _MDFORMAT_WHITESPACE and after in _MDFORMAT_WHITESPACE
            inside_word = _is_word_char(before) and _is_word_char(after)
            if not (spaced or inside_word):
                out.append("\\")
        out.append(char)
    return "".join(out)


def _is_word_char(char: str | None) -> bool:
    return char is not None and not is_whitespace(char) and not is_punctuation(char)


def _escape_brackets(text: str) -> str:
    """Escape square brackets, except a balanced ``[x]`` that cannot be a link or a definition.

    A pair is left alone when it encloses no other bracket and is not followed by
    ``(`` or ``:``; with no reference definitions in the output, ``[x]`` alone is text.
    """
    escape_at: list[int] = []
    opening: int | None = None
    for match in re.finditer(r"[\[\]]", text):
        position = match.start()
        if match.group() == "[":
            if opening is not None:
                escape_at.append(opening)
            opening = position
        elif opening is None:
            escape_at.append(position)
        else:
            if text[position + 1 : position + 2] in (":", "("):
                escape_at += [opening, position]
            opening = None
    if opening is not None:
        escape_at.append(opening)
    for position in sorted(escape_at, reverse=True):
        text = text[:position] + "\\" + text[position:]
    return text


_ATX_HEADING = re.compile(r"#{1,6}(?: |\t|$)")
_BULLET = re.compile(r"[-*+](?: |\t|$)")
_ORDERED_PAREN = re.compile(r"[0-9]+\)(?: |\t|$)")
_ORDERED_DOT = re.compile(r"[0-9]+\.(?: |\t|$)")


def escape_line_starts(text: str) -> str:
    """Escape what would start a block at the beginning of each line of a paragraph.

    mdformat's checks, in its order (ATX heading, block quote, bullet, ordered
    marker, thematic break, setext underline), plus a tilde code fence, which
    mdformat leaves alone and CommonMark would read as code.
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if _ATX_HEADING.match(line) or line.startswith(">") or _BULLET.match(line):
            line = "\\" + line
        if _ORDERED_PAREN.match(line):
            line = line.replace(")", "\\)", 1)
        if _ORDERED_DOT.match(line):
            line = line.replace(".", "\\.", 1)
        compact = line.replace(" ", "").replace("\t", "")
        if len(compact) >= 3:
            for char in "*-_":
                if compact == char * len(compact):
                    line = line.replace(char, "\\" + char, 1)
                    break
        stripped = line.strip(" \t")
        if stripped and set(stripped) <= {"-"}:
            line = line.replace("-", "\\-", 1)
        elif stripped and set(stripped) <= {"="}:
            line = line.replace("=", "\\=", 1)
        if line.startswith("~~~"):
            line = "\\" + line
        lines[index] = line
    return "\n".join(lines)


def escape_heading(text: str) -> str:
    """Escape heading text: as text, with a final ``#`` escaped and trimmed ends kept."""
    out = escape_text(text)
    if out.endswith("#"):
        out = out[:-1] + "\\#"
    return _protect_edges(out, text)


def _protect_edges(out: str, text: str) -> str:
    """Write a first or last character the parser would trim as a character reference."""
    if text[0] in EDGE_WHITESPACE:
        out = _reference_or_fail(text[0]) + out[1:]
    if text[-1] in EDGE_WHITESPACE and (len(text) > 1 or text[0] not in EDGE_WHITESPACE):
        out = out[:-1] + _reference_or_fail(text[-1])
    return out


def _reference_or_fail(char: str) -> str:
    from ..errors import ExportError

    reference = char_ref(char)
    if reference is None:
        raise ExportError(
            f"the character U+{ord(char):04X} at the start or end of a line cannot be written in Markdown"
            " (the parser trims it and has no escape for it); remove it from the guide"
        )
    return reference


def code_span(code: str) -> str:
    """`code` as a code span: a fence longer than any backtick run inside, padded when needed."""
    longest = max((len(run) for run in re.findall("`+", code)), default=0)
    if longest:
        fence = "`" * (longest + 1)
        return f"{fence} {code} {fence}"
    if code.startswith(" ") and code.endswith(" ") and code.strip(" "):
        return f"` {code} `"
    return f"`{code}`"


def _escape_decoded(text: str, extra: str = "") -> str:
    """Backslash-escape what `unescapeAll` would decode: escapes, decodable references, `extra`."""
    from markdown_it.common.utils import replaceEntityPattern

    out = []
    for index, char in enumerate(text):
        if char == "\\":
            following = text[index + 1 : index + 2]
            if following == "" or following in _ASCII_PUNCTUATION:
                out.append("\\")
        elif char == "&":
            match = re.match(r"&([a-zA-Z#][a-zA-Z0-9]{1,31});", text[index:])
            if match and replaceEntityPattern(match.group(), match.group(1)) != match.group():
                out.append("\\")
        elif char in extra:
            out.append("\\")
        if char in "\n\r":
            out.append(f"&#{ord(char)};")
        else:
            out.append(char)
    return "".join(out)


def link_destination(url: str) -> str:
    """`url` as a link destination, in ``<…>`` when it has spaces, parentheses or controls."""
    needs_brackets = (
        url.startswith("<")
        or any(char in " ()" or ord(char) < 0x20 or ord(char) == 0x7F for char in url)
    )
    if needs_brackets:
        return "<" + _escape_decoded(url, extra="<>") + ">"
    return _escape_decoded(url)


def link_title(title: str) -> str:
    """`title` as a double-quoted link title."""
    return '"' + _escape_decoded(title, extra='"') + '"'
