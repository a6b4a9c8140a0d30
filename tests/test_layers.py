"""The layers of the package: readers -> model <- exporters, and no import runs back up.

Every import in the source is read (those inside functions too), relative ones
resolved, so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

SOURCE = Path(__file__).parent.parent / "src" / "cstcontent"
# Modules below the exporters, readers and structured data: they know no format.
GROUND = ("nodes", "model", "_checks", "_messages", "plaintext", "markdown_syntax", "errors", "urls", "slugs")


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The cstcontent modules `path` imports, as dotted names."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "cstcontent" or name.startswith("cstcontent.")}


def importers_of(prefix: str, among: str) -> list[str]:
    """The modules under `among` that import something under `prefix`."""
    return sorted(
        module_name(path)
        for path in SOURCE.rglob("*.py")
        if module_name(path).startswith(among)
        and any(name == prefix or name.startswith(prefix + ".") for name in imports(path))
    )


def test_the_import_reader_sees_relative_and_lazy_imports() -> None:
    graph = imports(SOURCE / "structured" / "graph.py")
    assert "cstcontent.plaintext.blocks_text" in graph
    assert "cstcontent.structured.faqpage" in graph
    assert "cstcontent.structured.graph" in imports(SOURCE / "exporters" / "jsonld.py")  # inside export()


def test_structured_data_does_not_import_the_exporters() -> None:
    assert importers_of("cstcontent.exporters", "cstcontent.structured") == []


def test_exporters_never_import_readers() -> None:
    assert importers_of("cstcontent.readers", "cstcontent.exporters") == []


@pytest.mark.parametrize("layer", ["cstcontent.exporters", "cstcontent.readers", "cstcontent.structured"])
def test_the_ground_floor_knows_no_format(layer: str) -> None:
    ground = [name for name in importers_of(layer, "cstcontent") if name.rpartition(".")[2] in GROUND]
    assert ground == []


def test_nothing_in_the_project_needs_a_folder_beside_it() -> None:
    """A user's clone has no workspace around it: no file may name the shared folder beside it (one did)."""
    root = SOURCE.parent.parent
    skipped = {
        ".git",
        ".venv",
        "node_modules",
        "_build",
        "build",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
    }
    needle = "../" + "shared"
    offenders = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name not in skipped]
        for name in files:
            path = Path(folder, name)
            text_file = path.suffix in {
                ".py",
                ".md",
                ".toml",
                ".cfg",
                ".txt",
                ".json",
                ".sh",
                ".yml",
                ".yaml",
                "",
            }
            if text_file and needle in path.read_text(encoding="utf-8", errors="replace"):
                offenders.append(str(path.relative_to(root)))
    assert offenders == []
