"""The fuzz harnesses instrument every built-in exporter, and their README promises only what exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from cstcontent import exporters

ROOT = Path(__file__).parent.parent
FUZZ = ROOT / "fuzz"


def _instrumented_modules(path: Path) -> set[str]:
    """The modules imported inside ``with atheris.instrument_imports():`` in `path`."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.With) and "instrument_imports" in ast.unparse(node.items[0].context_expr):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.module:
                    found.update(f"{inner.module}.{alias.name}" for alias in inner.names)
                    found.add(inner.module)
                elif isinstance(inner, ast.Import):
                    found.update(alias.name for alias in inner.names)
    return found


def test_fuzz_exporters_instruments_every_single_guide_exporter() -> None:
    instrumented = _instrumented_modules(FUZZ / "fuzz_exporters.py")
    for name in exporters.BUILTIN_NAMES:
        if exporters.is_collection(name):
            continue
        module = exporters.factory(name).__module__
        assert module in instrumented, f"{name}: {module} is not instrumented"


def test_fuzz_docs_name_only_tests_that_exist() -> None:
    text = (FUZZ / "README.md").read_text(encoding="utf-8") + (FUZZ / "_invariants.py").read_text(
        encoding="utf-8"
    )
    references = re.findall(r"(tests/[\w/]+\.py)::(\w+)", text)
    assert references
    for file, name in references:
        assert re.search(rf"^def {name}\(", (ROOT / file).read_text(encoding="utf-8"), re.MULTILINE), name
    if "xfail" in text:
        assert "xfail" in (ROOT / "tests" / "test_hostile.py").read_text(encoding="utf-8")
