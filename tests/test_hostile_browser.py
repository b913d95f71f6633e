"""Nothing from a pull request runs script in a reader's browser (real Chromium).

The building hostile corpus is built online (served over HTTP) and as the offline edition
(opened from disk). Every page (so every page type) is opened, a query matching every payload is
typed into search and a result is followed; no dialog may open, no payload may set
`window.pwned`, no element marked `data-pwned` may exist and no script error may occur
(a clobbered `#__config` breaks Material's scripts).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from .browser import chromium
from .helpers import build
from .hostile_corpus import TOKEN, copy_hostile_site

pytestmark = [pytest.mark.build, pytest.mark.browser]

PROBE = """() => ({
  pwned: typeof window.pwned === "undefined" ? null : String(window.pwned),
  marked: document.querySelectorAll("[data-pwned]").length,
  handlers: [...document.querySelectorAll("*")].flatMap(e => [...e.attributes]
    .filter(a => a.name.startsWith("on")).map(a => e.tagName + " " + a.name)),
  iframes: document.querySelectorAll(  // the offline search shim adds its own to <body>
    ":is(.md-header, .md-container) :is(iframe, object, embed)").length,
})"""
CLEAN = {"pwned": None, "marked": 0, "handlers": [], "iframes": 0}


@pytest.fixture(scope="module")
def online(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    """The hostile site built for a server, served on localhost: its base URL, its pages."""
    site = copy_hostile_site(tmp_path_factory.mktemp("hostile-online"))
    build(site, strict=False)
    handler = functools.partial(_QuietHandler, directory=str(site / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        yield base, _pages(site / "site", offline=False)
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile site's offline edition (`OFFLINE=true`), to be opened from disk."""
    site = copy_hostile_site(tmp_path_factory.mktemp("hostile-offline"))
    build(site, strict=False, env={"OFFLINE": "true"})
    return site / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _pages(site: Path, *, offline: bool) -> list[str]:
    """Every page of the build (all page types), as URLs relative to the site's root."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) >= 15
    if offline:
        return pages
    return [p.removesuffix("index.html") for p in pages]  # directory URLs, as served


def _settle(page: Page) -> None:
    """Let images fail and handlers run (an `onerror` fires after load)."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(150)


def _search(page: Page) -> list[str]:
    """Type the query every payload matches; return the result titles as shown."""
    page.locator("input.md-search__input").click()
    page.keyboard.type(TOKEN)  # keystrokes: Material searches on key events
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=20000)
    titles = page.locator(".md-search-result__item h1, .md-search-result__item h2")
    texts = [t.inner_text() for t in titles.all()]
    _settle(page)
    return texts


def _visit_all(base: str, pages: list[str]) -> dict[str, object]:
    found: dict[str, object] = {}
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        for name in pages:
            page.goto(base + name)
            _settle(page)
            state = page.evaluate(PROBE)
            if state != CLEAN:
                found[name] = state
        searched = [p for p in pages if p in ("", "index.html") or "hostile-file-name" in p]
        assert len(searched) == 2
        for name in searched:
            page.goto(base + name)
            if not page.locator("input.md-search__input").count():  # a broken page
                found[f"no search box on {name}"] = page.content()[:300]
                continue
            titles = _search(page)
            if not any("</title><script>" in t for t in titles):  # text, not markup
                found[f"search titles on {name}"] = titles
            state = page.evaluate(PROBE)
            if state != CLEAN:
                found[f"search on {name}"] = state
            with page.expect_navigation():
                page.locator(".md-search-result__item a").first.click()
            _settle(page)
            state = page.evaluate(PROBE)
            if state != CLEAN:
                found[f"search result from {name}"] = state
        if dialogs:
            found["dialogs"] = dialogs
        if errors:
            found["script errors"] = errors
    return found


def test_hostile_site_online_runs_no_payload(online: tuple[str, list[str]]) -> None:
    base, pages = online
    assert _visit_all(base, pages) == {}


def test_hostile_offline_edition_runs_no_payload(offline: Path) -> None:
    assert _visit_all(offline.as_uri() + "/", _pages(offline, offline=True)) == {}
