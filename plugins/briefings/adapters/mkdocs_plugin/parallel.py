"""Both cores for one build, and less memory: generated pages made in forked workers, their
HTML kept compressed until the theme needs it.

Two phases of a build do per-page work over state that is complete before they start, and
there `workers` processes (the `workers` option; default: the CPUs this process may use,
at most `MAX_WORKERS`) share the plugin's generated pages:

- **Article HTML** (`on_nav`, `Articles`): a generated page's article is the plugin's own
  Jinja over the graph (a briefing's around a mark where its body goes), and for a page
  without a body also its skip-link target and link previews. Forked workers render them,
  taking pages from the end of the plan, while the main process reads and converts the
  briefings' Markdown from its start and renders, as usual, any page no worker took
  (`Frontier`: they meet wherever the work divides evenly); `on_page_content` takes a
  worker's string, puts the body in, and still sets the page's table of contents itself.
- **Theme pages** (`on_env`, `ThemePages`): after every page is populated, forked workers
  run the engine's own page build (`<engine>.commands.build._build_page`: the page-context
  and post-page events of every plugin, the theme's `main.html`, writing the file) for a
  share of the generated pages. The main process renders those pages with an empty
  template (`SKIPPED_TEMPLATE`), so it writes nothing for them and its log filter drops
  the engine's "Page skipped ... empty output" line for them.

A worker's log records are sent back and logged by the main process (so `--strict` counts
its warnings, escaped like every other line); a worker that fails makes the build fail
with its message (`PluginError`). Everything runs serially (exactly as without this module)
with `workers: 1`, where `os.fork` is unavailable or unsafe (not Linux), under `mkdocs
serve` (its server threads) and in dirty builds. The theme phase also stays serial when
a plugin other than this one and the search plugins (MkDocs' and Material's, whose
per-page work is repeated in the main process) handles `on_page_context` or
`on_post_page`, or handles `on_env` after this plugin: such work (Material's privacy and
social plugins keep per-page state) would be lost in a worker.

The generated pages' HTML is kept compressed in the meantime (`page_store`).

The output is the same, byte for byte, as a serial build (tests/test_parallel.py).
"""

from __future__ import annotations

import importlib
import mmap
import multiprocessing
import os
import queue
import struct
import threading
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.structure.files import InclusionLevel

from briefings.adapters.mkdocs_plugin.dirty import PageFile
from briefings.adapters.mkdocs_plugin.page_store import LEVEL
from briefings.adapters.mkdocs_plugin.skip_link import point_skip_link
from briefings.adapters.mkdocs_plugin.workers import Worker, shares

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink

    from briefings.site.build import BriefingSite

#: The theme template the main process renders a worker's page with: empty output.
SKIPPED_TEMPLATE = "briefings-page-built-by-worker.html"
#: Plugins whose page-context or post-page handlers may run in a worker: the search
#: plugins index in `on_page_context`, which the main process does for every page too.
SAFE_PAGE_HOOKS = ("briefings.", "material.plugins.search.", "mkdocs.contrib.search.")


# -- article HTML -----------------------------------------------------------------------


class _TitledPage:
    """What `point_skip_link` reads of a page without a body: its title, its empty TOC."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.toc: list[AnchorLink] = []


@dataclass(frozen=True)
class Article:
    """A worker's article HTML for one page: the `title` it was made with, the article
    (`renderer.page`) and the link previews script (bodiless pages only), both
    compressed in `packed`, the article's first `article_bytes`."""

    title: str
    packed: bytes
    article_bytes: int

    def parts(self) -> tuple[str, str]:
        """(article HTML, previews script)."""
        data = zlib.decompress(self.packed)
        return (
            data[: self.article_bytes].decode("utf-8", "surrogatepass"),
            data[self.article_bytes :].decode("utf-8", "surrogatepass"),
        )


#: Results a worker sends at a time.
BATCH = 4


class Frontier:
    """Who makes which of `total` pages, in memory shared with the workers: this process
    takes them from the start, in the order it needs them, the workers from the end, so
    they meet wherever the work divides evenly."""

    def __init__(self, total: int) -> None:
        self.lock = multiprocessing.get_context("fork").Lock()
        self.memory = mmap.mmap(-1, _FRONTIER.size)  # anonymous, shared across fork
        _FRONTIER.pack_into(self.memory, 0, 0, total)

    def take_last(self) -> int | None:
        """In a worker: the last page no one took yet (None: none is left)."""
        with self.lock:
            first, last = _FRONTIER.unpack_from(self.memory, 0)
            if last - 1 < first:
                return None
            _FRONTIER.pack_into(self.memory, 0, first, last - 1)
            return int(last - 1)

    def take(self, index: int) -> bool:
        """In this process: whether page `index` is left to it (else a worker makes it)."""
        with self.lock:
            first, last = _FRONTIER.unpack_from(self.memory, 0)
            if index >= last:
                return False
            _FRONTIER.pack_into(self.memory, 0, max(first, index + 1), last)
            return True


