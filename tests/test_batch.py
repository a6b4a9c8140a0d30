"""The batch engine: worker processes, incremental builds, pruning and durability."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import cstcontent
from cstcontent import cli
from cstcontent.batch import MANIFEST_NAME
from cstcontent.exporters import register, unregister
from cstcontent.exporters.text import TextExporter

ROOT = Path(__file__).parent.parent
FIXTURES = ROOT / "fixtures"
TEMPLATES = ROOT / "src" / "cstcontent" / "exporters" / "templates"
GUIDE_FORMATS = "html,jsonld,text,markdown,json"  # one file per guide (collection files are apart)


def run(*argv: str | os.PathLike[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = cli.main([os.fspath(a) for a in argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def make_corpus(folder: Path, count: int = 30, bad: tuple[int, ...] = (4, 17)) -> Path:
    """`count` guides made from the fixtures, each with its own slug; the numbers in `bad` are broken."""
    folder.mkdir(parents=True, exist_ok=True)
    fixtures = sorted(FIXTURES.glob("*.md"))
    for number in range(count):
        text = fixtures[number % len(fixtures)].read_text(encoding="utf-8")
        text = text.replace("\nslug: ", f"\nslug: g{number:03d}-", 1)
        if number in bad:
            text = text.replace("\n## ", "\n# ", 1)  # an H1 in the body is an error
        (folder / f"g{number:03d}.md").write_text(text, encoding="utf-8")
    return folder


def number_of(stem: str, copy: int = 0) -> int:
    """The number `make_corpus` gives the `copy`-th copy of the fixture `stem` (slug ``gNNN-<stem>``)."""
    stems = [path.stem for path in sorted(FIXTURES.glob("*.md"))]
    return stems.index(stem) + copy * len(stems)


def inodes(folder: Path) -> dict[str, int]:
    """Each output's inode: a file rewritten through temp + rename gets a new one."""
    return {path.name: path.stat().st_ino for path in folder.iterdir() if path.name != MANIFEST_NAME}


def rebuilt(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name, inode in after.items() if before.get(name) != inode}


