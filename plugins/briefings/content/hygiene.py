"""Source hygiene, as curated newsletters check it on pull requests (warnings only).

- the same source URL in two briefings: likely duplicate coverage;
- tracking parameters (`utm_*`, `fbclid`, ... see `TRACKING`) in any address;
- `http://` addresses: each warning gives the fixed URL to use instead;
- two briefings with the same or nearly the same body: exact duplicates by a hash of the
  normalised text (case-folded words), near duplicates by MinHash with LSH (`datasketch`)
  over word 3-shingles: an estimated Jaccard similarity of `NEAR_DUPLICATE` (0.8) or more
  between bodies of at least `MIN_WORDS` words. Linear in the corpus's size.

Everything works on the loaded corpus: no file is read again.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from briefings.content.loader import ContentFile, Corpus
from briefings.content.located_yaml import Located, field_name
from briefings.model.problems import Problem

NEAR_DUPLICATE = 0.8  # estimated Jaccard similarity of word 3-shingles
MIN_WORDS = 30  # shorter bodies are compared exactly only
NUM_PERM = 64  # MinHash permutations

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


def hygiene_problems(corpus: Corpus) -> list[Problem]:
    """Every source hygiene warning of the corpus's briefings."""
    problems = list(_duplicate_sources(corpus.documents))
    for rel, doc in corpus.documents.items():
        for where, text in _strings(doc.data, ()):
            for url in _urls(text):
                found = url_problem(rel, doc.line_of(where), field_name(where) or "file", url)
                if found:
                    problems.append(found)
    for item in corpus.files:
        problems.extend(_body_problems(item))
    problems.extend(duplicate_bodies(corpus.files))
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


def duplicate_bodies(files: Sequence[ContentFile]) -> Iterator[Problem]:
    """Warnings for bodies equal after normalisation, or near duplicates (module docstring)."""
    words = {item.path: _WORDS.findall(item.body.analysis.text.casefold()) for item in files}
    groups: dict[str, list[ContentFile]] = {}
    for item in files:
        if words[item.path]:
            digest = hashlib.sha256(" ".join(words[item.path]).encode()).hexdigest()
            groups.setdefault(digest, []).append(item)
    exact: set[frozenset[str]] = set()
    for group in groups.values():
        for item in group:
            others = [o.path for o in group if o is not item]
            if others:
                exact |= {frozenset((item.path, o)) for o in others}
                yield _duplicate(item, others, "the same body as")
    long = [i for i in files if len(words[i.path]) >= MIN_WORDS]
    if len(long) < 2:
        return
    from datasketch import MinHash, MinHashLSH  # imported only when needed: it loads numpy

    shingles = [
        [zlib.crc32(" ".join(w[j : j + 3]).encode()) for j in range(len(w) - 2)]
        for w in (words[i.path] for i in long)
    ]
    hashes = MinHash.bulk(shingles, num_perm=NUM_PERM, hashfunc=lambda h: h)
    index = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=NUM_PERM)
    position = {item.path: i for i, item in enumerate(long)}
    for item, minhash in zip(long, hashes, strict=True):
        index.insert(item.path, minhash)
    for item, minhash in zip(long, hashes, strict=True):
        near = []
        for other in sorted(index.query(minhash)):
            if other == item.path or frozenset((item.path, other)) in exact:
                continue
            if minhash.jaccard(hashes[position[other]]) >= NEAR_DUPLICATE:
                near.append(other)
        if near:
            yield _duplicate(item, near, "nearly the same body as")


def _duplicate(item: ContentFile, others: list[str], what: str) -> Problem:
    return Problem(
        item.path,
        item.body.first_line,
        "body",
        f"{what} {', '.join(others)} (a duplicate? merge them, or link the other under related:)",
        "warning",
    )
