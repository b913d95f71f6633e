"""Search in real Chromium: from file:// (the offline edition) and over http on 127.0.0.1.

Material's own search interface types, queries and renders; the index and the worker
facade are the plugin's. Each check runs on both the offline and the online build.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from playwright.sync_api import Page

from .browser import chromium
from .helpers import build, engine, engine_env, engine_python
from .sites import NUCLEAR_TITLE, SEED_SLUG, SEED_TITLE, briefing, write_site
from .test_search import plugins

pytestmark = [pytest.mark.build, pytest.mark.browser]

HOSTILE_TITLE = "<img src=x onerror=alert(1)> Hostilename <b>bold</b>"
HOSTILE = briefing(
    HOSTILE_TITLE, "2022-06-26", "Body.", summary="<script>alert(2)</script> Hostile summary.",
    tags=["<img src=y onerror=alert(3)>"],
)  # fmt: skip


# Names holding `&`, `<` or `>`: the index holds them HTML-escaped, as Material's does.
SYMBOLS = briefing(
    "Quorvex & Sons and ZQ&T sign a pact", "2022-06-27", "Body.",
    summary="The Xylo<Tri> consortium joins.", tags=["r&d"],
)  # fmt: skip


def _site(root: Path, *, offline: bool) -> Path:
    briefings = {"2022-06-26-hostile.md": HOSTILE, "2022-06-27-symbols.md": SYMBOLS}
    site = write_site(root, briefings=briefings)
    build(site, env={"OFFLINE": "true"} if offline else {}, strict=False)
    return site / "site"


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory.mktemp("search-offline"), offline=True)


@pytest.fixture(scope="module")
def online_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory.mktemp("search-online"), offline=False)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(online_site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=online_site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(params=["file", "http"])
def home(request: pytest.FixtureRequest) -> str:
    """The home page's address, from disk or from the server."""
    if request.param == "file":
        return (request.getfixturevalue("offline_site") / "index.html").as_uri()
    return request.getfixturevalue("served")


def _search(page: Page, query: str) -> list[dict[str, str]]:
    """Type `query` into Material's search box; the results as {href, title, text}."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    page.keyboard.type(query)  # keystrokes: Material searches on keyup
    # Every shard is built and has answered this query (the facade's progress report).
    page.wait_for_function(
        """q => { const s = window.__bfSearchStatus;
                  return s && s.done && s.answered && s.answered.query === q
                         && s.answered.shards === s.ready; }""",
        arg=query,
        timeout=60_000,
    )
    return page.eval_on_selector_all(
        ".md-search-result__item > a",
        """els => els.map(a => ({href: a.getAttribute('href'),
                                 title: a.querySelector('h1, h2').textContent,
                                 text: a.textContent}))""",
    )


def _hrefs(results: list[dict[str, str]]) -> list[str]:
    return [r["href"].split("?")[0] for r in results]


def _seed(home: str) -> str:
    return f"briefings/{SEED_SLUG}{'.html' if home.startswith('file:') else '/'}"


def test_finds_briefings_by_title_alias_and_tag_and_shows_the_date(home: str) -> None:
    seed = _seed(home)
    with chromium() as browser:
        page = browser.new_page()
        page.goto(home)
        by_title = _search(page, "deliver")
        assert any(h.endswith(seed) for h in _hrefs(by_title))
        hit = next(r for r in by_title if r["href"].split("?")[0].endswith(seed))
        assert hit["title"] == SEED_TITLE
        assert f"25 June 2022 · {NUCLEAR_TITLE}" in hit["text"]  # the date
        # Matched by a word of its summary, the result still shows its date.
        by_summary = _search(page, "supply")
        hit = next(r for r in by_summary if r["href"].split("?")[0].endswith(seed))
        assert f"25 June 2022 · {NUCLEAR_TITLE}" in hit["text"], hit
        # "Lukashenka" is an alias: the briefing says "Lukashenko" (and names him).
        by_alias = _hrefs(_search(page, "Lukashenka"))
        assert any(h.endswith(seed) for h in by_alias)
        assert any("people/alexander-lukashenko" in h for h in by_alias)
        # "food" is in one briefing only as a tag ("food-security").
        by_tag = _search(page, "food")
        assert any("2022-07-22-black-sea-grain-initiative" in h for h in _hrefs(by_tag))
        tagged = next(r for r in by_tag if "black-sea-grain-initiative" in r["href"])
        assert "food-security" in tagged["text"]  # tags show as chips


def test_words_holding_an_ampersand_or_angle_brackets_are_found(home: str) -> None:
    symbols = "briefings/2022-06-27-symbols"
    with chromium() as browser:
        page = browser.new_page()
        page.goto(home)
        for query in ("ZQ&T", "zq&t", "ZQ&", "Xylo<Tri>", "r&d", "Quorvex & Sons"):
            found = _search(page, query)
            assert any(symbols in h for h in _hrefs(found)), (query, found)
        hit = next(r for r in _search(page, "ZQ&T") if symbols in r["href"])
        assert hit["title"] == "Quorvex & Sons and ZQ&T sign a pact"  # shown as text
        assert _search(page, "ZQ&X") == []
        # The result link asks the page to mark the words as typed, and it does.
        assert parse_qs(urlsplit(hit["href"]).query)["h"] == ["zq&t"], hit["href"]
        page.goto(hit["href"] if home.startswith("file:") else urljoin(home, hit["href"]))
        page.wait_for_selector("article mark")
        assert "ZQ&T" in page.eval_on_selector_all("mark", "els => els.map(e => e.textContent)")


def test_an_empty_result_says_so(home: str) -> None:
    with chromium() as browser:
        page = browser.new_page()
        page.goto(home)
        assert _search(page, "zzqxvnothing") == []
        meta = page.locator(".md-search-result__meta").inner_text()
        assert meta == "No matching documents"


def test_hostile_values_show_as_text(home: str) -> None:
    dialogs: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(home)
        results = _search(page, "Hostilename")
        hit = next(r for r in results if "2022-06-26-hostile" in r["href"])
        assert hit["title"] == HOSTILE_TITLE
        assert "<script>alert(2)</script> Hostile summary." in hit["text"]
        assert "<img src=y onerror=alert(3)>" in hit["text"]
        injected = page.eval_on_selector_all(
            ".md-search-result img, .md-search-result script, .md-search-result b",
            "els => els.length",
        )
        assert injected == 0
    assert dialogs == []


def test_no_network_request_from_file_url(offline_site: Path) -> None:
    requests: list[str] = []
    errors: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((offline_site / "index.html").as_uri())
        assert _search(page, "Iskander")
    assert [u for u in requests if "search_index." in u]  # the chunks were loaded
    # blob: addresses are the shards' workers, made in the page: no request leaves it.
    assert [u for u in requests if not u.startswith(("file://", "blob:"))] == []
    assert errors == []


# A build with chunks of a few kB, so that the index is many shards.
_SMALL_CHUNKS = """
import importlib, sys
engine, config_file, site_dir = sys.argv[1:4]
if engine == "properdocs":
    import properdocs.replacement
