"""Source hygiene, as curated newsletters check it on pull requests (warnings only).

- the same source URL in two briefings: likely duplicate coverage;
- tracking parameters (`utm_*`, `fbclid`, ... see `TRACKING`) in any address;
- `http://` addresses: each warning gives the fixed URL to use instead;
- two briefings with the same or nearly the same body: exact duplicates by a hash of the
  normalised text (case-folded words), near duplicates by MinHash with LSH (`datasketch`)
  over word 3-shingles (each hashed from its words' CRC-32; `_signatures`): an estimated
  Jaccard similarity of `NEAR_DUPLICATE` (0.8) or more between bodies of at least
  `MIN_WORDS` words. Linear in the corpus's size.

Everything works on the loaded corpus: no file is read again. With the build cache, each
body's normalised hash, word count and MinHash signature are kept under a hash of its text,
and the near-duplicate pairs under a hash of every signature: a check of unchanged content
neither counts words nor imports `datasketch`.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from briefings.content.cache import BuildCache, digest
from briefings.content.loader import ContentFile, Corpus
from briefings.content.located_yaml import Located, field_name
from briefings.model.problems import Problem

NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity of word 3-shingles
MIN_WORDS = 30  # shorter bodies are compared exactly only
NUM_PERM = 64  # MinHash permutations
SEED = 1  # datasketch's default seed for its permutations
SCHEME = "affine32"  # datasketch's MinHash scheme the signatures are made with
#: Cache namespaces: per body (by its text) its normalised hash, word count and MinHash
#: signature; the near-duplicate pairs, by every long body's path and signature.
BODY_WORDS = "hygiene-body"
SHINGLES = "crc32-words-mix64"  # how shingles are hashed (part of each body's key)
NEAR_PAIRS = "hygiene-near"

#: Query parameters that only track readers; matched case-insensitively.
TRACKING = re.compile(
    r"(?:utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga)\Z",
    re.IGNORECASE,
)
URL_RE = re.compile(r"""\bhttps?://[^\s<>"'`()\[\]{}]+""", re.IGNORECASE)
_TRAILING = ".,;:!?*_”’"
_WORDS = re.compile(r"[^\W_]+")


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


def hygiene_problems(corpus: Corpus, cache: BuildCache | None = None) -> list[Problem]:
    """Every source hygiene warning of the corpus's briefings (`cache`: the build cache,
    which keeps what the duplicate checks computed per body)."""
    problems = list(_duplicate_sources(corpus.documents))
    for rel, doc in corpus.documents.items():
        for where, text in _strings(doc.data, ()):
            for url in _urls(text):
                found = url_problem(rel, doc.line_of(where), field_name(where) or "file", url)
                if found:
                    problems.append(found)
    for item in corpus.files:
        problems.extend(_body_problems(item))
    problems.extend(duplicate_bodies(corpus.files, cache))
    return problems


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


def _body_problems(item: ContentFile) -> Iterator[Problem]:
    """Addresses in the body outside code (the body analysis's `prose`)."""
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


def _body(text: str, cache: BuildCache | None) -> tuple[_Body, list[str] | None, str]:
    """`text`'s `_Body` (from `cache` when it has it), its words when just computed (else
    None), and its cache key ("" without a cache)."""
    key = ""
    if cache is not None and cache.enabled:
        key = digest(text, str(NUM_PERM), str(MIN_WORDS), SHINGLES)
        found = cache.get(BODY_WORDS, key)
        if isinstance(found, _Body) and (found.words < MIN_WORDS or found.signature):
            return found, None, key
    words = _WORDS.findall(text.casefold())
    exact = hashlib.sha256(" ".join(words).encode()).hexdigest() if words else ""
    return _Body(exact, len(words), None), words, key


#: The MurmurHash3 32-bit finalizer's shifts and multipliers (what datasketch's affine32
#: scheme mixes each input hash with before its permutations).
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
#: Odd multipliers that combine three word hashes into one shingle hash (mod 2^64).
_SHINGLE_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F)


def _signatures(bodies: Sequence[list[str]]) -> list[tuple[bytes, str]]:
    """MinHash signatures of `bodies` (their normalised words), with their type.

    Each word 3-shingle is hashed from its words' CRC-32 (`_shingles`); the signature is
    datasketch's `affine32` MinHash of those hashes (its permutations, seed `SEED`),
    computed for all shingles of a body at once with numpy: equal to `MinHash.update_batch`
    of the same hashes (tests/test_check_speed.py compares them), without its call per
    value."""
    import numpy as np
    from datasketch import MinHash  # imported only when needed: it loads numpy and scipy

    a, b = (np.asarray(p, dtype=np.uint32) for p in
            MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations)  # fmt: skip
    s1, m1, s2, m2, s3 = (np.uint32(c) for c in _FMIX32)
    words: dict[str, int] = {}
    found = []
    for body in bodies:
        hv = _shingles(body, words, np)
        hv = hv ^ (hv >> s1)
        hv = hv * m1
        hv = hv ^ (hv >> s2)
        hv = hv * m2
        hv = hv ^ (hv >> s3)
        values = (hv[:, None] * a + b).min(axis=0)
        found.append((values.tobytes(), values.dtype.str))
    return found


