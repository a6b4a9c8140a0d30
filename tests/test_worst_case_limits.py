"""The worst sources the default limits let through load and export in bounded time and memory.

Every markup character and every line can become a markdown-it token and a model node:
before the fix 53 paragraphs of ``a*a*a*...`` (5.19 MB) took 47 s and 2.5 GB to load.
Each case is built at `DEFAULT_MAX_BYTES`. Timing is never asserted (see
``scripts/bench_limits.py`` for figures); memory is bounded by running the worst legal
case in a child process under an address-space limit.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import cstcontent
from cstcontent.errors import SourceError
from cstcontent.readers import DEFAULT_MAX_BYTES
from cstcontent.readers.markdown import MAX_LINES, MAX_MARKUP_CHARS

HEAD = "---\ntitle: Worst case\nsummary: The worst legal source.\ncondition: Limits\n---\n\n"


def at_max_bytes(block: str) -> str:
    """`block` repeated, blank lines between, up to the default byte limit."""
    count = (DEFAULT_MAX_BYTES - len(HEAD.encode())) // (len(block.encode()) + 2)
    source = HEAD + "\n\n".join([block] * count) + "\n"
    assert DEFAULT_MAX_BYTES - len(block) - 10 < len(source.encode()) <= DEFAULT_MAX_BYTES
    return source


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("a*" * 49_000, "markup characters"),  # the reported case: every run under the line limit
        ("&amp;" * 19_000, "markup characters"),
        ("`a` " * 20_000, "markup characters"),
        ("ab\n" * 33_000, "lines, over the limit"),
        ("ab  \n" * 19_000, "lines, over the limit"),
    ],
    ids=["emphasis", "entities", "code spans", "line breaks", "hard line breaks"],
)
def test_token_dense_sources_at_max_bytes_are_refused_before_parsing(block: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        cstcontent.loads(at_max_bytes(block))


WORST_LEGAL = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))
import cstcontent
source = sys.stdin.read()
guide = cstcontent.loads(source)
for name in ("html", "text", "markdown", "json"):
    assert cstcontent.export(guide, name)
print(sum(1 for _ in cstcontent.model.walk_inlines(guide.body_blocks())))
"""


def test_the_worst_legal_source_at_max_bytes_loads_and_exports_in_bounded_memory() -> None:
    # Emphasis just under the markup limit, lines just under the line limit, at max_bytes.
    block = "a*" * 10 + "lorem ipsum dolor sit amet " * 100
    source = at_max_bytes(block)
    assert sum(source.count(char) for char in "*_`[]<\\|&") <= MAX_MARKUP_CHARS
    assert source.count("\n") <= MAX_LINES
    child = subprocess.run(
        [sys.executable, "-c", WORST_LEGAL], input=source, capture_output=True, text=True, check=False
    )
    assert child.returncode == 0, child.stderr[-2000:]
    assert int(child.stdout) > MAX_MARKUP_CHARS // 4  # the emphasis really was parsed
