"""`briefings check` after an edit: only the briefing files whose text changed are read.

Beside its memo (`check_memo`), a full check keeps `check-files.bin` (signed the same
way): for every briefing file the hash of its text, the problems of its own text (the
loader's `Corpus.own` and source hygiene's warnings about its body alone) and a
*summary*: a hash of everything the checks across files read of it (path, slug, source
URI, status, front matter with its lines, whether it has a briefing, its body's first
line, links and ids with their lines and, for a page of the site, the registered
entities its body mentions); with them the problems that depend on the files through
their summaries only (`fixed`: registries, the folder, slugs, references, links and
anchors, hidden pages, front-matter hygiene) and what the duplicate-body checks used
(each body's normalised hash, word count and MinHash signature; the near pairs).

When every input but the texts of a few briefing files is the one of that check
(`CheckMemo.frame`), each changed file is parsed again. If its summary is the one kept,
the problems are the fixed ones, every file's own (the changed files' made now) and the
duplicate-body warnings made again from the kept bodies, with the near duplicates of the
changed bodies found by comparing their LSH bands with every other signature
(`minhash.candidates`): what a check from nothing reports. Otherwise (a summary differs,
a check asked for a did-you-mean, whose budget the load shares, duplicate slugs, a file
no longer readable, too many files changed) the check is a full one.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefings.content.body import BodyAnalysis
from briefings.content.cache import BuildCache, digest
from briefings.content.cache_key import dump_signed, signed_payload
from briefings.content.loader import ContentFile, Corpus
from briefings.model.problems import Problem
from briefings.model.settings import Settings
from briefings.tools.check_memo import CheckMemo, DateFact, Probes, Result

STATE_NAME = "check-files.bin"
MAGIC = b"briefings-check-files\n"
FORMAT = 1
#: Changed files above which a check is a full one (each is parsed on its own).
MAX_CHANGED = 200
#: The statistics' name of a check that re-read only the changed files.
HIT = "check-files"
_SHA = re.compile(r"[0-9a-f]{64}")
_SIGNATURE = "<u4"  # the dtype of the signatures `minhash.jaccard` compares


@dataclass
class Parts:
    """A full check's problems in parts (`check._checked` fills it): the link and anchor
    checks' (`links`), the graph they planned with, hygiene's (`hygiene.Found`) and the
    summaries' bases made in its process."""

    links: list[Problem] = field(default_factory=list)
    graph: Any = None
    hygiene: Any = None
    bases: dict[str, str] | None = None  # path -> `summary_base`, made beside hygiene


@dataclass
class FileState:
    """What `check-files.bin` keeps (module docstring); paths are the corpus's."""

    frame: str
    hygiene: bool
    texts: dict[str, str]  # file (as `CheckMemo.texts`) -> hash of its text
    summaries: dict[str, str]  # path -> summary, of each file that parsed
    own: dict[str, list[Problem]]  # path -> its own problems (loader and body hygiene)
    fixed: list[Problem]
    entries: list[tuple[str, int]]  # (path, body's first line) of each file that parsed
    found: Any  # `hygiene.Found` of the duplicate checks, or None without hygiene
    dates: list[DateFact]
    probes: Probes


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection inside (a full check): the load makes millions of objects,
    nearly none in cycles, and the collector's passes over them cost a tenth of the time;
    forked processes inherit the pause. The collector is enabled again after, if it was,
    with the objects made inside moved to its oldest generation (`freeze` then `unfreeze`,
    which traverse nothing): else its next pass would walk them all, a second at 10,000."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def summary(item: ContentFile, mentions: set | frozenset | None, base: str | None = None) -> str:
    """The hash of what checks across files read of `item` (module docstring);
    `mentions`: the entities its body mentions when it is a page of the site, else None;
    `base`: `summary_base(item)`, when it was made (in the hygiene process)."""
    shown = repr(None if mentions is None else sorted(mentions))
    return digest(base if base is not None else summary_base(item), shown)


