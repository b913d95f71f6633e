"""View models of listing pages: stories, entities, tags, their indexes, the archive, the
timeline, corrections and the feeds' pages. Each function takes the build's
`ViewBuilder`, the planned page and its `Links`, and returns the page's view model."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from briefings.graph.taxonomy import Term
from briefings.model.content import Entity, Story
from briefings.site.i18n import Messages
from briefings.site.urls import FileKind, Links, PageKind
from briefings.site.views.pages import (
    ArchiveView,
    CorrectionsView,
    EntityView,
    FeedsView,
    IndexView,
    StoryFeedView,
    StoryView,
    TagView,
)
from briefings.site.views.parts import (
    BriefingItem,
    CorrectionItem,
    FeedItem,
    Link,
    MonthGroup,
    TermItem,
    TimelineEntry,
    YearGroup,
)
from briefings.site.views.timeline import term_timeline

if TYPE_CHECKING:
    from briefings.site.pages import PageSpec
    from briefings.site.views.builder import ViewBuilder

SITE_FEEDS = (
    (FileKind.RSS, "RSS 2.0"),
    (FileKind.ATOM, "Atom 1.0"),
    (FileKind.JSON_FEED, "JSON Feed 1.1"),
)


def story_view(views: ViewBuilder, spec: PageSpec, links: Links, body: Markup) -> StoryView:
    """A story page: one page of its briefings (newest first), this page's part of its
    timeline, its top entities and its feed."""
    term = spec.term
    assert term is not None and isinstance(term.item, Story)
    story = term.item
    shown = term.briefings[
        views.graph.term_timeline(("stories", story.slug)).members_on(spec.location.number)
    ]
    feed = None
    if views.feeds:
        feed = views.feed_item(
            FileKind.STORY_RSS, f"{story.title} – {views.site_title}", "RSS 2.0", links,
            slug=story.slug,
        )  # fmt: skip
    return StoryView(
        title=spec.title,
        description=story.description,
        kicker=views.section(PageKind.STORIES, links, views.t("Stories")),
        feed=feed,
        top_entities=views.counted(
            views.per_term(
                ("top", story.slug),
                lambda: views.graph.top_entities(term.briefings, views.settings.top_entities),
            ),
            links,
        ),
        timeline=term_timeline(views, ("stories", story.slug), spec, links),
        briefings=views.items(shown, links),
        total=term.count,
        pager=views.pager(spec, links),
    )


def entity_view(views: ViewBuilder, spec: PageSpec, links: Links, body: Markup) -> EntityView:
    """An entity page: one page of its briefings, this page's part of its timeline,
    co-occurring entities."""
    term = spec.term
    assert term is not None and isinstance(term.item, Entity)
    entity = term.item
    shown = term.briefings[views.graph.term_timeline(entity.key).members_on(spec.location.number)]
    kind_title = views.kinds.get(entity.kind, entity.kind)
    return EntityView(
        name=entity.name,
        title=spec.title,
        kind=entity.kind,
        kicker=views.section(PageKind.ENTITIES, links, kind_title, entity.kind),
        aliases=entity.aliases,
        description=entity.description,
        co_occurring=views.counted(
            views.per_term(
                ("co", entity.key),
                lambda: views.graph.co_occurring(entity.key, views.settings.co_occurring),
            ),
            links,
        ),
        timeline=term_timeline(views, entity.key, spec, links),
        briefings=views.items(shown, links),
        total=term.count,
        pager=views.pager(spec, links),
    )


def tag_view(views: ViewBuilder, spec: PageSpec, links: Links, body: Markup) -> TagView:
    """A tag page: one page of its briefings, with summaries."""
    term = spec.term
    assert term is not None
    shown = views.page_slice(spec, term.briefings, views.settings.pagination_size)
    return TagView(
        name=term.name,
        title=spec.title,
        kicker=views.section(PageKind.TAGS, links, views.t("Tags")),
        briefings=views.items(shown, links),
        total=term.count,
        pager=views.pager(spec, links),
    )


def index_view(views: ViewBuilder, spec: PageSpec, links: Links, body: Markup) -> IndexView:
    """An index of stories, tags or one entity kind: one page of its terms, by name."""
    terms: Sequence[Term[Any]]
    if spec.kind == PageKind.STORIES:
        terms, kind = views.graph.stories.alphabetical(), "stories"
    elif spec.kind == PageKind.TAGS:
        terms, kind = views.graph.tags.alphabetical(), "tags"
    else:
        kind = spec.entity_kind
        terms = views.graph.entities[kind].alphabetical()
    shown: Sequence[Term[Any]] = views.page_slice(spec, terms, views.settings.pagination_index_size)
    return IndexView(
        title=spec.title,
        kind=kind,
        terms=tuple(_term_item(views, term, links) for term in shown),
        total=len(terms),
        pager=views.pager(spec, links),
        feeds=views.feeds_link(links) if spec.kind == PageKind.STORIES else None,
    )


def _term_item(views: ViewBuilder, term: Term[Any], links: Links) -> TermItem:
    item = term.item
    if isinstance(item, Story):
        location = views.table.page(PageKind.STORY, slug=term.slug)
        found = views.development(term.slug)
        development = views.entry(found, links) if found is not None else None
        latest = development.date if development is not None else None
        return TermItem(views.href(location, links), term.name, term.count,
                        item.description, latest, development)  # fmt: skip
    if isinstance(item, Entity):
        return TermItem(views.entity_chip(item, links).href, term.name, term.count)
    location = views.table.page(PageKind.TAG, slug=term.slug)
    return TermItem(views.href(location, links), term.name, term.count)


def archive_view(views: ViewBuilder, spec: PageSpec, links: Links, body: Markup) -> ArchiveView:
    """One page of the archive: briefings newest first, by year and month."""
    shown = views.page_slice(spec, views.graph.briefings, views.settings.pagination_size)
    keyed = [((b.date.year, b.date.month), views.item(b, links)) for b in shown]
    return ArchiveView(
        title=spec.title,
        years=by_year_and_month(keyed, views.t),
        total=len(views.graph.briefings),
        pager=views.pager(spec, links),
        feeds=views.feeds_link(links),
    )


def corrections_view(
    views: ViewBuilder, spec: PageSpec, links: Links, body: str
) -> CorrectionsView:
    """One page of every correction, newest first, each linking its briefing."""
    found = views.graph.corrections()
    shown = views.page_slice(spec, found, views.settings.pagination_size)
    items = tuple(
        CorrectionItem(
            views.when(c.date),
            c.text,
            Link(views.href(views.table.briefing(b), links, "bf-corrections"), b.title),
        )
        for c, b in shown
    )
    return CorrectionsView(spec.title, items, len(found), views.pager(spec, links))


def feeds_view(views: ViewBuilder, spec: PageSpec, links: Links, body: Markup) -> FeedsView:
    """What the site's feeds are and where: the site's three formats, then each story's."""
    site = tuple(
        views.feed_item(kind, f"{views.site_title} ({fmt})", fmt, links) for kind, fmt in SITE_FEEDS
    )
    stories = tuple(
        views.feed_item(FileKind.STORY_RSS, term.name, "RSS 2.0", links, slug=term.slug)
        for term in views.graph.stories.alphabetical()
    )
    return FeedsView(spec.title, site, stories)


