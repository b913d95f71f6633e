#!/usr/bin/env python3
"""Benchmark: load, index and build sites of synthetic briefings at growing sizes.

Run: `.venv/bin/python bench/run.py [--sizes 1000 10000] [--no-build]`. Prints seconds and
two ratios measured in the same run: against the smallest size (linear scaling means the
ratio equals the size ratio), and for `build`, against MkDocs' own floor: the same number
of plain Markdown pages (same bodies, out of the nav) built with only the search plugin.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "plugins"))

from briefings.content.loader import load_corpus  # noqa: E402
from briefings.graph.graph import BriefingGraph  # noqa: E402
from briefings.model.settings import Settings  # noqa: E402

WORDS = ["army", "border", "talks", "sanctions", "grain", "missile", "summit", "port"]


def make_site(dest: Path, count: int, seed: int = 7) -> Path:
    """A copy of the repo's site whose briefings/ holds `count` synthetic briefings."""
    rnd = random.Random(seed)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs")
    folder = dest / "briefings"
    folder.mkdir()
    for name in ("stories.yml", "entities.yml"):
        shutil.copy2(REPO / "briefings" / name, folder / name)
    samples = sorted((REPO / "briefings").glob("*.md"))
    bodies = [p.read_text(encoding="utf-8").split("---", 2)[2] for p in samples]
    import yaml

    stories = list(yaml.safe_load((folder / "stories.yml").read_text()))
    entities = yaml.safe_load((folder / "entities.yml").read_text())
    for i in range(count):
        year, month, day = 2015 + i % 10, 1 + i % 12, 1 + i % 28
        slug = f"{year}-{month:02d}-{day:02d}-synthetic-{i}"
        people = rnd.sample(sorted(entities["people"]), 2)
        places = rnd.sample(sorted(entities["places"]), 3)
        tags = rnd.sample(WORDS, 2)
        front = (
            f"---\ntitle: Synthetic briefing {i} on {' and '.join(tags)}\n"
            f"date: {year}-{month:02d}-{day:02d}\nsummary: Synthetic summary {i}.\n"
            "sources:\n  - name: Synthetic wire\n    note: Generated for the benchmark.\n"
            f"stories: [{rnd.choice(stories)}]\ntags: [{', '.join(tags)}]\n"
            f"people: [{', '.join(people)}]\nplaces: [{', '.join(places)}]\n"
            f"events:\n  - date: {year}-{month:02d}\n    title: Event {i}\n---\n"
        )
        (folder / f"{slug}.md").write_text(front + bodies[i % len(bodies)], encoding="utf-8")
    return dest


def make_plain_site(dest: Path, count: int) -> Path:
    """`count` plain Markdown pages with the briefings' bodies, for MkDocs' own floor."""
    samples = sorted((REPO / "briefings").glob("*.md"))
    bodies = [p.read_text(encoding="utf-8").split("---", 2)[2] for p in samples]
    (dest / "docs" / "pages").mkdir(parents=True)
    (dest / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    for i in range(count):
        text = f"# Page {i}\n\n{bodies[i % len(bodies)]}"
        (dest / "docs" / "pages" / f"page-{i}.md").write_text(text, encoding="utf-8")
    (dest / "mkdocs.yml").write_text(
        "site_name: Floor\ntheme: {name: material, font: false}\nplugins: [search]\n"
        "nav: [index.md]\nnot_in_nav: /pages/\n",
        encoding="utf-8",
    )
    return dest


def mkdocs_build(site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    args = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
            "-f", str(site / "mkdocs.yml"), "-d", str(site / "site")]  # fmt: skip
    seconds, _ = timed(lambda: subprocess.run(args, check=True, env=env))
    return seconds


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def measure(count: int, build: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        site = make_site(Path(tmp), count)
        settings = Settings(root=site, entity_kinds={"equipment": "Equipment"})
        load_s, corpus = timed(lambda: load_corpus(settings))
        assert not corpus.errors, corpus.errors[:3]
        index_s, _ = timed(
            lambda: BriefingGraph.build(settings, corpus.briefings, corpus.stories, corpus.entities)
        )
        figures = {"load": load_s, "index": index_s}
        if build:
            figures["build"] = mkdocs_build(site)
    if build:
        with tempfile.TemporaryDirectory() as tmp:
            figures["floor"] = mkdocs_build(make_plain_site(Path(tmp), count))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-build", action="store_true", help="skip `mkdocs build`")
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    results = {n: measure(n, not args.no_build) for n in sizes}
    base_n = sizes[0]
    base = results[base_n]
    print(f"{'briefings':>10} {'step':>6} {'seconds':>9} {'ratio':>7}  (vs {base_n}; size x)")
    for n in sizes:
        for step, seconds in results[n].items():
            ratio = seconds / base[step] if base[step] else float("nan")
            print(f"{n:>10} {step:>6} {seconds:>9.2f} {ratio:>7.2f}  ({n / base_n:.0f}x)")
        if "floor" in results[n]:
            over = results[n]["build"] / results[n]["floor"]
            print(f"{n:>10} build / MkDocs floor (plain pages): {over:.2f}")


if __name__ == "__main__":
    main()
