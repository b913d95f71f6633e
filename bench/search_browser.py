#!/usr/bin/env python3
"""Search in the browser: index size, main-thread long tasks and time to the first result.

Run: `.venv/bin/python bench/search_browser.py SITE_DIR [--runs 3] [--query WORD]
[--page index.html] [--http]`, where SITE_DIR is a built site (`OFFLINE=true mkdocs build`
for file://). It opens the page in Debian's Chromium (from file://, or with `--http` from a
server on 127.0.0.1), waits for the load event, clicks into the search box and types the
query, and prints, per run and as min / median / max:

- `first result`: when the first result is in the list, counted from the load event, less
  the time spent typing (the issue's "after the page's load event plus typing"); also from
  the last keystroke. Material searches at every keystroke, so that first result may be
  for the first letters typed; `full query` is when results for the whole query are
  shown (the facade's report), counted the same way;
- `all shards`: when every shard's index is built (results are complete), from the load
  event;
- `longest task`: the longest main-thread task (PerformanceObserver "longtask", tasks over
  50 ms) from navigation until every shard is ready, and how many there were; and, from a
  Chromium trace of the same run, the longest task by the main thread's own CPU time (on a
  busy machine a task's wall time includes the time other processes held the CPU) and the
  CPU time the shards' workers spent. Each is also given for the index's loading alone:
  the tasks that end after the facade's SETUP (its "bf-search-setup" mark, when
  Material's bundle starts search), apart from the page's own load before it (parsing the
  page, Material's bundle and its DOMContentLoaded handlers, which run with or without
  search).

It also prints the size of the index files under `search/`. Helper functions
(`index_size`, `measure`, `summary`) return the figures for bench/run.py.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip

# Installed before any page script: records long tasks, the first result and keystrokes.
PROBE = """
window.__bench = {longtasks: [], firstResult: null, keys: []};
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (e) {
    window.__bench.longtasks.push([e.startTime, e.duration]);
  });
}).observe({type: "longtask", buffered: true});
document.addEventListener("keydown", function () {
  window.__bench.keys.push(performance.now());
}, true);
new MutationObserver(function () {
  if (window.__bench.firstResult === null &&
      document.querySelector(".md-search-result__item"))
    window.__bench.firstResult = performance.now();
}).observe(document, {childList: true, subtree: true});
"""


def index_size(site: Path) -> dict[str, int]:
    """Bytes of the search index files under `site/search/`: total and by kind."""
    folder = site / "search"
    sizes = {"total": 0, "chunks": 0, "files": 0}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        size = path.stat().st_size
        sizes["total"] += size
        sizes["files"] += 1
        if re.fullmatch(r"search_index\.\d+\.[0-9a-f]+\.js", path.name):
            sizes["chunks"] += size
    return sizes


def default_query(site: Path) -> str:
    """A word from the first briefing title in the index (so the query has results)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))
    from briefings.site.search import read_index

    for doc in read_index(site)[1]:
        if doc["location"].startswith("briefings/"):
            words = re.findall(r"[^\W\d_]{5,}", doc["title"])
            if words:
                return words[0].lower()
    return "briefing"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def _server(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline",
                    "blink.user_timing"]  # fmt: skip
TASKS = ("RunTask", "ThreadControllerImpl::RunTask")


