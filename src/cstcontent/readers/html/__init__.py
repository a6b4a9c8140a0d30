"""The ``html`` format: import existing web pages, cstcontent's own exports included.

`import_html` returns the guide and the warnings: what the page holds that the
model cannot (an image without alt text, a form, a refused link), each with its
source line. `read_html` is the reader behind ``cstcontent.load("page.html")``
and ``loads(text, format="html")``: it issues each warning as a
`cstcontent.errors.SourceWarning`.

lxml is imported on first use only.
"""

from __future__ import annotations

import os
import sys
import warnings

import attrs

from ...errors import SourceWarning
from ...model import ConditionGuide
from .._source import decode_source
from ._guide import build_guide
from ._notes import HtmlWarning, Notes

__all__ = ["HtmlImport", "HtmlWarning", "import_html", "read_html"]


@attrs.frozen
class HtmlImport:
    """A page read as a guide, with what could not be mapped."""

    guide: ConditionGuide
    warnings: tuple[HtmlWarning, ...]


def import_html(text: str | bytes, *, path: str | os.PathLike[str] | None = None) -> HtmlImport:
    """Read the HTML page `text` (bytes are decoded as UTF-8) into a guide, with warnings.

    Raises:
        SourceError: ``path:line: message`` when the page cannot be a guide.
    """
    name = os.fspath(path) if path is not None else "<string>"
    notes = Notes(name)
    decoded = decode_source(text, path=name)  # NUL and lone surrogates refused, line ends made "\n"
    guide = build_guide(decoded, path=name, notes=notes)
    return HtmlImport(guide, tuple(notes.items))


def read_html(text: str, *, path: str | os.PathLike[str] | None = None) -> ConditionGuide:
    """Read the HTML page `text` into a guide, issuing a `SourceWarning` for each thing dropped."""
    result = import_html(text, path=path)
    for warning in result.warnings:
        warnings.warn(str(warning), SourceWarning, stacklevel=_outside_the_package())
    return result.guide


def _outside_the_package() -> int:
    """The stack level of the first caller outside cstcontent, so a warning names the user's line."""
    package = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and os.path.abspath(frame.f_code.co_filename).startswith(package + os.sep):
        frame, level = frame.f_back, level + 1
    return level
