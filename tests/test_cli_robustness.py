"""No Python traceback reaches a CLI user, and every library failure is a `CstContentError`."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import cstcontent
from cstcontent import exporters
from cstcontent.cli import main as cli_main
from cstcontent.errors import CstContentError, OptionError, UnknownFormatError

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sciatica.md"


def cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cstcontent", *args],
        capture_output=True, text=True, check=False, cwd=cwd, env=env, timeout=120,
    )  # fmt: skip


def test_an_unknown_format_is_a_cstcontent_error_and_still_a_key_error() -> None:
    with pytest.raises(CstContentError, match="no exporter named 'nope'") as caught:
        exporters.get("nope")
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, UnknownFormatError)
    with pytest.raises(KeyError):
        cstcontent.export(cstcontent.load(FIXTURE), "nope")


@pytest.mark.parametrize(
    ("options", "base"),
    [({"width": "wide"}, ValueError), ({"colour": 1}, TypeError), ({"width": -1}, ValueError)],
)
def test_bad_options_are_cstcontent_errors_and_keep_their_bases(
    options: dict[str, object], base: type
) -> None:
    with pytest.raises(OptionError) as caught:
        exporters.get("text", **options)
    assert isinstance(caught.value, CstContentError)
    assert isinstance(caught.value, base)


def test_json_indent_is_bounded() -> None:
    with pytest.raises(OptionError, match="indent must be from 0 to 16"):
        exporters.get("json", indent=100_000_000)


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert result.returncode != 0
    assert result.stderr.strip()


def test_out_that_is_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = cli("export", str(FIXTURE), "--to", "text", "--out", str(target))
    _no_traceback(result)
    assert str(target) in result.stderr


def test_out_under_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    _no_traceback(cli("export", str(FIXTURE), "--to", "text", "--out", str(target / "sub")))


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_out_in_a_read_only_folder(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        _no_traceback(cli("export", str(FIXTURE), "--to", "text", "--out", str(tmp_path / "out")))
    finally:
        tmp_path.chmod(0o700)


@pytest.mark.parametrize("existing", [True, False], ids=["out exists", "out to create"])
def test_out_on_a_read_only_file_system(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], existing: bool
) -> None:
    # Root writes through permissions, so the file system's refusal is simulated where it
    # happens: creating the folder or opening a file in it.
    out = tmp_path / "out"
    if existing:
        out.mkdir()
    real_open, real_mkdir = os.open, os.mkdir

    def refuse(path: str | os.PathLike[str]) -> None:
        if os.fspath(path).startswith(os.fspath(out)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))

    def open_(path: str | os.PathLike[str], *args: Any, **kwargs: Any) -> int:
        refuse(path)
        return real_open(path, *args, **kwargs)

    def mkdir(path: str | os.PathLike[str], *args: Any, **kwargs: Any) -> None:
        refuse(path)
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "mkdir", mkdir)
    status = cli_main(["export", str(FIXTURE), "--to", "text", "--jobs", "1", "--out", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"cstcontent: error: {out}")
    assert err.rstrip().endswith(": Read-only file system")
    assert "Traceback" not in err


def test_a_symlink_loop_as_source_and_as_output(tmp_path: Path) -> None:
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop)
    _no_traceback(cli("export", str(loop), "--to", "text", "--out", str(tmp_path / "out")))
    out = tmp_path / "out2"
    out.mkdir()
    (out / "sciatica-herniated-disc.txt").symlink_to(out / "sciatica-herniated-disc.txt")
    result = cli("export", str(FIXTURE), "--to", "text", "--out", str(out))
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "setting", ["text.width=" + "9" * 5000, "json.indent=100000000", "text.width=-5", "text.colour=red"]
)
def test_bad_set_values_are_usage_errors(tmp_path: Path, setting: str) -> None:
    fmt = setting.split(".")[0]
    result = cli("export", str(FIXTURE), "--to", fmt, "--set", setting, "--out", str(tmp_path))
    _no_traceback(result)
    assert result.returncode == 2


@pytest.mark.parametrize(
    "config",
    ["[site]\nname = " + "[" * 5000 + "]" * 5000, "[site]\nname = " + "9" * 5000],
    ids=["deep", "huge int"],
)
def test_hostile_config_toml(tmp_path: Path, config: str) -> None:
    path = tmp_path / "cstcontent.toml"
    path.write_text(config)
    result = cli(
        "export", str(FIXTURE), "--to", "html", "--config", str(path), "--out", str(tmp_path / "out")
    )
    _no_traceback(result)
    assert "cstcontent.toml" in result.stderr


def test_a_non_utf8_out_name_with_strict_utf8_stdout(tmp_path: Path) -> None:
    out = os.path.join(os.fsencode(tmp_path), b"out-\xff")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    result = subprocess.run(
        [sys.executable, "-m", "cstcontent", "export", os.fsencode(FIXTURE), b"--to", b"text", b"--out", out],
        capture_output=True, check=False, env=env, timeout=120,
    )  # fmt: skip
    assert b"Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr


PAGE = (
    "<!DOCTYPE html><html lang='en'><head><title>Sciatica</title>"
    "<meta name='description' content='About sciatica.'></head><body><main><article><h1>Sciatica</h1>"
    "<p>Intro.</p><h2>Causes</h2><p>Discs.</p></article></main></body></html>"
)
SOURCE_WARNING = "page.html: the page names no condition"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_source_warnings_are_warning_lines_in_a_batch_and_again_when_up_to_date(
    tmp_path: Path, jobs: str
) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    argv = ("export", "page.html", "--to", "markdown,text", "--out", "out", "--jobs", jobs)
    for _ in range(2):  # the second run rewrites nothing and still says what was dropped
        result = cli(*argv, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "SourceWarning" not in result.stderr
        assert [line for line in result.stderr.splitlines() if line.startswith("warning: ")] == [
            line for line in result.stderr.splitlines() if line.startswith(f"warning: {SOURCE_WARNING}")
        ]
        assert result.stderr.count(SOURCE_WARNING) == 1


def test_warnings_of_a_single_export_to_stdout_are_warning_lines(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    result = cli("export", "page.html", "--to", "markdown", cwd=tmp_path)
    assert result.stdout.startswith("---\n")
    assert result.stderr.splitlines()[0].startswith(f"warning: {SOURCE_WARNING}")
    long_description = FIXTURE.read_text(encoding="utf-8").replace(
        "\nslug: ", "\ndescription: " + "Long. " * 40 + "\nslug: ", 1
    )
    (tmp_path / "long.md").write_text(long_description, encoding="utf-8")
    result = cli("export", "long.md", "--to", "html", cwd=tmp_path)
    assert result.stderr.startswith("warning: the description is "), result.stderr
    assert "ExportWarning" not in result.stderr
    assert "cli.py" not in result.stderr


def test_a_closed_output_pipe_stops_the_batch_with_one_line(tmp_path: Path) -> None:
    sources = tmp_path / "guides"
    sources.mkdir()
    for number in range(3):
        text = FIXTURE.read_text(encoding="utf-8").replace("\nslug: ", f"\nslug: g{number}-", 1)
        (sources / f"g{number}.md").write_text(text, encoding="utf-8")
    argv = ["export", str(sources), "--to", "text", "--out", str(tmp_path / "o")]
    child = subprocess.Popen(
        [sys.executable, "-m", "cstcontent", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    child.stdout.close()  # like `| head -0`: nothing will ever be read
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 1
    assert stderr == "cstcontent: the output pipe was closed; stopped\n"


def test_an_unknown_markdown_back_end_is_a_library_error_not_an_internal_one(tmp_path: Path) -> None:
    from cstcontent.readers.markdown import read_markdown

    with pytest.raises(CstContentError, match="unknown Markdown back-end 'pandoc'") as caught:
        read_markdown(FIXTURE.read_text(encoding="utf-8"), backend="pandoc")
    assert isinstance(caught.value, ValueError)
    env = {**os.environ, "CSTCONTENT_MARKDOWN_BACKEND": "pandoc"}
    for argv in (["check", str(FIXTURE)], ["export", str(FIXTURE), "--to", "text", "--out", str(tmp_path)]):
        result = cli(*argv, env=env)
        assert result.returncode == 1
        assert "internal error" not in result.stderr
        assert f"{FIXTURE}: unknown Markdown back-end 'pandoc'; use one of: auto," in result.stderr