def trace_figures(path: Path, setup_before_done_ms: float | None = None) -> dict[str, float]:
    """From a Chromium trace: the renderer main thread's longest task by wall and by CPU
    time (until the `bf-bench-done` mark), the same for the tasks that end after the
    facade's SETUP (`setup_before_done_ms` before that mark: the page's marks other than
    ones made from the test do not reach the trace), and the CPU time of its dedicated
    workers (ms)."""
    events = json.loads(path.read_text(encoding="utf-8"))["traceEvents"]
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") ==
             "thread_name"}  # fmt: skip
    done = min((e["ts"] for e in events if e.get("name") == "bf-bench-done"), default=None)
    setup = None
    if done is not None and setup_before_done_ms is not None:
        setup = done - setup_before_done_ms * 1000
    workers = {k for k, v in names.items() if v == "DedicatedWorker thread"}
    pids = {pid for pid, _ in workers}
    main = {k for k, v in names.items() if v == "CrRendererMain" and k[0] in pids}
    wall = cpu = worker_cpu = loading_wall = loading_cpu = 0.0
    for e in events:
        key = (e.get("pid"), e.get("tid"))
        if e.get("ph") != "X" or e.get("name") not in TASKS:
            continue
        if key in main and (done is None or e["ts"] <= done):
            wall = max(wall, e.get("dur", 0) / 1000)
            cpu = max(cpu, e.get("tdur", 0) / 1000)
            if setup is not None and e["ts"] + e.get("dur", 0) > setup:
                loading_wall = max(loading_wall, e.get("dur", 0) / 1000)
                loading_cpu = max(loading_cpu, e.get("tdur", 0) / 1000)
        elif key in workers:
            worker_cpu += e.get("tdur", 0) / 1000
    return {"longest_task_wall_ms": wall, "longest_task_cpu_ms": cpu,
            "loading_task_wall_ms": loading_wall, "loading_task_cpu_ms": loading_cpu,
            "worker_cpu_ms": worker_cpu}  # fmt: skip


def _run_once(browser: Any, url: str, query: str, delay_ms: int, trace: bool) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(PROBE)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    trace_file = Path(tempfile.mkstemp(suffix=".json")[1])
    if trace:
        browser.start_tracing(page=page, path=str(trace_file), categories=TRACE_CATEGORIES)
    page.goto(url, wait_until="load")
    load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    page.locator("input.md-search__input").click()
    page.keyboard.type(query, delay=delay_ms)
    page.wait_for_function("window.__bench.firstResult !== null", timeout=120_000)
    page.wait_for_function("window.__bfSearchStatus && window.__bfSearchStatus.done",
                           timeout=180_000)  # fmt: skip
    page.wait_for_function("q => window.__bfSearchStatus.firstAnswer[q] !== undefined",
                           arg=query, timeout=60_000)  # fmt: skip
    done_at = page.evaluate("performance.mark('bf-bench-done').startTime")
    page.wait_for_timeout(300)  # let the observer deliver the last long tasks
    probe = page.evaluate("window.__bench")
    status = page.evaluate("window.__bfSearchStatus")
    results = page.locator(".md-search-result__item").count()
    page_marks = page.evaluate(
        "performance.getEntriesByName('bf-search-setup').map(e => e.startTime)"
    )
    traced = {}
    if trace:
        browser.stop_tracing()
        # When the facade got SETUP (its mark, else its own note), before `bf-bench-done`.
        noted = [at for what, at in status["events"] if what == "setup"]
        setup_at = (page_marks or noted or [None])[0]
        traced = trace_figures(trace_file, None if setup_at is None else done_at - setup_at)
    trace_file.unlink()
    context.close()
    keys = probe["keys"]
    origin = "/".join(url.split("/", 3)[:3]) + "/"  # http://host:port/
    full = status["firstAnswer"].get(query)
    typing = keys[-1] - keys[0] if keys else 0.0
    done = max(status["readyAt"]) if status["readyAt"] else None
    window = [(start, d) for start, d in probe["longtasks"] if done is None or start <= done]
    setup = next((at for what, at in status["events"] if what == "setup"), None)
    loading = [d for start, d in window if setup is not None and start + d > setup]
    before = [d for start, d in window if setup is None or start + d <= setup]
    return {
        "first_result_ms": probe["firstResult"] - load - typing,
        "full_query_ms": full - load - typing if full is not None else None,
        "after_last_key_ms": probe["firstResult"] - keys[-1] if keys else None,
        "all_shards_ms": (done - load) if done is not None else None,
        "longest_task_ms": max((d for _, d in window), default=0.0),
        "long_tasks": len(window),
        "loading_task_ms": max(loading, default=0.0),
        "page_task_ms": max(before, default=0.0),
        "shards": status["ready"],
        "failed": status["failed"],
        "documents": status["documents"],
        "results": results,
        "network": [u for u in requests if not u.startswith(("file:", "blob:", origin))],
        **traced,
    }


