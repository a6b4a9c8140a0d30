"""Raw HTML in a Markdown guide: comments are editor notes, anything else is refused.

A guide is published to HTML, text, JSON-LD and more, so HTML written in the
source could be neither carried by the other formats nor trusted in a page:
each tag is refused with the Markdown to write instead.
"""

from __future__ import annotations

import re

__all__ = ["html_problem", "is_comment_only"]

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)")
_REMOVE = {
    "script": "remove it: a guide cannot run scripts", "style": "remove it: the site's style applies",
    "iframe": "link to the page instead: [text](https://...)",
    "object": "link to the page instead: [text](https://...)",
    "embed": "link to the page instead: [text](https://...)",
}  # fmt: skip
_INSTEAD = {
    "b": "**bold**", "strong": "**bold**", "i": "*emphasis*", "em": "*emphasis*",
    "u": "*emphasis* (underline reads as a link)", "br": "a backslash at the end of the line",
    "a": "a link: [text](https://...)", "img": "an image paragraph: ![alt text](image.png \"caption\")",
    "p": "a blank line between paragraphs", "code": "`code`", "ul": "a list: '- item'",
    "ol": "a list: '1. item'", "li": "a list item: '- item'", "blockquote": "a quote: '> text'",
    "table": "a pipe table: '| a | b |' then '| --- | --- |'", "hr": "a new section: '## Heading'",
    "h1": "a section: '## Heading'", "h2": "a section: '## Heading'", "h3": "'### Heading'",
    "h4": "'#### Heading'", "h5": "'##### Heading'", "h6": "'###### Heading'",
    "sup": "a citation '[^label]' or plain text", "sub": "plain text", "s": "plain text",
    "del": "plain text", "strike": "plain text", "details": "a callout: '> [!NOTE]'",
    "div": "a callout: '> [!NOTE]', or plain paragraphs", "aside": "a callout: '> [!NOTE]'",
    "span": "plain text, *emphasis* or **bold**", "mark": "**bold**",
}  # fmt: skip


def is_comment_only(html: str) -> bool:
    """Whether `html` is only HTML comments (and white space): an editor's note."""
    return "<!--" in html and not _COMMENT.sub("", html).strip()


def html_problem(html: str) -> str:
    """The error message for raw HTML `html`, saying what to write instead."""
    remainder = _COMMENT.sub("", html).strip()
    tag = _TAG.match(remainder)
    shown = remainder.split("\n", 1)[0]
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if tag is None and html.lstrip().startswith("<!--"):
        return (
            f"text after an HTML comment on the same line ({shown!r}) would be lost:"
            " start it on a new line after the comment"
        )
    if tag is None:
        return (
            f"raw HTML ({shown!r}) is not allowed in guides; write Markdown instead"
            " (to show a '<' as text, write '\\<')"
        )
    name = tag.group(1).lower()
    if name in _REMOVE:
        return f"raw HTML ({shown!r}) is not allowed in guides; {_REMOVE[name]}"
    instead = _INSTEAD.get(name, "Markdown (paragraphs, lists, links, **bold**, *emphasis*)")
    return f"raw HTML ({shown!r}) is not allowed in guides; write {instead} instead"