import briefings.site.search
briefings.site.search.CHUNK_BYTES = 2500
config = importlib.import_module(engine + ".config").load_config(
    config_file=config_file, site_dir=site_dir)
importlib.import_module(engine + ".commands.build").build(config)
"""


def test_many_shards_answer_like_one(tmp_path: Path) -> None:
    """With chunks of a few kB the index is many shards: merged results equal one index's."""
    one = _site(tmp_path / "one", offline=True)
    site = write_site(tmp_path / "many", briefings={"2022-06-26-hostile.md": HOSTILE})
    args = [engine_python(), "-c", _SMALL_CHUNKS, engine(), str(site / "mkdocs.yml"),
            str(site / "site")]  # fmt: skip
    subprocess.run(args, check=True, capture_output=True, env=engine_env({"OFFLINE": "true"}))
    many = site / "site"
    chunks = len(list((many / "search").glob("search_index.*.js")))
    assert chunks >= 5
    found = {}
    with chromium() as browser:
        for name, folder in (("one", one), ("many", many)):
            page = browser.new_page()
            page.goto((folder / "index.html").as_uri())
            base = folder.as_uri() + "/"
            found[name] = {
                q: sorted(h.removeprefix(base) for h in _hrefs(_search(page, q)))
                for q in ("Lukashenka", "grain", "Hostilename")
            }
            status = page.evaluate("window.__bfSearchStatus")
            assert status["ready"] == status["chunks"] == (1 if name == "one" else chunks)
            assert _search(page, "zzqxvnothing") == []
            assert page.locator(".md-search-result__meta").inner_text() == "No matching documents"
            page.close()
    assert found["many"] == found["one"]
    assert all(found["one"].values())


GERMAN = briefing(
    "Hochwasser an der Oder", "2022-06-27", "Text.", summary="Die Häuser am Fluss wurden zerstört."
)


def test_language_support_stays_materials(tmp_path: Path) -> None:
    """`lang: [en, de]` with stemming: the worker loads lunr's German stemmer from the
    embedded scripts (Material's English default pipeline has no stemmer)."""
    search = {"search": {"lang": ["en", "de"], "pipeline": ["stopWordFilter", "stemmer"]}}
    site = write_site(tmp_path, briefings={"2022-06-27-hochwasser.md": GERMAN},
                      config={"plugins": plugins(search)})  # fmt: skip
    build(site, env={"OFFLINE": "true"})
    errors: list[str] = []
    with chromium() as browser:
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "warning" else None)
        page.goto((site / "site" / "index.html").as_uri())
        # "Haus" finds "Häuser" only through the German stemmer (both stem to "haus").
        assert any("2022-06-27-hochwasser" in h for h in _hrefs(_search(page, "Haus")))
        assert any(SEED_SLUG in h for h in _hrefs(_search(page, "Moscow")))
    assert errors == []
