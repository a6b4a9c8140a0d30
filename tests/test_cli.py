"""The command line, run in-process and as ``python -m cstcontent``."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

import cstcontent
from cstcontent import cli
from cstcontent.atomic import write_atomic
from cstcontent.batch import MANIFEST_NAME

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "fixtures"
EXTENSIONS = {
    "html": ".html", "jsonld": ".jsonld", "text": ".txt", "markdown": ".md", "json": ".json",
    "oembed": ".oembed.json", "embed": ".embed.html", "snippet": ".snippet.html",
}  # fmt: skip
COLLECTION_FILES = {"sitemap.xml", "feed.xml", "llms.txt", "index.html"}


def run(*argv: str | os.PathLike[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main([os.fspath(a) for a in argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_export_every_fixture_to_every_format(tmp_path: Path) -> None:
    status, out, err = run("export", FIXTURES, "--to", "all", "--out", tmp_path)
    assert status == 0, err
    guides = {path.stem: cstcontent.load(path) for path in FIXTURES.glob("*.md")}
    expected = {
        f"{slug}{ext}"
        for slug, guide in guides.items()
        for name, ext in EXTENSIONS.items()
        if not (name == "jsonld" and not guide.faqs)
    } | COLLECTION_FILES
    assert {p.name for p in tmp_path.iterdir()} == expected | {MANIFEST_NAME}
    assert sorted(Path(line).name for line in out.splitlines()) == sorted(expected)
    assert "warning: " in err
    assert "infant-colic.md: skipped jsonld" in err
    assert cstcontent.load(tmp_path / "sciatica.json") == guides["sciatica"]


def test_one_source_one_format_goes_to_stdout() -> None:
    status, out, _ = run("export", FIXTURES / "sciatica.md", "--to", "json")
    assert status == 0
    assert cstcontent.loads(out, format="json") == cstcontent.load(FIXTURES / "sciatica.md")


def test_option_values_take_the_declared_type() -> None:
    assert cli._option_value("html", "isolation", "none") == "none"
    assert cli._option_value("html", "nonce", "12345") == "12345"
    assert cli._option_value("html", "heading_level", "2") == 2
    assert cli._option_value("html", "include_jsonld", "false") is False
    assert cli._option_value("json", "indent", "none") is None
    assert cli._option_value("json", "indent", "²") == "²"


def test_options_reach_the_exporter() -> None:
    status, out, _ = run("export", FIXTURES / "sciatica.md", "--to", "json", "--set", "json.indent=none")
    assert status == 0
    assert out.count("\n") == 1


def test_bad_sources_are_reported_and_the_rest_export(tmp_path: Path) -> None:
    sources = tmp_path / "src"
    sources.mkdir()
    shutil.copy(FIXTURES / "sciatica.md", sources)
    shutil.copy(FIXTURES / "migraine.md", sources)
    (sources / "broken.md").write_text("---\ntitle: T\nsummary: S\ncondition: C\n---\n# H1\n")
    (sources / "worse.md").write_bytes(b"\xff\xfe")
    out_dir = tmp_path / "out"
    status, _, err = run("export", sources, "--to", "text,json", "--out", out_dir)
    assert status == 1
    assert f"{sources / 'broken.md'}:6: the body must not have a level-1 heading" in err
    assert f"{sources / 'worse.md'}:1: invalid UTF-8" in err
    assert sorted(p.name for p in out_dir.iterdir() if p.name != MANIFEST_NAME) == [
        "migraine.json",
        "migraine.txt",
        "sciatica.json",
        "sciatica.txt",
    ]
    assert "2 of 4 guides exported" in err


def test_two_sources_with_one_slug_are_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: T\nslug: same\nsummary: S\ncondition: C\n---\nA\n")
    (tmp_path / "b.md").write_text("---\ntitle: T\nslug: same\nsummary: S\ncondition: C\n---\nB\n")
    status, _, err = run(
        "export", tmp_path / "a.md", tmp_path / "b.md", "--to", "json", "--out", tmp_path / "o"
    )
    assert status == 1
    assert "the slug 'same' is already used by" in err
    assert cstcontent.load(tmp_path / "o" / "same.json").intro[0].content[0].text == "A"  # type: ignore[union-attr]


def test_never_overwrites_a_source(tmp_path: Path) -> None:
    source = tmp_path / "sciatica.md"
    shutil.copy(FIXTURES / "sciatica.md", source)
    before = source.read_bytes()
    status, _, err = run("export", tmp_path, "--to", "markdown", "--out", tmp_path)
    assert status == 1
    assert "it is one of the sources" in err
    assert source.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "fixtures", "--to", "pdf", "--out", "x"], "unknown format 'pdf'"),
        (["export", "fixtures", "--to", "json"], "--out DIR is required"),
        (["export", "fixtures/sciatica.md", "--to", "json", "--set", "json.bogus=1"], "no option 'bogus'"),
        (["export", "fixtures/sciatica.md", "--to", "json", "--set", "nonsense"], "FORMAT.OPTION=VALUE"),
        (["export", "fixtures/sciatica.md", "--to", "json", "--set", "text.width=3"], "not among --to"),
        (["export", "tests", "--to", "json", "--out", "x"], "no sources found"),
        (["export", "fixtures/sciatica.md", "--to", "json", "--set", "json.indent=--5"], "must be an int"),
        (
            ["export", "fixtures/sciatica.md", "--to", "json", "--set", "json.indent=-5"],
            "must be from 0 to 16",
        ),
    ],
)
def test_usage_errors_exit_2(argv: list[str], message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    status, _, err = run(*argv)
    assert status == 2
    assert message in err


def test_argparse_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as caught:
        run("export")
    assert caught.value.code == 2


def test_check(tmp_path: Path) -> None:
    status, out, err = run("check", FIXTURES)
    assert (status, out) == (0, "")
    count = len(list(FIXTURES.glob("*.md")))
    assert err.splitlines()[-1] == f"{count} of {count} guides are valid"
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: T\nsumary: S\ncondition: C\n---\nx\n")
    status, _, err = run("check", FIXTURES / "sciatica.md", bad)
    assert status == 1
    assert f"{bad}:3: unknown front-matter key 'sumary'; did you mean 'summary'?" in err
    assert not list(tmp_path.glob("*.json"))


def test_check_refuses_two_sources_with_one_slug(tmp_path: Path) -> None:
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    shutil.copy(FIXTURES / "sciatica.md", first)
    shutil.copy(FIXTURES / "sciatica.md", second)
    status, _, err = run("check", first, second)
    assert status == 1
    assert f"{second}: the slug 'sciatica' is already used by {first}" in err
    assert err.splitlines()[-1] == "1 of 2 guides are valid"


def test_formats_lists_origins() -> None:
    status, out, _ = run("formats")
    assert status == 0
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert rows["html"].endswith("built-in")
    assert ".csv" in rows["faq-csv"]
    assert "plugin cstcontent-faq-csv" in rows["faq-csv"]


def test_formats_columns_line_up_whatever_the_longest_value() -> None:
    _, out, _ = run("formats")
    lines = out.splitlines()
    # Each column starts where the widest value of the column before it ends, plus a space.
    starts = {tuple(match.start() for match in re.finditer(r"(?<= )\S", line))[:3] for line in lines}
    assert len(starts) == 1, out
    assert any(line.split()[1] == ".snippet.html" for line in lines)


def test_a_plugin_that_cannot_load_is_listed_as_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    installed = cstcontent.exporters._plugins()
    broken = EntryPoint(name="broken", value="no_such_module:Exporter", group="cstcontent.exporters")
    monkeypatch.setattr(cstcontent.exporters, "_plugins", lambda: {**installed, "broken": broken})
    status, out, err = run("formats")
    assert status == 1
    assert err.startswith("broken unavailable: the exporter plugin 'broken' (no_such_module:Exporter)")
    assert "No module named 'no_such_module'" in err
    assert [line.split()[0] for line in out.splitlines()] == [
        name for name in cstcontent.exporters.names() if name != "broken"
    ]


def test_plugin_through_the_cli(tmp_path: Path) -> None:
    status, _, err = run("export", FIXTURES, "--to", "faq-csv", "--out", tmp_path)
    assert status == 0, err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != MANIFEST_NAME) == [
        f"{source.stem}.csv" for source in sorted(FIXTURES.glob("*.md"))
    ]
    assert (tmp_path / "sciatica.csv").read_text().count("\n") == 5


def test_python_dash_m_works_the_same(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cstcontent", "export", "fixtures/sciatica.md", "--to", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert cstcontent.loads(result.stdout, format="json").slug == "sciatica"
    result = subprocess.run(
        [sys.executable, "-m", "cstcontent", "check", str(tmp_path / "none.md")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "none.md: cannot read the file" in result.stderr


def test_failing_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "guide.html"
    target.write_text("old complete output")

    def explode(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", explode)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, "new output")
    assert target.read_text() == "old complete output"
    assert [p.name for p in tmp_path.iterdir()] == ["guide.html"]


def test_failing_export_mid_batch_writes_nothing_for_that_source(tmp_path: Path) -> None:
    from cstcontent.exporters import json as json_exporter

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "sciatica.txt").write_text("previous")
    original = json_exporter.JsonExporter.export

    def failing(self: object, guide: cstcontent.ConditionGuide) -> str:
        if guide.slug == "sciatica":
            raise RuntimeError("boom")
        return original(self, guide)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_exporter.JsonExporter, "export", failing)
        status, _, err = run("export", FIXTURES, "--to", "text,json", "--out", out_dir)
    assert status == 1
    assert "sciatica.md: the json exporter failed: RuntimeError: boom" in err
    assert (out_dir / "sciatica.txt").read_text() == "previous"
    assert not (out_dir / "sciatica.json").exists()
    assert (out_dir / "migraine.json").exists()
    assert not [p for p in out_dir.iterdir() if p.name.startswith(".") and p.name != MANIFEST_NAME]


def test_written_files_respect_the_umask(tmp_path: Path) -> None:
    write_atomic(tmp_path / "x.txt", "x")
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "x.txt").stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize(
    ("isolation", "root_xpath"),
    [
        ("shadow", "/html/body/cst-guide/template[@shadowrootmode='open']"),
        ("scoped", "/html/body/article[@class='cst-guide']/style"),
        ("none", "/html/body/article[@class='cst-guide']"),
    ],
)
def test_fragment_isolation(isolation: str, root_xpath: str) -> None:
    import lxml.html

    status, out, err = run(
        "export", FIXTURES / "sciatica.md", "--to", "html", "--fragment", "--isolation", isolation
    )
    assert status == 0, err
    assert "<html" not in out
    tree = lxml.html.document_fromstring(out)
    assert tree.xpath(root_xpath)
    assert bool(tree.xpath("//style")) == (isolation != "none")


def test_fragment_defaults_to_shadow_and_isolation_needs_fragment() -> None:
    status, out, _ = run("export", FIXTURES / "sciatica.md", "--to", "html", "--fragment")
    assert status == 0
    assert out.lstrip().startswith("<cst-guide")
    status, _, err = run("export", FIXTURES / "sciatica.md", "--to", "html", "--isolation", "scoped")
    assert status == 2
    assert "add --fragment" in err


def test_site_config_gives_canonical_urls_to_html_and_jsonld(tmp_path: Path) -> None:
    import json

    import lxml.html

    config = tmp_path / "cstcontent.toml"
    config.write_text(
        '[site]\nname = "Example CST"\nbase_url = "https://cst.example.org/guides/"\n'
        '[site.publisher]\nname = "Example CST Ltd"\n'
    )
    source = tmp_path / "guide.md"
    source.write_text("---\ntitle: T\nsummary: S\ncondition: C\n---\nIntro.\n\n## FAQ\n\n### Q?\n\nA.\n")
    status, _, err = run(
        "export", source, "--to", "html,jsonld", "--config", config, "--out", tmp_path / "out"
    )
    assert status == 0, err
    page = lxml.html.parse(str(tmp_path / "out" / "guide.html")).getroot()
    assert page.xpath("//link[@rel='canonical']/@href") == ["https://cst.example.org/guides/guide"]
    data = json.loads((tmp_path / "out" / "guide.jsonld").read_text())
    assert data["url"] == "https://cst.example.org/guides/guide"
    config.write_text('[site]\nnmae = "typo"\n')
    status, _, err = run("export", source, "--to", "html", "--config", config, "--out", tmp_path / "out")
    assert status == 1
    assert "unknown key 'site.nmae'" in err
