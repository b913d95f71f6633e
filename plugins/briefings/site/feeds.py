"""Feeds of a site: RSS 2.0, Atom and JSON Feed 1.1 for all briefings, RSS per story.

Pure core: from a `SiteIndex` and the site's absolute URL to `{path: bytes}`. Every date
comes from the content (feedgen would otherwise stamp the build time), so two builds of
the same content give the same bytes.

Text fields stay text in every format. Feed readers read RSS `description` (of the channel
and of an item) as HTML, so it carries the text HTML-escaped; titles, categories, Atom's
`summary`/`subtitle` (type text) and JSON Feed's fields carry it as it is (the XML or JSON
writer escapes it for its syntax).
"""

from __future__ import annotations

from typing import Any

import datetime as dt
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from briefings.graph.graph import SiteIndex, tag_slug
from briefings.model.content import Briefing
from briefings.site.pages import PageSpec
from briefings.site.urls import Urls

RSS = "feed.xml"
ATOM = "atom.xml"
JSON_FEED = "feed.json"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def story_feed_path(slug: str) -> str:
    """Site-relative path of a story's RSS feed (the same with and without directory URLs)."""
    return f"stories/{slug}/{RSS}"


@dataclass(frozen=True)
class FeedSite:
    """What the feeds need to know about the site besides its content."""

    site_url: str  # absolute, e.g. https://user.github.io/repo/
    title: str
    description: str = ""
    language: str = "en"
    directory_urls: bool = True
    count: int = 50

    def absolute(self, path: str) -> str:
        """Absolute URL of a site-relative path or page URL (`./` is the home page)."""
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        return base if path in ("", "./") else base + path.lstrip("/")

    def page_url(self, src_uri: str) -> str:
        urls = Urls(self.directory_urls)
        return self.absolute(urls.url(urls.dest(src_uri)))

    def briefing_url(self, briefing: Briefing) -> str:
        """A briefing lives at its slug, whatever its file is called."""
        urls = Urls(self.directory_urls)
        return self.absolute(urls.url(urls.briefing_dest(briefing.slug)))


def briefing_updated(briefing: Briefing) -> dt.date:
    """The day a briefing last changed: its `updated` date, else its date."""
    return max(briefing.date, briefing.updated or briefing.date)


def newest_date(briefings: Sequence[Briefing]) -> dt.date | None:
    """The newest content date among `briefings`, None when there are none."""
    return max((briefing_updated(b) for b in briefings), default=None)


def _moment(day: dt.date | None) -> dt.datetime:
    if day is None:
        return EPOCH
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _categories(index: SiteIndex, site: FeedSite, b: Briefing) -> list[dict[str, str]]:
    """Stories, then tags, as feed categories (the scheme names the taxonomy)."""
    found = [
        {"term": index.stories[s].title, "scheme": site.absolute("stories/")}
        for s in b.stories
        if s in index.stories
    ]
    for name in b.tags:
        tag = index.tags.get(tag_slug(name))
        found.append({"term": tag.name if tag else name, "scheme": site.absolute("tags/")})
    return found


def _feed(
    site: FeedSite, title: str, description: str, home: str, path: str, *, rss: bool
) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(home)
    fg.title(title)
    text = description or title
    fg.description(html.escape(text) if rss else text)  # RSS: HTML; Atom subtitle: text
    fg.link(href=site.absolute(path), rel="self")
    fg.link(href=home, rel="alternate")  # the last link is RSS's <link>
    fg.language(site.language)
    fg.author({"name": site.title})
    return fg


def _add_entries(
    fg: FeedGenerator, index: SiteIndex, site: FeedSite, items: list[Briefing], *, rss: bool
) -> None:
    for b in items:
        url = site.briefing_url(b)
        entry = fg.add_entry(order="append")
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(b.title)
        entry.link(href=url, rel="alternate")
        # RSS <description> is read as HTML; Atom's <summary> has type text.
        entry.summary(html.escape(b.summary) if rss else b.summary)
        entry.published(_moment(b.date))
        entry.updated(_moment(briefing_updated(b)))
        if b.curator:
            entry.author({"name": b.curator})
        for category in _categories(index, site, b):
            entry.category(category)
    stamp = _moment(newest_date(items) or newest_date(index.briefings))
    fg.updated(stamp)
    fg.lastBuildDate(stamp)