def measure(
    site: Path,
    *,
    page: str = "index.html",
    query: str | None = None,
    runs: int = 3,
    http: bool = False,
    delay_ms: int = 80,
    trace: bool = True,
) -> list[dict[str, Any]]:
    """`runs` fresh page loads, each in a new browser context; one dict of figures each."""
    from playwright.sync_api import sync_playwright

    query = query or default_query(site)
    path = CHROMIUM if shutil.which(CHROMIUM) else shutil.which("chromium")
    if not path:
        raise SystemExit("Chromium is missing: apt-get install chromium")
    found = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=ARGS)
        try:
            if http:
                with _server(site) as base:
                    for _ in range(runs):
                        found.append(_run_once(browser, base + page, query, delay_ms, trace))
            else:
                url = (site / page).resolve().as_uri()
                for _ in range(runs):
                    found.append(_run_once(browser, url, query, delay_ms, trace))
        finally:
            browser.close()
    for run in found:
        run["query"] = query
    return found


def summary(runs: list[dict[str, Any]], key: str) -> str:
    values = [r[key] for r in runs if r.get(key) is not None]
    if not values:
        return "n/a"
    return (f"{statistics.median(values):.0f} ms (min {min(values):.0f}, "
            f"max {max(values):.0f}, n={len(values)})")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--query")
    parser.add_argument("--page", default="index.html")
    parser.add_argument("--http", action="store_true", help="serve on 127.0.0.1, not file://")
    parser.add_argument("--json", action="store_true", help="print the runs as JSON")
    parser.add_argument("--no-trace", action="store_true", help="no Chromium trace")
    args = parser.parse_args(argv)
    sizes = index_size(args.site)
    before = os.getloadavg()[0]
    runs = measure(args.site, page=args.page, query=args.query, runs=args.runs, http=args.http,
                   trace=not args.no_trace)  # fmt: skip
    if args.json:
        print(json.dumps({"index": sizes, "runs": runs}, indent=2))
        return 0
    print(f"site: {args.site}  ({'http' if args.http else 'file'}://, query {runs[0]['query']!r})")
    print(f"machine: {os.cpu_count()} cores, load average {before:.1f} before and "
          f"{os.getloadavg()[0]:.1f} after the runs")  # fmt: skip
    print(f"index files: {sizes['total'] / 1e6:.1f} MB in {sizes['files']} files "
          f"(chunks {sizes['chunks'] / 1e6:.1f} MB); {runs[0]['documents']} documents, "
          f"{runs[0]['shards']} shards")  # fmt: skip
    print(f"first result (from load, less typing): {summary(runs, 'first_result_ms')}")
    print(f"first result (from the last keystroke): {summary(runs, 'after_last_key_ms')}")
    print(f"full query's results (as first result): {summary(runs, 'full_query_ms')}")
    print(f"all shards ready (from load):          {summary(runs, 'all_shards_ms')}")
    print(f"longest main-thread task while loading: {summary(runs, 'longest_task_ms')}")
    print(f"  of them, the page's own load (before SETUP): {summary(runs, 'page_task_ms')}")
    print(f"  of them, the index loading (after SETUP):    {summary(runs, 'loading_task_ms')}")
    print(f"long tasks (> 50 ms) while loading:    {[r['long_tasks'] for r in runs]}")
    if not args.no_trace:
        print(f"longest main-thread task, trace, wall:  {summary(runs, 'longest_task_wall_ms')}")
        print(f"longest main-thread task, trace, CPU:   {summary(runs, 'longest_task_cpu_ms')}")
        print(f"  index loading only, trace, wall / CPU: {summary(runs, 'loading_task_wall_ms')}"
              f" / {summary(runs, 'loading_task_cpu_ms')}")  # fmt: skip
        print(f"CPU time of the shards' workers:        {summary(runs, 'worker_cpu_ms')}")
    print(f"results shown: {[r['results'] for r in runs]}; failed shards: "
          f"{[r['failed'] for r in runs]}; network requests: "
          f"{sorted({u for r in runs for u in r['network']})}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
