"""Source hygiene, as curated newsletters check it on pull requests (warnings only).

- the same source URL in two briefings: likely duplicate coverage;
- tracking parameters (`utm_*`, `fbclid`, ... see `TRACKING`) in any address;
- `http://` addresses: each warning gives the fixed URL to use instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus, urlsplit, urlunsplit

from briefings.content.files import FileProblem, read_text, split_front_matter
from briefings.content.loader import Corpus
from briefings.content.located_yaml import Located, field_name
from briefings.model.problems import Problem

#: Query parameters that only track readers; matched case-insensitively.
TRACKING = re.compile(
    r"(?:utm_\w*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga)\Z",
    re.IGNORECASE,
)
URL_RE = re.compile(r"""\bhttps?://[^\s<>"'`()\[\]{}]+""", re.IGNORECASE)
_TRAILING = ".,;:!?*_”’"
_FENCE = re.compile(r"^\s*(```|~~~)")


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


def url_problem(path: str, line: int, field: str, url: str) -> Problem | None:
    """A warning naming what is wrong with `url` and the URL to use, or None."""
    trackers = _trackers(url)
    issues = []
    if trackers:
        issues.append(f"has tracking parameters ({', '.join(trackers)})")
    if url.lower().startswith("http://"):
        issues.append("uses insecure http://")
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
        problems.extend(_body_problems(corpus.settings.root / rel, rel))
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


def _body_problems(file: Path, rel: str) -> Iterator[Problem]:
    try:
        split = split_front_matter(read_text(file))
    except FileProblem:
        return
    in_fence = False
    for offset, text in enumerate(split.body.split("\n")):
        if _FENCE.match(text):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for url in _urls(text):
            found = url_problem(rel, split.body_line + offset, "body", url)
            if found:
                yield found
