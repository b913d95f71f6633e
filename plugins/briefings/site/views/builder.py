"""From the graph to view models: the only code that queries the graph for a page.

`ViewBuilder.page(spec, links, body)` returns the view model of one planned page. Small
parts (a briefing in a list, a timeline entry, a chip) depend only on their item and the
page's folder depth (`Links`), so each is made once per depth and shared by every page
that shows it: rendering stays linear however often a briefing is listed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from markupsafe import Markup

from briefings.graph.graph import BriefingGraph
from briefings.graph.timeline import Entry
from briefings.model.content import Briefing, Entity, Story
from briefings.site.urls import MEDIA_TYPES, FileKind, Links, Location, PageKind, UrlTable
from briefings.site.views import listings
from briefings.site.views.briefing import briefing_view
from briefings.site.views.pages import ActiveStoriesView, ActiveStory, LatestView, PageView
from briefings.site.views.parts import (
    BriefingItem,
    Chip,
    Counted,
    FeedItem,
    Link,
    Pager,
    TimelineEntry,
    When,
    when,
)
from briefings.site.views.timeline import timeline_view

if TYPE_CHECKING:
    from briefings.site.pages import PageSpec

T = TypeVar("T")
PageBuilder = Callable[["ViewBuilder", "PageSpec", Links, Markup], PageView]
EMPTY = Markup("")

#: Page kind -> the function making its view model.
BUILDERS: dict[PageKind, PageBuilder] = {
    PageKind.BRIEFING: briefing_view,
    PageKind.STORY: listings.story_view,
    PageKind.ENTITY: listings.entity_view,
    PageKind.TAG: listings.tag_view,
    PageKind.STORIES: listings.index_view,
    PageKind.TAGS: listings.index_view,
    PageKind.ENTITIES: listings.index_view,
    PageKind.ARCHIVE: listings.archive_view,
    PageKind.TIMELINE: timeline_view,
    PageKind.CORRECTIONS: listings.corrections_view,
    PageKind.FEEDS: listings.feeds_view,
    PageKind.STORY_FEED: listings.story_feed_view,
}


class ViewBuilder:
    """View models for the pages of one build (see docs/templates.md).

    `feeds`: whether feed files are written (pages then link to them and their pages).
    """

    def __init__(
        self, graph: BriefingGraph, table: UrlTable, feeds: bool = False, site_title: str = ""
    ) -> None:
        self.graph = graph
        self.table = table
        self.feeds = feeds
        self.site_title = site_title
        self.settings = graph.settings.pages
        self.kinds = graph.settings.kinds
        self._parts: dict[Hashable, Any] = {}

    def page(self, spec: PageSpec, links: Links, body: Markup = EMPTY) -> PageView:
        """The view model of `spec`'s page; `body` is a briefing's sanitised HTML.

        Raises KeyError for a page kind without a generated template (documents).
        """
        return BUILDERS[spec.kind](self, spec, links, body)

    # -- parts (made once per item and folder depth) ---------------------------------
    def _cached(self, key: Hashable, make: Callable[[], T]) -> T:
        found = self._parts.get(key)
        if found is None:
            found = self._parts[key] = make()
        return found

    def href(self, location: Location, links: Links, fragment: str = "") -> str:
        """The link to `location` from a page at `links`' depth."""
        url = self._cached(("url", location), lambda: self.table.url(location))
        return links.to(url) + (f"#{fragment}" if fragment else "")

    def item(self, briefing: Briefing, links: Links) -> BriefingItem:
        """`briefing` as a list item for pages at `links`' depth (made once per depth)."""
        return self._cached(
            ("item", briefing.slug, links.depth),
            lambda: BriefingItem(
                briefing.slug,
                self.href(self.table.briefing(briefing), links),
                briefing.title,
                when(briefing.date),
                briefing.summary,
            ),
        )

    def items(self, briefings: Iterable[Briefing], links: Links) -> tuple[BriefingItem, ...]:
        """`briefings` as list items, in their order."""
        return tuple(self.item(b, links) for b in briefings)

    def entry(self, entry: Entry, links: Links, current: str | None = None) -> TimelineEntry:
        """A timeline entry for pages at `links`' depth; `current`: the slug of the page's
        own briefing (its entry is marked)."""
        is_current = entry.kind == "briefing" and entry.briefing.slug == current
        return self._cached(
            ("entry", entry, links.depth, is_current),
            lambda: TimelineEntry(
                entry.kind,
                When(entry.date.iso(), entry.label),
                entry.title,
                self.item(entry.briefing, links).href,
                entry.briefing.title,
                " ".join(entry.stories),
                " ".join(f"{kind}/{slug}" for kind, slug in entry.entities),
                current=is_current,
                precision=entry.precision,
                approximate=entry.approximate,
                range=entry.is_range,
                event_title=entry.event_title,
            ),
        )

    def entries(
        self, entries: Iterable[Entry], links: Links, current: str | None = None
    ) -> tuple[TimelineEntry, ...]:
        """Timeline entries, in their order."""
        return tuple(self.entry(e, links, current) for e in entries)

    def per_term(self, key: Hashable, make: Callable[[], T]) -> T:
        """A value every page of one listing shows (a story's top entities), made once."""
        return self._cached(("term", key), make)

    def story_link(self, story: Story, links: Links) -> Link:
        """A link to `story`'s page."""

        def make() -> Link:
            location = self.table.page(PageKind.STORY, slug=story.slug)
            return Link(self.href(location, links), story.title)

        return self._cached(("story", story.slug, links.depth), make)

    def entity_chip(self, entity: Entity, links: Links) -> Chip:
        """A chip linking `entity`'s page."""

        def make() -> Chip:
            location = self.table.page(PageKind.ENTITY, slug=entity.slug, entity_kind=entity.kind)
            return Chip(self.href(location, links), entity.name, entity.kind)

        return self._cached(("entity", entity.key, links.depth), make)

    def counted(self, pairs: Iterable[tuple[Entity, int]], links: Links) -> tuple[Counted, ...]:
        """(entity, count) pairs as chips with counts."""
        return tuple(Counted(self.entity_chip(e, links), n) for e, n in pairs)

    def section(self, kind: PageKind, links: Links, text: str, entity_kind: str = "") -> Link:
        """A link to the section page of `kind` (`entity_kind` for an entity index)."""
        location = self.table.page(kind, entity_kind=entity_kind)
        return Link(self.href(location, links), text)

    def pager(self, spec: PageSpec, links: Links) -> Pager:
        """Where `spec`'s page stands in its listing, with links to its neighbours."""
        listing = spec.listing
        number, count = spec.location.number, spec.pages

        def to(n: int) -> str:
            return self.href(self.table.paginated(listing, n), links)

        return Pager(
            number,
            count,
            first=to(1),
            previous=to(number - 1) if number > 1 else None,
            next=to(number + 1) if number < count else None,
            last=to(count),
            label=f"Page {number} of {count}",
        )

    def page_slice(self, spec: PageSpec, items: Sequence[T], size: int) -> Sequence[T]:
        """The items page `spec.location.number` of a listing shows, `size` per page."""
        start = (spec.location.number - 1) * size
        return items[start : start + size]

    def feed_item(
        self, kind: FileKind, title: str, fmt: str, links: Links, **params: str
    ) -> FeedItem:
        """A feed file of `kind` as pages list it (`params`: `slug` for a story's)."""
        path = self.table.file(kind, **params)
        page = None
        if kind == FileKind.STORY_RSS:
            page = self.table.page(PageKind.STORY_FEED, slug=params["slug"])
        elif self.feeds:
            page = self.table.page(PageKind.FEEDS)
        return FeedItem(
            title=title,
            format=fmt,
            media_type=MEDIA_TYPES[kind],
            href=links.to(path),
            address=self.table.absolute(path) or "",
            page=self.href(page, links) if page is not None else None,
        )

    def feeds_link(self, links: Links) -> Link | None:
        """A link to the feeds page, None when no feeds are written."""
        if not self.feeds:
            return None
        return Link(self.href(self.table.page(PageKind.FEEDS), links), "Feeds")

    # -- pages -------------------------------------------------------------------------
    # -- fragments for hand-written pages ----------------------------------------------
    def latest(self, links: Links, count: int | None = None) -> LatestView:
        """The newest `count` briefings (default: the `latest` setting)."""
        count = self.settings.latest if count is None else count
        return LatestView(
            self.items(self.graph.briefings[:count], links),
            self.section(PageKind.ARCHIVE, links, "All briefings"),
        )

    def active_stories(self, links: Links, count: int | None = None) -> ActiveStoriesView:
        """Stories with briefings, most recently published first, each with its newest
        timeline entry: `count` of them (default: `pagination_index_size`), and a link
        to the stories index."""
        count = self.settings.pagination_index_size if count is None else count
        found = []
        for term in self.graph.stories.by_latest()[:count]:
            entries = self.graph.story_timeline(term.slug)
            latest = self.entry(entries[0], links) if entries else None
            found.append(ActiveStory(self.story_link(term.item, links), latest))
        index = Link(self.href(self.table.page(PageKind.STORIES), links), "All stories")
        return ActiveStoriesView(tuple(found), index)
