"""`briefings check`'s whole result, kept under a signature of every input it read.

A check of an unchanged tree answers from one small file (`check.bin` in the build
cache's folder) without parsing a briefing or reading the build cache. The signature is a
hash of:

- the context of the build cache (this code, the library versions, the core's settings,
  both registries' text: `content_context`);
- what the site's config says of its files (`SiteFiles`: docs files, excluded ones,
  validation levels, the theme's files), the hygiene switch and the files named outside
  the content folder (`check PATH`);
- every entry below the content folder (name, kind; size of files other than `.md`;
  the text of each `.md` file) and the text of each Markdown page of docs/;
- the answers of the few file-system questions the link checks asked (`Probes`: is
  there a file at the path a broken link names, and where does it resolve), asked again.

The text of a file is hashed only when its stat signature (inode, device, size, mtime
and ctime in nanoseconds, mode) differs from the one kept with its hash, so an unchanged
tree costs one `lstat` per file; a file modified less than `RACY_NS` before the check
started keeps no signature (it may change again within the clock's resolution, as git's
"racily clean" entries), and is hashed next time. A content folder holding a symbolic
link is never memoised (what a link may publish depends on git's ignore rules).

Far-future dates depend on today: the memo keeps each briefing's `date` and `updated`
and `future_dates` judges them on every run. The file is signed like the build cache
(HMAC-SHA256 with the same key) and ignored when the signature, the format or the
signature of the inputs differ; it is replaced by a write to a temporary file and a
rename.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefings.content.cache import BuildCache, content_context, digest
from briefings.content.cache_key import dump_signed, signed_payload
from briefings.model.problems import Problem
from briefings.model.settings import Settings
from briefings.site.pages import MARKDOWN_SUFFIXES

if TYPE_CHECKING:
    from briefings.tools.check import SiteFiles

MEMO_NAME = "check.bin"
MAGIC = b"briefings-check\n"
FORMAT = 2
#: A file modified this recently (ns) before the check began is hashed again next time.
RACY_NS = 2_000_000_000

Signature = tuple[int, ...]
#: path -> (stat signature, hash of its bytes): the hashes of unchanged files are reused.
HashTable = dict[str, tuple[Signature, str]]
#: (path, line, field, ISO date) of each briefing's `date` and `updated`.
DateFact = tuple[str, int, str, str]


@dataclass
class Probes:
    """The file-system questions a check asked beyond its inputs: path -> (a regular file
    is there, the path with links resolved)."""

    answers: dict[str, tuple[bool, str]] = field(default_factory=dict)

    def ask(self, path: Path) -> tuple[bool, str]:
        """Whether a regular file is at `path`, and `path` resolved (recorded)."""
        key = os.fspath(path)
        if key not in self.answers:
            self.answers[key] = _answer(path)
        return self.answers[key]

    def hold(self) -> bool:
        """Whether every recorded answer is still true."""
        return all(_answer(Path(path)) == answer for path, answer in self.answers.items())


def _answer(path: Path) -> tuple[bool, str]:
    try:
        is_file = path.is_file()
    except OSError:
        is_file = False
    try:
        resolved = os.fspath(path.resolve())
    except (OSError, RuntimeError):
        resolved = ""
    return is_file, resolved


@dataclass
class Result:
    """A whole check's result: its problems except far-future dates, the dates to judge
    against today, and the probes to ask again."""

    problems: list[Problem]
    dates: list[DateFact]
    probes: Probes


class CheckMemo:
    """The memo in the build cache's folder (none when `cache` keeps nothing).

    `inputs` computes the signature of every input (None: not memoisable); `get`
    returns the result kept for it when the probes still hold; `put` keeps one."""

    def __init__(self, cache: BuildCache | None) -> None:
        usable = cache is not None and cache.enabled
        self.folder = cache.folder if usable and cache is not None else None
        self.key = cache.key if usable and cache is not None else None
        self.started = time.time_ns()
        self._stored: dict | None = None
        self._table: HashTable = {}
        self._new_table: HashTable = {}
        #: set by `inputs`: the signature of every input but the texts of the `.md` files
        #: below the content folder (`frame`), and those texts' hashes by path (`texts`)
        self.frame = ""
        self.texts: dict[str, str] = {}
        self._read()

    @property
    def enabled(self) -> bool:
        """Whether a memo is kept at all."""
        return self.folder is not None and self.key is not None

    def _read(self) -> None:
        if not self.enabled:
            return
        assert self.folder is not None and self.key is not None
        try:
            data = (self.folder / MEMO_NAME).read_bytes()
        except OSError:
            return
        try:
            payload = signed_payload(data, MAGIC, self.key)
        except ValueError:
            return
        try:
            loaded = pickle.loads(payload)
        except Exception:  # a corrupt memo is a full check, never a failure
            return
        if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
            return
        table = loaded.get("table")
        self._table = table if isinstance(table, dict) else {}
        self._stored = loaded

    # -- the inputs ----------------------------------------------------------------------
    def inputs(
        self, settings: Settings, files: SiteFiles, extra: Sequence[Path], hygiene: bool
    ) -> str | None:
        """The signature of everything a check of this site reads, or None when the
        content folder holds a symbolic link (or is one)."""
        if not self.enabled:
            return None
        parts: list[str | bytes] = [content_context(settings), str(hygiene)]
        parts += _site_files(files)
        source = settings.source_dir
        try:
            if source.is_symlink():
                return None
        except OSError:
            return None
        entries = _walk(source)
        texts: dict[str, str] = {}
        for rel, kind, info in entries:
            if kind == "link":
                return None
            parts += [rel, kind]
            if kind == "file" and info is not None:
                if rel.endswith(".md"):
                    full = os.path.join(source, rel)
                    texts[full] = self._hash(full, info, settings)
                else:
                    parts.append(str(info.st_size))
        for uri, path in sorted(files.docs.items()):
            if uri.lower().endswith(MARKDOWN_SUFFIXES):  # the pages whose links are checked
                parts += [uri, self._hash_path(path, settings)]
        for path in extra:
            parts += ["extra", os.fspath(path), self._hash_path(path, settings)]
        self.frame, self.texts = digest(*parts), texts
        return digest(self.frame, *(part for item in texts.items() for part in item))

    def _hash_path(self, path: Path, settings: Settings) -> str:
        try:
            info = os.lstat(path)
        except OSError as exc:
            return f"unreadable: {exc.strerror}"
        return self._hash(os.fspath(path), info, settings)

    def _hash(self, path: str, info: os.stat_result, settings: Settings) -> str:
        """The hash of the file's bytes (its kind and size for a large or odd one),
        reused when its stat signature is the one kept with it."""
        signature: Signature = (info.st_ino, info.st_dev, info.st_size, info.st_mtime_ns,
                                info.st_ctime_ns, info.st_mode)  # fmt: skip
        if stat.S_ISLNK(info.st_mode):
            try:
                target = os.stat(path)
            except OSError:
                return "a link to nothing"
            signature += (target.st_ino, target.st_dev, target.st_size, target.st_mtime_ns,
                          target.st_ctime_ns, target.st_mode)  # fmt: skip
            info = target
        if not stat.S_ISREG(info.st_mode) or info.st_size > settings.max_file_bytes:
            return f"mode {info.st_mode} size {info.st_size}"
        kept = self._table.get(path)
        if kept is not None and kept[0] == signature:
            self._new_table[path] = kept
            return kept[1]
        try:
            found = file_hash(path)
        except OSError as exc:
            return f"unreadable: {exc.strerror}"
        if max(info.st_mtime_ns, info.st_ctime_ns) < self.started - RACY_NS:
            self._new_table[path] = (signature, found)
        return found

    # -- the result ----------------------------------------------------------------------
    def get(self, inputs: str | None) -> Result | None:
        """The result kept for `inputs`, when its probes still hold."""
        stored = self._stored
        if inputs is None or stored is None or stored.get("inputs") != inputs:
            return None
        result = stored.get("result")
        if not isinstance(result, Result) or not result.probes.hold():
            return None
        return result

    def put(self, inputs: str | None, result: Result | None) -> None:
        """Keep `result` for `inputs` (None: keep only the file hashes). Errors writing
        are ignored: the next check is a full one."""
        if not self.enabled:
            return
        assert self.folder is not None and self.key is not None
        if inputs is None or result is None:
            stored = self._stored or {}
            inputs, result = stored.get("inputs"), stored.get("result")
            if self._new_table == self._table:
                return
        value = {"format": FORMAT, "inputs": inputs, "result": result, "table": self._new_table}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            dump_signed(self.folder / MEMO_NAME, MAGIC, self.key, value)
        except OSError:
            return


def file_hash(path: str) -> str:
    """The SHA-256 of the file's bytes (hex). Raises OSError."""
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _site_files(files: SiteFiles) -> Iterator[str]:
    """What `files` says, as text in a stable order."""
    yield repr(sorted((uri, os.fspath(path)) for uri, path in files.docs.items()))
    yield repr(sorted(files.excluded))
    yield repr(files.use_directory_urls)
    yield repr(sorted(files.validation.items()))
    yield repr(sorted(files.copied))
    yield repr(sorted(files.theme))


