"""The build cache: what one build computed from each file's content, reused by the next.

The only state kept across builds (separate `mkdocs build` runs, `briefings check`, the
rebuilds of `mkdocs serve`). It lives in `.cache/briefings/` beside mkdocs.yml (a folder
git ignores, with a `.gitignore` of its own) as one file, `cache.bin`.

What it holds, each value under a key that is a hash of everything it was computed from:

- `file`: the loader's result for one briefing file (front matter with lines, problems,
  the briefing, the body analysis), keyed by the file's path and text;
- `mentions`: the registered entities a body mentions, keyed by the body;
- whatever else a stage memoises with `get`/`put` (a namespace and a key each);
- `search-pages@<folder>`: the hand-written pages' search documents last written into
  an output folder (a dirty build in a new process skips those pages);
- `pages`: for each output folder, a fingerprint of every generated page written there
  (what `mkdocs build --dirty` and `mkdocs serve --dirty` skip when unchanged).

Every entry belongs to one *context*: a hash of the package's own files (code, templates,
schema), the versions of Python and of the libraries whose messages or results the entries
carry, the core's settings (the plugin's options) and the registries. Another context
(an upgrade, an edited `entities.yml`, a changed option) starts an empty cache; entries not
used by a build are dropped when it saves, so the file holds one site's current content.

Trust. The cache file sits in the repository folder, where a pull request can put any
file (a forced `git add`, a restored CI cache), and its entries are Python pickles, which
run code when loaded. So the file is signed: HMAC-SHA256 with a key that never lives in the
repository (`BRIEFINGS_CACHE_KEY`, hex, when set; otherwise 32 random bytes created once in
the user's cache folder, readable by the user only). A file without a valid signature, of
another format version, truncated, or failing to load is ignored (an empty cache) and
replaced at the next save; an entry that fails to load is a miss. Nothing is unpickled
before the signature checks. Pickle was chosen over JSON for speed: entries are dataclasses
with dates and tuples, and a cold load of 10,000 briefings must not pay a second parser.
Saving writes a temporary file and renames it (a reader sees the old file or the new one).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from briefings.content.cache_key import KEY_ENV as KEY_ENV  # re-exported
from briefings.content.cache_key import (
    dump_signed,
    key_problem,
    signed_payload,
    signing_key,
    write_new,
)
from briefings.content.files import FileProblem, read_text
from briefings.content.schema import ENTITIES_FILE, STORIES_FILE
from briefings.model.settings import Settings

FOLDER = Path(".cache") / "briefings"  # relative to the site root (beside mkdocs.yml)
FILE_NAME = "cache.bin"
STATS_NAME = "last-build.json"
FORMAT = 1
MAGIC = b"briefings-cache\n"
#: Libraries whose results or messages cached entries carry.
LIBRARIES = ("PyYAML", "jsonschema", "fastjsonschema", "pyahocorasick", "python-slugify")

Key = tuple[str, str]  # (namespace, hash)


SITE_MARK = "@"


def site_namespace(name: str, site_dir: str) -> str:
    """A namespace for what one output folder holds: kept when builds write elsewhere
    (they do not touch it), dropped once the folder is gone."""
    return f"{name}{SITE_MARK}{site_dir}"


def digest(*parts: str | bytes) -> str:
    """A hex SHA-256 of `parts`, each length-prefixed (so ("ab", "c") != ("a", "bc"))."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's own files (code, templates, schema) and of the versions of
    Python and of `LIBRARIES`: entries made by other code are never reused."""
    package = Path(__file__).resolve().parents[1]
    parts: list[str | bytes] = [sys.version, str(FORMAT)]
    for name in LIBRARIES:
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} missing")
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo") or not path.is_file():
            continue
        parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    return digest(*parts)


def context_of(*parts: str | bytes) -> str:
    """The context of entries computed from `parts` (settings, registries, ...) by this
    code: `code_fingerprint()` is always part of it."""
    return digest(code_fingerprint(), *parts)


def content_context(settings: Settings) -> str:
    """The context of a site's entries: this code, the core's settings (every plugin
    option) and the text of both registries."""
    parts: list[str | bytes] = [repr(settings)]
    for name in (STORIES_FILE, ENTITIES_FILE):
        try:
            parts.append(read_text(settings.source_dir / name, settings.root))
        except FileProblem as exc:  # the loader reports it; the message is the context
            parts.append(f"unreadable: {exc.message}")
    return context_of(*parts)


def reuse(
    cache: BuildCache | None, folder: Path | None, context: str, lazy: bool = False
) -> BuildCache:
    """`cache` ready for a build in `context` when it keeps `folder`; otherwise the cache
    in `folder` (None: a cache that keeps nothing; `lazy`: read when first needed).
    `mkdocs serve` keeps one across rebuilds, so unchanged files are not even read from
    disk again."""
    if folder is None:
        return disabled()
    if cache is None or cache.folder != folder:
        return BuildCache.open(folder, context, lazy)
    cache.begin(context)
    return cache


@dataclass
class CacheStats:
    """What one build took from the cache (`hits`) and computed (`misses`), per namespace;
    `pages_written`/`pages_skipped`: generated pages of a dirty build."""

    hits: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    pages_written: int = 0
    pages_skipped: int = 0
    #: how the cache was found: none, empty, ignored (why), loaded, memory, not read (lazy)
    loaded: str = "none"

    def as_json(self) -> str:
        """This record as one JSON object (what `last-build.json` holds)."""
        return json.dumps(
            {
                "loaded": self.loaded,
                "hits": dict(sorted(self.hits.items())),
                "misses": dict(sorted(self.misses.items())),
                "pages_written": self.pages_written,
                "pages_skipped": self.pages_skipped,
            },
            indent=2,
            sort_keys=True,
        )


def _linked(folder: Path) -> bool:
    """Whether the cache folder or its parent (`.cache/briefings`, `.cache`) is a symbolic
    link: a pull request could commit one, and the build would write where it points."""
    return folder.is_symlink() or folder.parent.is_symlink()


class BuildCache:
    """Entries of one context, loaded from and saved to `folder` (None: memory only).

    `get`/`put` read and write entries (values are pickled on `put`, so later changes to
    the object do not leak into the cache); `save` writes the entries this build used.
    Create one with `open`; under `mkdocs serve` keep it and call `begin` before each build.
    """

    def __init__(self, folder: Path | None, key: bytes | None, lazy: bool = False) -> None:
        self.folder = folder
        self.lazy = lazy
        self.key = key
        self.context = ""
        self.entries: dict[Key, bytes] = {}
        self.pages: dict[str, dict[str, str]] = {}  # output folder -> src_uri -> fingerprint
        self.used: set[Key] = set()
        self.touched: set[str] = set()  # namespaces this build looked up
        self.stats = CacheStats()
        self._changed = False
        self._loaded_from_disk = False
        self._pending: str | None = None  # the context of a file not read yet

    # -- life cycle --------------------------------------------------------------------
    @classmethod
    def open(cls, folder: Path | None, context: str, lazy: bool = False) -> BuildCache:
        """The cache in `folder` for `context`; empty when there is none, when it is not
        signed with this machine's key, or when it is of another context or format.
        `lazy`: the file is read when an entry is first wanted, not now."""
        linked = folder is not None and _linked(folder)
        key = signing_key() if folder is not None and not linked else None
        cache = cls(folder, key, lazy)
        cache.begin(context)
        if folder is not None and cache.key is None:  # said once, and in last-build.json
            why = f"{folder} or its parent is a symbolic link" if linked else key_problem()
            cache.stats.loaded = f"disabled: {why or 'no folder to keep a key in'}"
            logging.getLogger(__name__).warning("build cache %s; nothing is cached",
                                                cache.stats.loaded)  # fmt: skip
        return cache

    def begin(self, context: str) -> None:
        """Start a build in `context`: entries of another context are dropped; on the
        first call the file is read."""
        self.stats = CacheStats()
        self.used, self.touched = set(), set()
        if not self._loaded_from_disk:
            self._pending = context
            if self.lazy:  # read when an entry is first wanted
                self.stats.loaded = "not read"
            else:
                self._load()
            return
        self.stats.loaded = "memory"
        self._switch(context)

    def _switch(self, context: str) -> None:
        if context != self.context:
            if self.entries or self.pages:
                self._changed = True
            self.entries, self.pages = {}, {}
            self.context = context

    def _load(self) -> None:
        """Read the file, once, when an entry is first wanted (a `check` answered from
        its memo never reads it)."""
        if self._loaded_from_disk:
            return
        self._loaded_from_disk = True
        context, self._pending = self._pending, None
        if context is None:  # never begun (`disabled()`): nothing to read
            return
        self.stats.loaded = self._read(context)
        self._switch(context)

    @property
    def enabled(self) -> bool:
        """Whether entries are kept at all (False without a folder or a signing key)."""
        return self.folder is not None and self.key is not None

    def _read(self, context: str) -> str:
        if not self.enabled:
            return "none"
        assert self.folder is not None and self.key is not None
        try:
            data = (self.folder / FILE_NAME).read_bytes()
        except OSError:
            return "none"
        try:
            payload = signed_payload(data, MAGIC, self.key)
        except ValueError as exc:
            return f"ignored: {exc}"
        try:
            loaded = pickle.loads(payload)
            if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
                return "ignored: another format"
            if loaded.get("context") != context:
                return "ignored: another context"
            entries, pages = loaded["entries"], loaded["pages"]
            if not isinstance(entries, dict) or not isinstance(pages, dict):
                return "ignored: malformed"
        except Exception:  # a corrupt file is a cold start, never a failed build
            return "ignored: unreadable"
        self.context, self.entries, self.pages = context, entries, pages
        return "loaded"

    def save(self) -> None:
        """Write the entries this build used (the others are dropped) and the page
        fingerprints; nothing happens when nothing changed or the cache is disabled.
        An error writing is logged as a warning (stdlib logging; it does not stop a strict
        build): the next build starts cold."""
        if not self.enabled:
            if self.folder is not None and self.folder.is_dir() and not _linked(self.folder):
                self._write_stats()  # why nothing was cached
            return
        if not self._loaded_from_disk:  # nothing was looked up or stored
            self._write_stats()
            return
        # Entries of a namespace this run used but not this entry belong to content that
        # is gone; namespaces it never touched (`check` builds no graph) are kept.
        touched = self.touched | {namespace for namespace, _ in self.used}
        unused = [k for k in self.entries if k[0] in touched and k not in self.used]
        for key in unused:
            del self.entries[key]
        gone = [d for d in self.pages if not os.path.isdir(d)]
        self.forget_pages(gone)
        for key in [k for k in self.entries if SITE_MARK in k[0]]:  # see `site_namespace`
            if not os.path.isdir(key[0].split(SITE_MARK, 1)[1]):
                del self.entries[key]
                self._changed = True
        if unused:
            self._changed = True
        self._write_stats()
        if not self._changed:
            return
        assert self.folder is not None and self.key is not None
        value = {"format": FORMAT, "context": self.context, "entries": self.entries,
                 "pages": self.pages}  # fmt: skip
        try:
            self._prepare_folder()
            dump_signed(self.folder / FILE_NAME, MAGIC, self.key, value)
        except OSError as exc:  # the build goes on; the reader should know why the next is slow
            logging.getLogger(__name__).warning(
                "build cache not written to %s (%s); the next build starts cold",
                exc.filename2 or exc.filename or self.folder, exc.strerror or exc,
            )  # fmt: skip
            return
        self._changed = False

    def _prepare_folder(self) -> None:
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        for name, text in (
            (".gitignore", "# Created by briefings: the build cache, never committed.\n*\n"),
            ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n"
                             "# The build cache of briefings (https://bford.info/cachedir/).\n"),
        ):  # fmt: skip
            if not os.path.lexists(self.folder / name):  # a link, even dangling, stays
                write_new(self.folder / name, text)

    def _write_stats(self) -> None:
        """`last-build.json`: this build's hits and misses (for people and tests); a link
        in its place is replaced, never written through."""
        if self.folder is None:
            return
        try:
            self._prepare_folder()
            write_new(self.folder / STATS_NAME, self.stats.as_json() + "\n")
        except OSError:
            pass

    # -- entries -----------------------------------------------------------------------
    def get(self, namespace: str, key: str) -> Any | None:
        """The value stored under (`namespace`, `key`), or None (counted as a miss)."""
        self._load()
        blob = self.entries.get((namespace, key))
        if blob is not None:
            try:
                value = pickle.loads(blob)
            except Exception:  # an entry written by other code: recompute it
                value = None
            if value is not None:
                self.used.add((namespace, key))
                self.stats.hits[namespace] += 1
                return value
        self.stats.misses[namespace] += 1
        self.touched.add(namespace)
        return None

    def put(self, namespace: str, key: str, value: Any) -> None:
        """Store `value` (pickled now) under (`namespace`, `key`)."""
        if not self.enabled:
            return
        self.put_blob(namespace, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def put_blob(self, namespace: str, key: str, blob: bytes) -> None:
        """Store an already pickled value (from a worker process)."""
        if not self.enabled:
            return
        self._load()
        if self.entries.get((namespace, key)) != blob:
            self.entries[(namespace, key)] = blob
            self._changed = True
        self.used.add((namespace, key))

    # -- pages of dirty builds ---------------------------------------------------------
    def written_pages(self, site_dir: str) -> dict[str, str]:
        """src_uri -> fingerprint of the generated pages last written into `site_dir`."""
        self._load()
        return self.pages.get(site_dir, {})

    def record_pages(self, site_dir: str, fingerprints: Mapping[str, str]) -> None:
        """Remember what the build just written into `site_dir` holds."""
        self._load()
        if dict(fingerprints) != self.pages.get(site_dir):
            self.pages[site_dir] = dict(fingerprints)
            self._changed = True

    def forget_pages(self, site_dirs: Iterable[str]) -> None:
        """Drop the page hashes kept for the output folders `site_dirs`."""
        self._load()
        for site_dir in site_dirs:
            if self.pages.pop(site_dir, None) is not None:
                self._changed = True


def disabled() -> BuildCache:
    """A cache that keeps nothing (`cache: false`, or no place to keep it)."""
    return BuildCache(None, None)
