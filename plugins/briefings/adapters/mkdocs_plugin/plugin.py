"""The MkDocs adapter: maps MkDocs events onto the core, and does nothing else.

Event order (MkDocs 1.6): config -> pre_build -> (site dir cleaned) -> files -> nav ->
page_markdown / page_content per page -> env -> post_build.
"""

from __future__ import annotations

import posixpath
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from briefings.adapters.mkdocs_plugin import timings
from briefings.adapters.mkdocs_plugin.config import BriefingsConfig, to_settings
from briefings.model.problems import format_text
from briefings.site import feeds
from briefings.site.build import BriefingSite
from briefings.site.markdown import AutolinkExtension, AutolinkState
from briefings.site.sanitize import sanitize
from briefings.site.urls import Urls, relative_url

if TYPE_CHECKING:
    from collections.abc import Callable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

    from briefings.model.settings import Settings
    from briefings.site.pages import PageSpec

log = get_plugin_logger(__name__)

ASSETS_URI = "assets/briefings"
POLYFILL = f"{ASSETS_URI}/javascripts/iframe-worker.js"
MARKER_LATEST = re.compile(r"<!--\s*briefings:latest(?:\s+(\d+))?\s*-->")
MARKER_STORIES = re.compile(r"<!--\s*briefings:stories\s*-->")


class BriefingsPlugin(BasePlugin[BriefingsConfig]):
    """Compiles `briefings/` into briefing, story, entity and timeline pages."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.settings: Settings | None = None
        self.site: BriefingSite | None = None
        self.autolink = AutolinkState()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Before Material's offline plugin (priority 0): our polyfill must already be listed
    # when it looks for one, or it adds a shim from a CDN.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.settings = to_settings(self.config, config.config_file_path)
        overrides = str(resources.files(__package__).joinpath("overrides"))
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        config.extra_css.append(f"{ASSETS_URI}/stylesheets/briefings.css")
        config.extra_javascript.append(f"{ASSETS_URI}/javascripts/briefings.js")
        # Feeds point at the online site; the offline plugin (next) turns directory URLs off.
        self.feed_directory_urls = config.use_directory_urls
        if _offline_enabled(config):
            polyfills = config.extra.setdefault("polyfills", [])
            if not any("iframe-worker" in str(p) for p in polyfills):
                polyfills.append(POLYFILL)
            _drop_repo_widget(config)
        config.markdown_extensions.append(AutolinkExtension(self.autolink))  # type: ignore[arg-type]
        return config

    # Content is checked before MkDocs cleans the site folder, so a failed rebuild under
    # `mkdocs serve` leaves the last good site in place.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.settings is None:
            return
        self.site = BriefingSite.load(self.settings, serving=self.serving)
        for problem in self.site.corpus.warnings:
            log.warning(str(problem))
        errors = self.site.corpus.errors
        if errors:
            raise PluginError(f"{len(errors)} content error(s):\n{format_text(errors)}")

    # After other plugins' on_files (-50): generated files are added last, like Material's blog.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.site is None:
            return None
        feeds_written = self._feed_site(config) is not None
        pages = self.site.plan(
            Urls(config.use_directory_urls), _template_dirs(config), feeds=feeds_written
        )
        for spec in pages.specs.values():
            if files.get_file_from_path(spec.src_uri) is not None:
                log.warning(f"docs/{spec.src_uri} exists; the generated page is not written")
                continue
            files.append(self._file(spec, config))
        for path in _asset_paths():
            uri = f"{ASSETS_URI}/{path}"
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=_asset_bytes(path)))
        return files

    def _file(self, spec: PageSpec, config: MkDocsConfig) -> File:
        draft = spec.briefing is not None and spec.briefing.draft
        inclusion = InclusionLevel.DRAFT if draft and self.serving else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, spec.src_uri, content=spec.briefing.body if spec.briefing
                              else "", inclusion=inclusion)  # fmt: skip
        if spec.briefing is not None:
            assert self.site is not None and self.site.pages is not None
            assert self.settings is not None
            file.dest_uri = self.site.pages.urls.briefing_dest(spec.briefing.slug)
            file.edit_uri = _edit_uri(spec.briefing.path, self.settings.root, config)
        return file

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.site is None or self.site.pages is None or not self.config.nav:
            return None
        listed = {page.file.src_uri for page in nav.pages}
        for spec in self.site.pages.nav_pages():
            file = files.get_file_from_path(spec.src_uri)
            if file is None or spec.src_uri in listed:
                continue
            page = file.page or Page(spec.nav_title, file, config)
            nav.items.append(page)
            nav.pages.append(page)
        return nav

    # First among page_markdown handlers: MkDocs parsed its own idea of the front matter;
    # generated pages get only validated fields, so content cannot set template:, hide: ...
    @event_priority(100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files):
        spec = self._spec(page)
        if spec is None:
            self.autolink.deactivate()
            return None
        page.meta = {"title": spec.title}
        if spec.description:
            page.meta["description"] = spec.description
        if not spec.search:
            page.meta["search"] = {"exclude": True}
        if spec.briefing is None:
            self.autolink.deactivate()
            return ""
        page.meta["briefing_date"] = spec.briefing.date.isoformat()
        self._activate_autolink(page)
        return spec.briefing.body

    def _activate_autolink(self, page: Page) -> None:
        site, settings = self.site, self.settings
        assert site is not None and site.index is not None and site.pages is not None
        assert settings is not None
        index = site.index
        base = posixpath.dirname(page.file.src_uri)

        def href(key: tuple[str, str]) -> str:
            # A link to the entity page's source; MkDocs resolves and checks it.
            return posixpath.relpath(Urls.item_src(*key), base)

        def title(key: tuple[str, str]) -> str:
            entity = index.entity(key)
            return entity.name if entity else ""

        assert index.matcher is not None
        self.autolink.activate(index.matcher, settings.autolink, href, title)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files):
        if self.site is None or self.site.pages is None:
            return None
        self.autolink.deactivate()
        spec = self._spec(page)
        if spec is None:
            return self._fill_markers(html, page)
        body = html
        if spec.briefing is not None and self.settings is not None and self.settings.sanitize:
            body = sanitize(html)
        return self.site.pages.render(spec, page.url, body)

    def _fill_markers(self, html: str, page: Page) -> str:
        assert self.site is not None and self.site.pages is not None
        pages = self.site.pages

        def latest(match: re.Match) -> str:
            count = int(match.group(1) or 10)
            return pages.render_fragment(
                "latest.html", page.url, briefings=pages.index.briefings[:count]
            )

        html = MARKER_LATEST.sub(latest, html)
        return MARKER_STORIES.sub(lambda m: pages.render_fragment("stories_marker.html",
                                                                  page.url), html)  # fmt: skip

    def _spec(self, page: Page) -> PageSpec | None:
        if self.site is None or self.site.pages is None or page.file.generated_by is None:
            return None
        return self.site.pages.specs.get(page.file.src_uri)

    # Sitemap `lastmod` (and the sitemap.xml.gz mtime, their maximum) come from content
    # dates, not the clock; MkDocs renders the sitemap right after this event.
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> None:
        if self.site is None or self.site.index is None:
            return
        for file in files.documentation_pages():
            if file.page is not None:
                day = feeds.lastmod(self.site.index, self._spec(file.page))
                if day is not None:
                    file.page.update_date = day.isoformat()
        # Material fetches sitemap.xml beside every <link rel=alternate>: links are
        # relative (no request leaves a site opened from disk), and the offline edition,
        # whose feeds are the online ones, has none.
        site = None if _offline_enabled(config) else self._feed_site(config)
        env.globals["briefings_feed_links"] = _feed_links(site)

    def _feed_site(self, config: MkDocsConfig) -> feeds.FeedSite | None:
        """Where feeds go (None without `site_url` or with `feeds: false`).

        The offline edition carries the online site's feeds: same URLs, same bytes.
        """
        if not self.config.feeds or not config.site_url:
            return None
        return feeds.FeedSite(
            site_url=config.site_url, title=config.site_name,
            description=config.site_description or "",
            language=config.theme.get("language") or "en",
            directory_urls=self.feed_directory_urls, count=self.config.feed_count,
        )  # fmt: skip

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.site is None or self.site.index is None:
            return
        site = self._feed_site(config)
        if site is None:
            return
        for path, content in feeds.build_feeds(self.site.index, site).items():
            write_file(content, posixpath.join(config.site_dir, path))

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> None:
        if self.settings is not None and self.settings.source_dir.is_dir():
            server.watch(str(self.settings.source_dir))


def _offline_enabled(config: MkDocsConfig) -> bool:
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "offline" and getattr(plugin.config, "enabled", False):
            return True
    return False


def _feed_links(site: feeds.FeedSite | None) -> Callable[[object], list[dict[str, str]]]:
    """The head template's `briefings_feed_links(page)`: feed links relative to `page`."""

    def links(page: object) -> list[dict[str, str]]:
        if site is None:
            return []
        found = feeds.autodiscovery(site)
        if not isinstance(page, Page):  # 404.html, served at any path: absolute links
            return found
        return [{**link, "href": relative_url(link["path"], page.url)} for link in found]

    return links


