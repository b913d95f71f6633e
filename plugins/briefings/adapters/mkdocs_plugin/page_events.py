"""Per-page work of the MkDocs adapter: metadata of generated pages, entity autolinks,
markers in hand-written pages, canonical addresses and sitemap dates."""

from __future__ import annotations

import functools
import posixpath
import re
from typing import TYPE_CHECKING, Any

from briefings.site import feeds
from briefings.site.markdown import AutolinkState
from briefings.site.sitemap import lastmod
from briefings.site.urls import Links, PageKind, UrlTable

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from briefings.adapters.mkdocs_plugin.config import BriefingsConfig
    from briefings.site.build import BriefingSite
    from briefings.site.pages import PageSpec

MARKER_LATEST = re.compile(r"<!--\s*briefings:latest(?:\s+(\d+))?\s*-->")
MARKER_STORIES = re.compile(r"<!--\s*briefings:stories(?:\s+(\d+))?\s*-->")


def page_meta(spec: PageSpec) -> dict[str, Any]:
    """The metadata of a generated page: only validated fields, so content cannot set
    `template:`, `hide:` or anything else the theme would honour."""
    meta: dict[str, Any] = {"title": spec.title}
    if spec.description:
        meta["description"] = spec.description
    if not spec.search:
        meta["search"] = {"exclude": True}
    if spec.briefing is not None:
        meta["briefing_date"] = spec.briefing.date.isoformat()
    return meta


def activate_autolink(state: AutolinkState, site: BriefingSite, page: Page) -> None:
    """Link entity mentions in the body of the briefing `page` (links name the entity
    page's source, so MkDocs resolves and checks them)."""
    graph, pages = site.graph, site.pages
    assert graph is not None and pages is not None
    base = posixpath.dirname(page.file.src_uri)

    def href(key: tuple[str, str]) -> str:
        location = pages.table.page(PageKind.ENTITY, slug=key[1], entity_kind=key[0])
        return _relpath(location.src_uri, base)

    def title(key: tuple[str, str]) -> str:
        entity = graph.entity(key)
        return entity.name if entity else ""

    state.activate(graph.matcher, site.settings.autolink, href, title)


@functools.lru_cache(maxsize=1 << 16)
def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath`, remembered: a briefing's folder links the same entities as its
    neighbours' (about 1 s of a 10,000-briefing build, uncached)."""
    return posixpath.relpath(path, start)


def fill_markers(html: str, page: Page, site: BriefingSite) -> str:
    """Replace `<!-- briefings:latest N -->` and `<!-- briefings:stories N -->` in a
    hand-written page with their lists (N optional)."""
    renderer = site.renderer
    assert renderer is not None
    links = Links.at(page.url)

    def latest(match: re.Match[str]) -> str:
        count = int(match.group(1)) if match.group(1) else None
        return renderer.fragment("latest.html", renderer.views.latest(links, count))

    def stories(match: re.Match[str]) -> str:
        count = int(match.group(1)) if match.group(1) else None
        return renderer.fragment("stories_marker.html", renderer.views.active_stories(links, count))

    html = MARKER_LATEST.sub(latest, html)
    return MARKER_STORIES.sub(stories, html)


def set_addresses(site: BriefingSite, files: Files) -> None:
    """Every page's canonical address (the online one, also offline: `og:url`, the
    sitemap) and its sitemap date from the content, never the clock."""
    pages, graph = site.pages, site.graph
    assert pages is not None and graph is not None
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        spec = pages.get(file.src_uri) if file.generated_by is not None else None
        location = spec.location if spec else pages.table.document(file.src_uri)
        canonical = pages.table.canonical(location)
        if canonical is not None:
            page.canonical_url = canonical
        day = lastmod(graph, spec)
        if day is not None:
            page.update_date = day.isoformat()


def feed_site(
    config: MkDocsConfig, options: BriefingsConfig, online_directory_urls: bool
) -> feeds.FeedSite | None:
    """Where feeds go (None without `site_url` or with `feeds: false`). The offline
    edition carries the online site's feeds: same URLs (`online_directory_urls`), same bytes."""
    if not options.feeds or not config.site_url:
        return None
    table = UrlTable(online_directory_urls, site_url=config.site_url)
    return feeds.FeedSite(
        table, title=config.site_name, description=config.site_description or "",
        language=config.theme.get("language") or "en", count=options.feed_count,
    )  # fmt: skip