def _shingles(words: list[str], table: dict[str, int], np: Any) -> Any:
    """The hashes (uint32) of the word 3-shingles of `words`: each word's CRC-32 (kept
    in `table`), three combined by odd multipliers mod 2^64, folded to 32 bits."""
    for word in words:
        if word not in table:
            table[word] = zlib.crc32(word.encode())
    h = np.fromiter(map(table.__getitem__, words), dtype=np.uint64, count=len(words))
    k1, k2 = np.uint64(_SHINGLE_MIX[0]), np.uint64(_SHINGLE_MIX[1])
    x = h[:-2] * k1 + h[1:-1] * k2 + h[2:]
    return ((x ^ (x >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def duplicate_bodies(
    files: Sequence[ContentFile], cache: BuildCache | None = None
) -> Iterator[Problem]:
    """Warnings for bodies equal after normalisation, or near duplicates (module docstring).
    `cache`: the build cache (see the module docstring)."""
    bodies: dict[str, _Body] = {}
    missing: dict[str, list[str]] = {}  # path -> words, of long bodies without a signature
    made: dict[str, str] = {}  # path -> cache key, of the bodies computed now
    for item in files:
        body, words, key = _body(item.body.analysis.text, cache)
        bodies[item.path] = body
        if words is not None:
            made[item.path] = key
        if body.words >= MIN_WORDS and body.signature is None:
            assert words is not None
            missing[item.path] = words
    if missing:
        signatures = _signatures(list(missing.values()))
        for path, (signature, dtype) in zip(missing, signatures, strict=True):
            bodies[path] = replace(bodies[path], signature=signature, dtype=dtype)
    if cache is not None and cache.enabled:  # the others were found there
        for path, key in made.items():
            cache.put(BODY_WORDS, key, bodies[path])
    groups: dict[str, list[ContentFile]] = {}
    for item in files:
        if bodies[item.path].exact:
            groups.setdefault(bodies[item.path].exact, []).append(item)
    exact: set[frozenset[str]] = set()
    for group in groups.values():
        for item in group:
            others = [o.path for o in group if o is not item]
            if others:
                exact |= {frozenset((item.path, o)) for o in others}
                yield _duplicate(item, others, "the same body as")
    long = [i for i in files if bodies[i.path].words >= MIN_WORDS]
    if len(long) < 2:
        return
    for item, near in _near_pairs(long, bodies, exact, cache):
        yield _duplicate(item, near, "nearly the same body as")


def _near_pairs(
    long: Sequence[ContentFile],
    bodies: dict[str, _Body],
    exact: set[frozenset[str]],
    cache: BuildCache | None,
) -> list[tuple[ContentFile, list[str]]]:
    """Each long body with the paths of its near duplicates (exact ones left out), from
    `cache` when every long body's path and signature are those of a previous check."""
    use = cache is not None and cache.enabled
    key = ""
    if use:
        assert cache is not None
        parts: list[str | bytes] = [str(NEAR_DUPLICATE), str(NUM_PERM), SCHEME, SHINGLES]
        for item in long:
            body = bodies[item.path]
            parts += [item.path, body.exact, body.signature or b"", body.dtype]
        key = digest(*parts)
        found = cache.get(NEAR_PAIRS, key)
        if isinstance(found, list):
            by_path = {item.path: item for item in long}
            return [(by_path[path], near) for path, near in found]
    import numpy as np
    from datasketch import LeanMinHash, MinHashLSH  # only when needed: numpy and scipy

    hashes = [
        LeanMinHash(seed=SEED, scheme=SCHEME, hashvalues=np.frombuffer(
            bodies[i.path].signature or b"", dtype=np.dtype(bodies[i.path].dtype)))
        for i in long
    ]  # fmt: skip
    index = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=NUM_PERM)
    position = {item.path: i for i, item in enumerate(long)}
    for item, minhash in zip(long, hashes, strict=True):
        index.insert(item.path, minhash)
    result: list[tuple[ContentFile, list[str]]] = []
    for item, minhash in zip(long, hashes, strict=True):
        near = []
        for other in sorted(index.query(minhash)):
            if other == item.path or frozenset((item.path, other)) in exact:
                continue
            if minhash.jaccard(hashes[position[other]]) >= NEAR_DUPLICATE:
                near.append(other)
        if near:
            result.append((item, near))
    if use:
        assert cache is not None
        cache.put(NEAR_PAIRS, key, [(item.path, near) for item, near in result])
    return result


def _duplicate(item: ContentFile, others: list[str], what: str) -> Problem:
    return Problem(
        item.path,
        item.body.first_line,
        "body",
        f"{what} {', '.join(others)} (a duplicate? merge them, or link the other under related:)",
        "warning",
    )
