"""Material's search, fed from the graph and loaded in chunks by Blob workers.

Life cycle: one instance per plugin object. Each build's state is reset in `on_config`,
except `previous`, the hand-written pages' documents of the last build, which a
`serve --dirty` rebuild needs for the pages it skips.

- `on_config`: when Material's search plugin is on, list the worker facade
  (`assets/briefings/javascripts/iframe-worker-facade.js`) in `extra.polyfills`, before
  Material's offline plugin looks for an "iframe-worker" polyfill (it adds a CDN shim when
  it finds none).
- `exclude(page)`: generated pages carry `search: {exclude: true}`, so Material's plugin
  parses only hand-written pages.
- `collect(files)` (`on_env`): this build's hand-written pages, and which it rebuilt.
- `write(...)` (`on_post_build`, after Material's search plugin, before its offline plugin):
  Material's documents (deduplicated: under `serve --dirty` Material keeps the last build's
  documents beside the new ones) merged with the graph's, split into chunk scripts under
  `search/`, with `search/briefings-search.js`, the manifest the facade loads: the index
  config, the chunk names and the worker's source (Material's installed search worker, its
  lunr language scripts embedded). `search/search_index.json` keeps Material's config and
  no documents, so neither Material's bundle nor its offline `search_index.js` parses the
  documents on the page's main thread.
"""

from __future__ import annotations

import json
import posixpath
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.utils import write_file

