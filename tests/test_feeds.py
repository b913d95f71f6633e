"""Feeds and page metadata of a real build: RSS, Atom, JSON Feed, autodiscovery, OpenGraph."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from lxml import etree

from briefings.content.loader import load_corpus
from briefings.graph.graph import BriefingGraph
from briefings.model.settings import Settings

from .helpers import build, edit_config, parse
from .sites import DONBAS, SEED_SLUG, SEED_SUMMARY_START, SEED_TITLE, SITE_URL, write_site

SEED_URL = f"{SITE_URL}briefings/{SEED_SLUG}/"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> BriefingGraph:
    """The NEWS site's content as the build sees it (drafts left out)."""
    root = write_site(tmp_path_factory.mktemp("news-source"))
    corpus = load_corpus(Settings(root=root, entity_kinds={"equipment": "Equipment"}))
    published = [b for b in corpus.briefings if not b.draft]
    return BriefingGraph.build(corpus.settings, published, corpus.stories, corpus.entities)


def _parse_feed(path: Path) -> feedparser.FeedParserDict:
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, f"{path.name}: {feed.get('bozo_exception')}"
    return feed


def _day(struct) -> dt.date:
    return dt.date(*struct[:3])


@pytest.mark.parametrize(
    ("name", "version"), [("feeds/feed.xml", "rss20"), ("feeds/atom.xml", "atom10")]
)
def test_site_feeds(news_site: Path, index: BriefingGraph, name: str, version: str) -> None:
    feed = _parse_feed(news_site / name)
    assert feed.version == version
    assert feed.feed.title == "Briefings"
    assert feed.feed.link == SITE_URL
    expected = [f"{SITE_URL}briefings/{b.slug}/" for b in index.briefings]
    assert [e.link for e in feed.entries] == expected  # newest first, absolute URLs
    seed = feed.entries[expected.index(SEED_URL)]
    assert seed.title == SEED_TITLE
    assert seed.summary.startswith(SEED_SUMMARY_START)
    assert _day(seed.published_parsed) == dt.date(2022, 6, 25)
    terms = [t.term for t in seed.tags]
    assert "Russian nuclear weapons in Belarus" in terms  # a story
    assert "missiles" in terms  # a tag
    newest = max(b.updated or b.date for b in index.briefings)
    assert _day(feed.feed.updated_parsed) == newest  # from content, not the build time


