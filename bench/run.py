"""Measure every figure of the performance table in one run and write ``bench/RESULTS.md``.

Run it by hand, from the project's virtual environment, on a quiet machine::

    .venv/bin/python bench/run.py                 # 100, 1,000 and 10,000 guides, 3 repeats
    .venv/bin/python bench/run.py --repeats 5 --work /dev/shm/cstbench

Peers come from Debian's packages: ``apt-get install -y hugo pandoc``. A
missing peer is skipped and its rows say so. Corpora and outputs live under
``--work``, which should be a tmpfs (``/dev/shm``) so the figures measure the
exporters and not the disk. Every figure is the median over ``--repeats``
runs, and the runs of the different commands are interleaved (A B C, A B C,
...) so a load spike from another process touches all of them alike.
Nothing here is asserted: the script reports.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus

HERE = Path(__file__).resolve().parent
CORES = os.cpu_count() or 1
HUGO_CONFIG = """\
baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "home", "section", "404", "robotsTXT"]
contentDir = "{content}"
[outputs]
page = ["HTML", "JSON"]
"""
HUGO_SINGLE_HTML = """\
<!DOCTYPE html>
<html lang="{{ .Params.language | default "en" }}"><head><meta charset="utf-8">
<title>{{ .Title }}</title><meta name="description" content="{{ .Summary }}"></head>
<body><main><article><h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>
{{ .Content }}</article></main></body></html>
"""
HUGO_SINGLE_JSON = """\
{{ dict "title" .Title "summary" .Params.summary "condition" .Params.condition "text" .Plain | jsonify }}
"""


class Run:
    """One finished command: wall seconds and peak resident memory of its process tree."""

    def __init__(self, argv: Sequence[str], cwd: Path | None = None) -> None:
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env()
        )
        assert process.stderr is not None
        error = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        self.wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        # ru_maxrss of a waited child covers its own waited children (the workers): KiB on Linux.
        self.peak_rss_mb = usage.ru_maxrss / 1024
        self.cpu = usage.ru_utime + usage.ru_stime  # the tree's CPU seconds: less sensitive to load
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(map(str, argv))} failed ({process.returncode}):\n{error.decode()}")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _ours(corpus: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "cstcontent",
        "export",
        str(corpus),
        "--to",
        "all",
        "--out",
        str(out),
        *extra,
    ]


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


def batch_figures(work: Path, corpora: dict[int, Path], repeats: int, hugo: str | None) -> dict[str, object]:
    """Walls and peak RSS of our batch (first and second run) and Hugo's, interleaved."""
    big, middle, small = max(corpora), sorted(corpora)[-2], min(corpora)
    first: dict[int, list[float]] = {size: [] for size in corpora}
    cpu: dict[int, list[float]] = {size: [] for size in corpora}
    rss: dict[int, list[float]] = {size: [] for size in corpora}
    second: list[float] = []
    hugo_walls: list[float] = []
    site = _hugo_site(work, corpora[big]) if hugo else None
    for repeat in range(repeats):
        print(f"  batch repeat {repeat + 1}/{repeats}", file=sys.stderr)
        for size in sorted(corpora, reverse=True):
            out = _fresh(work / f"out-{size}")
            run = Run(_ours(corpora[size], out))
            first[size].append(run.wall)
            cpu[size].append(run.cpu)
            rss[size].append(run.peak_rss_mb)
            if size == big:
                second.append(Run(_ours(corpora[size], out)).wall)
                if hugo and site:
                    hugo_walls.append(
                        Run(
                            [
                                hugo,
                                "--quiet",
                                "--source",
                                str(site),
                                "--destination",
                                str(_fresh(work / "hugo-out")),
                            ]
                        ).wall
                    )
    return {
        "big": big,
        "middle": middle,
        "small": small,
        "first": {size: _median(walls) for size, walls in first.items()},
        "rss": {size: _median(values) for size, values in rss.items()},
        "cpu": {size: _median(values) for size, values in cpu.items()},
        "second": _median(second),
        "hugo": _median(hugo_walls) if hugo_walls else None,
    }


def _hugo_site(work: Path, corpus: Path) -> Path:
    site = _fresh(work / "hugo-site")
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "config.toml").write_text(HUGO_CONFIG.format(content=corpus))
    (site / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE_HTML)
    (site / "layouts" / "_default" / "single.json").write_text(HUGO_SINGLE_JSON)
    return site