def story_feed_view(
    views: ViewBuilder, spec: PageSpec, links: Links, body: Markup
) -> StoryFeedView:
    """What one story's feed is and where."""
    term = spec.term
    assert term is not None and isinstance(term.item, Story)
    feed = views.feed_item(
        FileKind.STORY_RSS, f"{term.name} – {views.site_title}", "RSS 2.0", links,
        slug=term.slug,
    )  # fmt: skip
    return StoryFeedView(
        title=spec.title,
        story=views.story_link(term.item, links),
        feed=FeedItem(feed.title, feed.format, feed.media_type, feed.href, feed.address),
        all_feeds=Link(views.href(views.table.page(PageKind.FEEDS), links), views.t("All feeds")),
    )


def by_year_and_month(
    keyed: Sequence[tuple[tuple[int, int], BriefingItem | TimelineEntry]],
    messages: Messages | None = None,
) -> tuple[YearGroup, ...]:
    """Items keyed by (year, month), in their order, grouped by year, then month; month
    headings in the language of `messages` (default English)."""
    t = messages or Messages.for_language("en")
    years = []
    for year, in_year in groupby(keyed, key=lambda pair: pair[0][0]):
        months = tuple(
            MonthGroup(
                f"bf-y{year}-m{month}",
                year,
                month,
                t.month(year, month),
                tuple(item for _, item in items),  # type: ignore[arg-type]
            )
            for month, items in groupby(in_year, key=lambda pair: pair[0][1])
        )
        years.append(YearGroup(f"bf-y{year}", year, months))
    return tuple(years)
