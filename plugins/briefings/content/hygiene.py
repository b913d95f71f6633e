"""Source hygiene, as curated newsletters check it on pull requests (warnings only).

- the same source URL in two briefings: likely duplicate coverage;
- tracking parameters (`utm_*`, `fbclid`, ... see `TRACKING`) in any address;
- `http://` addresses: each warning gives the fixed URL to use instead;
- two briefings with the same or nearly the same body: exact duplicates by a hash of the
  normalised text (its words, case-folded, one space between them), near duplicates by
  MinHash with LSH (`datasketch`'s, made by `minhash.near_pairs`) over word 3-shingles: an estimated
  Jaccard similarity of `NEAR_DUPLICATE` (0.8) or more between bodies of at least
  `MIN_WORDS` words (words, shingles and signatures: `content/minhash.py`). Linear in the
  corpus's size.

Everything works on the loaded corpus: no file is read again. With the build cache, each
body's normalised hash, word count and MinHash signature are kept under a hash of its text,
and the near-duplicate pairs under a hash of every signature: a check of unchanged content
neither counts words nor imports `datasketch`.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from briefings.content.cache import BuildCache, digest
from briefings.content.loader import ContentFile, Corpus
from briefings.content.located_yaml import Located, field_name
from briefings.content.minhash import (
    NUM_PERM,
    SCHEME,
    SEED,
    SHINGLES,
    near_pairs,
    shingles,
    signatures,
    words,
)
from briefings.model.problems import Problem

NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity of word 3-shingles
MIN_WORDS = 30  # shorter bodies are compared exactly only
#: Cache namespaces: per body (by its text) its normalised hash, word count and MinHash
#: signature; the near-duplicate pairs, by every long body's path and signature.
BODY_WORDS = "hygiene-body"
NEAR_PAIRS = "hygiene-near"

#: Query parameters that only track readers; matched case-insensitively.
TRACKING = re.compile(
    r"(?:utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga)\Z",
    re.IGNORECASE,
)
URL_RE = re.compile(r"""\bhttps?://[^\s<>"'`()\[\]{}]+""", re.IGNORECASE)
_TRAILING = ".,;:!?*_”’"


@dataclass(frozen=True)
class _Use:
    path: str
    line: int
    field: str


def fixed_url(url: str) -> str:
    """`url` with tracking parameters dropped and `http://` upgraded to `https://`."""
    parts = urlsplit(url)
    kept = [item for item in parts.query.split("&") if item and not _is_tracker(item)]
    scheme = "https" if parts.scheme.lower() == "http" else parts.scheme
    return urlunsplit((scheme, parts.netloc, parts.path, "&".join(kept), parts.fragment))


def _is_tracker(item: str) -> bool:
    return bool(TRACKING.match(unquote_plus(item.split("=", 1)[0])))


def _trackers(url: str) -> list[str]:
    query = urlsplit(url).query
    names = [unquote_plus(i.split("=", 1)[0]) for i in query.split("&") if i]
    return list(dict.fromkeys(n for n in names if TRACKING.match(n)))


def same_source_key(url: str) -> str:
    """What makes two source URLs the same article: fixed, no fragment, host lowercased."""
    parts = urlsplit(fixed_url(url))
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("https", host, parts.path.rstrip("/") or "/", parts.query, ""))


def url_issues(url: str) -> list[str]:
    """What source hygiene finds wrong with `url` ("has tracking parameters (utm_source)",
    "uses insecure http://"); `fixed_url` is the address without them."""
    trackers = _trackers(url)
    issues = []
    if trackers:
        issues.append(f"has tracking parameters ({', '.join(trackers)})")
    if url.lower().startswith("http://"):
        issues.append("uses insecure http://")
    return issues


def clean_address(url: str, origin: str, field: str = "sources[0].url") -> tuple[str, str | None]:
    """(`fixed_url(url)`, a note saying what was changed and why, or None when nothing
    was): for tools that write an address given by `origin` (`--url`) into `field`."""
    clean = fixed_url(url)
    if clean == url:
        return url, None
    return clean, f"{field}: {origin} {url} {' and '.join(url_issues(url))}; wrote {clean}"


def url_problem(path: str, line: int, field: str, url: str) -> Problem | None:
    """A warning naming what is wrong with `url` and the URL to use, or None."""
    issues = url_issues(url)
    if not issues:
        return None
    message = f"address {' and '.join(issues)}; use {fixed_url(url)}"
    return Problem(path, line, field, message, "warning")