def _drop_repo_widget(config: MkDocsConfig) -> None:
    """Offline edition: Material's repository widget calls the forge's API at run time.

    `repo_url` goes; edit links stay (plain links) with `edit_uri` made absolute.
    """
    if not config.repo_url:
        return
    if config.edit_uri and not urlsplit(config.edit_uri).scheme:
        base = config.repo_url
        if not base.endswith("/") and not config.edit_uri.startswith(("?", "#")):
            base += "/"
        config.edit_uri = urljoin(base, config.edit_uri)
    config.repo_url = None


def _template_dirs(config: MkDocsConfig) -> tuple[str, ...]:
    """A `briefings/` folder in the theme's custom_dir overrides the page templates."""
    if config.theme.custom_dir:
        return (posixpath.join(config.theme.custom_dir, "briefings"),)
    return ()


def _asset_paths() -> list[str]:
    root = resources.files(__package__).joinpath("assets")
    found = []
    for folder in sorted(root.iterdir(), key=lambda p: p.name):
        if folder.is_dir():
            files = sorted(folder.iterdir(), key=lambda p: p.name)
            found += [f"{folder.name}/{f.name}" for f in files if f.is_file()]
    return found


def _asset_bytes(path: str) -> bytes:
    return resources.files(__package__).joinpath("assets").joinpath(path).read_bytes()


def _edit_uri(path: str, root: Path, config: MkDocsConfig) -> str | None:
    """The briefing's real file, relative to docs_dir, for Material's edit button."""
    if not config.edit_uri:
        return None
    docs = Path(config.docs_dir).resolve()
    return posixpath.relpath((root.resolve() / path).as_posix(), docs.as_posix())


# Opt-in phase timings (BRIEFINGS_TIMINGS=1) wrap the hooks above; see timings.py.
timings.instrument(BriefingsPlugin)