from briefings.site import search
from briefings.site.urls import (
    FILES,
    MATERIAL_LUNR,
    MATERIAL_SEARCH_INDEX,
    MATERIAL_SEARCH_WORKER,
    FileKind,
    UrlTable,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from briefings.site.pages import PagePlan

FACADE = UrlTable.asset("javascripts/iframe-worker-facade.js")


def material_search(config: MkDocsConfig) -> Any | None:
    """Material's search plugin, when listed and enabled."""
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "search" and type(plugin).__module__.startswith("material."):
            return plugin if getattr(plugin.config, "enabled", True) else None
    return None


class SearchIndexWriter:
    """Writes the site's search index; see the module docstring for the hooks."""

    def __init__(self) -> None:
        self.active = False
        self.hand_written: list[search.HandWritten] = []
        self.previous: dict[str, list[search.Document]] = {}  # the last build's, by page
        # The generated pages' documents of the last build, by src_uri, with the page's
        # fingerprint (serve --dirty: only the pages an edit changed get new ones).
        self.known: dict[str, tuple[str, search.Document]] = {}

    def on_config(self, config: MkDocsConfig) -> None:
        """Start a build: forget this build's pages and, when Material's
        search is on, list the worker facade in `extra.polyfills`."""
        self.active = material_search(config) is not None
        self.hand_written = []
        if not self.active:
            return
        polyfills = config.extra.setdefault("polyfills", [])
        if FACADE not in polyfills:
            polyfills.append(FACADE)

    def exclude(self, page: Page) -> None:
        """Keep a generated page out of Material's own indexing (its document comes from
        the graph)."""
        page.meta["search"] = {"exclude": True}

    def collect(self, files: Files) -> None:
        """This build's pages, in build order, and which of them it renders (after every
        page's Markdown is read, before any is rendered: on_env)."""
        self.hand_written = []
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            rendered = page.content is not None  # a dirty build skips unchanged pages
            meta = page.meta.get("search") if rendered else None
            excluded = isinstance(meta, dict) and bool(meta.get("exclude"))
            self.hand_written.append(search.HandWritten(page.url, rendered, excluded))

    def write(
        self,
        config: MkDocsConfig,
        pages: PagePlan,
        *,
        full_text: bool,
        keys: Mapping[str, str] | None = None,
    ) -> None:
        """Rewrite Material's `search_index.json` as chunk scripts and the
        manifest (see the module docstring); nothing when Material's search is off or wrote no
        index. `keys`: the generated pages' fingerprints in a dirty build (src_uri -> hash of
        their inputs): a page whose fingerprint is the last build's keeps its document
        (`search.generated_documents`). Raises PluginError when the theme lacks its search
        worker."""
        index_path = Path(config.site_dir) / MATERIAL_SEARCH_INDEX
        if not self.active or not index_path.is_file():
            return
        material = json.loads(index_path.read_text(encoding="utf-8"))
        ours = search.generated_documents(pages, full_text=full_text, keys=keys, known=self.known)
        docs, self.previous = search.merge_documents(
            material.get("docs") or [], ours, self.hand_written, self.previous
        )
        index_config = search.index_config(material["config"])
        chunks = search.chunk_documents(docs)
        for chunk in chunks:
            write_file(chunk.content.encode("utf-8"), posixpath.join(config.site_dir, chunk.path))
        remove_stale_chunks(Path(config.site_dir), {chunk.path for chunk in chunks})
        manifest = {
            "config": index_config,
            "chunks": [chunk.path for chunk in chunks],
            "documents": len(docs),
            "hidden": sorted(search.FIELDS),
            "worker": worker_source(config.theme.dirs, index_config.get("lang") or ["en"]),
        }
        path = posixpath.join(config.site_dir, search.MANIFEST)
        write_file(search.manifest_script(manifest).encode("utf-8"), path)
        stub = {"config": index_config, "docs": []}
        index_path.write_text(json.dumps(stub, separators=(",", ":")), encoding="utf-8")


#: A chunk's file, from the URL table: its folder, and its name around the `{slug}`.
_CHUNK_DIR, _CHUNK_NAME = posixpath.split(FILES[FileKind.SEARCH_CHUNK])
_CHUNK_BEFORE, _CHUNK_AFTER = _CHUNK_NAME.split("{slug}")
STALE_CHUNK = re.compile(re.escape(_CHUNK_BEFORE) + r"[0-9]+\.[0-9a-f]+" + re.escape(_CHUNK_AFTER))


def remove_stale_chunks(site_dir: Path, current: set[str]) -> None:
    """Delete the chunks of earlier builds left in `site_dir` (a `--dirty` build does not
    clean the folder; chunk names change with their content). `current`: the site-relative
    paths of this build's chunks."""
    folder = site_dir / _CHUNK_DIR
    for path in folder.glob(f"{_CHUNK_BEFORE}*{_CHUNK_AFTER}"):
        name = posixpath.join(_CHUNK_DIR, path.name)
        if STALE_CHUNK.fullmatch(path.name) and name not in current:
            path.unlink(missing_ok=True)


def lunr_scripts(langs: list[str]) -> list[str]:
    """The scripts Material's worker imports for `langs` (names under `assets/javascripts/
    lunr/`), as its `setupSearchLanguages` computes them."""
    scripts: list[str] = []
    for lang in langs:
        if lang == "ja":
            scripts.append("tinyseg.js")
        elif lang in ("hi", "th"):
            scripts.append("wordcut.js")
        if lang != "en":
            scripts.append(f"min/lunr.{lang}.min.js")
    if len(langs) > 1:
        scripts.append("min/lunr.multi.min.js")
    return ["min/lunr.stemmer.support.min.js", *scripts] if scripts else []


def worker_source(theme_dirs: list[str], langs: list[str]) -> str:
    """The source of a search host worker (`search_worker.js`) with Material's search
    worker and the lunr language scripts it imports embedded as strings (a Blob worker
    cannot load them by URL from `file://`). Raises PluginError when the theme has no
    search worker or no script a language needs."""
    worker = _theme_file(theme_dirs, MATERIAL_SEARCH_WORKER)
    if worker is None:
        raise PluginError(f"search: the theme has no {MATERIAL_SEARCH_WORKER}")
    scripts = {}
    for name in lunr_scripts(langs):
        found = _theme_file(theme_dirs, posixpath.join(MATERIAL_LUNR, name))
        if found is None:
            raise PluginError(f"search: the theme has no {MATERIAL_LUNR}/{name} (search.lang)")
        scripts[name] = found.read_text(encoding="utf-8")
    host = resources.files(__package__).joinpath("search_worker.js").read_text("utf-8")
    source = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", worker.read_text(encoding="utf-8"))
    embedded = {
        "/*SCRIPTS*/{}": json.dumps(scripts, ensure_ascii=False, sort_keys=True),
        '/*SOURCE*/""': json.dumps(source, ensure_ascii=False),
    }
    for marker, value in embedded.items():
        if host.count(marker) != 1:
            raise PluginError(f"search: search_worker.js must hold {marker} once")
        host = host.replace(marker, value)
    return host


def _theme_file(theme_dirs: list[str], pattern: str) -> Path | None:
    for folder in theme_dirs:
        found = sorted(Path(folder).glob(pattern))
        if found:
            return found[0]
    return None