def test_json_feed(news_site: Path, index: BriefingGraph) -> None:
    data = json.loads((news_site / "feeds/feed.json").read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["home_page_url"] == SITE_URL
    assert data["feed_url"] == f"{SITE_URL}feeds/feed.json"
    items = data["items"]
    assert [i["url"] for i in items] == [f"{SITE_URL}briefings/{b.slug}/" for b in index.briefings]
    seed = next(i for i in items if i["url"] == SEED_URL)
    assert seed["id"] == SEED_URL
    assert seed["title"] == SEED_TITLE
    assert seed["summary"] == seed["content_text"]
    assert seed["date_published"] == "2022-06-25T00:00:00+00:00"
    assert {"Russian nuclear weapons in Belarus", "missiles"} <= set(seed["tags"])


def test_story_feeds(news_site: Path, index: BriefingGraph) -> None:
    assert len(index.stories)
    for term in index.stories:
        slug = term.slug
        feed = _parse_feed(news_site / "stories" / slug / "feed.xml")
        assert feed.version == "rss20"
        assert feed.feed.title.startswith(term.item.title)
        assert feed.feed.link == f"{SITE_URL}stories/{slug}/"
        members = term.briefings
        assert [e.link for e in feed.entries] == [f"{SITE_URL}briefings/{b.slug}/" for b in members]


@pytest.mark.build
def test_feed_count_limits_entries(tmp_path: Path, index: BriefingGraph) -> None:
    site = write_site(tmp_path)
    text = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(text.replace("  - briefings:\n", "  - briefings:\n"
                                                  "      feed_count: 2\n"), encoding="utf-8")  # fmt: skip
    build(site)
    feed = _parse_feed(site / "site" / "feeds/feed.xml")
    assert [e.link for e in feed.entries] == [
        f"{SITE_URL}briefings/{b.slug}/" for b in index.briefings[:2]
    ]


@pytest.mark.build
def test_no_feeds_without_site_url(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    edit_config(site, site_url="")
    build(site)
    out = site / "site"
    assert not (out / "feeds/feed.xml").exists()
    assert not (out / "stories" / DONBAS / "feed.xml").exists()
    assert not parse(out / "index.html").cssselect("link[rel=alternate]")


def parse_xml(path: Path) -> etree._ElementTree:
    return etree.parse(str(path))


def _html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_autodiscovery_in_every_head(news_site: Path) -> None:
    """Relative links (Material fetches sitemap.xml beside each), resolving to the feeds."""
    pages = _html_pages(news_site)
    assert len(pages) > 40
    for path in pages:
        links = parse(path).cssselect("head link[rel=alternate]")
        relative = path.relative_to(news_site).as_posix()
        page_url = SITE_URL if relative == "404.html" else urljoin(SITE_URL, relative)
        found = {(link.get("type"), urljoin(page_url, link.get("href"))) for link in links}
        assert found == {
            ("application/rss+xml", f"{SITE_URL}feeds/feed.xml"),
            ("application/atom+xml", f"{SITE_URL}feeds/atom.xml"),
            ("application/feed+json", f"{SITE_URL}feeds/feed.json"),
        }, path
        if relative != "404.html":
            assert all((path.parent / link.get("href")).is_file() for link in links), path
            # Material fetches and parses sitemap.xml beside each: an empty one, not the site's
            for link in links:
                beside = (path.parent / link.get("href")).parent / "sitemap.xml"
                assert parse_xml(beside).getroot().findall("{*}url") == [], beside
    assert parse_xml(news_site / "sitemap.xml").getroot().findall("{*}url")


def test_story_page_links_its_feed(news_site: Path) -> None:
    page = news_site / "stories" / DONBAS / "index.html"
    tree = parse(page)
    # The page links the short page that explains the feed, which links the file.
    (about,) = (a.get("href") for a in tree.cssselect(".bf-feed a"))
    assert (page.parent / about / "index.html").resolve() == (page.parent / "feed" / "index.html")
    explained = page.parent / "feed" / "index.html"
    (feed,) = (a.get("href") for a in parse(explained).cssselect("a.bf-feed__file"))
    assert (explained.parent / feed).resolve() == (page.parent / "feed.xml").resolve()
    assert (explained.parent / feed).is_file()


def test_briefing_page_metadata(news_site: Path) -> None:
    tree = parse(news_site / "briefings" / SEED_SLUG / "index.html")

    def meta(attr: str, key: str) -> str:
        found = tree.cssselect(f'head meta[{attr}="{key}"]')
        assert len(found) == 1, key
        return found[0].get("content")

    canonical = tree.cssselect("head link[rel=canonical]")
    assert [c.get("href") for c in canonical] == [SEED_URL]
    assert meta("property", "og:url") == SEED_URL
    assert meta("property", "og:type") == "article"
    assert meta("property", "og:title") == SEED_TITLE
    assert meta("name", "twitter:title") == SEED_TITLE
    summary = meta("property", "og:description")
    assert summary.startswith(SEED_SUMMARY_START)
    assert meta("name", "twitter:description") == summary
    assert meta("property", "article:published_time") == "2022-06-25"
    assert meta("name", "twitter:card") == "summary"


def test_sitemap_lists_every_page(news_site: Path) -> None:
    sitemap = etree.parse(str(news_site / "sitemap.xml"))
    listed = {loc.text for loc in sitemap.iter(f"{{{SITEMAP_NS}}}loc")}
    expected = set()
    for path in _html_pages(news_site):
        relative = path.relative_to(news_site).as_posix()
        if relative == "404.html":
            continue
        url = relative.removesuffix("index.html")
        expected.add(urljoin(SITE_URL, url))
    assert listed == expected
    assert f"{SITE_URL}stories/{DONBAS}/" in listed
    assert f"{SITE_URL}timeline/" in listed


@pytest.mark.build
def test_without_site_url_no_feeds_and_no_links_to_them(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    text = (site / "mkdocs.yml").read_text()
    (site / "mkdocs.yml").write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("site_url:")) + "\n"
    )
    build(site)
    out = site / "site"
    assert not (out / "feeds/feed.xml").exists()
    assert not (out / "stories" / DONBAS / "feed.xml").exists()
    story = (out / "stories" / DONBAS / "index.html").read_text()
    assert "feed.xml" not in story


def test_lastmod_finds_the_site_newest_date_once_per_graph(
    index: BriefingGraph, monkeypatch
) -> None:
    """Every page that is not a briefing's or a term's asks for the site's newest date: one
    pass over the briefings per graph, not one per page (10,000 × 13,600 at 10k)."""
    from briefings.site import sitemap

    expected = sitemap.newest_date(index.briefings)
    calls = []
    real = sitemap.newest_date
    monkeypatch.setattr(sitemap, "newest_date", lambda b: calls.append(1) or real(b))
    monkeypatch.setattr(sitemap, "_NEWEST", {})
    assert {sitemap.lastmod(index, None) for _ in range(50)} == {expected}
    assert len(calls) == 1
