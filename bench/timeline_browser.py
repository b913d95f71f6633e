#!/usr/bin/env python3
"""The global timeline in Chromium from file://: sizes, nodes, first paint, time to
interactive, and the cost of filtering and rendering the data entries.

Run on a built site: `.venv/bin/python bench/timeline_browser.py SITE_DIR [--runs 5]`, or
let it make and build one first: `.venv/bin/python bench/timeline_browser.py --make 10000`
(bench/run.py's synthetic briefings; the site is built with `use_directory_urls: false`
so that every page opens from disk; `--keep DIR` keeps it).

Prints, for the timeline page: its HTML bytes, the data files (count, bytes), the largest
HTML pages of the whole site; then, per run and as median [min–max] over the runs (the
machine may be shared, so the spread matters): DOM nodes, first contentful paint, the
filter ready (time to interactive: `performance.mark("bf-timeline-interactive")`), the
load event, the longest main-thread task while loading, the time a filter by one person
takes to count over every entry (HTML and data) and the longest task meanwhile, 200
screens of scrolling down (one a frame; older entries render as they come near) and its
longest task, and the time to render every remaining entry ("Show older entries" pressed
until none is left) and its longest task. Uses Debian's Chromium (/usr/bin/chromium)
through Playwright.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

#: Collects long tasks and paints from the very start of the page.
OBSERVE = """
window.__bfLong = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { window.__bfLong.push([e.startTime, e.duration]); }
  }).observe({ type: "longtask", buffered: true });
} catch (e) {}
"""


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.2f} MiB"


def sizes(site: Path) -> dict[str, object]:
    """Bytes of the timeline page, its data files and the site's largest HTML pages."""
    page = site / "timeline" / "index.html"
    data = sorted((site / "timeline" / "data").glob("*.js"))
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size, reverse=True)
    return {
        "timeline_html": page.stat().st_size,
        "data_files": len(data),
        "data_bytes": sum(p.stat().st_size for p in data),
        "largest_data_file": max((p.stat().st_size for p in data), default=0),
        "largest_pages": [(p.relative_to(site).as_posix(), p.stat().st_size) for p in pages[:5]],
        "pages_over_1mb": sum(1 for p in pages if p.stat().st_size > 1024 * 1024),
    }


def one_run(page: Page, url: str, person: str | None) -> dict[str, float]:
    """One cold load of the timeline page; times in ms from navigation start."""
    page.goto(url, wait_until="load")
    page.wait_for_selector("form[data-bf-filter][data-bf-interactive]", state="attached")
    page.wait_for_timeout(300)  # let late long tasks be reported
    found = page.evaluate(
        """() => {
          const paint = performance.getEntriesByName("first-contentful-paint")[0];
          const ready = performance.getEntriesByName("bf-timeline-interactive")[0];
          const nav = performance.getEntriesByType("navigation")[0];
          const long = window.__bfLong.filter(t => t[0] < (ready ? ready.startTime : 1e9) + 50);
          return {
            nodes: document.getElementsByTagName("*").length,
            entries: document.querySelectorAll("li.bf-entry").length,
            first_paint: paint ? paint.startTime : NaN,
            interactive: ready ? ready.startTime : NaN,
            load: nav ? nav.loadEventEnd : NaN,
            longest_task_loading: long.reduce((m, t) => Math.max(m, t[1]), 0),
          };
        }"""
    )
    if person:
        t0 = page.evaluate("performance.now()")
        start = time.perf_counter()
        page.select_option("select[name=entity]", person)
        page.wait_for_function(
            "/^\\d+ shown$/.test(document.querySelector('.bf-filter__count').textContent)",
            polling=5,
        )
        found["filter_all_ms"] = (time.perf_counter() - start) * 1000
        found["filter_shown"] = int(page.locator(".bf-filter__count").inner_text().split()[0])
        found["longest_task_filter"] = page.evaluate(
            f"window.__bfLong.filter(t => t[0] > {t0}).reduce((m, t) => Math.max(m, t[1]), 0)"
        )
        page.select_option("select[name=entity]", "")
    t0 = page.evaluate("performance.now()")
    found["scroll_200_screens_ms"] = page.evaluate(
        """async () => {
          const start = performance.now();
          for (let i = 0; i < 200; i++) {
            window.scrollBy(0, window.innerHeight);
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          }
          return performance.now() - start;
        }"""
    )
    found["longest_task_scrolling"] = page.evaluate(
        f"window.__bfLong.filter(t => t[0] > {t0}).reduce((m, t) => Math.max(m, t[1]), 0)"
    )
    t0 = page.evaluate("performance.now()")
    found["render_all_ms"] = page.evaluate(
        """async () => {
          const start = performance.now();
          const more = document.querySelector("[data-bf-show-older]");
          while (more && document.querySelector("[data-bf-more]:not([data-bf-done])")) {
            more.click();
            await new Promise((r) => setTimeout(r, 0));
          }
          return performance.now() - start;
        }"""
    )
    found["longest_task_rendering"] = page.evaluate(
        f"window.__bfLong.filter(t => t[0] > {t0}).reduce((m, t) => Math.max(m, t[1]), 0)"
    )
    found["entries_rendered"] = page.locator("li.bf-entry").count()
    return found


