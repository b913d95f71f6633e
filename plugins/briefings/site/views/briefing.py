"""The view model of a briefing page (`briefing.html`)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from briefings.content.body import BodyAnalysis, analyse
from briefings.model.content import Briefing
from briefings.site.embed import script_json
from briefings.site.urls import Links, PageKind
from briefings.site.views.pages import BriefingView, StoryContext
from briefings.site.views.parts import Chip, ChipGroup, CorrectionItem, Link, SourceItem

if TYPE_CHECKING:
    from briefings.graph.taxonomy import Term
    from briefings.model.content import Story
    from briefings.site.pages import PageSpec
    from briefings.site.views.builder import ViewBuilder

#: Source outlets named in the date line; the rest are counted ("and 2 more").
DATELINE_OUTLETS = 3
#: Reading speed for the reading time, in words per minute.
WORDS_PER_MINUTE = 220
# A word: a run of letters or digits; each character of scripts written without spaces
# (Chinese, Japanese, Thai...) counts as one.
_WORDS = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|\w+")
#: schema.org types of the built-in entity kinds (others are `Thing`).
SCHEMA_TYPES = {"people": "Person", "places": "Place", "organizations": "Organization"}


def briefing_view(views: ViewBuilder, spec: PageSpec, links: Links, body: Markup) -> BriefingView:
    """Everything a briefing page shows around its body; every list is bounded: the story
    timeline and each story's earlier briefings by `story_window`, related by
    `related_count`, backlinks by `backlinks`, the date line's outlets by
    `DATELINE_OUTLETS`."""
    b = spec.briefing
    assert b is not None
    graph, settings, t = views.graph, views.settings, views.t
    stories = graph.stories_of(b)
    main = stories[0] if stories and stories[0].slug == b.main_story else None
    timeline = graph.timeline_window(b, main.slug, settings.story_window) if main else []
    timeline_link = None
    if main is not None:
        # The page of the story's listing that holds this briefing.
        number = graph.term_timeline(("stories", main.slug)).member_page(main.position(b) or 0)
        listing = views.table.page(PageKind.STORY, slug=main.slug)
        href = views.href(views.table.paginated(listing, number), links, "bf-timeline")
        timeline_link = Link(href, t("The whole timeline of this story"))
    backlinks = graph.backlinks.get(b.slug, [])
    corrected = max((c.date for c in b.corrections), default=None)
    names = list(dict.fromkeys(s.name for s in b.sources))
    address = views.table.canonical(spec.location) or ""
    minutes = reading_minutes(b, views.bodies.get(b.slug))
    return BriefingView(
        slug=b.slug,
        title=b.title,
        summary=b.summary,
        key_points=b.key_points,
        published=views.when(b.date),
        updated=views.when(b.updated) if b.updated else None,
        corrected=views.when(corrected) if corrected else None,
        curator=b.curator,
        outlets=tuple(names[:DATELINE_OUTLETS]),
        more_outlets=max(len(names) - DATELINE_OUTLETS, 0),
        reading_time=t.n("{count} min read", "{count} min read", minutes),
        sources=sources_of(views, b),
        kicker=views.story_link(main.item, links) if main else None,
        chips=chip_groups(views, b, links),
        body=body,
        corrections=tuple(  # dated notices, oldest first, whatever order they were written in
            CorrectionItem(views.when(c.date), c.text)
            for c in sorted(b.corrections, key=lambda c: c.date)
        ),
        all_corrections=views.href(views.table.page(PageKind.CORRECTIONS), links),
        context=tuple(_context(views, b, term, links) for term in stories),
        story_timeline=views.entries(timeline, links, current=b.slug),
        story_timeline_link=timeline_link,
        related=views.items(graph.related.get(b.slug, []), links),
        backlinks=views.items(backlinks[: settings.backlinks], links),
        more_backlinks=max(len(backlinks) - settings.backlinks, 0),
        address=address,
        structured_data=structured_data(views, b, address),
    )


def reading_minutes(briefing: Briefing, analysis: BodyAnalysis | None = None) -> int:
    """Minutes to read the summary, key points and body (code and markup not counted) at
    `WORDS_PER_MINUTE`; at least 1. `analysis`: the body's, where the caller has it."""
    body = (analysis or analyse(briefing.body)).text
    text = " ".join([briefing.summary, *briefing.key_points, body])
    words = _WORDS.subn("", text)[1]  # counted without a list of them
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def _context(views: ViewBuilder, b: Briefing, term: Term[Story], links: Links) -> StoryContext:
    """The briefings before `b` in story `term` (newest first, `story_window` of them)
    and the one after it."""
    members = term.briefings  # newest first
    i = term.position(b)
    assert i is not None
    window = max(views.settings.story_window, 1)
    earlier = members[i + 1 : i + 1 + window]
    newer = members[i - 1] if i > 0 else None
    return StoryContext(
        views.story_link(term.item, links),
        views.items(earlier, links),
        max(len(members) - (i + 1) - len(earlier), 0),
        views.item(newer, links) if newer is not None else None,
    )


