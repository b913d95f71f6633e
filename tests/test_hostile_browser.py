"""Nothing from a pull request runs script in a reader's browser (real Chromium).

The building hostile corpus is built online (served over HTTP) and as the offline edition
(opened from disk). Every generated page type is opened, a query matching every payload is
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

#: One page of every type the site has (directory URLs; `.html` names offline).
PAGES = [
    "index", "notes/index", "briefings/2022-01-02-hostile-fields/index",
    "briefings/hostile-file-name/index", "stories/index", "stories/hostile-story/index",
    "people/index", "people/hostile-person/index", "places/index", "timeline/index",
    "archive/index", "tags/index", "tags/zqxhostile-tag-one-title-script-window-pwned-5-script/index",
    "tags/zqxhostile-tag-two-img-src-x-data-pwned-onerror-window-pwned-6/index",
    "corrections/index", "404",
]  # fmt: skip
OFFLINE_NAMES = {
    "notes/index": "notes", "briefings/2022-01-02-hostile-fields/index":
    "briefings/2022-01-02-hostile-fields", "briefings/hostile-file-name/index":
    "briefings/hostile-file-name", "stories/hostile-story/index": "stories/hostile-story",
    "people/hostile-person/index": "people/hostile-person",
    "tags/zqxhostile-tag-one-title-script-window-pwned-5-script/index":
    "tags/zqxhostile-tag-one-title-script-window-pwned-5-script",
    "tags/zqxhostile-tag-two-img-src-x-data-pwned-onerror-window-pwned-6/index":
    "tags/zqxhostile-tag-two-img-src-x-data-pwned-onerror-window-pwned-6",
}  # fmt: skip
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
def online(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hostile site built for a server, served on localhost; yields its base URL."""
    site = copy_hostile_site(tmp_path_factory.mktemp("hostile-online"))
    build(site, strict=False)
    handler = functools.partial(_QuietHandler, directory=str(site / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
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


def _url(base: str, name: str, offline: bool) -> str:
    if offline:
        return f"{base}{OFFLINE_NAMES.get(name, name)}.html"
    return base + (name.removesuffix("index") if name != "404" else "404.html")


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


def _visit_all(base: str, *, offline: bool) -> dict[str, object]:
    found: dict[str, object] = {}
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        for name in PAGES:
            page.goto(_url(base, name, offline))
            _settle(page)
            state = page.evaluate(PROBE)
            if state != CLEAN:
                found[name] = state
        for name in ("index", "briefings/hostile-file-name/index"):
            page.goto(_url(base, name, offline))
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


def test_hostile_site_online_runs_no_payload(online: str) -> None:
    assert _visit_all(online, offline=False) == {}


def test_hostile_offline_edition_runs_no_payload(offline: Path) -> None:
    assert _visit_all(offline.as_uri() + "/", offline=True) == {}
