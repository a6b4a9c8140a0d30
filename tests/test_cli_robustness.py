"""No Python traceback reaches a CLI user, and every library failure is a `CstContentError`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cstcontent
from cstcontent import exporters
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
