"""Paginated listings, built for real: their own URLs, prev/next links, "page N of M",
online and offline; and canonical addresses that stay the online ones offline."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import etree

from briefings.site.search import read_index

from .helpers import build, parse, text_of
from .small_site import SITE_URL, write_site

pytestmark = pytest.mark.build

COUNT = 5  # briefings, newest first: 4, 3, 2, 1, 0
SIZE = 2  # per page: three pages
LISTINGS = ["archive", "stories/talks", "people/ada-smith", "places/riverton",
            "tags/border-talks", "corrections"]  # fmt: skip
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def online(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("paged"), COUNT, options={"pagination_size": SIZE})
    build(site)
    return site / "site"


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("paged-offline"), COUNT,
                      options={"pagination_size": SIZE})  # fmt: skip
    build(site, env={"OFFLINE": "true"})
    return site / "site"


def _page_file(out: Path, listing: str, number: int, directory_urls: bool) -> Path:
    if number == 1:
        return out / listing / "index.html" if directory_urls else _listing_file(out, listing)
    if directory_urls:
        return out / listing / "page" / str(number) / "index.html"
    return out / listing / "page" / f"{number}.html"


def _listing_file(out: Path, listing: str) -> Path:
    section = "/" not in listing
    return out / listing / "index.html" if section else out / f"{listing}.html"


def _rel(page: Path, rel: str) -> Path | None:
    found = parse(page).cssselect(f'article a[rel="{rel}"]')
    if not found:
        return None
    assert len(found) == 1
    target = (page.parent / found[0].get("href")).resolve()
    return target / "index.html" if target.is_dir() else target


@pytest.mark.parametrize("directory_urls", [True, False], ids=["online", "offline"])
@pytest.mark.parametrize("listing", LISTINGS)
def test_listings_paginate_with_prev_and_next(
    online: Path, offline: Path, listing: str, directory_urls: bool
) -> None:
    out = online if directory_urls else offline
    pages = [_page_file(out, listing, n, directory_urls) for n in (1, 2, 3)]
    assert all(p.is_file() for p in pages), pages
    assert not _page_file(out, listing, 4, directory_urls).exists()
    assert _rel(pages[0], "prev") is None
    assert _rel(pages[0], "next") == pages[1].resolve()
    assert _rel(pages[1], "prev") == pages[0].resolve()
    assert _rel(pages[1], "next") == pages[2].resolve()
    assert _rel(pages[2], "prev") == pages[1].resolve()
    assert _rel(pages[2], "next") is None
    for number, page in enumerate(pages, start=1):
        assert text_of(parse(page).cssselect(".bf-pager__label")[0]) == f"Page {number} of 3"


@pytest.mark.parametrize(
    "listing", ["archive", "stories/talks", "people/ada-smith", "tags/border-talks"]
)
def test_pages_split_the_listing_newest_first(online: Path, listing: str) -> None:
    titles = []
    for number in (1, 2, 3):
        page = parse(_page_file(online, listing, number, True))
        shown = [text_of(a) for a in page.cssselect("article .bf-list a.bf-item__title")]
        assert 0 < len(shown) <= SIZE
        titles += shown
    assert titles == [f"Briefing number {i}" for i in reversed(range(COUNT))]


def test_a_storys_timeline_is_paginated_with_its_briefings(online: Path) -> None:
    seen = []
    for number in (1, 2, 3):
        page = parse(_page_file(online, "stories/talks", number, True))
        entries = page.cssselect("#bf-timeline li.bf-entry")
        assert len(entries) <= SIZE  # a briefing, its own same-day event merged in
        seen += [text_of(e.cssselect(".bf-entry__title")[0]) for e in entries]
        seen += [t for e in page.cssselect("#bf-timeline .bf-entry__event") if (t := text_of(e))]
    expected = {f"Briefing number {i}" for i in range(COUNT)}
    expected |= {f"Event of briefing {i}" for i in range(COUNT)}
    assert sorted(seen) == sorted(expected)


def test_the_briefing_page_links_the_story_page_holding_its_entry(online: Path) -> None:
    page = online / "briefings" / "2022-01-01-briefing-0" / "index.html"  # the oldest
    link = parse(page).cssselect("#bf-story-timeline p a")[0].get("href")
    assert link.endswith("#bf-timeline")
    target = (page.parent / link.split("#")[0]).resolve() / "index.html"
    assert target == _page_file(online, "stories/talks", 3, True).resolve()
    assert "Briefing number 0" in text_of(parse(target).cssselect("#bf-timeline")[0])


def test_further_pages_are_left_out_of_search_and_named_in_the_title(online: Path) -> None:
    locations = {d["location"].split("#")[0] for d in read_index(online)[1]}
    assert "people/ada-smith/" in locations
    assert not [loc for loc in locations if "/page/" in loc]
    page = parse(_page_file(online, "people/ada-smith", 2, True))
    assert page.cssselect("title")[0].text.startswith("Ada Smith, page 2 of 3")


def _canonical(page: Path) -> tuple[str, str]:
    root = parse(page)
    canonical = root.cssselect("head link[rel=canonical]")[0].get("href")
    og_url = root.cssselect('head meta[property="og:url"]')[0].get("content")
    return canonical, og_url


@pytest.mark.parametrize(
    ("online_path", "offline_path", "address"),
    [
        ("index.html", "index.html", ""),
        ("briefings/2022-01-02-briefing-1/index.html", "briefings/2022-01-02-briefing-1.html",
         "briefings/2022-01-02-briefing-1/"),
        ("stories/talks/index.html", "stories/talks.html", "stories/talks/"),
        ("stories/talks/page/2/index.html", "stories/talks/page/2.html", "stories/talks/page/2/"),
        ("archive/index.html", "archive/index.html", "archive/"),
        ("stories/talks/feed/index.html", "stories/talks/feed.html", "stories/talks/feed/"),
    ],
)  # fmt: skip
def test_canonical_addresses_are_the_online_ones_in_both_editions(
    online: Path, offline: Path, online_path: str, offline_path: str, address: str
) -> None:
    expected = SITE_URL + address
    assert _canonical(online / online_path) == (expected, expected)
    assert _canonical(offline / offline_path) == (expected, expected)


def _sitemap(out: Path) -> set[str]:
    tree = etree.parse(str(out / "sitemap.xml"))
    return {loc.text or "" for loc in tree.iter(f"{SITEMAP}loc")}


def test_the_offline_sitemap_lists_the_online_addresses(online: Path, offline: Path) -> None:
    listed = _sitemap(online)
    assert _sitemap(offline) == listed
    pages = {
        p.relative_to(online).as_posix().removesuffix("index.html")
        for p in online.rglob("*.html")
        if p.name != "404.html" and "assets" not in p.parts
    }
    assert listed == {urljoin(SITE_URL, p) for p in pages}
    assert f"{SITE_URL}people/ada-smith/page/3/" in listed


# -- a stretch of time holding more entries than a page may -----------------------------------
HISTORY = 8  # events of briefing 0, years before any briefing: 1997, 1996, …, 1990


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("history"), COUNT,
                      options={"pagination_size": SIZE, "timeline_page_entries": 3})  # fmt: skip
    oldest = site / "briefings" / "2022-01-01-briefing-0.md"
    history = "".join(
        f"  - date: {1997 - k}-06-01\n    title: History {1997 - k}\n" for k in range(HISTORY)
    )
    text = oldest.read_text(encoding="utf-8")
    oldest.write_text(text.replace("events:\n", "events:\n" + history, 1), encoding="utf-8")
    build(site)
    return site / "site"


@pytest.mark.parametrize("listing", ["stories/talks", "people/ada-smith"])
def test_a_long_stretch_of_time_goes_on_over_further_pages(
    long_history: Path, listing: str
) -> None:
    """5 briefings, 2 per page, and 8 events older than all of them, 3 entries per page
    at most: the briefings' 3 pages, then the oldest stretch over 2 more pages that list
    no briefing; every entry once, newest first, each page linked to the next."""
    count = 5
    pages = [_page_file(long_history, listing, n, True) for n in range(1, count + 1)]
    assert all(p.is_file() for p in pages), pages
    assert not _page_file(long_history, listing, count + 1, True).exists()
    titles, listed = [], []
    for number, page in enumerate(pages, start=1):
        tree = parse(page)
        entries = [text_of(e) for e in tree.cssselect("#bf-timeline li .bf-entry__title")]
        assert 0 < len(entries) <= 3, (number, entries)
        titles += entries
        listed += [text_of(a) for a in tree.cssselect("#bf-briefings a.bf-item__title")]
        assert text_of(tree.cssselect(".bf-pager__label")[0]) == f"Page {number} of {count}"
        assert _rel(page, "next") == (pages[number].resolve() if number < count else None)
        if number > 3:
            assert not tree.cssselect("#bf-briefings")  # no "no briefings yet"
    briefings = [f"Briefing number {i}" for i in reversed(range(COUNT))]
    assert titles == briefings + [f"History {1997 - k}" for k in range(HISTORY)]
    assert listed == briefings
    sitemap = etree.parse(str(long_history / "sitemap.xml"))
    locs = {e.text for e in sitemap.iter(f"{SITEMAP}loc")}
    assert urljoin(SITE_URL, f"{listing}/page/5/") in locs
    # The timeline's jump-to-year links reach the page holding each year.
    first = parse(pages[0])
    jumps = {text_of(a): a.get("href") for a in first.cssselect(".bf-years a")}
    assert jumps["1990"].split("#")[0].endswith("page/5/"), jumps