_FRONTIER = struct.Struct("<qq")  # (first page left to this process, end of the workers')


def render_articles(site: BriefingSite, uris: list[str], urls: dict[str, str], site_name: str,
                    mark: str, frontier: Frontier) -> Iterator[dict[str, Article]]:  # fmt: skip
    """The articles of the generated pages `uris` (their site-relative `urls`) that this
    worker takes from `frontier`, in batches: a bodiless page's as `on_page_content`
    makes it for a page titled as in the plan, with its previews; a briefing's with
    `mark` where its body goes."""
    assert site.pages is not None and site.renderer is not None
    batch = {}
    while (index := frontier.take_last()) is not None:
        uri = uris[index]
        spec = site.pages.get(uri)
        assert spec is not None
        script = ""
        if spec.briefing is not None:
            article = site.renderer.page(spec, mark)
        else:
            article = site.renderer.page(spec, "")
            linked = point_skip_link(article, _TitledPage(spec.title), site_name)  # type: ignore[arg-type]
            if site.previews is not None:
                script = site.previews.script(linked, urls[uri])
        head = article.encode("utf-8", "surrogatepass")
        packed = zlib.compress(head + script.encode("utf-8", "surrogatepass"), LEVEL)
        batch[uri] = Article(spec.title, packed, len(head))
        if len(batch) >= BATCH:
            yield batch
            batch = {}
    if batch:
        yield batch


class _Stream:
    """One article worker's messages, read by a thread of this process as they come (the
    worker never waits for this process to need them) into a queue all streams share."""

    def __init__(self, worker: Worker, inbox: queue.SimpleQueue[Any]) -> None:
        self.worker = worker
        self.inbox = inbox
        self.thread = threading.Thread(target=self._read, name=worker.name, daemon=True)

    def _read(self) -> None:
        try:
            for message in self.worker.messages():
                self.inbox.put((self, message))
        except BaseException as exc:
            self.inbox.put((self, ("end", [], f"its results could not be read: {exc}")))
        self.inbox.put((self, None))


class Articles:
    """Generated pages' article HTML, made by workers from `on_nav` on (see the module
    docstring): briefings' around a mark where this process puts their body. This
    process makes, as usual, the pages the workers have not reached (`Frontier`)."""

    def __init__(self) -> None:
        self.streams: list[_Stream] = []
        self.inbox: queue.SimpleQueue[tuple[_Stream, tuple[Any, ...] | None]] = queue.SimpleQueue()
        self.open = 0
        self.index: dict[str, int] = {}
        self.ready: dict[str, Article] = {}
        self.frontier: Frontier | None = None
        self.mark = ""

    def start(self, site: BriefingSite, files: Files, count: int, site_name: str) -> None:
        """Fork `count - 1` workers for the generated pages (none when `count` < 2)."""
        if count < 2 or site.pages is None:
            return
        # Never in content: text holds no NUL (a briefing with one cannot load).
        mark = self.mark = f"\0briefings-body-{os.urandom(8).hex()}\0"
        uris, urls = [], {}
        for spec in site.pages:  # the order MkDocs populates them in (files.py)
            file = files.get_file_from_path(spec.src_uri)
            if isinstance(file, PageFile):
                uris.append(spec.src_uri)
                urls[spec.src_uri] = file.url
        if not uris:
            return
        self.index = {uri: number for number, uri in enumerate(uris)}
        frontier = self.frontier = Frontier(len(uris))
        for number in range(1, count):
            worker = Worker(
                lambda: render_articles(site, uris, urls, site_name, mark, frontier),
                f"article worker {number}",
            )
            self.streams.append(_Stream(worker, self.inbox))
        self.open = len(self.streams)
        for stream in self.streams:  # only once every worker is forked
            stream.thread.start()

    def _next(self) -> None:
        """Handle the next message of any worker (blocks until one comes)."""
        stream, message = self.inbox.get()
        if message is None:
            self.open -= 1
            stream.thread.join()
        elif message[0] == "end":
            stream.worker.end(message[1], message[2])
        else:
            self.ready.update(message[1])

    def _article(self, uri: str) -> Article | None:
        index = self.index.pop(uri, None)
        if index is None or self.frontier is None or self.frontier.take(index):
            return None  # made here
        while uri not in self.ready and self.open:
            self._next()
        return self.ready.pop(uri, None)

    def briefing(self, page: Page, body: str) -> str | None:
        """A briefing page's article (`renderer.page`) with `body`, from a worker (None:
        make it here)."""
        found = self._article(page.file.src_uri)
        if found is None:
            return None
        article, _ = found.parts()
        if article.count(self.mark) != 1:
            return None
        return article.replace(self.mark, body)

    def bodiless(self, page: Page, html: str, site_name: str) -> str | None:
        """A bodiless page's content as `on_page_content` makes it from `html` (its
        Markdown's, empty), from a worker (None: make it here). Sets `page.toc` as
        `point_skip_link` does."""
        found = self._article(page.file.src_uri)
        if found is None or html or found.title != page.title or list(page.toc):
            return None
        article, script = found.parts()
        return point_skip_link(article, page, site_name) + script

    def finish(self) -> None:
        """Wait for every worker (their records logged, their failures raised)."""
        try:
            while self.open:
                self._next()
        finally:
            self.ready.clear()
            self.index.clear()
            self.frontier = None

    def stop(self) -> None:
        """End every worker (the build failed)."""
        for stream in self.streams:
            stream.worker.stop()


