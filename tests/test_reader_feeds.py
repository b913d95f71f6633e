"""Feeds as readers meet them: a corrected entry is updated when corrected and says what
changed; pages link the human page about a feed; the offline edition names online
addresses (canonical, og:url, sitemap)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from .helpers import build, parse, text_of
from .sites import DONBAS, SEED_SLUG, SITE_URL, write_site

pytestmark = pytest.mark.build

CORRECTED = f"{SITE_URL}briefings/2022-07-03-lysychansk-captured/"
CORRECTION = "Sample correction: an earlier version dated the claim to 2 July"
STORY_FEED = "stories/battle-of-donbas/feed.xml"  # the corrected briefing's story
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _entry(news_site: Path, name: str) -> feedparser.FeedParserDict:
    feed = feedparser.parse((news_site / name).read_bytes())
    assert not feed.bozo
    return next(e for e in feed.entries if e.link == CORRECTED)


@pytest.mark.parametrize("name", ["feeds/feed.xml", "feeds/atom.xml", STORY_FEED])
def test_corrected_entry_updated_and_says_what_changed(news_site: Path, name: str) -> None:
    entry = _entry(news_site, name)
    # Updated 4 July, corrected 5 July: the latest change counts (RSS: dc:date).
    assert dt.date(*entry.updated_parsed[:3]) == dt.date(2022, 7, 5)
    content = " ".join(c.value for c in entry.content)
    assert f"Corrected 5 July 2022: {CORRECTION}" in content
    assert CORRECTION not in entry.summary  # the summary stays the summary
    # An uncorrected entry has no extra content.
    feed = feedparser.parse((news_site / name).read_bytes())
    other = next(e for e in feed.entries if (e.link != CORRECTED and SEED_SLUG in e.link)
                 or (name == STORY_FEED and e.link != CORRECTED))  # fmt: skip
    assert "Corrected" not in " ".join(c.value for c in other.get("content", []))


def test_corrected_json_feed_item(news_site: Path) -> None:
    data = json.loads((news_site / "feeds/feed.json").read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["url"] == CORRECTED)
    assert item["date_modified"] == "2022-07-05T00:00:00+00:00"
    assert item["content_text"].endswith(
        f"Corrected 5 July 2022: {CORRECTION}; it was made on 3 July."
    )
    assert CORRECTION not in item["summary"]


def test_feed_links_open_human_pages(news_site: Path) -> None:
    story = news_site / "stories" / DONBAS / "index.html"
    (link,) = parse(story).cssselect(".bf-feed a")
    assert text_of(link) == "Follow in a feed reader"
    about = (story.parent / link.get("href") / "index.html").resolve()
    root = parse(about)
    assert text_of(root.cssselect("h1")[0]).startswith("Feed")
    assert text_of(root.cssselect("code.bf-feed__address")[0]) == (
        f"{SITE_URL}stories/{DONBAS}/feed.xml"
    )
    assert "How to subscribe" in [text_of(h) for h in root.cssselect("h2")]
    feeds = parse(news_site / "feeds" / "index.html")
    addresses = [text_of(c) for c in feeds.cssselect("code.bf-feed__address")]
    assert {
        f"{SITE_URL}feeds/feed.xml",
        f"{SITE_URL}feeds/atom.xml",
        f"{SITE_URL}feeds/feed.json",
    } <= set(addresses)
    assert "How to subscribe" in [text_of(h) for h in feeds.cssselect("h2")]


def test_offline_edition_names_online_addresses(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    build(site, env={"OFFLINE": "true"})
    out = site / "site"
    page = out / "briefings" / f"{SEED_SLUG}.html"  # offline: no directory URLs
    root = parse(page)
    online = f"{SITE_URL}briefings/{SEED_SLUG}/"
    assert [c.get("href") for c in root.cssselect("head link[rel=canonical]")] == [online]
    (og,) = root.cssselect('head meta[property="og:url"]')
    assert og.get("content") == online
    (script,) = root.cssselect('script[type="application/ld+json"]')
    assert json.loads(script.text)["url"] == online
    assert online in text_of(root.cssselect(".bf-print-footer")[0])
    sitemap = etree.parse(str(out / "sitemap.xml"))
    listed = {loc.text for loc in sitemap.iter(f"{{{SITEMAP_NS}}}loc")}
    assert online in listed and not [u for u in listed if u.endswith(".html")]
