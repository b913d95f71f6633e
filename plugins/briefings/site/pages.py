"""The page plan: which pages a site gets, each a `PageSpec` at a `Location`.

Listings (archive, stories, entities, tags, their indexes, corrections) get as many pages
as their page size needs (`PageSettings`), each a real page under its own URL; the plan
knows them all before anything renders, so pagers link to pages that exist.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from briefings.graph.graph import BriefingGraph
from briefings.graph.taxonomy import Term
from briefings.model.content import Briefing
from briefings.site.urls import Location, PageKind, UrlTable


@dataclass(frozen=True)
class PageSpec:
    """One generated page.

    `listing` is page 1 of the listing this page belongs to (itself for unpaginated
    pages), `pages` how many pages that listing has. `term` is the story, entity or
    tag a term page is about; `entity_kind` the kind an entity index lists. `nav_title`
    is set for pages that belong in the navigation; `search` False leaves the page out of
    the search index (pure listings).
    """

    location: Location
    title: str
    description: str = ""
    briefing: Briefing | None = None
    term: Term[Any] | None = None
    entity_kind: str = ""
    listing_location: Location | None = None
    pages: int = 1
    nav_title: str | None = None
    search: bool = True

    @property
    def kind(self) -> PageKind:
        """The page's kind (its template's name)."""
        return self.location.kind

    @property
    def src_uri(self) -> str:
        """The docs-tree path MkDocs knows the page by."""
        return self.location.src_uri

    @property
    def template(self) -> str:
        """The Jinja template that renders the page (`<kind>.html`)."""
        return f"{self.kind.value}.html"

    @property
    def listing(self) -> Location:
        """Page 1 of the listing this page belongs to (the page itself if unpaginated)."""
        return self.listing_location or self.location


class PagePlan:
    """Every generated page of one build, by source URI, in a stable order.

    `feeds`: whether feed files are written (then their explanatory pages exist too).
    """

    def __init__(self, graph: BriefingGraph, table: UrlTable, feeds: bool = False) -> None:
        self.graph = graph
        self.table = table
        self.feeds = feeds
        self.settings = graph.settings.pages
        self.specs: dict[str, PageSpec] = {spec.src_uri: spec for spec in self._plan()}

    def __iter__(self) -> Iterator[PageSpec]:
        return iter(self.specs.values())

    def get(self, src_uri: str) -> PageSpec | None:
        """The generated page MkDocs knows as `src_uri`, None for any other file."""
        return self.specs.get(src_uri)

    def nav_pages(self) -> list[PageSpec]:
        """Section pages that belong in the navigation, in the plan's order."""
        return [s for s in self.specs.values() if s.nav_title]

    # -- which pages -------------------------------------------------------------------
    def _plan(self) -> Iterator[PageSpec]:
        graph, table = self.graph, self.table
        size, index_size = self.settings.pagination_size, self.settings.pagination_index_size
        for b in graph.briefings:
            yield PageSpec(table.briefing(b), b.title, b.summary, briefing=b)
        yield from self._listing(
            table.page(PageKind.STORIES), "Stories", len(graph.stories), index_size,
            nav_title="Stories",
        )  # fmt: skip
        for term in graph.stories:
            yield from self._listing(
                table.page(PageKind.STORY, slug=term.slug), term.name, term.count, size,
                description=term.item.description, term=term,
            )  # fmt: skip
            if self.feeds:
                yield PageSpec(
                    table.page(PageKind.STORY_FEED, slug=term.slug),
                    f"Feed: {term.name}", term=term, search=False,
                )  # fmt: skip
        yield PageSpec(
            table.page(PageKind.TIMELINE), "Timeline", nav_title="Timeline", search=False
        )
        for kind, title in graph.settings.kinds.items():
            taxonomy = graph.entities[kind]
            yield from self._listing(
                table.page(PageKind.ENTITIES, entity_kind=kind), title, len(taxonomy),
                index_size, entity_kind=kind, nav_title=title,
            )  # fmt: skip
            for entity in taxonomy:
                yield from self._listing(
                    table.page(PageKind.ENTITY, slug=entity.slug, entity_kind=kind),
                    entity.name, entity.count, size, description=entity.item.description,
                    term=entity,
                )  # fmt: skip
        yield from self._listing(
            table.page(PageKind.ARCHIVE), "Archive", len(graph.briefings), size,
            nav_title="Archive", search=False,
        )  # fmt: skip
        yield from self._listing(
            table.page(PageKind.TAGS), "Tags", len(graph.tags), index_size,
            nav_title="Tags", search=False,
        )  # fmt: skip
        for tag in graph.tags:
            yield from self._listing(
                table.page(PageKind.TAG, slug=tag.slug), f"Tag: {tag.name}", tag.count,
                size, term=tag,
            )  # fmt: skip
        corrections = sum(len(b.corrections) for b in graph.briefings)
        yield from self._listing(
            table.page(PageKind.CORRECTIONS), "Corrections", corrections, size,
            nav_title="Corrections", search=False,
        )  # fmt: skip
        if self.feeds:
            yield PageSpec(table.page(PageKind.FEEDS), "Feeds", search=False)

    def _listing(
        self, listing: Location, title: str, total: int, size: int, **fields: Any
    ) -> Iterator[PageSpec]:
        """Page 1 of a listing at `listing`, then its further pages (never in the nav,
        never searched: they repeat what page 1 is about)."""
        count = max(math.ceil(total / size), 1)
        yield PageSpec(listing, title, listing_location=listing, pages=count, **fields)
        fields.pop("nav_title", None)
        fields["search"] = False
        fields.pop("description", None)
        for number in range(2, count + 1):
            yield PageSpec(
                self.table.paginated(listing, number), f"{title}, page {number} of {count}",
                listing_location=listing, pages=count, **fields,
            )  # fmt: skip
