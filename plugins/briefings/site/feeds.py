"""Feeds of a site: RSS 2.0, Atom and JSON Feed 1.1 for all briefings, RSS per story.

Pure core: from a `BriefingGraph` and the URL table to `{path: bytes}`; every address
comes from the table (`UrlTable.canonical`: the online one, also in the offline
edition). Every date comes from the content (feedgen would otherwise stamp the build
time), so two builds of the same content give the same bytes.

Text fields stay text in every format. Feed readers read RSS `description` (of the channel
and of an item) as HTML, so it carries the text HTML-escaped; titles, categories, Atom's
`summary`/`subtitle` (type text) and JSON Feed's fields carry it as it is (the XML or JSON
writer escapes it for its syntax).

A corrected briefing changes for feed readers too: an entry's updated time is its latest
update or correction (`Briefing.last_changed`), and its content (RSS `content:encoded`
as HTML of escaped text, Atom `content` and JSON Feed `content_text` as text) is the
summary followed by each correction, dated
(`Corrected 5 July 2022: ...`), in the site's language. The summary stays the summary.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from feedgen.feed import FeedGenerator

from briefings.graph.graph import BriefingGraph
from briefings.model.content import Briefing
from briefings.site.i18n import Messages
from briefings.site.sitemap import newest_date
from briefings.site.urls import MEDIA_TYPES, FileKind, PageKind, UrlTable

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
SITE_FEEDS = {FileKind.RSS: "RSS", FileKind.ATOM: "Atom", FileKind.JSON_FEED: "JSON Feed"}


@dataclass(frozen=True)
class FeedSite:
    """What the feeds need to know about the site besides its content.

    `table` must have a `site_url` (feeds need absolute addresses); `count` is how many
    of the newest briefings each feed carries.
    """

    table: UrlTable
    title: str
    description: str = ""
    language: str = "en"
    count: int = 50

    def __post_init__(self) -> None:
        if not self.table.site_url:
            raise ValueError("feeds need the site's absolute address (site_url)")

    def absolute(self, path: str) -> str:
        """Absolute online address of a site-relative path (`./`: the home page)."""
        found = self.table.absolute(path)
        assert found is not None  # checked in __post_init__
        return found

    def briefing_url(self, briefing: Briefing) -> str:
        """A briefing's canonical address (it lives at its slug, whatever its file name)."""
        found = self.table.canonical(self.table.briefing(briefing))
        assert found is not None
        return found

    @property
    def messages(self) -> Messages:
        """The labels and dates of the feeds' language."""
        return Messages.for_language(self.language)

    def page_url(self, kind: PageKind, slug: str = "") -> str:
        """The canonical address of a generated page (`stories/`, `stories/<slug>/`)."""
        found = self.table.canonical(self.table.page(kind, slug=slug))
        assert found is not None
        return found


def _moment(day: dt.date | None) -> dt.datetime:
    if day is None:
        return EPOCH
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _categories(graph: BriefingGraph, site: FeedSite, b: Briefing) -> list[dict[str, str]]:
    """Stories, then tags, as feed categories (the scheme names the taxonomy's page)."""
    stories, tags = site.page_url(PageKind.STORIES), site.page_url(PageKind.TAGS)
    found = [{"term": term.name, "scheme": stories} for term in graph.stories_of(b)]
    return found + [{"term": term.name, "scheme": tags} for term in graph.tags_of(b)]


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
    if rss:  # RSS items have no updated time of their own: Dublin Core's dc:date is read so
        fg.load_extension("dc")
    return fg


