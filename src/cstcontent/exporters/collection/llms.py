"""``llms.txt``: the site for language models, as the llms.txt proposal lays out.

An H1 with the site's name, a blockquote summary, then one list item per guide
linking its Markdown alternate (the page's URL with ``.md`` appended, the file
the ``markdown`` format writes), followed by its summary. Every character of
a title or summary that could start Markdown syntax is backslash-escaped.
"""

from __future__ import annotations

import re
from typing import ClassVar

import attrs

from . import _xml
from .base import Collection, CollectionExporter

__all__ = ["LlmsTxtExporter"]

# What can start Markdown syntax inside a line (CommonMark lets a backslash escape any of them).
_PUNCTUATION = re.compile(r"([\\`*_\[\]<>!&~|])")
# Characters a link destination cannot hold bare.
_DESTINATION = str.maketrans({"(": "%28", ")": "%29", "<": "%3C", ">": "%3E", " ": "%20"})


def _escape(text: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", text)


def _destination(url: str) -> str:
    return _xml.uri(url).translate(_DESTINATION)


@attrs.frozen(kw_only=True)
class LlmsTxtExporter(CollectionExporter):
    """The collection as ``llms.txt`` (Markdown): name, summary, a linked list of guides."""

    name: ClassVar[str] = "llms"
    media_type: ClassVar[str] = "text/markdown"
    filename: ClassVar[str] = "llms.txt"

    def export(self, collection: Collection) -> str:
        """Return the ``llms.txt`` of `collection`."""
        collection = collection.placed(self.site)
        site = self.site
        name = (site.name if site else None) or "Condition guides"
        count = len(collection.entries)
        summary = (site.description if site else None) or (
            f"{count} condition guide{'' if count == 1 else 's'}, each also published as Markdown."
        )
        lines = [f"# {_escape(name)}", "", f"> {_escape(summary)}", "", "## Guides", ""]
        for entry in collection.entries:
            lines.append(
                f"- [{_escape(entry.title)}]({_destination(entry.markdown_url)}): {_escape(entry.summary)}"
            )
        return "\n".join(lines) + "\n"
