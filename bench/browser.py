"""Browser figures of a built site opened from disk (`file://`) in Debian's Chromium.

They rely only on what a reader sees, not on how the site implements it, so they keep
working when the search client or the timeline change:

- `search_figures`: open the home page, type a query into Material's search box
  (`input.md-search__input`) right after the load event, and wait for the first
  `.md-search-result__item`. Reports the longest main-thread task (a `longtask`
  PerformanceObserver installed before any script runs) up to that first result, and when
  the result showed, in ms after the load event.
- `page_figures`: open one page (e.g. the timeline) and report first paint, first
  contentful paint, the load event, DOM nodes at load, and the bytes of the HTML and of
  every file the page requested (files under `assets/` counted apart).

All times are milliseconds measured by the page's own `performance.now()` clock.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}

OBSERVE = """
window.__bench = {longtasks: [], firstResult: null, typed: null};
document.addEventListener('input', event => {
  if (window.__bench.typed === null && event.target.matches
      && event.target.matches('.md-search__input')) {
    window.__bench.typed = performance.now();
  }
}, true);
try {
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.__bench.longtasks.push([e.startTime, e.duration]);
  }).observe({type: 'longtask', buffered: true});
} catch (e) { window.__bench.noLongtask = String(e); }
new MutationObserver(() => {
  if (window.__bench.firstResult === null
      && document.querySelector('.md-search-result__item')) {
    window.__bench.firstResult = performance.now();
  }
}).observe(document, {childList: true, subtree: true});
"""
PAINTS = "performance.getEntriesByType('paint').map(e => ({name: e.name, startTime: e.startTime}))"
LOAD_END = "performance.getEntriesByType('navigation')[0].loadEventEnd"


@contextmanager
def chromium(executable: str = CHROMIUM) -> Any:
    """A headless Chromium (Debian's, never a downloaded build)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _wait_load(page: Any, timeout_ms: float) -> float:
    page.wait_for_function(f"{LOAD_END} > 0", timeout=timeout_ms)
    return float(page.evaluate(LOAD_END))


def search_figures(browser: Any, home: Path, query: str, timeout_s: float = 180) -> dict:
    """Search from `home` (an index.html on disk): type `query` at the load event.

    Returns `load_ms` (load event), `typed_ms` (the query's input event, after load),
    `first_result_ms` (first result shown, after load), `longest_task_ms` and `long_tasks`
    (count and sum, main thread, up to the first result), `results` (items shown) and
    `first_result_text`.
    Raises TimeoutError when no result shows within `timeout_s`.
    """
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(OBSERVE)
        page = context.new_page()
        page.goto(home.resolve().as_uri(), wait_until="load", timeout=timeout_s * 1000)
        load = _wait_load(page, timeout_s * 1000)
        # One input event with the whole query, as a paste: typing key by key through
        # the driver would add its own round trips to the figure.
        page.locator("input.md-search__input").fill(query)
        try:
            page.wait_for_function(
                "window.__bench.firstResult !== null", timeout=timeout_s * 1000, polling=50
            )
        except Exception as exc:  # playwright's TimeoutError
            raise TimeoutError(f"no search result for {query!r} in {timeout_s} s") from exc
        bench = page.evaluate("window.__bench")
        first = float(bench["firstResult"])
        typed = float(bench["typed"])  # the input event, by the page's clock
        tasks = [d for start, d in bench["longtasks"] if start <= first]
        items = page.locator(".md-search-result__item")
        return {
            "query": query,
            "load_ms": load,
            "typed_ms": typed - load,
            "first_result_ms": first - load,
            "longest_task_ms": max(tasks, default=0.0),
            "long_tasks": len(tasks),
            "long_tasks_ms": sum(tasks),
            "results": items.count(),
            "first_result_text": " ".join(items.first.inner_text().split())[:160],
            "longtask_observer": "noLongtask" not in bench,
        }
    finally:
        context.close()


def _resource_bytes(urls: list[str], site: Path) -> dict[str, int]:
    """Bytes of the file:// URLs inside `site`, by top-level folder ("." for files at the
    top)."""
    found: dict[str, int] = {}
    root = site.resolve()
    for url in dict.fromkeys(urls):
        parts = urlsplit(url)
        if parts.scheme != "file":
            continue
        path = Path(unquote(parts.path))
        if not path.is_file() or root not in path.resolve().parents:
            continue
        parts = path.resolve().relative_to(root).parts
        folder = parts[0] if len(parts) > 1 else "."
        found[folder] = found.get(folder, 0) + path.stat().st_size
    return found


def _requests(browser: Any, page_file: Path, settle_s: float, timeout_s: float) -> list[str]:
    """Every URL `page_file` requests in its first `settle_s` seconds after load."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(page_file.resolve().as_uri(), wait_until="load", timeout=timeout_s * 1000)
        time.sleep(settle_s)
        return requested
    finally:
        context.close()


def page_figures(
    browser: Any,
    page_file: Path,
    site: Path,
    baseline: Path | None = None,
    settle_s: float = 2.0,
    timeout_s: float = 120,
) -> dict:
    """Open `page_file` (inside the built `site`) from disk.

    Returns `html_bytes`, `first_paint_ms`, `first_contentful_paint_ms`, `load_ms`,
    `dom_nodes` (at load), `dom_nodes_settled` (after `settle_s` more seconds: progressive
    rendering), `requests` (files requested), `own_bytes` (files this page loads that the
    `baseline` page, e.g. the home page, does not: its data scripts; without a baseline,
    everything outside assets/), `shared_bytes` (the rest: theme, plugin assets, search
    index), `own_files` and `own_by_folder`.
    """
    shared = set(_requests(browser, baseline, settle_s, timeout_s)) if baseline else set()
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(page_file.resolve().as_uri(), wait_until="load", timeout=timeout_s * 1000)
        load = _wait_load(page, timeout_s * 1000)
        nodes = page.evaluate("document.getElementsByTagName('*').length")
        paints = {e["name"]: e["startTime"] for e in page.evaluate(PAINTS)}
        time.sleep(settle_s)
        settled = page.evaluate("document.getElementsByTagName('*').length")
        page_url = page_file.resolve().as_uri()
        urls = [u for u in dict.fromkeys(requested) if u != page_url]
        if baseline is None:
            loaded = _resource_bytes(urls, site)
            own = {k: v for k, v in loaded.items() if k != "assets"}
            rest = loaded.get("assets", 0)
        else:
            own = _resource_bytes([u for u in urls if u not in shared], site)
            rest = sum(_resource_bytes([u for u in urls if u in shared], site).values())
        return {
            "html_bytes": page_file.stat().st_size,
            "first_paint_ms": paints.get("first-paint"),
            "first_contentful_paint_ms": paints.get("first-contentful-paint"),
            "load_ms": load,
            "dom_nodes": nodes,
            "dom_nodes_settled": settled,
            "requests": len(urls),
            "own_files": len([u for u in urls if u not in shared]) if baseline else None,
            "own_bytes": sum(own.values()),
            "own_by_folder": own,
            "shared_bytes": rest,
        }
    finally:
        context.close()
