"""`template_dir` is trusted code; `sandboxed=True` runs templates from others in Jinja's sandbox."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cstcontent
from cstcontent.errors import ExportError

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sciatica.md"
# What a hostile template does: climb from a string to Python's classes (and from there to os.system).
ESCAPE = 'CLASSES={{ "".__class__.__mro__[1].__subclasses__() | length }};'


def _hostile(tmp_path: Path) -> Path:
    (tmp_path / "page.html").write_text(
        '{% extends "cstcontent/page.html" %}{% block head %}' + ESCAPE + "{% endblock %}"
    )
    return tmp_path


def test_an_unsandboxed_template_reaches_python(tmp_path: Path) -> None:
    page = cstcontent.export(cstcontent.load(FIXTURE), "html", template_dir=_hostile(tmp_path))
    found = re.search(r"CLASSES=([0-9]+);", page)
    assert found is not None
    assert int(found.group(1)) > 100


def test_a_sandboxed_template_cannot_reach_python(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="SecurityError"):
        cstcontent.export(cstcontent.load(FIXTURE), "html", template_dir=_hostile(tmp_path), sandboxed=True)


@pytest.mark.parametrize("standalone", [True, False])
def test_the_packaged_templates_render_the_same_in_the_sandbox(standalone: bool) -> None:
    guide = cstcontent.load(FIXTURE)
    plain = cstcontent.export(guide, "html", standalone=standalone)
    assert cstcontent.export(guide, "html", standalone=standalone, sandboxed=True) == plain


def test_the_cli_can_ask_for_the_sandbox(tmp_path: Path) -> None:
    from cstcontent.cli import main

    status = main(
        ["export", str(FIXTURE), "--to", "html", "--set", "html.sandboxed=true", "--out", str(tmp_path)]
    )
    assert status == 0
