"""Front matter cannot blow up: no aliases, bounded nesting, bounded quotations in messages."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import cstcontent
from cstcontent.errors import CstContentError, SourceError

BODY = "\n\nIntro.\n"


def _guide(front: str) -> str:
    return f"---\ntitle: T\nsummary: S\ncondition: C\n{front}\n---{BODY}"


def _alias_bomb(levels: int = 9) -> str:
    """One known key holding nested anchors, each ten aliases of the one before, a bad date at the bottom."""
    anchors = ["&k0 [2026-02-30]"]
    for level in range(1, levels + 1):
        anchors.append(f"&k{level} [" + ", ".join([f"*k{level - 1}"] * 10) + "]")
    return "published: [" + ", ".join(anchors) + "]"


def test_front_matter_aliases_are_refused() -> None:
    with pytest.raises(SourceError, match=r"alias \*a; aliases are not allowed") as caught:
        cstcontent.loads(_guide("authors: &a [Ann]\nreviewed_by: *a"))
    assert str(caught.value).startswith("<string>:6:")


def test_front_matter_alias_bomb_is_refused_with_a_short_message() -> None:
    # Before the fix: 10**9 dates were constructed and the message quoted them all (2.1 GB).
    source = _guide(_alias_bomb())
    assert len(source) < 600
    with pytest.raises(SourceError, match="alias") as caught:
        cstcontent.loads(source)
    assert len(str(caught.value)) < 300


def test_invalid_value_messages_quote_a_bounded_excerpt() -> None:
    # Without aliases a value is at most as large as its source, but messages still quote a short excerpt.
    long_date = "2026-02-31" + "x" * 100_000
    expected = "published must be a date written YYYY-MM-DD, not '2026-02-31x"
    with pytest.raises(SourceError, match=expected) as caught:
        cstcontent.loads(_guide(f"published: {long_date}"))
    assert len(str(caught.value)) < 300
    dates = "\n".join(["  - 2026-02-28"] * 1000 + ["  - 2026-02-30"])
    with pytest.raises(SourceError, match="'2026-02-30' is not a real date: day is out of range") as caught:
        cstcontent.loads(_guide(f"published:\n{dates}"))
    assert str(caught.value).startswith("<string>:1006:")


@pytest.mark.parametrize(
    "front",
    ["? " + "y" * 100_000 + "\n: 1", "? [" + ", ".join(["a"] * 10_000) + "]\n: 1"],
)
def test_key_messages_quote_a_bounded_excerpt(front: str) -> None:
    with pytest.raises(SourceError) as caught:
        cstcontent.loads(_guide(front))
    assert len(str(caught.value)) < 400


def test_front_matter_nesting_is_bounded() -> None:
    deep = "authors: " + "[" * 500 + "]" * 500
    with pytest.raises(SourceError, match="nests lists and mappings more than 10 deep") as caught:
        cstcontent.loads(_guide(deep))
    assert str(caught.value).startswith("<string>:5:")


_LONG = "x" * 1_000_000


def _refusals() -> dict[str, Callable[[], object]]:
    """Ways to be refused with a megabyte value (or an int too long to print) in the message's place."""
    from cstcontent import nodes
    from cstcontent.model import Section, Translation

    paragraph = nodes.Paragraph([nodes.Text("a")])
    head = "---\ntitle: T\nsummary: S\ncondition: C\n---\n\n"
    return {
        "slug": lambda: Section("A" + _LONG, "S", [paragraph]),
        "link URL": lambda: nodes.Link("javascript:" + _LONG, [nodes.Text("a")]),
        "language": lambda: Translation(language=_LONG, url="https://example.org/"),
        "health aspect": lambda: Section("s", "S", [paragraph], health_aspect=_LONG),
        "image URL": lambda: nodes.Image("ftp://" + _LONG, "a"),
        "heading": lambda: Section("s", "S\n" + _LONG, [paragraph]),
        "list start": lambda: nodes.OrderedList([[paragraph]], start=10**5000),
        "heading level": lambda: nodes.Heading(10**5000, "h"),
        "exporter option": lambda: cstcontent.exporters.get("html", isolation=_LONG),
        "front matter slug": lambda: cstcontent.loads(
            head.replace("title: T", "title: T\nslug: A" + _LONG[:90_000])
        ),
        "front matter url": lambda: cstcontent.loads(
            head.replace("title: T", "title: T\nurl: ftp://" + _LONG[:90_000])
        ),
    }


@pytest.mark.parametrize("case", list(_refusals()))
def test_every_refusal_quotes_a_bounded_excerpt_of_the_value(case: str) -> None:
    with pytest.raises(CstContentError) as caught:
        _refusals()[case]()
    assert len(str(caught.value)) < 400, str(caught.value)[:400]
