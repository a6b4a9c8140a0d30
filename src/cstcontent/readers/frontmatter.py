"""YAML front matter: split it off the body and read it with line numbers kept.

PyYAML's composer gives every key and value a node with its position, so each
error can name its line; reading the nodes ourselves also catches what plain
``yaml.safe_load`` lets through silently (a duplicated key keeps only the last
value).
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import re
from typing import Any

import attrs
import yaml

from ..errors import SourceError

__all__ = ["MAX_FRONT_MATTER_DEPTH", "FrontMatter", "Value", "excerpt", "node_line", "split_front_matter"]

# A whole value wrapped in typographic quotes, as word processors write them.
_CURLY_QUOTED = re.compile("[\u201c\u2018\u201e\u201a\u00ab](?s:.*)[\u201d\u2019\u201c\u2018\u00bb]")
_CURLY = re.compile("[\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb]")
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Lists and mappings in the front matter may nest this deep (a guide needs 3).
MAX_FRONT_MATTER_DEPTH = 10
# Error messages quote at most this many characters of a value.
_EXCERPT_CHARS = 60


@attrs.frozen
class Value:
    """A front-matter value with the line it is on."""

    data: Any
    node: yaml.Node

    @property
    def line(self) -> int:
        """The 1-based line of the value in the source file."""
        return node_line(self.node)


@attrs.frozen
class FrontMatter:
    """The front matter of a source, with helpers that check types and name lines.

    `problems` holds the errors of entries that could not be read (they are left out of `fields`).
    """

    path: str | None
    fields: dict[str, Value]
    problems: tuple[SourceError, ...] = ()

    def error(self, message: str, line: int | None) -> SourceError:
        """A `SourceError` for this source."""
        return SourceError(message, path=self.path, line=line)

    def mapping(self, value: Value, label: str, known: tuple[str, ...]) -> dict[str, Value]:
        """The entries of a mapping value, refusing unknown and repeated keys."""
        return _mapping(value.node, self.path, label, known)

    def text(self, value: Value, label: str) -> str:
        """A string value; YAML's numbers, booleans and dates are refused, not converted.

        A value wrapped in typographic (curly) quotes is refused with a hint: YAML's quotes are straight.
        """
        if not isinstance(value.data, str):
            raise self.error(
                f"{label} must be text, not {_yaml_kind(value.data)}; put it in quotes", value.line
            )
        if _CURLY_QUOTED.fullmatch(value.data):
            raise self.error(
                f"{label} is wrapped in curly quotes ({value.data[0]}...{value.data[-1]}), which YAML keeps"
                " as part of the text; use straight quotes (\"...\" or '...') or none",
                value.line,
            )
        return value.data

    def flag(self, value: Value, label: str) -> bool:
        """A yes/no value written ``true`` or ``false``."""
        if not isinstance(value.data, bool):
            raise self.error(f"{label} must be true or false, not {excerpt(value.node)}", value.line)
        return value.data

    def items(self, value: Value, label: str) -> list[Value]:
        """The items of a list value; a single value counts as a list of one."""
        if isinstance(value.node, yaml.SequenceNode):
            return [Value(_construct(node, self.path), node) for node in value.node.value]
        return [value]

    def date(self, value: Value, label: str) -> datetime.date:
        """A calendar date written YYYY-MM-DD."""
        data = value.data
        if isinstance(data, str):
            with contextlib.suppress(ValueError):
                data = datetime.date.fromisoformat(data)
        if type(data) is not datetime.date:
            raise self.error(
                f"{label} must be a date written YYYY-MM-DD, not {excerpt(value.node)}", value.line
            )
        return data


def excerpt(node: yaml.Node) -> str:
    """A short quotation of `node` for an error message: never longer than about 60 characters.

    A list or mapping is named, not printed: its parsed form can be far larger
    than the source that wrote it.
    """
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    return _shorten(str(node.value))


def _shorten(text: str) -> str:
    if len(text) > _EXCERPT_CHARS:
        text = text[: _EXCERPT_CHARS - 1] + "…"
    return repr(text)


def _yaml_kind(data: object) -> str:
    kinds: dict[type, str] = {
        bool: "a yes/no value",
        int: "a number",
        float: "a number",
        datetime.date: "a date",
        datetime.datetime: "a date and time",
        list: "a list",
        dict: "a mapping",
        type(None): "empty",
    }
    return kinds.get(type(data), type(data).__name__)


def _construct(node: yaml.Node, path: str | None) -> Any:
    # The constructor of every safe loader, without a (C) parser to set up: the node is parsed already.
    try:
        return yaml.constructor.SafeConstructor().construct_object(node, deep=True)
    except yaml.YAMLError as error:
        raise SourceError(f"invalid front matter: {error}", path=path, line=node_line(node)) from None
    except ValueError as error:  # e.g. the date 2026-02-30
        culprit = _failing_scalar(node)
        what = (
            "is not a real date" if culprit.tag == "tag:yaml.org,2002:timestamp" else "is not a valid value"
        )
        raise SourceError(f"{excerpt(culprit)} {what}: {error}", path=path, line=node_line(culprit)) from None


def _failing_scalar(node: yaml.Node) -> yaml.Node:
    """The first scalar inside `node` that cannot be constructed (`node` itself if none is found)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            try:
                yaml.constructor.SafeConstructor().construct_object(current)
            except ValueError:
                return current
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
        elif isinstance(current, yaml.MappingNode):
            stack.extend(reversed([part for pair in current.value for part in pair]))
    return node


