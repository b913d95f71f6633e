"""View models of whole pages: what each template receives as `view` (docs/templates.md).

Every page view has `title` (plain text) and, for listings, a `pager`; lists are already
cut to what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from briefings.site.views.parts import (
    BriefingItem,
    ChipGroup,
    CorrectionItem,
    Counted,
    FeedItem,
    Link,
    Pager,
    SourceItem,
    TermItem,
    TimelineEntry,
    TimelinePart,
    When,
    YearGroup,
    YearLink,
)


@dataclass(frozen=True)
class Neighbours:
    """A briefing's older and newer neighbour in one of its stories."""

    story: Link
    older: BriefingItem | None
    newer: BriefingItem | None


@dataclass(frozen=True)
class BriefingView:
    """`briefing.html`: one briefing, around its body (`body`: sanitised HTML, printed as
    it is).

    `story_timeline` is the main story's timeline around this briefing (bounded by
    `story_window`), `story_timeline_link` the story page holding this briefing's entry;
    `backlinks` is cut at the `backlinks` setting, `more_backlinks` counts the rest.
    """

    slug: str
    title: str
    summary: str
    key_points: tuple[str, ...]
    published: When
    updated: When | None
    curator: str | None
    sources: tuple[SourceItem, ...]
    kicker: Link | None
    chips: tuple[ChipGroup, ...]
    body: Markup
    corrections: tuple[CorrectionItem, ...]
    all_corrections: str
    neighbours: tuple[Neighbours, ...]
    story_timeline: tuple[TimelineEntry, ...]
    story_timeline_link: Link | None
    related: tuple[BriefingItem, ...]
    backlinks: tuple[BriefingItem, ...]
    more_backlinks: int


@dataclass(frozen=True)
class StoryView:
    """`story.html`: a story, one page of its briefings and this page's part of its
    timeline (the entries about the story, paged beside the briefings)."""

    title: str
    description: str
    kicker: Link
    feed: FeedItem | None
    top_entities: tuple[Counted, ...]
    timeline: TimelinePart
    briefings: tuple[BriefingItem, ...]
    total: int
    pager: Pager


@dataclass(frozen=True)
class EntityView:
    """`entity.html`: an entity, one page of its briefings and this page's part of its
    timeline (the entries that name the entity, paged beside the briefings)."""

    name: str
    title: str
    kind: str
    kicker: Link
    aliases: tuple[str, ...]
    description: str
    co_occurring: tuple[Counted, ...]
    timeline: TimelinePart
    briefings: tuple[BriefingItem, ...]
    total: int
    pager: Pager


@dataclass(frozen=True)
class TagView:
    """`tag.html`: a tag, one page of its briefings (with summaries)."""

    name: str
    title: str
    kicker: Link
    briefings: tuple[BriefingItem, ...]
    total: int
    pager: Pager


@dataclass(frozen=True)
class IndexView:
    """`stories.html`, `tags.html`, `entities.html`: one page of a taxonomy's terms;
    `kind` is `stories`, `tags` or the entity kind."""

    title: str
    kind: str
    terms: tuple[TermItem, ...]
    total: int
    pager: Pager
    feeds: Link | None = None


@dataclass(frozen=True)
class ArchiveView:
    """`archive.html`: one page of all briefings, newest first, by year and month."""

    title: str
    years: tuple[YearGroup, ...]
    total: int
    pager: Pager
    feeds: Link | None = None


@dataclass(frozen=True)
class TimelineView:
    """`timeline.html`: every entry of the site, newest first. `years` holds the newest
    `shown` entries as HTML (the `timeline_html` setting; 0: all); the `total - shown`
    older ones are data files the page's script renders as the reader scrolls.
    `filter_data` is the JSON of the filter's choices and of those data files, escaped
    for a `<script>` element (printed as it is). `jump` links every year, HTML or data;
    `older` is where readers without scripts find the older briefings (the archive page
    holding the first briefing past the HTML part; None when everything is HTML)."""

    title: str
    years: tuple[YearGroup, ...]
    jump: tuple[YearLink, ...]
    total: int
    shown: int
    filter_data: Markup
    older: Link | None = None


@dataclass(frozen=True)
class CorrectionsView:
    """`corrections.html`: one page of every correction, newest first."""

    title: str
    corrections: tuple[CorrectionItem, ...]
    total: int
    pager: Pager


@dataclass(frozen=True)
class FeedsView:
    """`feeds.html`: what the site's feeds are, their addresses, how to subscribe."""

    title: str
    feeds: tuple[FeedItem, ...]
    story_feeds: tuple[FeedItem, ...]


@dataclass(frozen=True)
class StoryFeedView:
    """`story_feed.html`: what one story's feed is and how to subscribe."""

    title: str
    story: Link
    feed: FeedItem
    all_feeds: Link


@dataclass(frozen=True)
class LatestView:
    """`latest.html`, the `<!-- briefings:latest N -->` marker: the newest briefings."""

    briefings: tuple[BriefingItem, ...]
    archive: Link


@dataclass(frozen=True)
class ActiveStory:
    """A story with briefings and its latest timeline entry."""

    story: Link
    latest: TimelineEntry | None


@dataclass(frozen=True)
class ActiveStoriesView:
    """`stories_marker.html`, the `<!-- briefings:stories N -->` marker."""

    stories: tuple[ActiveStory, ...]
    index: Link


PageView = (
    BriefingView
    | StoryView
    | EntityView
    | TagView
    | IndexView
    | ArchiveView
    | TimelineView
    | CorrectionsView
    | FeedsView
    | StoryFeedView
)