def browser_figures(site: Path, runs: int) -> list[dict[str, float]]:
    url = (site / "timeline" / "index.html").as_uri()
    text = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    start = text.index('class="bf-filter-data">') + len('class="bf-filter-data">')
    choices = json.loads(text[start : text.index("</script>", start)])
    people = [e[0] for e in choices["entities"] if e[0].startswith("people/")]
    person = people[len(people) // 2] if people else None
    results = []
    with sync_playwright() as p:
        exe = CHROMIUM if shutil.which(CHROMIUM) else shutil.which("chromium")
        browser = p.chromium.launch(executable_path=exe, args=ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                page.add_init_script(OBSERVE)
                results.append(one_run(page, url, person))
                context.close()
        finally:
            browser.close()
    return results


def make_and_build(count: int, dest: Path) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import make_site  # type: ignore[import-not-found]

    make_site(dest, count)
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    args = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-q",
        "-f",
        str(config),
        "-d",
        str(dest / "site"),
    ]
    start = time.perf_counter()
    subprocess.run(args, check=True, env=env)
    print(f"built {count} briefings in {time.perf_counter() - start:.1f} s")
    return dest / "site"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", type=Path, help="a built site folder")
    parser.add_argument("--make", type=int, help="make and build a site of N briefings first")
    parser.add_argument("--keep", type=Path, help="where to keep the made site")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.make:
        dest = args.keep or Path(tempfile.mkdtemp(prefix="bf-timeline-"))
        dest.mkdir(parents=True, exist_ok=True)
        site = make_and_build(args.make, dest)
    elif args.site:
        site = args.site.resolve()
    else:
        parser.error("give a built site folder or --make N")
    found = sizes(site)
    print(f"timeline page: {kib(found['timeline_html'])}; data: {found['data_files']} files, "
          f"{kib(found['data_bytes'])} (largest {kib(found['largest_data_file'])})")  # fmt: skip
    print(f"pages over 1 MiB: {found['pages_over_1mb']}; largest:")
    for path, size in found["largest_pages"]:
        print(f"  {kib(size):>12}  {path}")
    results = browser_figures(site, args.runs)
    keys = list(results[0])
    print(f"\n{'figure':<24} " + " ".join(f"{'run ' + str(i + 1):>9}" for i in range(len(results)))
          + "   median [min–max]")  # fmt: skip
    for key in keys:
        values = [r[key] for r in results]
        line = " ".join(f"{v:>9.0f}" for v in values)
        print(f"{key:<24} {line}   {statistics.median(values):.0f} "
              f"[{min(values):.0f}–{max(values):.0f}]")  # fmt: skip
    if args.make and not args.keep:
        shutil.rmtree(site.parent)


if __name__ == "__main__":
    main()