def pandoc_per_guide(pandoc: str, sources: list[Path], out: Path, repeats: int) -> float:
    """Seconds a guide for pandoc's HTML, plain text and CommonMark, one process each, `CORES` at a time."""
    out.mkdir(parents=True, exist_ok=True)
    jobs = [
        [
            pandoc,
            "-f",
            "commonmark+yaml_metadata_block",
            "-t",
            to,
            "-o",
            str(out / f"{path.stem}.{to}"),
            str(path),
        ]
        for path in sources
        for to in ("html", "plain", "commonmark")
    ]
    walls = []
    for _ in range(repeats):
        start = time.perf_counter()
        with ThreadPoolExecutor(CORES) as pool:
            for result in pool.map(lambda argv: subprocess.run(argv, check=False), jobs):
                if result.returncode:
                    raise SystemExit(f"pandoc failed on {result.args}")
        walls.append((time.perf_counter() - start) / len(sources))
    return _median(walls)


def in_process_figures(corpus: Path, repeats: int) -> dict[str, float]:
    """Seconds a guide: ours (load + html, jsonld, text, markdown) and markdown-it-py's render()."""
    from markdown_it import MarkdownIt

    import cstcontent
    from cstcontent.readers.markdown import BACKEND_VARIABLE

    texts = [(path, path.read_text(encoding="utf-8")) for path in sorted(corpus.glob("*.md"))]
    bodies = [text.split("\n---\n", 1)[1] for _, text in texts]
    exporters = [cstcontent.exporters.get(name) for name in ("html", "jsonld", "text", "markdown")]
    markdown_it = MarkdownIt()

    def ours(backend: str) -> Callable[[], None]:
        def run() -> None:
            os.environ[BACKEND_VARIABLE] = backend
            for path, text in texts:
                guide = cstcontent.loads(text, path=path)
                for exporter in exporters:
                    exporter.export(guide)
            del os.environ[BACKEND_VARIABLE]

        return run

    def reference() -> None:
        for body in bodies:
            markdown_it.render(body)

    functions: dict[str, Callable[[], object]] = {
        "ours": ours("auto"),
        "ours-py": ours("markdown-it-py"),
        "markdown-it-py": reference,
    }
    timings = _interleaved(functions, repeats + 2)
    return {name: value / len(texts) for name, value in timings.items()}


