"""A whole site rendered by the core alone, with no engine: every generated page's article
HTML and every feed, briefing bodies converted by plain Python-Markdown.

What only an engine does is not done here: rewriting and checking `.md` links in bodies,
the page shell (theme, navigation), search, hand-written pages. The MkDocs adapter does
those; this is the proof that everything else lives in the core (and a quick way to look
at generated HTML).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import markdown

from briefings.model.problems import Problem
from briefings.model.settings import Settings
from briefings.site.build import BriefingSite
from briefings.site.feeds import FeedSite, build_feeds
from briefings.site.markdown import AutolinkExtension, AutolinkState
from briefings.site.sanitize import sanitize
from briefings.site.urls import Links, PageKind, UrlTable
from briefings.site.views.timeline import timeline_files

#: Python-Markdown's own extensions, as a typical site enables them.
EXTENSIONS = ("toc", "attr_list", "tables", "footnotes", "admonition")


@dataclass
class RenderedSite:
    """`pages`: output path -> article HTML; `feeds`: site-relative path -> bytes;
    `files`: the other generated files (the timeline's data), path -> bytes;
    `problems`: the content's problems (with an error, nothing is rendered)."""

    pages: dict[str, str] = field(default_factory=dict)
    feeds: dict[str, bytes] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def render_site(
    settings: Settings,
    *,
    site_url: str = "",
    site_title: str = "Briefings",
    directory_urls: bool = True,
    canonical_directory_urls: bool | None = None,
    template_dirs: tuple[str, ...] = (),
    extensions: Sequence[str] = EXTENSIONS,
    feed_count: int = 50,
) -> RenderedSite:
    """Load the content of `settings`, then render every generated page and, with a
    `site_url`, every feed. Content errors are returned, not raised.

    `directory_urls` is how pages are written, `canonical_directory_urls` how the online
    site writes them (default: the same; the offline edition passes True).
    """
    site = BriefingSite.load(settings)
    out = RenderedSite(problems=list(site.corpus.problems))
    if site.corpus.errors:
        return out
    table = UrlTable(
        directory_urls, site_url=site_url, canonical_directory_urls=canonical_directory_urls
    )
    plan = site.plan(table, template_dirs, feeds=bool(site_url), site_title=site_title)
    renderer, graph = site.renderer, site.graph
    assert renderer is not None and graph is not None
    state = AutolinkState()
    converter = markdown.Markdown(extensions=[*extensions, AutolinkExtension(state)])
    for spec in plan:
        body = ""
        if spec.briefing is not None:
            links = table.links_from(spec.location)

            def href(key: tuple[str, str], links: Links = links) -> str:
                location = table.page(PageKind.ENTITY, slug=key[1], entity_kind=key[0])
                return links.to(table.url(location))

            def title(key: tuple[str, str]) -> str:
                entity = graph.entity(key)
                return entity.name if entity else ""

            state.activate(graph.matcher, settings.autolink, href, title)
            body = converter.reset().convert(spec.briefing.body)
            state.deactivate()
            if settings.sanitize:
                body = sanitize(body)
        out.pages[table.dest(spec.location)] = renderer.page(spec, body)
    out.files = timeline_files(renderer.views)
    if site_url:
        feed_site = FeedSite(table, title=site_title, count=feed_count)
        out.feeds = build_feeds(graph, feed_site)
    return out