def _mapping(
    node: yaml.Node,
    path: str | None,
    label: str,
    known: tuple[str, ...],
    problems: list[SourceError] | None = None,
) -> dict[str, Value]:
    """The entries of a mapping node; with `problems`, a bad entry is recorded there and skipped."""
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(f"{label} must be a mapping of keys to values", path=path, line=node_line(node))
    entries: dict[str, Value] = {}
    for key_node, value_node in node.value:
        try:
            key, value = _entry(key_node, value_node, path, label, known, entries)
        except SourceError as error:
            if problems is None:
                raise
            problems.append(error)
            continue
        entries[key] = value
    return entries


def _entry(
    key_node: yaml.Node,
    value_node: yaml.Node,
    path: str | None,
    label: str,
    known: tuple[str, ...],
    entries: dict[str, Value],
) -> tuple[str, Value]:
    line = node_line(key_node)
    key = _construct(key_node, path)
    if not isinstance(key, str):
        raise SourceError(f"{label} key {excerpt(key_node)} must be text", path=path, line=line)
    if key not in known:
        close = difflib.get_close_matches(key, known, n=1) if len(key) <= _EXCERPT_CHARS else []
        if close:
            hint = f"; did you mean {close[0]!r}?"
        elif known:
            hint = f"; known keys: {', '.join(known)}"
        else:
            hint = "; there is none to name (health_aspects names sections, and the guide has none)"
        raise SourceError(f"unknown {label} key {_shorten(key)}{hint}", path=path, line=line)
    if key in entries:
        raise SourceError(f"{label} key {_shorten(key)} is given twice", path=path, line=line)
    return key, Value(_construct(value_node, path), value_node)


def _check_events(yaml_text: str, path: str | None) -> None:
    """Refuse aliases and deep nesting before any node is built.

    An alias (``*name``) repeats a whole anchored value: nine nested aliases
    of ten items each make a billion values from a few hundred bytes, so front
    matter may not use them. Nesting is bounded so that nothing downstream
    recurses without limit.
    """
    depth = 0
    for event in yaml.parse(yaml_text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise SourceError(
                f"the front matter uses the YAML alias *{_shorten(str(event.anchor))[1:-1]};"
                " aliases are not allowed here: write the value out",
                path=path,
                line=_event_line(event),
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_FRONT_MATTER_DEPTH:
                raise SourceError(
                    f"the front matter nests lists and mappings more than {MAX_FRONT_MATTER_DEPTH} deep",
                    path=path,
                    line=_event_line(event),
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _event_line(event: yaml.Event) -> int | None:
    mark = event.start_mark
    return None if mark is None else int(mark.line) + 2


def node_line(node: yaml.Node) -> int:
    """The 1-based file line of a front-matter node (the YAML starts on line 2)."""
    return int(node.start_mark.line) + 2


def split_front_matter(
    text: str, *, path: str | None, known: tuple[str, ...]
) -> tuple[FrontMatter, str, int]:
    """Split `text` into its front matter and body.

    Returns:
        The front matter, the body text, and the number of source lines before
        the body (add it to a body line number to get the file's line number).
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise SourceError(
            "a guide must start with YAML front matter: a line '---', the keys (title, summary,"
            " condition, ...), and a closing '---'",
            path=path,
            line=1,
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        raise SourceError("the front matter is never closed: add a line '---' after it", path=path, line=1)
    yaml_text = "\n".join(lines[1:index])
    try:
        _check_events(yaml_text, path)
        root = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        if 2 <= line <= index and _CURLY.search(lines[line - 1]):
            problem += "; the line has curly quotes, which are not YAML quotes: use straight ones (\" or ')"
        raise SourceError(f"invalid YAML in the front matter: {problem}", path=path, line=line) from None
    if root is None:
        raise SourceError(
            "the front matter is empty: title, summary and condition are required", path=path, line=1
        )
    problems: list[SourceError] = []
    fields = _mapping(root, path, "front-matter", known, problems)
    body = "\n".join(lines[index + 1 :])
    return FrontMatter(path, fields, tuple(problems)), body, index + 1
