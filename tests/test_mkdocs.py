"""The MkDocs plugin, tested by building a small site with ``mkdocs build --strict``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

import cstcontent

pytest.importorskip("mkdocs", reason="the mkdocs extra is not installed")

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _site(tmp_path: Path, plugin_config: str = "  - cstcontent") -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Our guides\n\n- [Sciatica](sciatica.md)\n- [Migraine](migraine.md)\n")
    for name in ("sciatica.md", "migraine.md"):
        shutil.copy(FIXTURES / name, docs / name)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Example clinic\nplugins:\n{plugin_config}\n")
    return tmp_path


def _build(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_strict_build_renders_each_guide_with_its_jsonld(tmp_path: Path) -> None:
    site = _site(tmp_path)
    result = _build(site)
    assert result.returncode == 0, result.stderr
    for name in ("sciatica", "migraine"):
        guide = cstcontent.load(FIXTURES / f"{name}.md")
        page = lxml.html.parse(str(site / "site" / name / "index.html")).getroot()
        article = page.find_class("cst-guide")
        assert article, f"{name}: no cstcontent fragment in the built page"
        summaries = [summary.text_content().strip() for summary in page.iter("summary")]
        assert summaries == [item.question for item in guide.faqs]
        scripts = page.xpath('//script[@type="application/ld+json"]')
        assert len(scripts) == 1
        graph = json.loads(scripts[0].text)
        assert guide.title in json.dumps(graph, ensure_ascii=False)
    index = (site / "site" / "index.html").read_text()
    assert "cst-guide" not in index  # pages that are not guides are left alone


def test_an_invalid_guide_stops_the_build_with_path_and_line(tmp_path: Path) -> None:
    site = _site(tmp_path)
    source = site / "docs" / "migraine.md"
    source.write_text(source.read_text().replace("## ", "#### ", 1))
    result = _build(site)
    assert result.returncode != 0
    assert f"{source}:" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_isolation_option_is_checked_by_mkdocs(tmp_path: Path) -> None:
    site = _site(tmp_path, "  - cstcontent:\n      isolation: sideways")
    result = _build(site)
    assert result.returncode != 0
    assert "isolation" in result.stderr
