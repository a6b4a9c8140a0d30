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
from typing import Any

import attrs
import yaml

from ..errors import SourceError

__all__ = ["FrontMatter", "Value", "node_line", "split_front_matter"]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    """The front matter of a source, with helpers that check types and name lines."""

    path: str | None
    fields: dict[str, Value]

    def error(self, message: str, line: int | None) -> SourceError:
        """A `SourceError` for this source."""
        return SourceError(message, path=self.path, line=line)

    def mapping(self, value: Value, label: str, known: tuple[str, ...]) -> dict[str, Value]:
        """The entries of a mapping value, refusing unknown and repeated keys."""
        return _mapping(value.node, self.path, label, known)

    def text(self, value: Value, label: str) -> str:
        """A string value; YAML's numbers, booleans and dates are refused, not converted."""
        if not isinstance(value.data, str):
            raise self.error(
                f"{label} must be text, not {_yaml_kind(value.data)}; put it in quotes", value.line
            )
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
            raise self.error(f"{label} must be a date written YYYY-MM-DD, not {data!r}", value.line)
        return data


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
    loader = _Loader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as error:
        raise SourceError(f"invalid front matter: {error}", path=path, line=node_line(node)) from None
    except ValueError as error:  # e.g. the date 2026-02-30
        raise SourceError(f"invalid value {node.value!r}: {error}", path=path, line=node_line(node)) from None


def _mapping(node: yaml.Node, path: str | None, label: str, known: tuple[str, ...]) -> dict[str, Value]:
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(f"{label} must be a mapping of keys to values", path=path, line=node_line(node))
    entries: dict[str, Value] = {}
    for key_node, value_node in node.value:
        line = node_line(key_node)
        key = _construct(key_node, path)
        if not isinstance(key, str):
            raise SourceError(f"{label} key {key!r} must be text", path=path, line=line)
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(known)}"
            raise SourceError(f"unknown {label} key {key!r}{hint}", path=path, line=line)
        if key in entries:
            raise SourceError(f"{label} key {key!r} is given twice", path=path, line=line)
        entries[key] = Value(_construct(value_node, path), value_node)
    return entries


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
        root = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise SourceError(f"invalid YAML in the front matter: {problem}", path=path, line=line) from None
    if root is None:
        raise SourceError(
            "the front matter is empty: title, summary and condition are required", path=path, line=1
        )
    fields = _mapping(root, path, "front-matter", known)
    body = "\n".join(lines[index + 1 :])
    return FrontMatter(path, fields), body, index + 1
