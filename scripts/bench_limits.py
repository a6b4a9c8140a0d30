"""Benchmark the worst sources the default limits let through: each at `DEFAULT_MAX_BYTES`.

Each case runs in a child process, which loads the source and exports it to every
built-in format; the script prints the seconds taken and the child's peak memory.
A case a limit refuses says so (and how fast). Timings are not asserted anywhere:
this is a script to run by hand after changing a limit or the reader::

    python scripts/bench_limits.py [CASE ...]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

HEAD = "---\ntitle: Worst case\nsummary: The worst legal source.\ncondition: Limits\n---\n\n"
# Each case is a paragraph (or block) repeated up to the byte limit, separated by blank lines.
CASES = {
    "prose": "lorem ipsum dolor sit amet " * 3000,
    "emphasis at the markup limit": "a*" * 10 + "lorem ipsum dolor sit amet " * 100,
    "links at the markup limit": "[a](https://example.org/) " * 5 + "lorem ipsum dolor sit amet " * 100,
    "entities at the markup limit": "&amp;" * 10 + " lorem ipsum dolor sit amet" * 100,
    "line breaks": "ab\n" * 33_000,
    "line breaks at the line limit": ("lorem ipsum dolor sit amet " * 5 + "\n") * 16,
    "list items at the block limit": "- lorem ipsum dolor sit amet " * 20,
    "emphasis everywhere": "a*" * 49_000,
    # The shapes tests/test_hostile.py counts the calls of (it never times them).
    "emphasis paragraphs": "_a_ " * 1000,
    "bracket paragraphs": "[a" * 40,
    "blank lines": "",
    "short paragraphs": "a",
}

CHILD = """
import json, resource, sys, time
import cstcontent
from cstcontent.readers import DEFAULT_MAX_BYTES
head, block = json.loads(sys.stdin.read())
count = (DEFAULT_MAX_BYTES - len(head.encode())) // (len(block.encode()) + 2)
source = head + "\\n\\n".join([block] * count) + "\\n"
result = {"bytes": len(source.encode())}
start = time.perf_counter()
try:
    guide = cstcontent.loads(source)
    result["load"] = time.perf_counter() - start
    for name in cstcontent.exporters.BUILTIN_NAMES:
        if cstcontent.exporters.is_collection(name):
            continue
        begin = time.perf_counter()
        try:
            cstcontent.export(guide, name)
        except cstcontent.ExportError as error:
            result[name + " (refused)"] = str(error)[:60]
        result[name] = time.perf_counter() - begin
except cstcontent.SourceError as error:
    result["refused"] = str(error)[:100]
    result["load"] = time.perf_counter() - start
result["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(result))
"""


def main() -> None:
    """Run the chosen cases (all by default) and print one line of figures each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", choices=[*CASES, []], help="cases to run (default: all)")
    args = parser.parse_args()
    for name in args.cases or CASES:
        child = subprocess.run(
            [sys.executable, "-c", CHILD], input=json.dumps([HEAD, CASES[name]]),
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if child.returncode:
            print(f"{name}: FAILED\n{child.stderr}")
            continue
        figures = json.loads(child.stdout)
        shown = ", ".join(
            f"{key} {value:.1f} s" if isinstance(value, float) else f"{key}: {value}"
            for key, value in figures.items()
        )
        print(f"{name}: {shown}")


if __name__ == "__main__":
    main()