def _walk(folder: Path) -> list[tuple[str, str, os.stat_result | None]]:
    """Every entry below `folder` (relative '/'-separated path, kind, `lstat` of a file),
    in a stable order; folders are not entered through links."""
    found: list[tuple[str, str, os.stat_result | None]] = []
    pending = [("", os.fspath(folder))]
    while pending:
        prefix, here = pending.pop()
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.append((prefix, f"unreadable: {exc.strerror}", None))
            continue
        inner = []
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_symlink():
                    found.append((rel, "link", None))
                elif entry.is_dir(follow_symlinks=False):
                    found.append((rel, "folder", None))
                    inner.append((rel + "/", entry.path))
                else:
                    found.append((rel, "file", entry.stat(follow_symlinks=False)))
            except OSError as exc:
                found.append((rel, f"unreadable: {exc.strerror}", None))
        pending.extend(reversed(inner))
    return found


def date_facts(files: Iterable) -> list[DateFact]:
    """(path, line, field, value) of every `date` and `updated` written as text, of
    `files` (the corpus's `ContentFile`s)."""
    facts = []
    for item in files:
        for key in ("date", "updated"):
            value = item.doc.data.get(key)
            if isinstance(value, str):
                facts.append((item.path, item.doc.line_of((key,)), key, value))
    return facts