def hygiene_problems(
    corpus: Corpus, cache: BuildCache | None = None, keep: Found | None = None
) -> list[Problem]:
    """Every source hygiene warning of the corpus's briefings (`cache`: the build cache,
    which keeps what the duplicate checks computed per body; `keep`: filled with the
    warnings in parts, for `briefings check`'s per-file memo)."""
    found = keep if keep is not None else Found()
    found.shared = list(_duplicate_sources(corpus.documents))
    for rel, doc in corpus.documents.items():
        for where, text in _strings(doc.data, ()):
            for url in _urls(text):
                problem = url_problem(rel, doc.line_of(where), field_name(where) or "file", url)
                if problem:
                    found.shared.append(problem)
    for item in corpus.files:
        mine = list(body_problems(item))
        if mine:
            found.own[item.path] = mine
    duplicate_bodies(corpus.files, cache, found)
    own = [p for mine in found.own.values() for p in mine]
    return [*found.shared, *own, *found.duplicates]


def _duplicate_sources(documents: dict[str, Located]) -> Iterator[Problem]:
    uses: dict[str, list[_Use]] = {}
    for rel, doc in documents.items():
        sources = doc.data.get("sources") if isinstance(doc.data, dict) else None
        for i, source in enumerate(sources if isinstance(sources, list) else []):
            url = source.get("url") if isinstance(source, dict) else None
            if isinstance(url, str) and url.strip():
                where = ("sources", i, "url")
                use = _Use(rel, doc.line_of(where), field_name(where))
                uses.setdefault(same_source_key(url.strip()), []).append(use)
    for group in uses.values():
        paths = sorted({u.path for u in group})
        if len(paths) < 2:
            continue
        for use in group:
            others = ", ".join(p for p in paths if p != use.path)
            yield Problem(
                use.path,
                use.line,
                use.field,
                f"same source as {others} (likely duplicate coverage; update that "
                "briefing or link it under related:)",
                "warning",
            )


def _strings(value: Any, where: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))


def _urls(text: str) -> Iterable[str]:
    if "://" not in text:
        return ()
    return [m.group(0).rstrip(_TRAILING) for m in URL_RE.finditer(text)]


def body_problems(item: ContentFile) -> Iterator[Problem]:
    """Warnings for addresses in `item`'s body outside code (the body analysis's `prose`),
    at their file lines: what hygiene finds in one body alone."""
    prose = item.body.analysis.prose
    if "://" not in prose:
        return
    starts = [0] + [m.end() for m in re.finditer("\n", prose)]
    for match in URL_RE.finditer(prose):
        url = match.group(0).rstrip(_TRAILING)
        line = item.body.file_line(bisect.bisect_right(starts, match.start()))
        found = url_problem(item.path, line, "body", url)
        if found:
            yield found


@dataclass(frozen=True)
class _Body:
    """What the duplicate checks need of one body: the hash of its normalised words (""
    for none), their count and, for a long body, its MinHash signature (the bytes of
    datasketch's hash values, of numpy type `dtype`)."""

    exact: str
    words: int
    signature: bytes | None
    dtype: str = ""


def _cached_body(text: str, cache: BuildCache | None) -> tuple[_Body | None, str]:
    """`text`'s `_Body` from `cache` (None when it has none), and its cache key ("" without
    a cache)."""
    if cache is None or not cache.enabled:
        return None, ""
    key = digest(text, str(NUM_PERM), str(MIN_WORDS), SHINGLES)
    found = cache.get(BODY_WORDS, key)
    if isinstance(found, _Body) and (found.words < MIN_WORDS or found.signature):
        return found, key
    return None, key


def bodies_of(texts: Sequence[str]) -> list[_Body]:
    """The `_Body` of each of `texts`: its normalised hash, word count and, from
    `MIN_WORDS` words, MinHash signature (`minhash.signatures`)."""
    if not texts:  # all from the cache: numpy and datasketch are not even imported
        return []
    import numpy as np

    found: list[_Body] = []
    long: list[int] = []
    made = []
    for hashes, normal in words(texts, np):
        exact = hashlib.sha256(normal).hexdigest() if len(hashes) else ""
        if len(hashes) >= MIN_WORDS:
            long.append(len(found))
            made.append(shingles(hashes, np))
        found.append(_Body(exact, len(hashes), None))
    for index, (signature, dtype) in zip(long, signatures(made), strict=True):
        found[index] = replace(found[index], signature=signature, dtype=dtype)
    return found


@dataclass
class Found:
    """Hygiene's warnings in parts: those of front matter and across files (`shared`),
    of each body alone (`own`, by path) and of the duplicate checks (`duplicates`), with
    what these used: each body's `_Body` by path and the near-duplicate pairs (path, its
    near duplicates' paths)."""

    shared: list[Problem] = field(default_factory=list)
    own: dict[str, list[Problem]] = field(default_factory=dict)
    duplicates: list[Problem] = field(default_factory=list)
    bodies: dict[str, _Body] = field(default_factory=dict)
    near: list[tuple[str, list[str]]] = field(default_factory=list)


Entry = tuple[str, int]  # a body's (path, first file line), in the corpus's order
NearPairs = Callable[[list[str], dict[str, _Body], set[frozenset[str]]],
                     list[tuple[str, list[str]]]]  # fmt: skip