def sources_of(views: ViewBuilder, briefing: Briefing) -> tuple[SourceItem, ...]:
    """A briefing's sources as the page lists them, languages named in the site's language."""
    t = views.t
    return tuple(
        SourceItem(
            s.name,
            s.url,
            views.when(s.published) if s.published else None,
            s.language,
            s.note,
            t.language_name(s.language) if s.language else None,
        )
        for s in briefing.sources
    )


def chip_groups(views: ViewBuilder, briefing: Briefing, links: Links) -> tuple[ChipGroup, ...]:
    """Chips of each entity kind its front matter names (in its order; mentions are
    linked in the body), then of its stories and of its tags."""
    graph, t = views.graph, views.t
    groups = []
    for kind, slugs in briefing.entities.items():
        found = [e for e in (graph.entity((kind, s)) for s in slugs) if e is not None]
        if found:
            chips = tuple(views.entity_chip(e, links) for e in found)
            groups.append(ChipGroup(views.kinds.get(kind, kind), kind, chips))
    stories = [views.story_link(s.item, links) for s in graph.stories_of(briefing)]
    if stories:
        chips = tuple(Chip(s.href, s.text, "story") for s in stories)
        groups.append(ChipGroup(t("Stories"), "story", chips))
    tags = tuple(
        Chip(views.href(views.table.page(PageKind.TAG, slug=tag.slug), links), tag.name, "tag")
        for tag in graph.tags_of(briefing)
    )
    if tags:
        groups.append(ChipGroup(t("Tags"), "tag", tags))
    return tuple(groups)


def structured_data(views: ViewBuilder, b: Briefing, address: str) -> Markup:
    """The briefing as a schema.org `NewsArticle`, JSON escaped for a `<script>` element:
    headline, description, dates, language, curator (author), the site (publisher),
    sources (citation), main story (about; every story in `articleSection`), entities
    named in the front matter (mentions), tags (keywords) and corrections."""
    graph = views.graph
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": b.title,
        "description": b.summary,
        "datePublished": b.date.isoformat(),
        "dateModified": b.last_changed.isoformat(),
        "inLanguage": views.t.language,
    }
    if address:
        data["url"] = data["mainEntityOfPage"] = address
    if b.curator:
        data["author"] = {"@type": "Person", "name": b.curator}
    if views.site_title:
        data["publisher"] = {"@type": "Organization", "name": views.site_title}
    data["citation"] = [_citation(s) for s in b.sources]
    stories = graph.stories_of(b)
    if stories:
        data["about"] = {"@type": "Thing", "name": stories[0].name}
        data["articleSection"] = [s.name for s in stories]
    mentioned = [graph.entity(ref) for ref in b.entity_refs()]
    mentions = [
        {"@type": SCHEMA_TYPES.get(e.kind, "Thing"), "name": e.name}
        for e in mentioned
        if e is not None
    ]
    if mentions:
        data["mentions"] = mentions
    tags = [tag.name for tag in graph.tags_of(b)]
    if tags:
        data["keywords"] = tags
    if b.corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": c.date.isoformat()}
            for c in b.corrections
        ]
    return script_json(data)


def _citation(source: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "CreativeWork", "name": source.name}
    if source.url:
        found["url"] = source.url
    if source.published:
        found["datePublished"] = source.published.isoformat()
    if source.language:
        found["inLanguage"] = source.language
    return found
