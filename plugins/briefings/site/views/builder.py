"""From the graph to view models: the only code that queries the graph for a page.

`ViewBuilder.page(spec, links, body)` returns the view model of one planned page. Small
parts (a briefing in a list, a timeline entry, a chip) depend only on their item and the
page's folder depth (`Links`), so each is made once per depth and shared by every page
that shows it: rendering stays linear however often a briefing is listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from markupsafe import Markup

from briefings.graph.graph import BriefingGraph
from briefings.graph.taxonomy import Term
from briefings.graph.timeline import Entry
from briefings.model.content import Briefing, Entity, Story
from briefings.site.i18n import Messages
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
)
from briefings.site.views.timeline import timeline_view

if TYPE_CHECKING:
    from briefings.content.body import BodyAnalysis
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

    `feeds`: whether feed files are written (pages then link to them and their pages);
    `messages`: the site language's labels and date formats (default English); `bodies`:
    slug -> the body's analysis where the loader has it (else it is made again).
    """

    def __init__(
        self,
        graph: BriefingGraph,
        table: UrlTable,
        feeds: bool = False,
        site_title: str = "",
        messages: Messages | None = None,
        bodies: Mapping[str, BodyAnalysis] | None = None,
    ) -> None:
        self.graph = graph
        self.bodies = bodies or {}
        self.table = table
        self.feeds = feeds
        self.site_title = site_title
        self.settings = graph.settings.pages
        self.t = messages or Messages.for_language("en")
        self.kinds = {kind: self.t(title) for kind, title in graph.settings.kinds.items()}
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

    def when(self, day: dt.date) -> When:
        """A full date as a `When`, written in the site's language (made once per day)."""
        return self._cached(("when", day), lambda: When(day.isoformat(), self.t.date(day)))

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
                self.when(briefing.date),
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
                When(entry.date.iso(), self.t.date_range(entry.date, entry.end, entry.approximate)),
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
            label=self.t("Page {number} of {count}", number=number, count=count),
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
        return Link(self.href(self.table.page(PageKind.FEEDS), links), self.t("Feeds"))

    # -- latest developments -----------------------------------------------------------
    def development(self, story: str) -> Entry | None:
        """A story's latest development: its newest timeline entry (a briefing, or an
        event one records) that had happened when the content was written.

        "Had happened" is judged against the content, never the clock, so builds are
        reproducible: an event counts once it is dated no later than the last change of
        the briefing recording it (a plan announced in March for July is not a
        development of March), and nothing counts past the newest briefing's last
        change. A month or year counts from its first day. None: no briefings.
        """

        def make() -> tuple[Entry | None]:
            newest = max((b.last_changed for b in self.graph.briefings), default=None)
            for entry in self.graph.story_timeline(story):  # newest first
                known = entry.briefing.last_changed
                if newest is not None and entry.date.first_day() <= min(known, newest):
                    return (entry,)
            return (None,)

        return self._cached(("development", story), make)[0]

    def developments(self) -> list[tuple[Term[Story], Entry]]:
        """Stories with briefings and their latest development, the latest first (then
        by slug): the order of the home page's stories."""

        def make() -> list[tuple[Term[Story], Entry]]:
            found = [(t, self.development(t.slug)) for t in self.graph.stories]
            active = [(t, e) for t, e in found if e is not None]
            active.sort(key=lambda te: te[0].slug)
            active.sort(key=lambda te: te[1].sort_key, reverse=True)
            return active

        return self._cached(("developments",), make)

    # -- pages -------------------------------------------------------------------------
    # -- fragments for hand-written pages ----------------------------------------------
    def latest(self, links: Links, count: int | None = None) -> LatestView:
        """The newest `count` briefings (default: the `latest` setting)."""
        count = self.settings.latest if count is None else count
        return LatestView(
            self.items(self.graph.briefings[:count], links),
            self.section(PageKind.ARCHIVE, links, self.t("All briefings")),
        )

    def active_stories(self, links: Links, count: int | None = None) -> ActiveStoriesView:
        """Stories with briefings, the one with the latest development first, each with
        that development (`development`): `count` of them (default:
        `pagination_index_size`), and a link to the stories index."""
        count = self.settings.pagination_index_size if count is None else count
        found = tuple(
            ActiveStory(
                self.story_link(term.item, links),
                self.entry(entry, links),
                term.item.description,
                self.t.n("{count} briefing", "{count} briefings", term.count),
            )
            for term, entry in self.developments()[:count]
        )
        index = Link(self.href(self.table.page(PageKind.STORIES), links), self.t("All stories"))
        return ActiveStoriesView(found, index)
