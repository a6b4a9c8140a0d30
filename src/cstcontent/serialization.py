"""The lossless JSON form of the model (the ``json`` format), built on cattrs.

Node unions carry a ``"type"`` tag (``"paragraph"``, ``"link"``, ...); dates
are ISO strings; source line numbers are left out, as they are not part of a
guide's value. A document is wrapped with its format name and version::

    {"format": "cstcontent.guide", "version": 1, "guide": {...}}
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any

import attrs

from . import model, nodes
from ._messages import shown
from .errors import CstContentError, GuideValueError

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "guide_from_data", "guide_to_data"]

FORMAT_NAME = "cstcontent.guide"
FORMAT_VERSION = 1


def _tag(cls: type) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


@functools.cache
def _converter() -> Any:
    import cattrs
    from cattrs.cols import is_sequence
    from cattrs.gen import make_dict_unstructure_fn, override
    from cattrs.strategies import configure_tagged_union

    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_unstructure_hook(datetime.date, lambda value: value.isoformat())
    converter.register_structure_hook(datetime.date, _structure_date)
    # A lossless format converts nothing: cattrs' defaults would make null "None" and 5.9 the int 5.
    converter.register_structure_hook(str, _exactly(str, "a string"))
    converter.register_structure_hook(int, _exactly(int, "a whole number"))
    converter.register_structure_hook(bool, _exactly(bool, "true or false"))
    converter.register_structure_hook_factory(is_sequence, lambda type_: _strict_sequence(type_, converter))
    converter.register_unstructure_hook_factory(
        lambda cls: attrs.has(cls) and any(field.name == "line" for field in attrs.fields(cls)),
        lambda cls: make_dict_unstructure_fn(cls, converter, line=override(omit=True)),
    )
    # Inline first: the block hooks built by the second call need the inline union's.
    configure_tagged_union(nodes.Inline, converter, tag_generator=_tag, tag_name="type")
    configure_tagged_union(nodes.Block, converter, tag_generator=_tag, tag_name="type")
    return converter


def _strict_sequence(type_: Any, converter: Any) -> Any:
    """Structure a sequence from a JSON array only: a string is not a list of its characters."""
    from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory

    origin = getattr(type_, "__origin__", type_)
    structure = (homogenous_tuple_structure_factory if origin is tuple else list_structure_factory)(
        type_, converter
    )

    def strict(value: object, target: Any) -> Any:
        if not isinstance(value, list):
            raise GuideValueError(f"expected a JSON array, not {type(value).__name__}")
        return structure(value, target)

    return strict


_JSON_KINDS = ((bool, "true or false"), (int, "a whole number"), (float, "a decimal number"),
               (str, "a string"), (list, "an array"), (dict, "an object"), (type(None), "null"))  # fmt: skip


def _json_kind(value: object) -> str:
    """What a JSON value is, in words: ``a string``, ``null``, ``an array`` ..."""
    return next((label for kind, label in _JSON_KINDS if isinstance(value, kind)), type(value).__name__)


def _exactly(kind: type, label: str) -> Any:
    """A structure hook that accepts a JSON value of exactly `kind`, converting nothing."""

    def structure(value: object, _: type) -> object:
        if type(value) is not kind:
            raise GuideValueError(f"expected {label}, not {_json_kind(value)}")
        return value

    return structure


def _structure_date(value: object, _: type) -> datetime.date:
    if not isinstance(value, str):
        raise GuideValueError(f"a date must be a string written YYYY-MM-DD, not {shown(value)}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise GuideValueError(f"{shown(value)} is not a date written YYYY-MM-DD") from None


def guide_to_data(guide: model.ConditionGuide) -> dict[str, Any]:
    """Return `guide` as JSON-ready data."""
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "guide": _converter().unstructure(guide)}


def guide_from_data(data: object) -> model.ConditionGuide:
    """Build a guide from data produced by `guide_to_data`.

    Raises:
        CstContentError: The data is not a guide; the message gives the JSON path
            of each problem, e.g. ``$.guide.sections[1].heading``.
    """
    import cattrs

    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
        raise CstContentError(f'not a cstcontent guide: expected {{"format": "{FORMAT_NAME}", ...}}')
    version = data.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        shown = repr(version)[:40] if type(version) in (int, float, str) else _json_kind(version)
        raise CstContentError(f"unsupported guide format version {shown}; expected {FORMAT_VERSION}")
    extra = sorted(data.keys() - {"format", "version", "guide"})
    if extra:
        raise CstContentError(f"unknown field {extra[0][:40]!r} @ $.{extra[0][:40]}")
    if not isinstance(data.get("guide"), dict):
        if "guide" not in data:
            raise CstContentError("the guide is missing @ $.guide")
        raise CstContentError(f"expected the guide as an object, not {_json_kind(data['guide'])} @ $.guide")
    try:
        guide: model.ConditionGuide = _converter().structure(data["guide"], model.ConditionGuide)
    except cattrs.BaseValidationError as error:
        problems = cattrs.transform_error(error, path="$.guide", format_exception=_describe)
        raise CstContentError("; ".join(problems)) from None
    return guide


def _describe(error: BaseException, _: type | None) -> str:
    if isinstance(error, GuideValueError):
        return error.message
    if isinstance(error, KeyError):
        return f"missing field or unknown type {error}"
    if isinstance(error, cattrs_forbidden()):
        return f"unknown fields {sorted(error.extra_fields)}"  # type: ignore[attr-defined]
    return f"invalid value ({error})"


def cattrs_forbidden() -> type[Exception]:
    from cattrs.errors import ForbiddenExtraKeysError

    return ForbiddenExtraKeysError
