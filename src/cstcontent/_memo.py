"""Share what several outputs derive from the same guide: its content hash, its JSON-LD.

A batch hands one guide object to every exporter in turn, and several of them
derive the same value from it: the content hash goes into the page, both
fragments, the oEmbed response and the snippet; the syndicated JSON-LD graph
into both fragments. `per_guide` remembers a pure function's last few results,
keyed by the *identity* of each guide argument (guides are immutable, and an
equal guide from another source is not looked up: comparing whole guides would
cost more than it saves) and by the equality of the other arguments (site
settings and exporter options are frozen, hashable attrs objects). An entry
holds its guide, so the guide's ``id`` cannot be reused while the entry lives.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

from .model import ConditionGuide

__all__ = ["per_guide"]

_P = ParamSpec("_P")
_R = TypeVar("_R")

# A guide's formats are exported one after another; a few entries also cover a
# caller that alternates between two guides or two option sets.
_ENTRIES = 4


def per_guide(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Remember `function`'s results for its last few argument lists (see the module's docstring).

    `function` must be pure and its result immutable: every caller gets the same object.
    A call with keyword arguments, or with an argument that cannot be hashed, runs
    `function` and is not remembered; nor is a call that raises.
    """
    entries: OrderedDict[tuple[Hashable, ...], tuple[tuple[object, ...], _R]] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(function)
    def remembered(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if kwargs:
            return function(*args, **kwargs)
        key = tuple(("guide", id(arg)) if isinstance(arg, ConditionGuide) else arg for arg in args)
        try:
            hash(key)
        except TypeError:  # an argument that cannot be a key, e.g. a subclass's unhashable option
            return function(*args, **kwargs)
        with lock:
            entry = entries.get(key)
            if entry is not None:
                entries.move_to_end(key)
                return entry[1]
        result = function(*args, **kwargs)  # kwargs is empty here
        with lock:
            entries[key] = (args, result)  # the arguments keep each guide, and so its id, alive
            if len(entries) > _ENTRIES:
                entries.popitem(last=False)
        return result

    return remembered
