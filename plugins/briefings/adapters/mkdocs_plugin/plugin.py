"""The MkDocs adapter: maps MkDocs events onto the core, and does nothing else.

Event order (MkDocs 1.6): config -> pre_build -> (site dir cleaned) -> files -> nav ->
page_markdown / page_content per page -> env -> post_build. The work lives in the core
(`briefings.site`) and in this package's helpers: `theme` (overrides, assets, offline
edition), `files` (generated files), `page_events` (per-page work).

Every hook checks `enabled`; everything a build computes is made fresh in `on_config`
(under `mkdocs serve` the plugin object lives across rebuilds).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from briefings.adapters.mkdocs_plugin import (
    dirty,
    file_policy,
    logfilter,
    page_events,
    page_writer,
    theme,
    timings,
)
from briefings.adapters.mkdocs_plugin.collection import DeferredCollection
from briefings.adapters.mkdocs_plugin.config import BriefingsConfig, cache_folder, to_settings
from briefings.adapters.mkdocs_plugin.data_files import add_data_files
from briefings.adapters.mkdocs_plugin.dirty import DirtyPages, PageFile
from briefings.adapters.mkdocs_plugin.edition import mark_edition
from briefings.adapters.mkdocs_plugin.files import add_generated_files
from briefings.adapters.mkdocs_plugin.footer import Footer, parse_links
from briefings.adapters.mkdocs_plugin.markdown_reuse import SharedMarkdown, share_markdown
from briefings.adapters.mkdocs_plugin.nav_cache import NavCache
from briefings.adapters.mkdocs_plugin.page_store import PageStore
from briefings.adapters.mkdocs_plugin.page_writer import PageWriter
from briefings.adapters.mkdocs_plugin.parallel import (
    Articles,
    ThemePages,
    other_handlers,
    serial_reason,
)
from briefings.adapters.mkdocs_plugin.safety import Safety
from briefings.adapters.mkdocs_plugin.search import SearchIndexWriter
from briefings.adapters.mkdocs_plugin.skip_link import point_skip_link
from briefings.adapters.mkdocs_plugin.workers import default_workers, fork_available
from briefings.content import cache as build_cache
from briefings.content.cache import BuildCache
from briefings.model.problems import format_text
from briefings.site import feeds, template_cache
from briefings.site.build import BriefingSite
from briefings.site.feed_cache import feed_files
from briefings.site.markdown import AutolinkExtension, AutolinkState
from briefings.site.urls import UrlTable

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.utils.templates import TemplateContext

    from briefings.model.settings import Settings
    from briefings.site.pages import PageSpec

# Cache namespace (per output folder): hand-written pages' search documents, for dirty builds.
SEARCH_PAGES = "search-pages"

log = get_plugin_logger(__name__)

#: With `workers: 0` (auto), sites of more briefings than this build in one process:
#: measured on 2 cores, two workers take 25% off the wall time at 10,000 briefings but the
#: tree's RSS goes from 0.8 to 1.4 GB (copy-on-write pages the workers touch).
AUTO_WORKERS_MAX = 3_000


class BriefingsPlugin(BasePlugin[BriefingsConfig]):
    """Compiles `briefings/` into briefing, story, entity and timeline pages."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False  # `--dirty`: unchanged generated pages are not written again
        self.autolink = AutolinkState()
        self.cache: BuildCache | None = None  # the one thing kept across builds
        # Lives across builds: a `--dirty` rebuild reuses the skipped pages' search entries.
        self.search = SearchIndexWriter()
        self.collection = DeferredCollection()  # full GCs wait for a build's end
        self.writer = PageWriter()  # pages written beside the build (`page_writer`)
        self._reset()

    def _reset(self) -> None:
        """Forget the last build (`mkdocs serve` reuses the plugin object)."""
        self.settings: Settings | None = None
        self.site: BriefingSite | None = None
        self.online_directory_urls = True
        self.offline = False
        self.autolink.deactivate()
        self.writer.stop()  # a build the API's caller interrupted (no on_build_error)
        self.safety = Safety(log)
        self.footer = Footer()
        self.dirty_pages: DirtyPages | None = None
        # Worker processes and kept HTML (parallel.py); 1 worker: all in this process.
        self.workers = 1
        self.nav: Navigation | None = None
        self.articles = Articles()
        self.theme_pages = ThemePages()
        self.store = PageStore()
        self.search_blind = False  # only Material's search reads pages in on_page_context
        logfilter.worker_pages(frozenset())

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this process serves (`mkdocs serve`: drafts shown)."""
        self.serving = command == "serve"
        self.dirty = dirty

    # Before Material's offline plugin (priority 0), for two reasons: our search worker
    # facade must already be listed when it looks for an iframe-worker polyfill (or it adds
    # a shim from a CDN), and the online URL style must be read before it turns directory
    # URLs off.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Start a fresh build: reset all per-build state, read the options
        into `Settings`, list the search facade; nothing when disabled."""
        self._reset()
        self.collection.start(serving=self.serving)
        if not self.config.enabled:
            return None
        logfilter.install()  # content quoted in the log is escaped
        self.settings = to_settings(self.config, config.config_file_path)
        folder = cache_folder(self.config, config.config_file_path)
        self.cache = build_cache.reuse(
            self.cache, folder, build_cache.content_context(self.settings)
        )
        self.online_directory_urls = config.use_directory_urls
        self.offline = theme.offline_enabled(config)
        self.safety = Safety(log)
        self.safety.configure(config)
        if not (self.serving or self.dirty or not fork_available()):
            self.workers = self.config.workers or default_workers()
        self.footer = Footer(
            parse_links(self.config.footer_links), config.site_url or "", config.use_directory_urls
        )
        theme.add_theme_parts(config)
        self.search.on_config(config)
        if self.offline:
            theme.prepare_offline(config)
        if not any(isinstance(e, AutolinkExtension) for e in config.markdown_extensions):
            config.markdown_extensions.append(AutolinkExtension(self.autolink))  # type: ignore[arg-type]
        return config

    # Content is checked before MkDocs cleans the site folder, so a failed rebuild under
    # `mkdocs serve` leaves the last good site in place.
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load the content (raises PluginError on content errors) and
        check the links in docs/."""
        if not self.config.enabled or self.settings is None:
            return
        self.site = BriefingSite.load(self.settings, serving=self.serving, cache=self.cache)
        if not self.config.workers and len(self.site.corpus.briefings) > AUTO_WORKERS_MAX:
            self.workers = 1  # `workers: 0` (auto): one process for a large site
        self.safety.locate(self.site.corpus.files)  # lines for its warnings
        for problem in self.site.corpus.warnings:
            log.warning(str(problem))
        # Links in docs/ are checked before MkDocs walks it (it follows them).
        errors = [*file_policy.link_problems(config, self.settings), *self.site.corpus.errors]
        if errors:
            if self.cache is not None:
                self.cache.save()  # the files' results stay good while they are fixed
            raise PluginError(f"{len(errors)} content error(s):\n{format_text(errors)}")

    # After other plugins' on_files (-50): generated files are added last, like Material's blog.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Refuse unsafe files (PluginError), copy briefing assets, plan the
        pages and add the generated pages, assets and data files to `files`."""
        if not self.config.enabled or self.site is None or self.settings is None:
            return None
        refused = file_policy.type_problems(config, self.settings, self.config.allow_files, files)
        if refused:
            raise PluginError(f"{len(refused)} file(s) refused:\n{format_text(refused)}")
        for warning in file_policy.add_assets(
            config, self.settings, self.site.corpus.assets, files
        ):
            log.warning(warning)
        self.safety.quote_edit_uris(files)
        for warning in self.footer.resolve(files):
            log.warning(warning)
        table = UrlTable(
            config.use_directory_urls,
            site_url=config.site_url or "",
            canonical_directory_urls=self.online_directory_urls,
        )
        plan = self.site.plan(
            table, theme.template_dirs(config), feeds=self._feed_site(config) is not None,
            site_title=config.site_name, language=config.theme.get("language") or "en",
        )  # fmt: skip
        add_generated_files(files, plan, config, root=self.settings.root, serving=self.serving)
        add_data_files(files, self.site, config)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        """Record every page's address and add the section pages to the nav
        (unless `nav: false` or the site lists them itself)."""
        if not self.config.enabled or self.site is None or self.site.pages is None:
            return None
        page_events.set_addresses(self.site, files)
        self.nav = nav
        self.articles.start(self.site, files, self.workers, config.site_name)
        if self.dirty and self.cache is not None and self.cache.enabled:
            shell = dirty.shell_fingerprint(config, files, nav, self.cache.context, self.offline)
            self.dirty_pages = DirtyPages(self.site, self.cache, config.site_dir, shell)
            self.dirty_pages.attach(files)
            dirty.mark_hand_written_pages(files, self.dirty_pages.shell_changed)
        if self.config.nav:
            listed = {page.file.src_uri for page in nav.pages}
            for spec in self.site.pages.nav_pages():
                file = files.get_file_from_path(spec.src_uri)
                if file is None or spec.src_uri in listed:
                    continue
                page = file.page or Page(spec.nav_title, file, config)
                nav.items.append(page)
                nav.pages.append(page)
        generated = [f.page for f in files if isinstance(f, PageFile) and f.page is not None]
        share_markdown(generated, SharedMarkdown(config))
        return nav if self.config.nav else None

    # First among page_markdown handlers: MkDocs parsed its own idea of the front matter;
    # generated pages get only validated fields.
    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """A generated page's Markdown: a briefing's body as written,
        other pages' article HTML; markers in hand-written pages expanded. None: unchanged."""
        self.autolink.deactivate()
        self.store.release_pending()  # the last page's on_page_content handlers all ran
        if self.config.enabled:
            self.footer.exclude_from_search(page)
        spec = self._spec(page)
        if spec is None or self.site is None:
            return None
        page.meta = page_events.page_meta(spec)
        self.search.exclude(page)  # its search entry comes from the graph
        if spec.briefing is None:
            return ""
        page_events.activate_autolink(self.autolink, self.site, page)
        return spec.briefing.body

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """A page's HTML after Markdown: sanitised and made safe, with
        a briefing's parts rendered around its body. None: unchanged."""
        self.autolink.deactivate()
        self.collection.page_done(generated=page.file.generated_by is not None)  # converted
        if not self.config.enabled or self.site is None or self.site.renderer is None:
            return None
        self.safety.clean_page(page)
        spec = self._spec(page)
        if spec is None:
            content = page_events.fill_markers(
                self.safety.body(html, page, sanitise=False), page, self.site
            )
        else:
            self.store.hold(page)  # compressed once the other handlers ran
            if spec.briefing is None:
                made = self.articles.bodiless(page, html, config.site_name)  # from a worker
                if made is not None:
                    return made
                body = html
            else:
                body = self.safety.body(html, page, sanitise=self.site.settings.sanitize)
            made = self.articles.briefing(page, body) if spec.briefing is not None else None
            content = self.site.renderer.page(spec, body) if made is None else made
        content = point_skip_link(content, page, config.site_name)
        return self.site.with_previews(content, page.url)

    def _spec(self, page: Page) -> PageSpec | None:
        if not self.config.enabled or self.site is None or self.site.pages is None:
            return None
        if page.file.generated_by is None:
            return None
        return self.site.pages.get(page.file.src_uri)

    # Last among env handlers: worker processes forked here see every plugin's on_env.
    @event_priority(-100)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> None:
        """Give the theme its helpers and the feed links, collect the pages for the
        search index, and start the workers that build a share of the generated pages."""
        self.store.release_pending()
        if not self.config.enabled:
            return
        self.safety.template_helpers(env)  # the theme overrides need them on every page
        env.bytecode_cache = template_cache.MEMORY  # `serve` compiles the theme once
        env.globals["bf_cached"] = NavCache(self.nav, config, self.footer.addresses())
        readers = {package for package, _ in other_handlers(config, self, "page_context")}
        self.search_blind = readers <= {"material.plugins.search."}
        theme.footer_globals(env, self.footer, config)
        if self.site is None:
            return
        self.search.collect(files)
        # The offline edition carries the online feeds but links none: Material would
        # fetch sitemap.xml beside each alternate link.
        site = None if self.offline else self._feed_site(config)
        env.globals["briefings_feed_links"] = theme.feed_links(site)
        self.articles.finish()
        self._start_theme_pages(env, config, files)
        if page_writer.usable(config, self, serving=self.serving):
            self.writer.start()  # after any fork: the page workers write their own

    def _start_theme_pages(self, env: Environment, config: MkDocsConfig, files: Files) -> None:
        if self.workers < 2 or self.nav is None:
            return
        reason = serial_reason(config, self)
        if reason is not None:
            log.info(f"generated pages are built in one process: {reason}")
            return
        uris = self.theme_pages.start(config, files, self.nav, env, self.workers)
        self.store.forget(uris)
        logfilter.worker_pages(frozenset(uris))

    # First and last among page_context handlers: Material's search reads the content
    # between them (page_store.py: a plain generated page gets its HTML after it).
    @event_priority(100)
    def _on_page_context_first(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if page.file.src_uri not in self.theme_pages.skipped and not self._late(page):
            self.store.restore(page)
        return None

    @event_priority(-100)
    def _on_page_context_last(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if page.file.src_uri not in self.theme_pages.skipped and self._late(page):
            self.store.restore(page)
        return None

    def _late(self, page: Page) -> bool:
        return self.search_blind and self.store.late(page)

    #: A generated page gets back its HTML, kept compressed since it was made.
    on_page_context = CombinedEvent(_on_page_context_first, _on_page_context_last)

    # Last among post_page handlers: the page is written after them.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Drop the page's HTML; after the last page, wait for the page workers. The
        page goes to the page writer when it runs ("": the engine writes nothing)."""
        self.store.drop(page)
        self.theme_pages.page_built(page)
        return self.writer.take(output, page)

    def on_build_error(self, *, error: Exception) -> None:
        """End any worker process still running."""
        self.collection.finish()
        self.writer.stop()
        self.articles.stop()
        self.theme_pages.stop()
        self.store.close()

    def _feed_site(self, config: MkDocsConfig) -> feeds.FeedSite | None:
        return page_events.feed_site(config, self.config, self.online_directory_urls)

    # After Material's search writes its index (0), before its offline plugin copies it (-100).
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Mark the edition, then write the feeds, the sitemap and the
        search index (nothing when disabled); full collections come back."""
        self._post_build(config)
        self.collection.finish()  # (on_build_error when it raised)

    def _post_build(self, config: MkDocsConfig) -> None:
        self.writer.finish()  # every page is on disk before anything reads the site
        self.theme_pages.finish()  # (done after the last page already)
        self.store.close()  # every page is written
        if self.config.enabled:  # `briefings bundle` packs only an offline build
            mark_edition(config.site_dir, offline=self.offline)
        if not self.config.enabled or self.site is None or self.site.graph is None:
            return
        self.safety.escape_search_index(config.site_dir)
        if self.site.pages is not None:
            cache = self.cache if self.cache is not None and self.cache.enabled else None
            search_pages = build_cache.site_namespace(SEARCH_PAGES, config.site_dir)
            if cache is not None and self.dirty and not self.search.previous:  # a new process
                self.search.previous = cache.get(search_pages, "documents") or {}
            keys = self.dirty_pages.fingerprints if self.dirty_pages is not None else None
            self.search.write(
                config, self.site.pages, full_text=self.config.search_full_text, keys=keys
            )
            if cache is not None:  # for the pages a later `build --dirty` skips
                cache.put(search_pages, "documents", self.search.previous)
        site = self._feed_site(config)
        if site is not None:
            cache = self.cache if self.cache is not None and self.cache.enabled else None
            for path, content in feed_files(self.site.graph, site, cache).items():
                write_file(content, posixpath.join(config.site_dir, path))
        if self.dirty_pages is not None:
            self.dirty_pages.finish()
        if self.cache is not None:
            self.cache.save()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> None:
        """Watch the content folder too under `mkdocs serve`."""
        if self.config.enabled and self.settings and self.settings.source_dir.is_dir():
            server.watch(str(self.settings.source_dir))


# Opt-in phase timings (BRIEFINGS_TIMINGS=1) wrap the hooks above; see timings.py.
timings.instrument(BriefingsPlugin)
