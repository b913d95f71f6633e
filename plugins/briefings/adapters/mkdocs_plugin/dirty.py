"""Dirty builds (`mkdocs serve --dirty`, `mkdocs build --dirty`): generated pages whose
inputs did not change are neither rendered nor written again.

MkDocs asks `File.is_modified()` of each page in a dirty build only, and skips reading,
rendering and writing every page that answers False (hand-written pages answer by their
file's modification time). A generated page answers with its *fingerprint*, a hash of what
its HTML is made from:

- the page's view model (the data its template receives: docs/templates.md), title,
  description, canonical address and sitemap date;
- for a briefing page, its body's Markdown, and for each page its body links to, whether
  that page exists;
- the *shell* shared by every page: the plugin's code and templates, the cache context
  (settings, registries), mkdocs.yml, the theme's files, the navigation and the
  hand-written pages (an edit to one of them rebuilds every generated page).

Building every page's view model only to hash it cost more than rendering the page that
changed, so the hash of a page's own part (view model, title, description, address, date)
is kept in the build cache under the shell and the graph's `inputs` hash (settings,
registries, every briefing's front matter, body mentions and links): while those are
unchanged, as after an edit to a body, each page's part is taken from there, and only a
briefing whose body changed gets its own part made again (its reading time depends on the
body).

A page is modified when its fingerprint differs from the one recorded in the build cache
when it was last written into the same output folder, or when its output file is gone.
Hand-written pages with a `<!-- briefings:... -->` marker always count as modified (the
lists they show come from the briefings), and so does every hand-written page when the
shell changed (MkDocs itself would skip them: its dirty builds look at each page's own
file only, so a new `site_name` would otherwise stay out of them). The record is saved
after each successful dirty build; a build that fails records nothing, so the next one
rebuilds what it had to.
"""

from __future__ import annotations

import os
import posixpath
import sysconfig
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from mkdocs.structure.files import File, Files

from briefings.adapters.mkdocs_plugin.page_events import MARKER_LATEST, MARKER_STORIES
from briefings.content.body import BodySource
from briefings.content.cache import BuildCache, code_fingerprint, digest
from briefings.content.hashing import value_bytes
from briefings.site.sitemap import lastmod
from briefings.site.views.builder import EMPTY

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

    from briefings.site.build import BriefingSite
    from briefings.site.pages import PageSpec


SHELL_KEY = "\0shell"  # in the record of written pages: the shell they were made with
#: Cache namespace: src_uri -> (body hash, hash of the page's own part), under the hash of
#: the shell and the graph's inputs.
PAGE_PARTS = "page-parts"


class PageFile(File):
    """A generated page's file: in a dirty build, modified only when its inputs changed."""

    pages: DirtyPages | None = None

    def is_modified(self) -> bool:
        """Under `--dirty`: False only when this page's inputs hash as in the last build."""
        if self.pages is None:
            return True
        return self.pages.is_modified(self)