def _json_feed(index: SiteIndex, site: FeedSite, items: list[Briefing]) -> bytes:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.title,
        "home_page_url": site.absolute("./"),
        "feed_url": site.absolute(JSON_FEED),
        "description": site.description or site.title,
        "language": site.language,
        "authors": [{"name": site.title}],
        "items": [_json_item(index, site, b) for b in items],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def _json_item(index: SiteIndex, site: FeedSite, b: Briefing) -> dict:
    url = site.briefing_url(b)
    item: dict[str, Any] = {
        "id": url,
        "url": url,
        "title": b.title,
        "summary": b.summary,
        "content_text": b.summary,
        "date_published": _moment(b.date).isoformat(),
        "date_modified": _moment(briefing_updated(b)).isoformat(),
        "tags": list(dict.fromkeys(c["term"] for c in _categories(index, site, b))),
    }
    if b.curator:
        item["authors"] = [{"name": b.curator}]
    return item


def build_feeds(index: SiteIndex, site: FeedSite) -> dict[str, bytes]:
    """Every feed file of the site: site-relative path -> content, in a stable order."""
    items = index.briefings[: site.count]  # newest first
    home = site.absolute("./")
    out: dict[str, bytes] = {}
    fg = _feed(site, site.title, site.description, home, RSS, rss=True)
    _add_entries(fg, index, site, items, rss=True)
    out[RSS] = fg.rss_str(pretty=True)
    fg = _feed(site, site.title, site.description, home, ATOM, rss=False)
    _add_entries(fg, index, site, items, rss=False)
    out[ATOM] = fg.atom_str(pretty=True)
    out[JSON_FEED] = _json_feed(index, site, items)
    for slug in sorted(index.stories):
        story = index.stories[slug]
        path = story_feed_path(slug)
        page = site.page_url(Urls.item_src("stories", slug))
        title = f"{story.title} – {site.title}"
        fg = _feed(site, title, story.description, page, path, rss=True)
        members = index.story_briefings.get(slug, [])[: site.count]
        _add_entries(fg, index, site, members, rss=True)
        out[path] = fg.rss_str(pretty=True)
    return out


def autodiscovery(site: FeedSite) -> list[dict[str, str]]:
    """`<link rel="alternate">` attributes of the site feeds (`path`: site-relative).

    A story's feed is linked from its page only: Material fetches `sitemap.xml` beside
    every alternate link, which for `stories/<slug>/feed.xml` would be a 404.
    """
    links = [
        {"type": "application/rss+xml", "title": f"{site.title} (RSS)", "href": RSS},
        {"type": "application/atom+xml", "title": f"{site.title} (Atom)", "href": ATOM},
        {"type": "application/feed+json", "title": f"{site.title} (JSON Feed)", "href": JSON_FEED},
    ]
    return [{**link, "path": link["href"], "href": site.absolute(link["href"])} for link in links]


def lastmod(index: SiteIndex, spec: PageSpec | None) -> dt.date | None:
    """A page's last content change, for the sitemap: its briefings' newest date.

    Briefing, story, entity and tag pages date from their own briefings; every other page
    (hand-written ones included) from the newest briefing of the site. None: no briefings.
    """
    members: Sequence[Briefing] = []
    if spec is not None and spec.briefing is not None:
        members = [spec.briefing]
    elif spec is not None and "story" in spec.context:
        members = index.story_briefings.get(spec.context["story"].slug, [])
    elif spec is not None and "entity" in spec.context:
        members = index.entity_briefings.get(spec.context["entity"].key, [])
    elif spec is not None and "tag" in spec.context:
        members = spec.context["tag"].briefings
    return newest_date(members) or newest_date(index.briefings)