def summary_base(item: ContentFile) -> str:
    """The hash of what checks across files read of `item`, but the entities it mentions."""
    analysis: BodyAnalysis = item.body.analysis
    # The briefing is made of the front matter, slug, path and source URI alone (and the
    # body, which nothing across files reads but its analysis): whether there is one says
    # the rest (`briefing_data.build_briefing`).
    value = (item.path, item.slug, item.src_uri, item.draft, item.doc.data, item.doc.lines,
             item.briefing is not None, item.body.first_line, analysis.links,
             analysis.ids)  # fmt: skip
    out = io.BytesIO()
    pickler = pickle.Pickler(out, pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: equal values give equal bytes, whatever object they share
    pickler.dump(value)
    return hashlib.sha256(out.getvalue()).hexdigest()


def _in_graph(settings: Settings, item: ContentFile) -> bool:
    """Whether `item` is a page of the graph `check` plans (`BriefingSite.included`)."""
    return item.briefing is not None and (settings.include_drafts or not item.draft)


def remember(memo: CheckMemo, corpus: Corpus, result: Result, parts: Parts) -> None:
    """Keep the state of a full check of `corpus` (`result`, its problems in `parts`) for
    the next check; none when it cannot be reused (module docstring). Errors writing are
    ignored."""
    if not memo.enabled or not memo.texts or corpus.hinted or parts.graph is None:
        return
    if len({item.slug for item in corpus.files}) != len(corpus.files):
        return  # the graph keeps one briefing per slug
    settings, mentions, bases = corpus.settings, parts.graph.mentions, parts.bases or {}
    summaries = {
        item.path: summary(item, mentions.get(item.slug) if _in_graph(settings, item) else None,
                           bases.get(item.path))
        for item in corpus.files
    }  # fmt: skip
    found = parts.hygiene
    own = {path: list(mine) for path, mine in corpus.own.items()}
    fixed = [*corpus.across, *parts.links]
    if found is not None:
        fixed += found.shared
        for path, mine in found.own.items():
            own[path] = [*own.get(path, ()), *mine]
    entries = [(item.path, item.body.first_line) for item in corpus.files]
    state = FileState(memo.frame, found is not None, dict(memo.texts), summaries, own, fixed,
                      entries, found, result.dates, result.probes)  # fmt: skip
    _write(memo, state)


def recheck(
    memo: CheckMemo, settings: Settings, hygiene: bool, cache: BuildCache | None
) -> Result | None:
    """The result of a check when only the texts of a few briefing files differ from the
    last full check's (after `memo.inputs`), made by reading only those; None when it
    cannot be made so (module docstring). `cache`: the build cache, read (the
    registries), never written."""
    state = _read(memo)
    if state is None or state.frame != memo.frame or state.hygiene != hygiene:
        return None
    if state.texts.keys() != memo.texts.keys():
        return None
    changed = [path for path, text in memo.texts.items() if state.texts[path] != text]
    if not changed or len(changed) > MAX_CHANGED:
        return None
    if not all(_SHA.fullmatch(state.texts[p]) and _SHA.fullmatch(memo.texts[p]) for p in changed):
        return None  # a file over the size limit, unreadable or odd: the folder's checks
    if not state.probes.hold():
        return None
    made = _reread(settings, [Path(p) for p in changed], state, hygiene, cache)
    if made is None:
        return None
    own, texts = made
    state.own.update(own)
    problems = [*state.fixed, *(p for mine in state.own.values() for p in mine)]
    if state.found is not None:
        duplicates = _duplicates(state, texts)
        if duplicates is None:
            return None
        problems += duplicates
    state.texts = dict(memo.texts)
    _write(memo, state)
    if cache is not None:
        cache.stats.hits[HIT] += 1
    return Result(problems, state.dates, state.probes)


def _reread(
    settings: Settings, changed: list[Path], state: FileState, hygiene: bool,
    cache: BuildCache | None,
) -> tuple[dict[str, list[Problem]], dict[str, str]] | None:  # fmt: skip
    """Each changed file parsed again: its own problems and, for one that parsed, its
    body's text (by path); None when a summary differs or a check asked for a hint."""
    from briefings.content.hygiene import body_problems
    from briefings.content.loader import _load_file, _registries
    from briefings.content.mistakes import Suggestions

    own: dict[str, list[Problem]] = {}
    texts: dict[str, str] = {}
    matcher = None
    for file in changed:
        rel = settings.relative(file)
        if rel not in state.own:  # not a briefing the load read (`_notes.md`, ...)
            return None
        suggest = Suggestions()
        inner = file.relative_to(settings.source_dir).as_posix()
        parsed, found = _load_file(settings, file, inner, suggest, settings.root, None)
        if suggest.asked:
            return None
        if parsed is None:
            if rel in state.summaries or found[0].path != rel:
                return None
            own[rel] = list(found)
            continue
        item = ContentFile(parsed.rel, parsed.slug, parsed.src_uri, parsed.doc, parsed.body,
                           parsed.doc.data.get("status") == "draft", parsed.briefing)  # fmt: skip
        mentions = None
        if _in_graph(settings, item):
            if matcher is None:
                from briefings.graph.mentions import Matcher

                entities = _registries(settings, cache).entities
                matcher = Matcher(e for kind in entities.values() for e in kind.values())
            mentions = matcher.entities_in(item.body.analysis.text)
        if state.summaries.get(item.path) != summary(item, mentions):
            return None
        own[item.path] = [*found, *(body_problems(item) if hygiene else ())]
        texts[item.path] = item.body.analysis.text
    return own, texts


def _duplicates(state: FileState, texts: dict[str, str]) -> list[Problem] | None:
    """The duplicate-body warnings with the bodies of `texts` (path -> body text) made
    again; `state.found` is updated. None for signatures of another type."""
    from briefings.content.hygiene import NEAR_DUPLICATE, bodies_of, duplicate_warnings
    from briefings.content.minhash import candidates, jaccard

    found = state.found
    bodies = dict(found.bodies)
    bodies.update(zip(texts, bodies_of(list(texts.values())), strict=True))
    if sys.byteorder != "little" or any(
        b.signature is not None and b.dtype != _SIGNATURE for b in bodies.values()
    ):
        return None  # `minhash.jaccard` reads native 32-bit values
    changed = set(texts)
    near: list[tuple[str, list[str]]] = []

    def pairs(long: list[str], table: dict, exact: set[frozenset[str]]) -> list:
        """`hygiene._near_pairs`: the kept pairs of unchanged bodies, the changed ones'
        made now (both conditions are symmetric)."""
        signatures = {path: table[path].signature for path in long}
        kept = {path: [o for o in others if o not in changed]
                for path, others in found.near if path not in changed}  # fmt: skip
        for path in changed:
            if path not in signatures:
                continue
            mine = kept[path] = []
            for other in candidates(signatures[path], signatures):
                if other == path or frozenset((path, other)) in exact:
                    continue
                if jaccard(signatures[path], signatures[other]) >= NEAR_DUPLICATE:
                    mine.append(other)
                    if other not in changed:
                        kept.setdefault(other, []).append(path)
        near.extend((path, sorted(kept[path])) for path in long if kept.get(path))
        return near

    duplicates = duplicate_warnings(state.entries, bodies, pairs)
    found.bodies, found.near, found.duplicates = bodies, near, duplicates
    return duplicates


def hygiene_part(
    corpus: Corpus, cache: BuildCache | None
) -> tuple[int, list[Problem], list, dict, Any, dict[str, str]]:
    """Source hygiene's problems, with the process that made them and what they used of
    `cache` (entries by key, statistics), so a forked process can hand them back, the
    problems in parts (`hygiene.Found`) and each file's `summary_base`."""
    from briefings.content.hygiene import BODY_WORDS, NEAR_PAIRS, Found, hygiene_problems

    ours = (BODY_WORDS, NEAR_PAIRS)
    parts = Found()
    problems = hygiene_problems(corpus, cache, parts)
    bases = {item.path: summary_base(item) for item in corpus.files}  # off the graph's way
    if cache is None or not cache.enabled:
        return os.getpid(), problems, [], {}, parts, bases
    used = [(key, cache.entries[key]) for key in cache.used if key[0] in ours]
    counts = {
        "hits": {n: cache.stats.hits[n] for n in ours if n in cache.stats.hits},
        "misses": {n: cache.stats.misses[n] for n in ours if n in cache.stats.misses},
        "touched": [n for n in ours if n in cache.touched],
    }
    return os.getpid(), problems, used, counts, parts, bases


def merged(part: tuple, cache: BuildCache | None) -> list[Problem]:
    """`hygiene_part`'s problems; when a forked process made them, its cache entries and
    statistics are taken into `cache`, as if they had been made here."""
    pid, problems, used, counts, *_ = part
    if pid != os.getpid() and cache is not None and cache.enabled:
        for (namespace, key), blob in used:
            cache.put_blob(namespace, key, blob)
        cache.stats.hits.update(counts.get("hits", {}))
        cache.stats.misses.update(counts.get("misses", {}))
        cache.touched.update(counts.get("touched", ()))
    return problems


def _write(memo: CheckMemo, state: FileState) -> None:
    if memo.folder is None or memo.key is None:
        return
    try:
        memo.folder.mkdir(parents=True, exist_ok=True)
        dump_signed(memo.folder / STATE_NAME, MAGIC, memo.key, {"format": FORMAT, "state": state})
    except OSError:
        return


def _read(memo: CheckMemo) -> FileState | None:
    """The kept state, or None (none, unsigned, another format, unreadable)."""
    if memo.folder is None or memo.key is None:
        return None
    try:
        data = (memo.folder / STATE_NAME).read_bytes()
        loaded = pickle.loads(signed_payload(data, MAGIC, memo.key))
    except Exception:  # a corrupt file is a full check, never a failure
        return None
    if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
        return None
    state = loaded.get("state")
    return state if isinstance(state, FileState) else None