def tree(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_jobs_give_the_same_bytes_and_reports_in_source_order(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "src")
    results = {}
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"out{jobs}"
        results[jobs] = run("export", corpus, "--to", "all", "--out", out, "--jobs", jobs)
        assert results[jobs][0] == 1
    for jobs in ("2", "3"):
        assert tree(tmp_path / f"out{jobs}") == tree(tmp_path / "out1")
        assert results[jobs][1:] == (
            results["1"][1].replace("out1", f"out{jobs}"),
            results["1"][2].replace("out1", f"out{jobs}"),
        )
    _, out, err = results["1"]
    errors = [line for line in err.splitlines() if ": the body must not have a level-1 heading" in line]
    assert [Path(line.split(":")[0]).name for line in errors] == ["g004.md", "g017.md"]
    assert "28 of 30 guides exported" in err
    written = [Path(line).name for line in out.splitlines() if Path(line).name.startswith("g")]
    assert written == sorted(written, key=lambda name: name.split(".")[0])  # source order
    assert not any(name.startswith("g004-") or name.startswith("g017-") for name in written)
    assert not [p for p in (tmp_path / "out2").iterdir() if p.name.endswith(".tmp")]


def test_a_worker_that_dies_fails_only_its_source(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "src", count=24, bad=())

    class DyingExporter(TextExporter):
        def export(self, guide: cstcontent.ConditionGuide) -> str:
            if guide.slug.startswith("g010-"):
                os._exit(3)
            return super().export(guide)

    register("dying", DyingExporter)
    try:
        status, out, err = run("export", corpus, "--to", "dying", "--out", tmp_path / "out", "--jobs", "2")
    finally:
        unregister("dying")
    assert status == 1
    dead = f"{corpus / 'g010.md'}: the worker process exporting it stopped unexpectedly"
    assert err.splitlines()[0] == dead
    assert len(out.splitlines()) == 23
    assert "23 of 24 guides exported" in err


def export_all(corpus: Path, out: Path, *extra: str | os.PathLike[str]) -> tuple[str, str]:
    formats = () if "--to" in extra else ("--to", GUIDE_FORMATS)
    status, stdout, stderr = run("export", corpus, *formats, "--out", out, *extra)
    assert status == 0, stderr
    return stdout, stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_second_run_rewrites_nothing(tmp_path: Path, jobs: str) -> None:
    corpus = make_corpus(tmp_path / "src", count=20, bad=())
    out = tmp_path / "out"
    export_all(corpus, out, "--jobs", jobs)
    before, manifest = inodes(out), (out / MANIFEST_NAME).read_bytes()
    stdout, stderr = export_all(corpus, out, "--jobs", jobs)
    assert stdout == ""
    assert "20 of 20 guides exported, 0 files written" in stderr
    assert f"{len(before)} up to date" in stderr
    assert inodes(out) == before
    assert (out / MANIFEST_NAME).read_bytes() == manifest


def test_changing_one_byte_of_one_source_rebuilds_exactly_its_outputs(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "src", count=12, bad=())
    out = tmp_path / "out"
    export_all(corpus, out)
    before = inodes(out)
    number = number_of("migraine", copy=1)  # a guide with an FAQ: all five formats
    source = corpus / f"g{number:03d}.md"
    data = bytearray(source.read_bytes())
    data[data.rindex(b"a")] = ord(b"e")
    source.write_bytes(bytes(data))
    stdout, _ = export_all(corpus, out)
    changed = rebuilt(before, inodes(out))
    assert changed == {name for name in before if name.startswith(f"g{number:03d}-")}
    assert len(changed) == 5
    assert {Path(line).name for line in stdout.splitlines()} == changed
    assert cstcontent.load(out / f"{sorted(changed)[0].split('.')[0]}.json") == cstcontent.load(source)


def test_changing_one_byte_of_one_template_rebuilds_exactly_the_html(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "src", count=8, bad=())
    templates = tmp_path / "templates"
    templates.mkdir()
    shutil.copy(TEMPLATES / "byline.html", templates / "byline.html")
    out = tmp_path / "out"
    option = f"html.template_dir={templates}"
    export_all(corpus, out, "--set", option)
    before = inodes(out)
    text = (templates / "byline.html").read_text()
    (templates / "byline.html").write_text(text.replace("<", " <", 1))
    export_all(corpus, out, "--set", option)
    changed = rebuilt(before, inodes(out))
    assert changed == {name for name in before if name.endswith(".html")}
    assert len(changed) == 8


def test_changing_one_option_rebuilds_exactly_that_format(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "src", count=8, bad=())
    out = tmp_path / "out"
    export_all(corpus, out, "--set", "text.width=72")
    before = inodes(out)
    export_all(corpus, out, "--set", "text.width=71")
    changed = rebuilt(before, inodes(out))
    assert changed == {name for name in before if name.endswith(".txt")}
    assert len(changed) == 8
    migraine = out / f"g{number_of('migraine'):03d}-migraine.txt"
    wrapped = max(len(line) for line in migraine.read_text().splitlines())
    assert wrapped <= 71


def test_force_rebuilds_everything(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "src", count=6, bad=())
    out = tmp_path / "out"
    export_all(corpus, out)
    before = inodes(out)
    export_all(corpus, out, "--force")
    assert rebuilt(before, inodes(out)) == set(before)


@pytest.mark.parametrize("damage", ["delete", "truncate"])
def test_a_damaged_output_is_rebuilt(tmp_path: Path, damage: str) -> None:
    corpus = make_corpus(tmp_path / "src", count=4, bad=())
    out = tmp_path / "out"
    export_all(corpus, out)
    target = out / f"g{number_of('sciatica'):03d}-sciatica.html"
    good = target.read_bytes()
    if damage == "delete":
        target.unlink()
    else:
        target.write_bytes(good[: len(good) // 2])
    stdout, _ = export_all(corpus, out)
    assert stdout.splitlines() == [str(target)]
    assert target.read_bytes() == good


def test_a_changed_input_is_never_skipped_even_with_the_same_size_and_time(tmp_path: Path) -> None:
    number = number_of("migraine")
    corpus = make_corpus(tmp_path / "src", count=number + 1, bad=())
    out = tmp_path / "out"
    export_all(corpus, out)
    source = corpus / f"g{number:03d}.md"
    stat = source.stat()
    source.write_bytes(source.read_bytes().replace(b"Migraine is", b"Migraine iz", 1))
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    export_all(corpus, out)
    assert "Migraine iz" in (out / f"g{number:03d}-migraine.json").read_text()


def test_deleted_sources_are_reported_and_pruned(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "src", count=5, bad=())
    out = tmp_path / "out"
    export_all(corpus, out)
    (corpus / "g003.md").unlink()
    gone = sorted(path for path in out.iterdir() if path.name.startswith("g003-"))
    assert len(gone) == 5
    _, stderr = export_all(corpus, out)
    assert f"{corpus / 'g003.md'}" in stderr
    assert "its source no longer exists" in stderr
    assert "--prune" in stderr
    assert all(path.exists() for path in gone)
    _, stderr = export_all(corpus, out, "--prune")
    assert "removed" in stderr
    assert not any(path.exists() for path in gone)
    _, stderr = export_all(corpus, out)
    assert "g003" not in stderr


def test_outputs_of_a_renamed_slug_are_reported(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "src", count=3, bad=())
    out = tmp_path / "out"
    export_all(corpus, out, "--to", "json")
    source = corpus / "g000.md"
    source.write_text(source.read_text().replace("slug: g000-", "slug: renamed-", 1))
    _, stderr = export_all(corpus, out, "--to", "json", "--prune")
    assert f"removed {out / 'g000-infant-colic.json'}" in stderr
    assert (out / "renamed-infant-colic.json").exists()
    assert not (out / "g000-infant-colic.json").exists()


def test_an_unchanged_source_still_owns_its_slug(tmp_path: Path) -> None:
    number = number_of("migraine")
    corpus = make_corpus(tmp_path / "src", count=number + 1, bad=())
    out = tmp_path / "out"
    export_all(corpus, out, "--to", "json")
    slug, owner_source = f"g{number:03d}-migraine", corpus / f"g{number:03d}.md"
    owner = (out / f"{slug}.json").read_bytes()
    late = corpus / "z-late.md"
    late.write_text(owner_source.read_text().replace("Migraine is", "Copy:", 1))
    status, _, err = run("export", corpus, "--to", "json", "--out", out)
    assert status == 1
    assert f"{late}: the slug '{slug}' is already used by {owner_source}" in err
    assert (out / f"{slug}.json").read_bytes() == owner


def test_warnings_of_unchanged_outputs_are_repeated(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _, first = export_all(FIXTURES, out)
    _, second = export_all(FIXTURES, out)
    assert "skipped jsonld: the guide 'infant-colic' has no FAQ" in first
    assert [line for line in second.splitlines() if line.startswith("warning:")] == [
        line for line in first.splitlines() if line.startswith("warning:")
    ]


def count_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real: Callable[[int], None] = os.fsync

    def counting(descriptor: int) -> None:
        calls.append(descriptor)
        real(descriptor)

    monkeypatch.setattr(os, "fsync", counting)
    return calls


@pytest.mark.parametrize("mode", ["batch", "each"])
def test_every_written_file_and_the_folder_are_flushed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    out = tmp_path / "out"
    calls = count_fsyncs(monkeypatch)
    status, stdout, err = run(
        "export", FIXTURES, "--to", GUIDE_FORMATS, "--out", out, "--jobs", "1", "--fsync", mode
    )
    assert status == 0, err
    written = len(stdout.splitlines())
    assert written == len([path for path in out.iterdir() if path.name != MANIFEST_NAME])
    assert len(calls) == written + 2  # every output, the manifest, the folder


def test_nothing_written_means_nothing_flushed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    export_all(FIXTURES, out)
    calls = count_fsyncs(monkeypatch)
    export_all(FIXTURES, out)
    assert calls == []


def test_manifest_damage_means_a_full_rebuild(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "src", count=3, bad=())
    out = tmp_path / "out"
    export_all(corpus, out)
    before = inodes(out)
    (out / MANIFEST_NAME).write_text('{"format": "cstcontent.manifest", "version": 1\n')
    export_all(corpus, out)
    assert rebuilt(before, inodes(out)) == set(before)


@pytest.mark.parametrize("value", ["0", "-1", "two", "٣"])
def test_jobs_must_be_a_positive_whole_number(value: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run("export", FIXTURES, "--out", "unused", "--jobs", value)
    assert exit_info.value.code == 2


def test_collection_outputs_come_from_the_manifest_when_nothing_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cstcontent.batch import render

    corpus = make_corpus(tmp_path / "src", count=5, bad=())
    out = tmp_path / "out"
    export_all(corpus, out, "--to", "json,sitemap,llms", "--config", write_site(tmp_path))
    sitemap, llms = (out / "sitemap.xml").read_bytes(), (out / "llms.txt").read_bytes()

    def unreadable(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged guide was read again")

    monkeypatch.setattr(render.readers, "read", unreadable)
    (out / "sitemap.xml").unlink()
    export_all(corpus, out, "--to", "json,sitemap,llms", "--config", write_site(tmp_path), "--jobs", "1")
    assert (out / "sitemap.xml").read_bytes() == sitemap
    assert (out / "llms.txt").read_bytes() == llms
    assert sitemap.count(b"<url>") == 5


def write_site(folder: Path) -> Path:
    config = folder / "cstcontent.toml"
    config.write_text('[site]\nname = "Example"\nbase_url = "https://cst.example.org/guides/"\n')
    return config
