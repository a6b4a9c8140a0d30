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
import itertools
import re
from collections.abc import Iterator

import attrs
from markdown_it.common.utils import (
    isMdAsciiPunct,
    isPunctChar,
    isValidEntityCode,
    isWhiteSpace,
    replaceEntityPattern,
)

from ..markdown_syntax import CAPTION_PREFIX

__all__ = [
    "EDGE_WHITESPACE",
    "OTHER",
    "PUNCTUATION",
    "WHITESPACE",
    "Delimiter",
    "Piece",
    "char_class",
    "char_ref",
    "code_span",
    "escape_heading",
    "escape_line_starts",
    "escape_paragraph_start",
    "escape_quote_start",
    "escape_text",
    "is_punctuation",
    "is_whitespace",
    "link_destination",
    "link_title",
    "plan_emphasis",
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
    names = "|".join(
        sorted({re.escape(name.rstrip(";")) for name in html.entities.html5}, key=len, reverse=True)
    )
    return re.compile(f"&(?:#[0-9]{{1,7}}|#[Xx][0-9A-Fa-f]{{1,6}}|{names});")


def char_ref(char: str) -> str | None:
    """`char` as a decimal character reference, or None if CommonMark would not decode it back."""
    return f"&#{ord(char)};" if isValidEntityCode(ord(char)) else None


_LESS_THAN = re.compile("<(?=[^ ]|$)")


def _escaped(match: re.Match[str]) -> str:
    return "\\" + match.group()


def escape_text(text: str, *, before_link: bool = False, inline: bool = True) -> str:
    """Escape a run of plain text so that it reads back as the same text.

    The steps and their order are mdformat's, so its output and ours agree.

    Args:
        text: The text, without line breaks.
        before_link: A link follows directly, so a final ``!`` would make it an image.
        inline: The text is a paragraph's (or a cell's, or a link's), where the
            reader also refuses ``~text~``; headings, titles and captions are not.
    """
    text = text.replace("\\", "\\\\")
    text = _escape_asterisks(text)
    text = _escape_underscores(text)
    text = _escape_brackets(text)
    # "<" starts an autolink (or, for mdformat, raw HTML) unless a space follows.
    if "<" in text:
        text = _LESS_THAN.sub(_escaped, text)
    text = text.replace("`", "\\`")
    if "&" in text:
        text = _char_reference().sub(_escaped, text)
    if before_link and text.endswith("!"):
        text = text[:-1] + "\\!"
    return _escape_tildes(text, single=inline)


def _escape_tildes(text: str, *, single: bool) -> str:
    """Escape tildes so that no strikethrough can be read.

    ``~~`` would be strikethrough; with `single`, GFM's one-tilde form ``~text~``
    too, which the reader refuses inside one run of paragraph text. mdformat-gfm's
    escape (``~~`` becomes ``\\~~``) is used when it is enough; otherwise every tilde
    but the last is escaped, so no run of text between escapes holds two.
    """
    if text.count("~") < 2:
        return text
    gfm = text.replace("~~", "\\~~")
    runs = re.split(r"\\.", gfm, flags=re.DOTALL)
    if all(run.count("~") < 2 if single else "~~" not in run for run in runs):
        return gfm
    last = text.rindex("~")
    return text[:last].replace("~", "\\~") + text[last:]


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
    """Escape square brackets, except a balanced ``[x]`` that cannot be a link, a definition or a citation.

    A pair is left alone when it encloses no other bracket, does not start with
    ``^`` (``[^x]`` cites a reference) and is not followed by ``(`` or ``:``; with
    no reference definitions in the output, ``[x]`` alone is text.
    """
    if "[" not in text and "]" not in text:
        return text
    escape_at: list[int] = []
    opening: int | None = None
    for match in re.finditer(r"[\[\]]", text):
        position = match.start()
        if match.group() == "[" and text[position + 1 : position + 2] == "^":
            escape_at.append(position)
            if opening is not None:
                escape_at.append(opening)
            opening = None
        elif match.group() == "[":
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
_TASK_BOX = re.compile(r"^\[([ xX])](?!\()")  # mdformat-gfm's, less a link's text
_BULLET = re.compile(r"[-*+](?: |\t|$)")
_ORDERED_PAREN = re.compile(r"[0-9]+\)(?: |\t|$)")
_ORDERED_DOT = re.compile(r"[0-9]+\.(?: |\t|$)")
# Every line the checks below change starts with one of these (or is empty).
_BLOCK_START_CHARS = frozenset("#>-*+0123456789_=~[|: \t")


def escape_line_starts(text: str) -> str:
    """Escape what would start a block at the beginning of each line of a paragraph.

    mdformat's checks, in its order (ATX heading, block quote, bullet, ordered
    marker, thematic break, setext underline), plus a tilde code fence, which
    mdformat leaves alone and CommonMark would read as code, then mdformat-gfm's
    (a task-list box, a line that could be a table's delimiter row).
    """
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if not line or line[0] not in _BLOCK_START_CHARS:  # most lines: nothing to escape
            continue
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
        line = _TASK_BOX.sub(r"\\[\1\\]", line)
        if all(char in "|-: " for char in line):
            line = line.replace("-", "\\-", 1)
        lines[index] = line
    return "\n".join(lines)


# What the reader takes for a misplaced callout marker, an MkDocs admonition or a table row.
_REFUSED_START = re.compile(r"\[!|!!!|\?\?\?|\|")


def escape_paragraph_start(text: str, *, link_first: bool = False) -> str:
    """Escape the start of a paragraph that the reader would take for a construct it refuses or moves.

    Those are a misplaced callout marker, an MkDocs admonition, a table row, and
    a ``Table:`` caption (which would move into the table next to it). The reader
    looks only at text there: a paragraph starting with a link (`link_first`),
    whose ``[`` is markup, is left alone (see `escape_quote_start`).
    """
    if link_first:
        return text
    if _REFUSED_START.match(text):
        return "\\" + text
    if text.startswith(CAPTION_PREFIX):  # escape its colon
        return CAPTION_PREFIX[:-1] + "\\" + text[len(CAPTION_PREFIX) - 1 :]
    return text


def escape_quote_start(text: str) -> str:
    """Escape a link at the start of a block quote that the reader would take for a callout marker.

    The reader looks for ``[!KIND]`` in the raw first line of a block quote, so a
    link whose text starts with ``!`` (``[!](url)``) needs its ``!`` escaped there;
    text starting with ``[!`` already has its ``[`` escaped (`escape_paragraph_start`).
    """
    return "[\\!" + text[2:] if text.startswith("[!") else text


def escape_heading(text: str) -> str:
    """Escape heading text: as text, with a final ``#`` escaped and trimmed ends kept."""
    out = escape_text(text, inline=False)
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
    """Backslash-escape what `unescapeAll` would decode: escapes, decodable references, `extra`.

    Line breaks, which neither a destination nor a title may hold, are written as
    character references.
    """
    out = []
    for index, char in enumerate(text):
        if char == "\\":
            following = text[index + 1 : index + 2]
            if following in ("", "\n", "\r") or following in _ASCII_PUNCTUATION:
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
    needs_brackets = url.startswith("<") or any(
        char in " ()" or ord(char) < 0x20 or ord(char) == 0x7F for char in url
    )
    if needs_brackets:
        return "<" + _escape_decoded(url, extra="<>") + ">"
    return _escape_decoded(url)


def link_title(title: str) -> str:
    """`title` as a double-quoted link title."""
    return '"' + _escape_decoded(title, extra='"') + '"'


# --- emphasis -----------------------------------------------------------------------------------
#
# Whether a run of "*" or "_" opens or closes emphasis depends on the characters on
# either side of it (CommonMark's "flanking" rules): a*b*c is emphasis, a*(b)*c is
# not. The plan below picks "*" or "_" for each Emphasis and Strong node and, where
# the plain characters do not work, writes the text character next to a delimiter
# as a character reference, which counts as punctuation (&#97;*(b)*&#99;). Every
# plan is checked by running CommonMark's delimiter algorithm (as markdown-it-py
# implements it) before it is used.

WHITESPACE, PUNCTUATION, OTHER = "whitespace", "punctuation", "other"
_MAX_PLANS = 256
_MAX_SEARCH = 4096


def char_class(char: str) -> str:
    """The class of `char` for the flanking rules: whitespace, punctuation or other."""
    if is_whitespace(char):
        return WHITESPACE
    return PUNCTUATION if is_punctuation(char) else OTHER


@attrs.define(eq=False)
class Delimiter:
    """The ``*``/``_`` markup of one Emphasis or Strong node."""

    strong: bool
    char: str = "*"
    opener: Piece | None = None
    closer: Piece | None = None

    @property
    def markup(self) -> str:
        return self.char * (2 if self.strong else 1)


@attrs.define(eq=False)
class Piece:
    """One stretch of inline Markdown, kept unescaped until it is written out.

    Attributes:
        kind: "text" (escaped when written), "markup" (written as it is), or
            "open"/"close" (an emphasis delimiter).
        value: The text, or the markup.
        delimiter: The delimiter an "open" or "close" piece belongs to.
        first: The class of a markup piece's first character.
        last: The class of a markup piece's last character.
        encode_first: Write the text's first character as a character reference,
            and escape the rest as if nothing came before it.
        encode_last: Write the text's last character as a character reference,
            and escape the rest as if nothing came after it.
        edge_first: The text starts a paragraph with whitespace the parser would
            trim: it is written as a character reference after escaping, as
            mdformat does (nothing comes before it for a delimiter to pair with).
        edge_last: The same for whitespace that ends a paragraph.
        before_link: A link follows this text, so a final ``!`` must be escaped.
    """

    kind: str
    value: str = ""
    delimiter: Delimiter | None = None
    first: str = PUNCTUATION
    last: str = PUNCTUATION
    encode_first: bool = False
    encode_last: bool = False
    edge_first: bool = False
    edge_last: bool = False
    before_link: bool = False

    def first_class(self) -> str:
        if self.kind == "text":
            encoded = self.encode_first or self.edge_first or (self._one_char() and self._encoded())
            return PUNCTUATION if encoded else char_class(self.value[0])
        return self.first if self.kind == "markup" else PUNCTUATION

    def last_class(self) -> str:
        if self.kind == "text":
            encoded = self.encode_last or self.edge_last or (self._one_char() and self._encoded())
            return PUNCTUATION if encoded else char_class(self.value[-1])
        return self.last if self.kind == "markup" else PUNCTUATION

    def _one_char(self) -> bool:
        return len(self.value) == 1

    def _encoded(self) -> bool:
        return self.encode_first or self.encode_last or self.edge_first or self.edge_last

    def render(self) -> str:
        if self.delimiter is not None:
            return self.delimiter.markup
        if self.kind == "markup":
            return self.value
        value = self.value
        if self._one_char() and self._encoded():
            return _required_reference(value)
        start = _required_reference(value[0]) if self.encode_first else ""
        end = _required_reference(value[-1]) if self.encode_last else ""
        middle = value[1 if start else 0 : len(value) - (1 if end else 0)]
        text = escape_text(middle, before_link=self.before_link and not end)
        # Whitespace is never escaped, so it is still the first (last) character of `text`.
        if self.edge_first and not start:
            text = _required_reference(value[0]) + text[1:]
        if self.edge_last and not end:
            text = text[:-1] + _required_reference(value[-1])
        return start + text + end


def _required_reference(char: str) -> str:
    reference = char_ref(char)
    if reference is None:
        from ..errors import ExportError

        raise ExportError(
            f"the character U+{ord(char):04X} would have to be written as a character reference, and"
            " CommonMark has none for it; remove it"
        )
    return reference


def plan_emphasis(pieces: list[Piece], start: str) -> bool:
    """Choose delimiter characters and encodings so that `pieces` read back as written.

    Args:
        pieces: The inline pieces of one paragraph or link text; their
            ``encode_*`` flags may already be set where required.
        start: The class of the character before the first piece
            (whitespace at the start of a line, punctuation in a link's text).

    Returns:
        False if no plan works.
    """
    delimiters = [piece.delimiter for piece in pieces if piece.kind == "open" and piece.delimiter]
    if not delimiters:
        return True
    required = [(piece.encode_first, piece.encode_last) for piece in pieces]

    def reset(chars: tuple[str, ...]) -> None:
        for piece, (first, last) in zip(pieces, required, strict=True):
            piece.encode_first, piece.encode_last = first, last
        for delimiter, char in zip(delimiters, chars, strict=True):
            delimiter.char = char

    plans = list(_char_plans(pieces, delimiters))
    for chars in plans:
        reset(chars)
        if _choose_encodings(pieces, start) and _reads_back(pieces, start):
            return True
    # The rules of thumb failed: search the encodings of every text character next
    # to a delimiter, fewest first, within a budget.
    budget = _MAX_SEARCH
    for chars in plans:
        reset(chars)
        edges = _encodable_edges(pieces)
        for size in range(len(edges) + 1):
            for option in itertools.combinations(edges, size):
                budget -= 1
                if budget < 0:
                    return False
                reset(chars)
                for piece, flag in option:
                    setattr(piece, flag, True)
                if _reads_back(pieces, start):
                    return True
    return False


def _can_encode(piece: Piece, *, first: bool) -> bool:
    """Whether writing the text's first (last) character as a reference could change anything.

    Only whitespace and "other" characters are worth it: a reference counts as
    punctuation, and escaped characters are all punctuation already.
    """
    if first:
        return piece.first_class() != PUNCTUATION and char_ref(piece.value[0]) is not None
    return piece.last_class() != PUNCTUATION and char_ref(piece.value[-1]) is not None


def _encodable_edges(pieces: list[Piece]) -> list[tuple[Piece, str]]:
    """The text characters next to a delimiter that could be written as references."""
    edges = []
    for index, piece in enumerate(pieces):
        if piece.kind != "text":
            continue
        if index > 0 and pieces[index - 1].delimiter and _can_encode(piece, first=True):
            edges.append((piece, "encode_first"))
        if index + 1 < len(pieces) and pieces[index + 1].delimiter and _can_encode(piece, first=False):
            edges.append((piece, "encode_last"))
    return edges


def _char_plans(pieces: list[Piece], delimiters: list[Delimiter]) -> Iterator[tuple[str, ...]]:
    """The preferred characters first, then others, nearest first.

    The preferred plan uses ``*`` except where a delimiter would touch another
    of the same character (their runs would merge into ``**``); there it takes
    ``_``, or, when both are taken, its parent's character.
    """
    index_of = {id(piece): index for index, piece in enumerate(pieces)}
    preferred = []
    for delimiter in delimiters:
        assert delimiter.opener is not None
        assert delimiter.closer is not None
        before = index_of[id(delimiter.opener)] - 1
        after = index_of[id(delimiter.closer)] + 1
        taken = set()
        if before >= 0 and pieces[before].delimiter is not None:
            taken.add(pieces[before].delimiter.char)  # type: ignore[union-attr]
        if after < len(pieces) and pieces[after].kind == "close":
            taken.add(pieces[after].delimiter.char)  # type: ignore[union-attr]
        delimiter.char = next((char for char in "*_" if char not in taken), "*")
        if len(taken) == 2 and after < len(pieces):
            delimiter.char = pieces[after].delimiter.char  # type: ignore[union-attr]
        preferred.append(delimiter.char)
    yield tuple(preferred)
    # Deep runs of one character read back as nested emphasis (``******a******``), which the
    # nearest-first flips below would only reach past their budget.
    yield ("*",) * len(delimiters)
    yield ("_",) * len(delimiters)
    flip = {"*": "_", "_": "*"}
    count = 3
    for distance in range(1, len(delimiters) + 1):
        for positions in itertools.combinations(range(len(delimiters)), distance):
            plan = list(preferred)
            for position in positions:
                plan[position] = flip[plan[position]]
            yield tuple(plan)
            count += 1
            if count >= _MAX_PLANS:
                return


def _runs(pieces: list[Piece]) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each run of adjacent delimiter pieces with one character."""
    index = 0
    while index < len(pieces):
        delimiter = pieces[index].delimiter
        if delimiter is None:
            index += 1
            continue
        end = index + 1
        while (
            end < len(pieces)
            and (other := pieces[end].delimiter) is not None
            and other.char == delimiter.char
        ):
            end += 1
        yield index, end
        index = end


def _flanking(char: str, before: str, after: str) -> tuple[bool, bool]:
    """Whether a run of `char` between characters of these classes can open, and can close.

    CommonMark's rules as markdown-it-py applies them (``StateInline.scanDelims``).
    """
    left = not (after == WHITESPACE or (after == PUNCTUATION and before not in (WHITESPACE, PUNCTUATION)))
    right = not (before == WHITESPACE or (before == PUNCTUATION and after not in (WHITESPACE, PUNCTUATION)))
    if char == "*":
        return left, right
    return left and (not right or before == PUNCTUATION), right and (not left or after == PUNCTUATION)


def _neighbours(pieces: list[Piece], begin: int, end: int, start: str) -> tuple[str, str]:
    before = pieces[begin - 1].last_class() if begin > 0 else start
    after = pieces[end].first_class() if end < len(pieces) else WHITESPACE
    return before, after


def _run_ok(pieces: list[Piece], begin: int, end: int, start: str) -> bool:
    """Whether the run can do its job: open for openers, close for closers.

    An opener that could also close, or a run shared by several delimiters,
    invites a wrong pairing (and CommonMark's "rule of 3"), so those must open
    only (or close only); `_reads_back` has the last word.
    """
    before, after = _neighbours(pieces, begin, end, start)
    shared = end - begin > 1
    for piece in pieces[begin:end]:
        assert piece.delimiter is not None
        can_open, can_close = _flanking(piece.delimiter.char, before, after)
        if piece.kind == "open" and (not can_open or (can_close and shared)):
            return False
        if piece.kind == "close" and (not can_close or (can_open and shared)):
            return False
    return True


def _choose_encodings(pieces: list[Piece], start: str) -> bool:
    """Encode text next to delimiter runs until each run works; False if one cannot."""
    for _ in range(2 * len(pieces) + 2):
        changed = False
        for begin, end in _runs(pieces):
            if _run_ok(pieces, begin, end, start):
                continue
            if not _fix_run(pieces, begin, end, start):
                return False
            changed = True
        if not changed:
            return True
    return False


def _fix_run(pieces: list[Piece], begin: int, end: int, start: str) -> bool:
    """Encode the text character after and/or before the run until it works."""
    before = pieces[begin - 1] if begin > 0 else None
    after = pieces[end] if end < len(pieces) else None
    choices: list[tuple[Piece, str]] = []
    if after is not None and after.kind == "text" and _can_encode(after, first=True):
        choices.append((after, "encode_first"))
    if before is not None and before.kind == "text" and _can_encode(before, first=False):
        choices.append((before, "encode_last"))
    for size in range(1, len(choices) + 1):
        for option in itertools.combinations(choices, size):
            for piece, flag in option:
                setattr(piece, flag, True)
            if _run_ok(pieces, begin, end, start):
                return True
            for piece, flag in option:
                setattr(piece, flag, False)
    return False


@attrs.define
class _Entry:
    """One delimiter character in markdown-it-py's delimiter list."""

    marker: str
    length: int
    token: int
    can_open: bool
    can_close: bool
    end: int = -1


def _reads_back(pieces: list[Piece], start: str) -> bool:
    """Whether CommonMark pairs every delimiter with its own partner, as em or strong.

    Runs markdown-it-py's ``balance_pairs`` and emphasis post-processing on the
    delimiters of `pieces` and compares the pairs it makes with the intended ones.
    """
    entries: list[_Entry] = []
    indices: dict[int, list[int]] = {}
    token = 0
    position = 0
    for begin, end in _runs(pieces):
        token += begin - position  # each piece in between is a token of its own
        before, after = _neighbours(pieces, begin, end, start)
        run = pieces[begin:end]
        length = sum(len(piece.render()) for piece in run)
        can_open, can_close = _flanking(run[0].render()[0], before, after)
        for piece in run:
            for char in piece.render():
                indices.setdefault(id(piece), []).append(len(entries))
                entries.append(_Entry(char, length, token, can_open, can_close))
                token += 1
        position = end
    _balance_pairs(entries)
    made = set()
    index = len(entries) - 1
    while index >= 0:
        opener = entries[index]
        if opener.end == -1:
            index -= 1
            continue
        closer = entries[opener.end]
        strong = (
            index > 0
            and entries[index - 1].end == opener.end + 1
            and entries[index - 1].marker == opener.marker
            and entries[index - 1].token == opener.token - 1
            and entries[opener.end + 1].token == closer.token + 1
        )
        if strong:
            made.add((index - 1, index, opener.end, opener.end + 1))
            index -= 1
        else:
            made.add((index, index, opener.end, opener.end))
        index -= 1
    wanted = set()
    for piece in pieces:
        if piece.kind == "open":
            delimiter = piece.delimiter
            assert delimiter is not None
            assert delimiter.closer is not None
            opens, closes = indices[id(piece)], indices[id(delimiter.closer)]
            wanted.add((opens[0], opens[-1], closes[0], closes[-1]))
    return made == wanted


def _balance_pairs(entries: list[_Entry]) -> None:
    """markdown-it-py's ``processDelimiters``: pair each closer with an opener."""
    openers_bottom: dict[str, list[int]] = {}
    header = 0
    last_token = -2
    jumps: list[int] = []
    for closer_index, closer in enumerate(entries):
        jumps.append(0)
        if entries[header].marker != closer.marker or last_token != closer.token - 1:
            header = closer_index
        last_token = closer.token
        if not closer.can_close:
            continue
        bottoms = openers_bottom.setdefault(closer.marker, [-1] * 6)
        slot = (3 if closer.can_open else 0) + closer.length % 3
        opener_index = header - jumps[header] - 1
        new_bottom = opener_index
        while opener_index > bottoms[slot]:
            opener = entries[opener_index]
            if opener.marker != closer.marker:
                opener_index -= jumps[opener_index] + 1
                continue
            if opener.can_open and opener.end < 0:
                odd = (
                    (opener.can_close or closer.can_open)
                    and (opener.length + closer.length) % 3 == 0
                    and (opener.length % 3 != 0 or closer.length % 3 != 0)
                )
                if not odd:
                    last_jump = (
                        jumps[opener_index - 1] + 1
                        if opener_index > 0 and not entries[opener_index - 1].can_open
                        else 0
                    )
                    jumps[closer_index] = closer_index - opener_index + last_jump
                    jumps[opener_index] = last_jump
                    closer.can_open = False
                    opener.end = closer_index
                    opener.can_close = False
                    new_bottom = -1
                    last_token = -2
                    break
            opener_index -= jumps[opener_index] + 1
        if new_bottom != -1:
            bottoms[slot] = new_bottom
