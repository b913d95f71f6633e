"""The page plan: which pages a site gets, each a `PageSpec` at a `Location`.

Listings (archive, stories, entities, tags, their indexes, corrections) get as many pages
as their page size needs (`PageSettings`), each a real page under its own URL; the plan
knows them all before anything renders, so pagers link to pages that exist.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from briefings.graph.graph import BriefingGraph
from briefings.graph.taxonomy import Term
from briefings.model.content import Briefing
from briefings.site.i18n import Messages
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

    `feeds`: whether feed files are written (then their explanatory pages exist too);
    `messages`: the site language's labels, for the pages' titles (default English).
    """

    def __init__(
        self,
        graph: BriefingGraph,
        table: UrlTable,
        feeds: bool = False,
        messages: Messages | None = None,
    ) -> None:
        self.graph = graph
        self.table = table
        self.feeds = feeds
        self.t = messages or Messages.for_language("en")
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
        graph, table, t = self.graph, self.table, self.t
        size, index_size = self.settings.pagination_size, self.settings.pagination_index_size
        for b in graph.briefings:
            yield PageSpec(table.briefing(b), b.title, b.summary, briefing=b)
        yield from self._listing(
            table.page(PageKind.STORIES), t("Stories"), len(graph.stories), index_size,
            nav_title=t("Stories"),
        )  # fmt: skip
        for term in graph.stories:
            yield from self._listing(
                table.page(PageKind.STORY, slug=term.slug), term.name, term.count, size,
                description=term.item.description, term=term,
                count=graph.term_timeline(("stories", term.slug)).count,
            )  # fmt: skip
            if self.feeds:
                yield PageSpec(
                    table.page(PageKind.STORY_FEED, slug=term.slug),
                    t("Feed: {name}", name=term.name), term=term, search=False,
                )  # fmt: skip
        yield PageSpec(
            table.page(PageKind.TIMELINE), t("Timeline"), nav_title=t("Timeline"), search=False
        )
        for kind, english in graph.settings.kinds.items():
            title = t(english)
            taxonomy = graph.entities[kind]
            yield from self._listing(
                table.page(PageKind.ENTITIES, entity_kind=kind), title, len(taxonomy),
                index_size, entity_kind=kind, nav_title=title,
            )  # fmt: skip
            for entity in taxonomy:
                yield from self._listing(
                    table.page(PageKind.ENTITY, slug=entity.slug, entity_kind=kind),
                    entity.name, entity.count, size, description=entity.item.description,
                    term=entity, count=graph.term_timeline(entity.item.key).count,
                )  # fmt: skip
        yield from self._listing(
            table.page(PageKind.ARCHIVE), t("Archive"), len(graph.briefings), size,
            nav_title=t("Archive"), search=False,
        )  # fmt: skip
        yield from self._listing(
            table.page(PageKind.TAGS), t("Tags"), len(graph.tags), index_size,
            nav_title=t("Tags"), search=False,
        )  # fmt: skip
        for tag in graph.tags:
            yield from self._listing(
                table.page(PageKind.TAG, slug=tag.slug), t("Tag: {name}", name=tag.name), tag.count,
                size, term=tag,
            )  # fmt: skip
        corrections = sum(len(b.corrections) for b in graph.briefings)
        yield from self._listing(
            table.page(PageKind.CORRECTIONS), t("Corrections"), corrections, size,
            nav_title=t("Corrections"), search=False,
        )  # fmt: skip
        if self.feeds:
            yield PageSpec(table.page(PageKind.FEEDS), t("Feeds"), search=False)

    def _listing(
        self,
        listing: Location,
        title: str,
        total: int,
        size: int,
        count: int = 0,
        **fields: Any,
    ) -> Iterator[PageSpec]:
        """Page 1 of a listing at `listing`, then its further pages (never in the nav,
        never searched: they repeat what page 1 is about): `count` pages, else as many as
        `total` items take at `size` per page."""
        count = count or max(math.ceil(total / size), 1)
        yield PageSpec(listing, title, listing_location=listing, pages=count, **fields)
        fields.pop("nav_title", None)
        fields["search"] = False
        fields.pop("description", None)
        for number in range(2, count + 1):
            yield PageSpec(
                self.table.paginated(listing, number),
                self.t("{title}, page {number} of {count}", title=title, number=number,
                       count=count),
                listing_location=listing, pages=count, **fields,
            )  # fmt: skip


#: MkDocs' Markdown suffixes (`mkdocs.utils.markdown_extensions`): such files are pages.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


@dataclass(frozen=True)
class HiddenPage:
    """A generated page that a file of the docs folder hides: both have the source URI
    `spec.src_uri` or the output path `dest`; the docs file is kept, the page not written."""

    spec: PageSpec
    docs_uri: str  # the docs file's source URI (`people.md`)
    dest: str  # the output path both would be written to (`people/index.html`)

    @property
    def message(self) -> str:
        """The one warning the build and `briefings check` give."""
        return (
            f"docs/{self.docs_uri} is written to {self.dest}, the address of the generated "
            f"page {self.spec.src_uri}; the generated page is not written (rename or move "
            f"docs/{self.docs_uri})"
        )


def docs_dest(table: UrlTable, src_uri: str) -> str:
    """The output path MkDocs gives a file of the docs folder: a page's as the URL table
    computes it (with or without directory URLs, `README.md` as `index`), any other file's
    is its source URI."""
    if src_uri.lower().endswith(MARKDOWN_SUFFIXES):
        return table.dest(UrlTable.document(src_uri))
    return src_uri


def hidden_pages(plan: Iterable[PageSpec], table: UrlTable, docs: Mapping[str, str]
                 ) -> list[HiddenPage]:  # fmt: skip
    """Every generated page of `plan` that a docs file hides, in the plan's order.

    `docs`: source URI -> output path of each file collected from the docs folder
    (MkDocs' `File.dest_uri`, or `docs_dest`). A page is hidden when a docs file has its
    source URI (`people/index.md`) or its output path (`people.md` with directory URLs:
    both are `people/index.html`). Linear in the number of pages and files.
    """
    by_dest: dict[str, str] = {}
    for uri, dest in sorted(docs.items()):
        by_dest.setdefault(dest, uri)
    hidden = []
    for spec in plan:
        dest = table.dest(spec.location)
        if spec.src_uri in docs:
            hidden.append(HiddenPage(spec, spec.src_uri, docs[spec.src_uri]))
        elif dest in by_dest:
            hidden.append(HiddenPage(spec, by_dest[dest], dest))
    return hidden
