"""One build of a briefing site: content loaded and checked, graph built, pages planned.

The adapters (MkDocs plugin, CLI) and `render.render_site` drive this; it knows nothing
of MkDocs. Everything here is made fresh for each build.
"""

from __future__ import annotations

from dataclasses import dataclass

from briefings.content.cache import BuildCache
from briefings.content.loader import Corpus, load_corpus
from briefings.graph.graph import BriefingGraph
from briefings.model.content import Briefing
from briefings.model.settings import Settings
from briefings.site.i18n import Messages
from briefings.site.pages import PagePlan
from briefings.site.previews import PreviewIndex
from briefings.site.render import Renderer
from briefings.site.urls import UrlTable
from briefings.site.views.builder import ViewBuilder


@dataclass
class BriefingSite:
    """A site's content and, once `plan` ran, its graph, page plan and renderer.

    `serving`: a live preview (`mkdocs serve`), which shows drafts.
    """

    settings: Settings
    corpus: Corpus
    serving: bool = False
    graph: BriefingGraph | None = None
    pages: PagePlan | None = None
    renderer: Renderer | None = None
    previews: PreviewIndex | None = None

    cache: BuildCache | None = None

    @classmethod
    def load(
        cls, settings: Settings, serving: bool = False, cache: BuildCache | None = None
    ) -> BriefingSite:
        """Load and check the content of `settings.source_dir` (problems in `corpus`);
        `cache` (the build cache) supplies what unchanged files gave the last build."""
        return cls(settings, load_corpus(settings, cache=cache), serving, cache=cache)

    def included(self) -> list[Briefing]:
        """The briefings this build publishes: drafts only when serving or asked for."""
        keep_drafts = self.serving or self.settings.include_drafts
        return [b for b in self.corpus.briefings if keep_drafts or not b.draft]

    def plan(
        self,
        table: UrlTable,
        template_dirs: tuple[str, ...] = (),
        feeds: bool = False,
        site_title: str = "",
        language: str = "en",
        pages_only: bool = False,
    ) -> PagePlan:
        """Build the graph of the included briefings and plan every generated page.

        `feeds`: whether feed files are written (pages then link to them); `template_dirs`
        override the package's templates; `site_title` names the feeds; `language` (a
        language tag, as `theme.language`) chooses the labels and date formats.
        `pages_only`: only the plan (`briefings check`): no related briefings, renderer
        or link previews.
        """
        messages = Messages.for_language(language)
        bodies = {f.slug: f.body.analysis for f in self.corpus.files if f.briefing is not None}
        self.graph = BriefingGraph.build(
            self.settings, self.included(), self.corpus.stories, self.corpus.entities,
            bodies=bodies, cache=self.cache, related=not pages_only,
        )  # fmt: skip
        self.pages = PagePlan(self.graph, table, feeds=feeds, messages=messages)
        if pages_only:
            return self.pages
        views = ViewBuilder(
            self.graph, table, feeds=feeds, site_title=site_title, messages=messages,
            bodies=bodies,
        )  # fmt: skip
        self.renderer = Renderer(self.pages, views, template_dirs)
        self.previews = PreviewIndex(self.pages, messages)
        return self.pages

    def with_previews(self, page_html: str, page_url: str) -> str:
        """`page_html` (a page's content, at site-relative `page_url`) with the link
        previews of the pages it links to appended (`site.previews`)."""
        if self.previews is None:
            return page_html
        return page_html + self.previews.script(page_html, page_url)