def duplicate_bodies(
    files: Sequence[ContentFile], cache: BuildCache | None = None, keep: Found | None = None
) -> list[Problem]:
    """Warnings for bodies equal after normalisation, or near duplicates (module docstring).
    `cache`: the build cache (see the module docstring); `keep`: filled with what was found."""
    bodies: dict[str, _Body] = {}
    made: dict[str, str] = {}  # path -> cache key, of the bodies computed now
    texts: list[str] = []
    for item in files:
        text = item.body.analysis.text
        body, key = _cached_body(text, cache)
        if body is None:
            made[item.path] = key
            texts.append(text)
        else:
            bodies[item.path] = body
    bodies.update(zip(made, bodies_of(texts), strict=True))
    if cache is not None and cache.enabled:  # the others were found there
        for path, key in made.items():
            cache.put(BODY_WORDS, key, bodies[path])
    near: list[tuple[str, list[str]]] = []

    def pairs(long: list[str], table: dict[str, _Body], exact: set[frozenset[str]]) -> list:
        near.extend(_near_pairs(long, table, exact, cache))
        return near

    entries = [(item.path, item.body.first_line) for item in files]
    found = duplicate_warnings(entries, bodies, pairs)
    if keep is not None:
        keep.bodies, keep.near, keep.duplicates = bodies, near, found
    return found


def duplicate_warnings(
    entries: Sequence[Entry], bodies: dict[str, _Body], near_pairs: NearPairs
) -> list[Problem]:
    """The duplicate-body warnings of `entries` (path, first line), given each body's
    `_Body` (`bodies`, by path) and `near_pairs(long bodies' paths, bodies, exact pairs)`:
    each long body's near duplicates, exact ones left out."""
    found = []
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        if bodies[entry[0]].exact:
            groups.setdefault(bodies[entry[0]].exact, []).append(entry)
    exact: set[frozenset[str]] = set()
    for group in groups.values():
        for entry in group:
            others = [o[0] for o in group if o is not entry]
            if others:
                exact |= {frozenset((entry[0], o)) for o in others}
                found.append(_duplicate(entry, others, "the same body as"))
    long = [e for e in entries if bodies[e[0]].words >= MIN_WORDS]
    if len(long) < 2:
        return found
    lines = dict(long)
    for path, near in near_pairs([e[0] for e in long], bodies, exact):
        found.append(_duplicate((path, lines[path]), near, "nearly the same body as"))
    return found


def _near_pairs(
    long: Sequence[str],
    bodies: dict[str, _Body],
    exact: set[frozenset[str]],
    cache: BuildCache | None,
) -> list[tuple[str, list[str]]]:
    """Each long body with the paths of its near duplicates (exact ones left out), from
    `cache` when every long body's path and signature are those of a previous check."""
    use = cache is not None and cache.enabled
    key = ""
    if use:
        assert cache is not None
        parts: list[str | bytes] = [str(NEAR_DUPLICATE), str(NUM_PERM), SCHEME, SHINGLES]
        for path in long:
            body = bodies[path]
            parts += [path, body.exact, body.signature or b"", body.dtype]
        key = digest(*parts)
        found = cache.get(NEAR_PAIRS, key)
        if isinstance(found, list):
            return found
    if sys.byteorder == "little" and all(bodies[p].dtype == "<u4" for p in long):
        signatures = {path: bodies[path].signature or b"" for path in long}
        result = near_pairs(long, signatures, exact, NEAR_DUPLICATE)  # datasketch's answer
    else:
        result = lsh_pairs(long, bodies, exact)
    if use:
        assert cache is not None
        cache.put(NEAR_PAIRS, key, result)
    return result


def lsh_pairs(
    long: Sequence[str], bodies: dict[str, _Body], exact: set[frozenset[str]]
) -> list[tuple[str, list[str]]]:
    """`_near_pairs` made with datasketch's `MinHashLSH` index and `LeanMinHash.jaccard`
    (what `minhash.near_pairs` equals, for signatures of any type)."""
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH  # only when needed: numpy and scipy

    hashes = [
        LeanMinHash(seed=SEED, scheme=SCHEME, hashvalues=np.frombuffer(
            bodies[path].signature or b"", dtype=np.dtype(bodies[path].dtype)))
        for path in long
    ]  # fmt: skip
    index = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=NUM_PERM)
    position = {path: i for i, path in enumerate(long)}
    for path, minhash in zip(long, hashes, strict=True):
        index.insert(path, minhash)
    result: list[tuple[str, list[str]]] = []
    for path, minhash in zip(long, hashes, strict=True):
        near = []
        for other in sorted(index.query(minhash)):
            if other == path or frozenset((path, other)) in exact:
                continue
            if minhash.jaccard(hashes[position[other]]) >= NEAR_DUPLICATE:
                near.append(other)
        if near:
            result.append((path, near))
    return result


def _duplicate(entry: Entry, others: list[str], what: str) -> Problem:
    return Problem(
        entry[0],
        entry[1],
        "body",
        f"{what} {', '.join(others)} (a duplicate? merge them, or link the other under related:)",
        "warning",
    )