def _interleaved(functions: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    walls: dict[str, list[float]] = {name: [] for name in functions}
    for function in functions.values():  # warm-up: imports, caches, templates
        function()
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            walls[name].append(time.perf_counter() - start)
    return {name: _median(values) for name, values in walls.items()}


IMPORT_PROBE = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def _compile_bytecode() -> str:
    """Byte-compile cstcontent as `pip install` does, so no figure times Python's compiler.

    An editable install run with PYTHONDONTWRITEBYTECODE (set on this machine) would
    otherwise compile every module from source in every process, while attrs, Jinja and the
    other dependencies, installed by pip, load their bytecode.
    """
    spec = importlib.util.find_spec("cstcontent")
    folders = spec.submodule_search_locations if spec else None
    for folder in folders or ():
        compileall.compile_dir(folder, quiet=1)
    return "cstcontent was byte-compiled first, as `pip install` does for every package it installs."


def import_figures(repeats: int) -> dict[str, float]:
    """Median seconds to import attrs and cstcontent, each in a fresh interpreter, interleaved."""
    times: dict[str, list[float]] = {"attrs": [], "cstcontent": []}
    for _ in range(max(repeats * 5, 15)):
        for module in times:
            output = subprocess.run(
                [sys.executable, "-c", IMPORT_PROBE.format(module=module)],
                capture_output=True,
                text=True,
                check=True,
                env=_env(),
            )
            times[module].append(float(output.stdout))
    return {module: _median(values) for module, values in times.items()}


def _version(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, check=False).stdout.splitlines()[0]
    except (OSError, IndexError):
        return "not installed"


def _package(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) // 1024:,} MB"
    except OSError:
        pass
    return "unknown"


def _fmt(value: float, unit: str = "") -> str:
    return f"{value:.2f}{unit}" if value < 100 else f"{value:,.0f}{unit}"


def write_results(path: Path, args: argparse.Namespace, results: dict[str, object], notes: list[str]) -> None:
    """Write the results table and its context as Markdown."""
    batch = results["batch"]
    assert isinstance(batch, dict)
    big, middle, small = batch["big"], batch["middle"], batch["small"]
    first, rss = batch["first"], batch["rss"]
    ours_big = first[big]
    rows = []

    def row(figure: str, measured: str, target: str, met: bool | None, detail: str) -> None:
        verdict = "n/a" if met is None else ("met" if met else "**not met**")
        rows.append(f"| {figure} | {measured} | {target} | {verdict} | {detail} |")

    hugo = batch["hugo"]
    if hugo is None:
        row(
            f"Hugo wall ÷ ours, `export DIR --to all`, {big:,} guides",
            "skipped",
            "≥ 2",
            None,
            "Hugo is not installed: `apt-get install -y hugo`",
        )
    else:
        ratio = hugo / ours_big
        row(
            f"Hugo wall ÷ ours, `export DIR --to all`, {big:,} guides",
            _fmt(ratio),
            "≥ 2",
            ratio >= 2,
            f"Hugo {_fmt(hugo, ' s')}, ours {_fmt(ours_big, ' s')}",
        )
    in_process = results["in_process"]
    assert isinstance(in_process, dict)
    ratio = in_process["ours"] / in_process["markdown-it-py"]
    row(
        "ours in process (load + html, jsonld, text, markdown) ÷ markdown-it-py `render()`",
        f"{ratio:.2f}×",
        "≤ 1.5×",
        ratio <= 1.5,
        f"ours {in_process['ours'] * 1e6:,.0f} µs, render() {in_process['markdown-it-py'] * 1e6:,.0f} µs"
        f" a guide ({in_process['backend']} back-end); with the markdown-it-py back-end"
        f" {in_process['ours-py'] * 1e6:,.0f} µs,"
        f" {in_process['ours-py'] / in_process['markdown-it-py']:.2f}×",
    )
    pandoc = results["pandoc"]
    ours_per_guide = ours_big / big
    if pandoc is None:
        row(
            "pandoc (HTML + plain + CommonMark per file) ÷ ours",
            "skipped",
            "≥ 100×",
            None,
            "pandoc is not installed: `apt-get install -y pandoc`",
        )
    else:
        assert isinstance(pandoc, float)
        ratio = pandoc / ours_per_guide
        row(
            "pandoc (HTML + plain + CommonMark per file) ÷ ours",
            f"{ratio:.0f}×",
            "≥ 100×",
            ratio >= 100,
            f"pandoc {pandoc * 1e3:,.1f} ms a guide ({args.pandoc_sample} guides, {CORES} processes at a"
            f" time), ours {ours_per_guide * 1e3:.2f} ms a guide at {big:,}",
        )
    imports = results["imports"]
    assert isinstance(imports, dict)
    extra = (imports["cstcontent"] - imports["attrs"]) * 1e3
    row(
        "`import cstcontent` − `import attrs`",
        f"+{extra:.1f} ms",
        "≤ +15 ms",
        extra <= 15,
        f"attrs {imports['attrs'] * 1e3:.1f} ms, cstcontent {imports['cstcontent'] * 1e3:.1f} ms",
    )
    growth = rss[big] - rss[small]
    row(
        f"peak RSS at {big:,} guides − at {small:,}",
        f"+{growth:.1f} MB",
        "≤ +10 MB",
        growth <= 10,
        f"{rss[small]:.1f} MB → {rss[big]:.1f} MB (largest process of the tree)",
    )
    scaling = (first[big] / big) / (first[middle] / middle)
    row(
        f"per-guide cost at {big:,} ÷ at {middle:,}",
        f"{scaling:.2f}",
        "≤ 1.05",
        scaling <= 1.05,
        f"{first[big] / big * 1e3:.3f} ms vs {first[middle] / middle * 1e3:.3f} ms a guide (wall)",
    )
    again = batch["second"] / ours_big
    row(
        "second run over an unchanged corpus ÷ first run",
        f"{again:.3f}",
        "≤ 0.05",
        again <= 0.05,
        f"{_fmt(batch['second'], ' s')} vs {_fmt(ours_big, ' s')} at {big:,} guides",
    )

    load_start, load_end = results["load"]  # type: ignore[misc]
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/run.py` (run by hand; nothing here is asserted by the test suite).",
        "",
        f"- Date: {results['date']}",
        f"- Machine: {_cpu()}, {CORES} cores, {_memory()}; {platform.platform()}",
        f"- Python {platform.python_version()}; cstcontent {_package('cstcontent')};"
        f" markdown-it-py {_package('markdown-it-py')}; markdown-it-pyrs {_package('markdown-it-pyrs')};"
        f" PyYAML {_package('PyYAML')}; Jinja2 {_package('Jinja2')}",
        f"- Peers: {_version(['hugo', 'version'])}; {_version(['pandoc', '--version'])}",
        f"- Corpus: `bench/corpus.py`, {', '.join(f'{size:,}' for size in sorted(first))} guides"
        f" (mean {results['mean_bytes']:,.0f} bytes); outputs on `{args.work}`",
        f"- Medians of {args.repeats} interleaved repeats. The machine is shared with other engineers"
        f" running tests: load average {load_start} at the start, {load_end} at the end.",
        f"- Our batch runs with the default `--jobs` ({CORES} worker processes), writing every built-in"
        " format (`--to all`: the per-guide formats and the collection files).",
        "",
        "| figure | measured | target | verdict | detail |",
        "|---|---|---|---|---|",
        *rows,
        "",
        "Raw walls (median seconds): "
        + ", ".join(f"ours {size:,} guides {first[size]:.2f}" for size in sorted(first))
        + f"; second run {batch['second']:.2f}"
        + "; CPU seconds of our process tree: "
        + ", ".join(f"{size:,} guides {batch['cpu'][size]:.2f}" for size in sorted(first))
        + (f"; Hugo {hugo:.2f}" if hugo is not None else "")
        + ".",
    ]
    if notes:
        lines += ["", *[f"- {note}" for note in notes]]
    closing = HERE / "NOTES.md"
    if closing.exists():
        lines += ["", closing.read_text(encoding="utf-8").strip()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    """Generate the corpora, measure, and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="corpus sizes (smallest, middle, largest)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pandoc-sample", type=int, default=200, help="guides converted by pandoc")
    parser.add_argument("--work", type=Path, default=Path("/dev/shm/cstcontent-bench"))
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    if len(sizes) != 3:
        parser.error("--sizes takes three sizes")
    notes: list[str] = []
    hugo, pandoc = shutil.which("hugo"), shutil.which("pandoc")
    for name, found in (("hugo", hugo), ("pandoc", pandoc)):
        if not found:
            notes.append(f"{name} is not installed, so its row is skipped: `apt-get install -y {name}`.")
            print(f"note: {notes[-1]}", file=sys.stderr)
    load_start = " ".join(f"{value:.1f}" for value in os.getloadavg())
    phases: list[tuple[str, float]] = []
    args.work.mkdir(parents=True, exist_ok=True)
    corpora = {}
    for size in sizes:
        corpora[size] = args.work / f"corpus-{size}"
        if not (corpora[size] / f"guide-{size - 1:05d}.md").exists():
            print(f"writing {size:,} guides", file=sys.stderr)
            write_corpus(_fresh(corpora[size]), size)
    sources = sorted(corpora[sizes[1]].glob("*.md"))
    notes.append(_compile_bytecode())
    results: dict[str, object] = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mean_bytes": statistics.fmean(path.stat().st_size for path in sources),
    }
    phases.append(("imports", os.getloadavg()[0]))
    print("imports", file=sys.stderr)
    results["imports"] = import_figures(args.repeats)
    phases.append(("in process", os.getloadavg()[0]))
    print("in process", file=sys.stderr)
    results["in_process"] = in_process_figures(corpora[sizes[1]], args.repeats)
    from cstcontent.readers import _markdown_it_pyrs

    backend = "markdown-it-pyrs" if _markdown_it_pyrs.available() else "markdown-it-py"
    results["in_process"]["backend"] = backend  # type: ignore[index]
    phases.append(("batches", os.getloadavg()[0]))
    print("batches", file=sys.stderr)
    results["batch"] = batch_figures(args.work, corpora, args.repeats, hugo)
    results["pandoc"] = None
    if pandoc:
        phases.append(("pandoc", os.getloadavg()[0]))
        print("pandoc", file=sys.stderr)
        sample = sources[: args.pandoc_sample]
        results["pandoc"] = pandoc_per_guide(pandoc, sample, _fresh(args.work / "pandoc-out"), args.repeats)
    results["load"] = (load_start, " ".join(f"{value:.1f}" for value in os.getloadavg()))
    notes.append(
        "1-minute load average as each phase started: "
        + ", ".join(f"{name} {load:.1f}" for name, load in phases)
        + f" (the machine has {CORES} cores)."
    )
    write_results(args.results, args, results, notes)
    print(args.results.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
