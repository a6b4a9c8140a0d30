"""Derandomized Hypothesis runs that draw the same examples wherever and in whatever order tests run.

Hypothesis (since 6.131) also draws constants it finds in the source of every loaded module
outside site-packages, the standard library and test folders. Which modules those are depends
on the run: cstcontent imports its exporters and readers lazily, tests write modules to
temporary folders, a script's ``__main__`` counts, and a checkout whose path has a ``tests``
folder counts as test code entirely. So a derandomized test saw different guides in a full CI
run than alone: `test_most_generated_guides_are_full` measured 45 of 60 full guides in CI,
46 to 59 in fresh processes with other modules loaded, 54 with none. Hypothesis has no setting
for it, so `ignore_source_constants` empties that pool (its built-in constants stay).
"""

from __future__ import annotations


def ignore_source_constants() -> None:
    """Make Hypothesis draw no constant from the source of loaded modules, for this process."""
    from hypothesis.internal.conjecture import providers

    none = providers.Constants()
    providers._get_local_constants = lambda: none