def _add_entries(
    fg: FeedGenerator,
    graph: BriefingGraph,
    site: FeedSite,
    items: Sequence[Briefing],
    *,
    rss: bool,
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
        if b.corrections:  # RSS: HTML of escaped text; Atom: text
            if rss:
                entry.content(_html_content(site, b), type="CDATA")
            else:
                entry.content(_text_content(site, b), type="text")
        entry.published(_moment(b.date))
        entry.updated(_moment(b.last_changed))
        if rss:  # the latest change (update or correction), as feed readers take dc:date
            entry.dc.dc_date(_moment(b.last_changed).isoformat())
        if b.curator:
            entry.author({"name": b.curator})
        for category in _categories(graph, site, b):
            entry.category(category)
    stamp = _moment(newest_date(items) or newest_date(graph.briefings))
    fg.updated(stamp)
    fg.lastBuildDate(stamp)


def _json_feed(graph: BriefingGraph, site: FeedSite, items: Sequence[Briefing]) -> bytes:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.title,
        "home_page_url": site.absolute("./"),
        "feed_url": site.absolute(site.table.file(FileKind.JSON_FEED)),
        "description": site.description or site.title,
        "language": site.language,
        "authors": [{"name": site.title}],
        "items": [_json_item(graph, site, b) for b in items],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def _json_item(graph: BriefingGraph, site: FeedSite, b: Briefing) -> dict[str, Any]:
    url = site.briefing_url(b)
    item: dict[str, Any] = {
        "id": url,
        "url": url,
        "title": b.title,
        "summary": b.summary,
        "content_text": _text_content(site, b),
        "date_published": _moment(b.date).isoformat(),
        "date_modified": _moment(b.last_changed).isoformat(),
        "tags": list(dict.fromkeys(c["term"] for c in _categories(graph, site, b))),
    }
    if b.curator:
        item["authors"] = [{"name": b.curator}]
    return item


def corrections_of(site: FeedSite, b: Briefing) -> list[str]:
    """Each correction of `b` as a line of text (`Corrected 5 July 2022: ...`), newest
    first."""
    t = site.messages
    ordered = sorted(b.corrections, key=lambda c: c.date, reverse=True)
    return [t("Corrected {date}: {text}", date=t.date(c.date), text=c.text) for c in ordered]


def _text_content(site: FeedSite, b: Briefing) -> str:
    """The summary, then each correction in a paragraph of its own (plain text)."""
    return "\n\n".join([b.summary, *corrections_of(site, b)])


def _html_content(site: FeedSite, b: Briefing) -> str:
    """The summary, then each correction, as HTML paragraphs of escaped text."""
    parts = [b.summary, *corrections_of(site, b)]
    return "".join(f"<p>{html.escape(part)}</p>" for part in parts)


#: A sitemap that lists nothing (see `build_feeds`).
EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def build_feeds(graph: BriefingGraph, site: FeedSite) -> dict[str, bytes]:
    """Every feed file of the site: site-relative path -> content, in a stable order.

    The site's RSS, Atom and JSON Feed carry its newest `site.count` briefings; each story
    has an RSS feed of its own newest `site.count`.

    Beside the site feeds (`feeds/`) goes an empty sitemap: Material's theme fetches and
    parses `sitemap.xml` beside every `<link rel="alternate">` of a page, on every page
    load; with the feeds at the site's root that was the site's own sitemap, three times
    (2.5 MB and half a second of main thread each at 10,000 briefings).
    """
    table = site.table
    items = graph.briefings[: site.count]  # newest first
    home = site.absolute("./")
    out: dict[str, bytes] = {table.file(FileKind.FEEDS_SITEMAP): EMPTY_SITEMAP}
    rss_path, atom_path = table.file(FileKind.RSS), table.file(FileKind.ATOM)
    fg = _feed(site, site.title, site.description, home, rss_path, rss=True)
    _add_entries(fg, graph, site, items, rss=True)
    out[rss_path] = fg.rss_str(pretty=True)
    fg = _feed(site, site.title, site.description, home, atom_path, rss=False)
    _add_entries(fg, graph, site, items, rss=False)
    out[atom_path] = fg.atom_str(pretty=True)
    out[table.file(FileKind.JSON_FEED)] = _json_feed(graph, site, items)
    for term in graph.stories:
        path = table.file(FileKind.STORY_RSS, slug=term.slug)
        page = site.page_url(PageKind.STORY, term.slug)
        fg = _feed(site, f"{term.name} – {site.title}", term.item.description, page, path, rss=True)
        _add_entries(fg, graph, site, term.briefings[: site.count], rss=True)
        out[path] = fg.rss_str(pretty=True)
    return out


def autodiscovery(site: FeedSite) -> list[dict[str, str]]:
    """`<link rel="alternate">` attributes of the site feeds: `type`, `title`, `href`
    (absolute) and `path` (site-relative).

    A story's feed is linked from its page only: Material fetches `sitemap.xml` beside
    every alternate link, which for `stories/<slug>/feed.xml` would be a 404.
    """
    found = []
    for kind, name in SITE_FEEDS.items():
        path = site.table.file(kind)
        found.append({"type": MEDIA_TYPES[kind], "title": f"{site.title} ({name})",
                      "href": site.absolute(path), "path": path})  # fmt: skip
    return found