# -- theme pages ------------------------------------------------------------------------


def other_handlers(
    config: MkDocsConfig, plugin: object, event: str
) -> list[tuple[str | None, str]]:
    """(package, class name) of each `on_<event>` handler that is not `plugin`'s: the
    package is the `SAFE_PAGE_HOOKS` entry its owner's module is in, None for any other
    (or for a handler that is no plugin's method)."""
    found = []
    for method in config.plugins.events.get(event, []):
        owner = getattr(method, "__self__", None)
        if owner is plugin:
            continue
        module = type(owner).__module__ + "." if owner is not None else ""
        package = next((p for p in SAFE_PAGE_HOOKS if module.startswith(p)), None)
        found.append((package, type(owner).__name__))
    return found


def serial_reason(config: MkDocsConfig, plugin: object) -> str | None:
    """Why the theme phase must stay in this process (None: workers may run it)."""
    for event in ("page_context", "post_page"):
        for package, name in other_handlers(config, plugin, event):
            if package is None:
                return f"{name} handles on_{event}"
    handlers = config.plugins.events.get("env", [])
    if handlers and getattr(handlers[-1], "__self__", None) is not plugin:
        return "another plugin handles on_env after this one"
    return None


def _page_builder(config: MkDocsConfig) -> Callable[..., None]:
    """The engine's `_build_page` (MkDocs' or ProperDocs'), by the config's package."""
    engine = type(config).__module__.split(".")[0]
    module = importlib.import_module(f"{engine}.commands.build")
    build_page: Callable[..., None] = module._build_page
    return build_page


class ThemePages:
    """The theme phase of generated pages, shared with forked workers from `on_env`."""

    def __init__(self) -> None:
        self.workers: list[Worker] = []
        self.skipped: set[str] = set()
        self.last: str | None = None

    def start(self, config: MkDocsConfig, files: Files, nav: Navigation, env: Environment,
              count: int) -> set[str]:  # fmt: skip
        """Fork `count - 1` workers that build and write a share of the generated pages;
        this process renders those with `SKIPPED_TEMPLATE`. Returns their source URIs."""
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        generated = [f for f in doc_files if isinstance(f, PageFile) and f.page is not None]
        if count < 2 or not generated:
            return set()
        build_page = _page_builder(config)
        # Registered before the fork, before any page renders: Jinja's template cache
        # keeps its entries (keyed by loader) for every page.
        env.loader = ChoiceLoader([DictLoader({SKIPPED_TEMPLATE: ""}), *_loaders(env)])
        for number, share in enumerate(shares(generated, count)[1:], 1):  # 0 stays here
            if not share:
                continue
            self.workers.append(Worker(
                lambda share=share: _build_pages(build_page, share, config, doc_files, nav, env),  # type: ignore[misc]
                f"page worker {number}",
            ))  # fmt: skip
            for file in share:
                assert file.page is not None
                file.page.meta["template"] = SKIPPED_TEMPLATE
                self.skipped.add(file.src_uri)
        self.last = doc_files[-1].src_uri if doc_files else None
        return self.skipped

    def page_built(self, page: Page) -> None:
        """After `page`'s post-page event: once the last page is built here, wait for
        the workers (before any `on_post_build`)."""
        if page.file.src_uri == self.last:
            self.finish()

    def finish(self) -> None:
        """Wait for every worker (their records logged, their failures raised)."""
        workers, self.workers = self.workers, []
        try:
            for worker in workers:
                worker.join()
        finally:
            for worker in workers:
                worker.stop()

    def stop(self) -> None:
        """End every worker (the build failed)."""
        for worker in self.workers:
            worker.stop()
        self.workers = []


def _loaders(env: Environment) -> list[Any]:
    return [env.loader] if env.loader is not None else []


def _build_pages(build_page: Callable[..., None], share: list[File], config: MkDocsConfig,
                 doc_files: Sequence[File], nav: Navigation, env: Environment
                 ) -> list[int]:  # fmt: skip
    for file in share:
        assert file.page is not None
        build_page(file.page, config, doc_files, nav, env, False,
                   excluded=file.inclusion.is_excluded())  # fmt: skip
    return [len(share)]
