"""One build of a briefing site: content loaded and checked, graph indexed, pages planned.

The adapters (MkDocs plugin, CLI) drive this; it knows nothing of MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefings.graph.graph import SiteIndex
from briefings.content.loader import Corpus, load_corpus
from briefings.model.content import Briefing
from briefings.site.pages import PageSet
from briefings.model.settings import Settings
from briefings.site.urls import Urls


@dataclass
class BriefingSite:
    settings: Settings
    corpus: Corpus
    serving: bool = False  # `mkdocs serve`: drafts are shown
    index: SiteIndex | None = None
    pages: PageSet | None = None
    _included: list[Briefing] = field(default_factory=list)

    @classmethod
    def load(cls, settings: Settings, serving: bool = False) -> BriefingSite:
        return cls(settings, load_corpus(settings), serving)

    def included(self) -> list[Briefing]:
        """The briefings this build publishes: drafts only when serving or asked for."""
        keep_drafts = self.serving or self.settings.include_drafts
        return [b for b in self.corpus.briefings if keep_drafts or not b.draft]

    def plan(self, urls: Urls, template_dirs: tuple[str, ...] = (), feeds: bool = False) -> PageSet:
        """Index the included briefings and plan every generated page (`feeds`: whether
        feed files are written, so pages may link to them)."""
        self.index = SiteIndex.build(
            self.settings, self.included(), self.corpus.stories, self.corpus.entities
        )
        self.pages = PageSet(self.index, urls, template_dirs, feeds=feeds)
        return self.pages