class DirtyPages:
    """The fingerprints of one dirty build's generated pages, and which to write again.

    Made in `on_nav` (when the plan and the navigation exist); `finish` records what the
    build wrote, in `on_post_build`.
    """

    def __init__(self, site: BriefingSite, cache: BuildCache, site_dir: str, shell: str) -> None:
        self.site = site
        self.cache = cache
        self.site_dir = site_dir
        self.shell = shell
        self.recorded = cache.written_pages(site_dir)
        self.shell_changed = self.recorded.get(SHELL_KEY) != shell
        self.fingerprints: dict[str, str] = {}
        self.decided: dict[str, bool] = {}
        self._bodies: dict[str, BodySource] | None = None
        graph = site.graph
        self._parts_key = digest(shell, graph.inputs if graph is not None else "")
        known = cache.get(PAGE_PARTS, self._parts_key) if graph is not None else None
        self._known_parts: dict[str, tuple[str, str]] = known or {}
        self._parts: dict[str, tuple[str, str]] = {}

    def attach(self, files: Files) -> None:
        """Make every generated page of `files` answer through this build, and give each
        its title now: a page that is not read again has no metadata to take it from, and
        the navigation of the pages that are shows it."""
        for file in files:
            if isinstance(file, PageFile):
                file.pages = self
                spec = self._spec(file.src_uri)
                if file.page is not None and spec is not None:
                    file.page.title = spec.title

    def is_modified(self, file: File) -> bool:
        """Whether `file` (a generated page) must be rendered and written again."""
        uri = file.src_uri
        found = self.decided.get(uri)
        if found is None:
            spec = self._spec(uri)
            if spec is None:
                found = True
            else:
                recorded = self.recorded.get(uri)
                found = recorded != self.fingerprint(spec) or not os.path.isfile(file.abs_dest_path)
            self.decided[uri] = found
            if found:
                self.cache.stats.pages_written += 1
            else:
                self.cache.stats.pages_skipped += 1
        return found

    def _spec(self, uri: str) -> PageSpec | None:
        return self.site.pages.get(uri) if self.site.pages is not None else None

    def fingerprint(self, spec: PageSpec) -> str:
        """The hash of everything `spec`'s page is made from (module docstring)."""
        found = self.fingerprints.get(spec.src_uri)
        if found is not None:
            return found
        parts: list[str | bytes] = [self.shell, self.page_part(spec)]
        if spec.briefing is not None:
            parts += [spec.briefing.body, *self._link_targets(spec)]
        found = self.fingerprints[spec.src_uri] = digest(*parts)
        return found

    def page_part(self, spec: PageSpec) -> str:
        """The hash of `spec`'s own part: its view model, title, description, canonical
        address and sitemap date (from the cache while the graph's inputs are unchanged)."""
        body = digest(spec.briefing.body) if spec.briefing is not None else ""
        found = self._parts.get(spec.src_uri) or self._known_parts.get(spec.src_uri)
        if found is None or found[0] != body:
            self.cache.stats.misses[PAGE_PARTS] += 1
            pages, renderer, graph = self.site.pages, self.site.renderer, self.site.graph
            assert pages is not None and renderer is not None and graph is not None
            table = pages.table
            view = renderer.views.page(spec, table.links_from(spec.location), EMPTY)
            day = lastmod(graph, spec)
            found = (body, digest(
                spec.src_uri, spec.title, spec.description, _serialised(view),
                table.canonical(spec.location) or "", day.isoformat() if day else "",
            ))  # fmt: skip
        self._parts[spec.src_uri] = found
        return found[1]

    def _link_targets(self, spec: PageSpec) -> Iterable[str]:
        """Each `.md` page the body links to, and whether it exists (MkDocs resolves them)."""
        briefing = spec.briefing
        assert briefing is not None
        if self._bodies is None:  # the loader's analyses, by slug
            self._bodies = {f.slug: f.body for f in self.site.corpus.files if f.briefing}
        body = self._bodies.get(briefing.slug)
        targets = body.analysis.link_targets() if body is not None else ()
        base = posixpath.dirname(spec.src_uri)
        for target in targets:
            path = urlsplit(target).path
            if not path.endswith(".md"):
                continue
            resolved = posixpath.normpath(posixpath.join(base, unquote(path)))
            yield f"{resolved}={self.known(resolved)}"

    def known(self, uri: str) -> bool:
        """Whether `uri` (a src URI) is one of the generated pages of this build."""
        return self.site.pages is not None and self.site.pages.get(uri) is not None

    def finish(self) -> None:
        """Record the fingerprint of every generated page now in the output folder."""
        pages = self.site.pages
        if pages is None:
            return
        record = {spec.src_uri: self.fingerprint(spec) for spec in pages}
        record[SHELL_KEY] = self.shell
        self.cache.record_pages(self.site_dir, record)
        self.cache.put(PAGE_PARTS, self._parts_key, self._parts)


def _serialised(view: object) -> bytes:
    """The view model as bytes: pickled without the memo (`value_bytes`: several times
    faster than the dataclasses' repr); the views hold no sets, so equal views give equal
    bytes in every process, whichever of their parts are shared objects."""
    return value_bytes(view)


def shell_fingerprint(
    config: MkDocsConfig, files: Files, nav: Navigation, context: str, offline: bool
) -> str:
    """What every page's shell is made from (see the module docstring)."""
    parts: list[str | bytes] = [code_fingerprint(), context, str(offline)]
    for key in ("site_url", "use_directory_urls", "site_name", "site_dir", "docs_dir"):
        parts.append(f"{key}={config.get(key)!r}")
    if config.config_file_path:
        try:
            parts.append(Path(config.config_file_path).read_bytes())
        except OSError:
            parts.append("no config file")
    for folder in config.theme.dirs:
        parts.append(_tree_stamp(folder))
    parts.append(repr([(page.file.src_uri, page.title) for page in nav.pages]))
    for file in files.documentation_pages():
        if isinstance(file, PageFile) or file.abs_src_path is None:
            continue
        try:
            info = os.stat(file.abs_src_path)
        except OSError:
            continue
        parts.append(f"{file.src_uri}:{info.st_size}:{info.st_mtime_ns}")
    return digest(*parts)


def _tree_stamp(folder: str) -> str:
    """Names, sizes and modification times of the files below `folder`; a folder of an
    installed package (the theme's own, thousands of files) is read once per process."""
    if _installed(folder):
        return _installed_stamp(folder)
    return _walk_stamp(folder)


def _installed(folder: str) -> bool:
    paths = sysconfig.get_paths()
    roots = {os.path.realpath(paths[key]) for key in ("purelib", "platlib") if key in paths}
    real = os.path.realpath(folder)
    return any(real == root or real.startswith(root + os.sep) for root in roots)


@lru_cache(maxsize=16)
def _installed_stamp(folder: str) -> str:
    return _walk_stamp(folder)


def _walk_stamp(folder: str) -> str:
    entries = []
    for here, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(here, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            entries.append(f"{os.path.relpath(path, folder)}:{info.st_size}:{info.st_mtime_ns}")
    return digest(folder, *entries)


def mark_hand_written_pages(files: Files, shell_changed: bool) -> None:
    """Hand-written pages with a briefings marker always count as modified: the lists they
    show come from the briefings, not from their own file; when the shell changed, every
    hand-written page does."""
    for file in files.documentation_pages():
        if isinstance(file, PageFile) or file.abs_src_path is None:
            continue
        if shell_changed:
            file.is_modified = _always  # type: ignore[method-assign]
            continue
        try:
            text = Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if MARKER_LATEST.search(text) or MARKER_STORIES.search(text):
            file.is_modified = _always  # type: ignore[method-assign]


def _always() -> bool:
    return True
