"""The view model of a briefing page (`briefing.html`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from briefings.model.content import Briefing
from briefings.site.urls import Links, PageKind
from briefings.site.views.pages import BriefingView, Neighbours
from briefings.site.views.parts import Chip, ChipGroup, CorrectionItem, Link, SourceItem, when

if TYPE_CHECKING:
    from briefings.site.pages import PageSpec
    from briefings.site.views.builder import ViewBuilder


def briefing_view(views: ViewBuilder, spec: PageSpec, links: Links, body: Markup) -> BriefingView:
    """Everything a briefing page shows around its body; every list is bounded: the story
    timeline by `story_window`, related by `related_count`, backlinks by `backlinks`."""
    b = spec.briefing
    assert b is not None
    graph, settings = views.graph, views.settings
    stories = graph.stories_of(b)
    main = stories[0] if stories and stories[0].slug == b.main_story else None
    timeline = graph.timeline_window(b, main.slug, settings.story_window) if main else []
    timeline_link = None
    if main is not None:
        # The page of the story's listing that holds this briefing.
        number = (main.position(b) or 0) // settings.pagination_size + 1
        listing = views.table.page(PageKind.STORY, slug=main.slug)
        href = views.href(views.table.paginated(listing, number), links, "bf-timeline")
        timeline_link = Link(href, "The whole timeline of this story")
    backlinks = graph.backlinks.get(b.slug, [])
    return BriefingView(
        slug=b.slug,
        title=b.title,
        summary=b.summary,
        key_points=b.key_points,
        published=when(b.date),
        updated=when(b.updated) if b.updated else None,
        curator=b.curator,
        sources=sources_of(b),
        kicker=views.story_link(main.item, links) if main else None,
        chips=chip_groups(views, b, links),
        body=body,
        corrections=tuple(CorrectionItem(when(c.date), c.text) for c in b.corrections),
        all_corrections=views.href(views.table.page(PageKind.CORRECTIONS), links),
        neighbours=tuple(
            Neighbours(
                views.story_link(term.item, links),
                *(views.item(n, links) if n else None for n in graph.neighbours(b, term.slug)),
            )
            for term in stories
        ),
        story_timeline=views.entries(timeline, links, current=b.slug),
        story_timeline_link=timeline_link,
        related=views.items(graph.related.get(b.slug, []), links),
        backlinks=views.items(backlinks[: settings.backlinks], links),
        more_backlinks=max(len(backlinks) - settings.backlinks, 0),
    )


def sources_of(briefing: Briefing) -> tuple[SourceItem, ...]:
    """A briefing's sources as the page lists them."""
    return tuple(
        SourceItem(s.name, s.url, when(s.published) if s.published else None, s.language, s.note)
        for s in briefing.sources
    )


def chip_groups(views: ViewBuilder, briefing: Briefing, links: Links) -> tuple[ChipGroup, ...]:
    """Chips of the briefing's stories, then of each entity kind its front matter names
    (in its order; mentions are linked in the body), then of its tags."""
    graph = views.graph
    groups = []
    stories = [views.story_link(t.item, links) for t in graph.stories_of(briefing)]
    if stories:
        chips = tuple(Chip(s.href, s.text, "story") for s in stories)
        groups.append(ChipGroup("Stories", "story", chips))
    for kind, slugs in briefing.entities.items():
        found = [e for e in (graph.entity((kind, s)) for s in slugs) if e is not None]
        if found:
            chips = tuple(views.entity_chip(e, links) for e in found)
            groups.append(ChipGroup(views.kinds.get(kind, kind), kind, chips))
    tags = tuple(
        Chip(views.href(views.table.page(PageKind.TAG, slug=t.slug), links), t.name, "tag")
        for t in graph.tags_of(briefing)
    )
    if tags:
        groups.append(ChipGroup("Tags", "tag", tags))
    return tuple(groups)
