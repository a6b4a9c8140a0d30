"""Character rules the tests check against, written from the rules (not imported from the library)."""

from __future__ import annotations

import re

__all__ = [
    "BIDI_CONTROLS",
    "TERMINAL_UNSAFE",
    "refused_as_line",
    "refused_as_text",
    "text_violations",
    "without_bidi_controls",
]

# What the model refuses in any string (cstcontent._checks): C0/C1 controls other than tab,
# line feed and carriage return, lone surrogates and the noncharacters.
UNCARRIABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef]|[\ufffe\uffff]"
    "|[\U0001fffe\U0001ffff\U0002fffe\U0002ffff\U0003fffe\U0003ffff\U0004fffe\U0004ffff\U0005fffe\U0005ffff"
    "\U0006fffe\U0006ffff\U0007fffe\U0007ffff\U0008fffe\U0008ffff\U0009fffe\U0009ffff\U000afffe\U000affff"
    "\U000bfffe\U000bffff\U000cfffe\U000cffff\U000dfffe\U000dffff\U000efffe\U000effff\U000ffffe\U000fffff"
    "\U0010fffe\U0010ffff]"
)
LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# What must never reach a terminal: C0/C1 controls other than tab and newline, bidi controls.
TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def refused_as_line(value: str) -> bool:
    """Whether a single-line field (title, heading, question, name) must refuse `value`."""
    return bool(UNCARRIABLE.search(value) or LINE_BREAK.search(value) or not value.strip())


def refused_as_text(value: str) -> bool:
    """Whether a paragraph made of the one text `value` must be refused."""
    return bool(UNCARRIABLE.search(value) or re.search("[\r\n]", value) or not value)


def text_violations(text: str) -> list[str]:
    """Characters in text output that could rewrite a terminal or reorder what is shown."""
    return [f"U+{ord(c):04X} in text output" for c in sorted(set(TERMINAL_UNSAFE.findall(text)))]


def without_bidi_controls(text: str) -> str:
    """`text` as the text exporter shows it: bidi controls removed."""
    return "".join(c for c in text if c not in BIDI_CONTROLS)
