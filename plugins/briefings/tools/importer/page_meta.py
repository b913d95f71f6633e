"""What a saved page says about itself, read with lxml, in order of trust.

- **headline**: JSON-LD `headline`, `og:title`, `twitter:title`, `<title>`, the `<h1>`;
  the site's name is cut off either end when it follows or precedes a separator (` - `,
  ` | `, ` – `, `｜`, `|`, a dash between CJK characters ...). The site's name is what the
  page calls itself (`og:site_name`, `application-name`, JSON-LD `publisher`/`WebSite`
  names) or its host (`lastampa` for `www.lastampa.it`); a title part equal to the `<h1>`
  is also kept whole, and the other part then names the site;
- **address**: `<link rel="canonical">`, then `og:url`, made absolute; only http(s);
- **publication date**: JSON-LD `datePublished`, `article:published_time`, `itemprop=
  datePublished`, Dublin Core and `pubdate`/`date` metas, then vendor published dates
  (`parsely-pub-date`, `sailthru.date`); never a modified, updated or print date. Values
  must start with a `YYYY-MM-DD` day (the model's date parser); others are reported.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from briefings.content.schema import is_http_url
from briefings.model.dates import parse_full

JSON_LD_MAX_OBJECTS = 10_000  # JSON-LD objects read per page (hostile pages are bounded)
SITE_NAME_MAX = 80  # characters: a longer title part is never taken for the site's name
TITLE_MAX = 1_000  # characters: the site's name is looked for in titles up to this long

ARTICLE_TYPES = frozenset((
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle",
    "blogposting", "liveblogposting", "socialmediaposting", "report", "scholarlyarticle",
    "techarticle",
))  # fmt: skip
PUBLISHED_KEYS = (
    "article:published_time", "og:article:published_time", "datepublished",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "pubdate", "publishdate",
    "publish-date", "publication_date", "date",
    "parsely-pub-date", "sailthru.date",  # vendors' published dates, last
)  # fmt: skip
KICKER_CLASS = re.compile(
    r"kicker|overline|eyebrow|rubric|supertitle|surtitle|surtitre|occhiello|sopratitolo|"
    r"dachzeile|spitzmarke|antetitulo|antetítulo|topline|pretitle|pre-title",
    re.IGNORECASE,
)
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|·•:»/]\s+|\s*[|｜]\s*|\s*[-–—]\s*")
_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?=$|[T\s])")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_GENERIC_HOST_LABELS = frozenset(("www", "m", "mobile", "amp", "news", "com", "org", "net", "co",
                                  "or", "ne", "go", "ac", "gov", "edu", "info"))  # fmt: skip


@dataclass
class PageMeta:
    """What a page's own markup says about it (see the module docstring for the order)."""

    titles: list[str] = field(default_factory=list)  # headline candidates, most trusted first
    h1: str = ""
    kickers: list[str] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)
    host_labels: list[str] = field(default_factory=list)
    url: str | None = None
    published: dt.date | None = None
    refused_dates: list[str] = field(default_factory=list)  # published dates not taken
    warnings: list[str] = field(default_factory=list)

    @property
    def source_name(self) -> str | None:
        """The most trusted site name, None if the page gives none."""
        return self.site_names[0] if self.site_names else None


def read_meta(tree: etree._Element, url: str | None = None) -> PageMeta:
    """Headline candidates, site names, canonical address and publication date of a page."""
    metas = _metas(tree)
    objects = list(json_ld(tree))
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), {})
    meta = PageMeta()
    meta.titles = _present(
        string(article.get("headline")),
        metas.get("og:title"),
        metas.get("twitter:title"),
        element_text(tree.find(".//title")),
    )
    h1 = tree.find(".//h1")
    if h1 is not None:
        meta.h1 = element_text(h1)
        meta.kickers = _kickers(tree, h1)
    meta.site_names = _present(
        metas.get("og:site_name"), metas.get("application-name"),
        *_names(article.get("publisher")),
        *(string(o.get("name")) for o in objects if "website" in _types(o)),
        metas.get("apple-mobile-web-app-title"),
    )  # fmt: skip
    meta.url = _canonical(tree, metas, url)
    hosts = [h for h in (_host(url), _host(meta.url), _host(metas.get("og:url"))) if h]
    meta.host_labels = list(dict.fromkeys(label for h in hosts for label in _labels(h)))
    meta.published = _published(article, metas, tree, meta)
    return meta


def _metas(tree: etree._Element) -> dict[str, str]:
    """`<meta>` contents by lower-cased property, name or itemprop; the first one wins."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (element.get(attr) or "").strip().lower()
            if key:
                found.setdefault(key, " ".join(content.split()))
    return found


def json_ld(tree: etree._Element) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object of the page (`@graph` and nested lists flattened), in order.

    Broken JSON is skipped; at most `JSON_LD_MAX_OBJECTS` objects are read.
    """
    queue: deque[object] = deque()
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            try:
                queue.append(json.loads(script.text or ""))
            except (ValueError, RecursionError):
                continue
    seen = 0
    while queue and seen < JSON_LD_MAX_OBJECTS:
        item = queue.popleft()
        seen += 1
        if isinstance(item, list):
            queue.extend(item)
        elif isinstance(item, dict):
            yield item
            if isinstance(item.get("@graph"), list):
                queue.extend(item["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for v in values if isinstance(v, str)}


def _names(value: object) -> list[str | None]:
    values = value if isinstance(value, list) else [value]
    return [string(v.get("name")) for v in values if isinstance(v, dict)]


def string(value: object) -> str | None:
    """`value` with whitespace collapsed when it is a string, else None."""
    return " ".join(value.split()) if isinstance(value, str) else None


def _present(*values: str | None) -> list[str]:
    """The non-empty values, whitespace collapsed, without repeats, in order."""
    return list(dict.fromkeys(v for v in (" ".join((x or "").split()) for x in values) if v))


def element_text(element: etree._Element | None) -> str:
    """All text inside `element`, whitespace collapsed ("" for None)."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _kickers(tree: etree._Element, h1: etree._Element) -> list[str]:
    """Short lines above or inside the `<h1>` that label it (a kicker, rubric, overline)."""
    found: list[str] = []
    previous = h1.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is not None and 0 < len(element_text(previous)) <= 60:
        found.append(element_text(previous))
    for element in tree.iter():
        if isinstance(element.tag, str) and KICKER_CLASS.search(element.get("class") or ""):
            text = element_text(element)
            if 0 < len(text) <= 60:
                found.append(text)
    return list(dict.fromkeys(found))


def _canonical(tree: etree._Element, metas: dict[str, str], base: str | None) -> str | None:
    candidates = [link.get("href") for link in tree.iter("link")
                  if "canonical" in (link.get("rel") or "").lower().split()]  # fmt: skip
    candidates.append(metas.get("og:url"))
    for href in candidates:
        if href and href.strip():
            resolved = urljoin(base or metas.get("og:url") or "", href.strip())
            if is_http_url(resolved):
                return resolved
    return None


def _host(url: str | None) -> str | None:
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


def _labels(host: str) -> list[str]:
    """`www.example-courier.co.uk` -> `examplecourier`, the host's distinctive labels."""
    parts = [p for p in host.lower().split(".")[:-1] if p not in _GENERIC_HOST_LABELS]
    labels = [norm(p) for p in parts if len(norm(p)) >= 3]
    return [*labels, "".join(labels)] if len(labels) > 1 else labels


def _published(article: dict[str, Any], metas: dict[str, str], tree: etree._Element,
               meta: PageMeta) -> dt.date | None:  # fmt: skip
    candidates: list[tuple[str, str | None]] = [
        ("JSON-LD datePublished", string(article.get("datePublished")))
    ]
    for key in PUBLISHED_KEYS:
        candidates.append((key, metas.get(key)))
        if key == "datepublished":
            for time in tree.iter("time"):
                if (time.get("itemprop") or "").lower() == "datepublished":
                    candidates.append(("<time itemprop=datePublished>", time.get("datetime")))
    for origin, value in candidates:
        if not value:
            continue
        day = page_date(value)
        if day is not None:
            return day
        meta.refused_dates.append(value)
        meta.warnings.append(f"{origin} {value!r} is not a YYYY-MM-DD date; ignored")
    return None


def page_date(value: str) -> dt.date | None:
    """The day of `2023-02-01`, `2023-02-01T09:30:00+01:00` or `2023-02-01 09:30`, as
    written (no time-zone shift); None for anything else (`20230201`, `2023-W05-3`)."""
    match = _ISO_DAY.match(value)
    if not match:
        return None
    try:
        return parse_full(match[1])
    except ValueError:
        return None


# -- headline --------------------------------------------------------------------------


def headline(meta: PageMeta) -> str:
    """The most trusted headline candidate, the site's name cut off; the `<h1>` wording when
    the chosen title is the `<h1>` plus other parts. A candidate cut short ("Talks on …")
    gives way to a later one that it starts."""
    candidates = [c for c in (*meta.titles, meta.h1) if c]
    for i, candidate in enumerate(candidates):
        title = strip_site_name(candidate, meta)
        stem = norm(title.rstrip(".… "))
        if title.endswith(("…", "...")) and any(
            norm(later).startswith(stem) and len(norm(later)) > len(stem)
            for later in candidates[i + 1 :]
        ):
            continue
        if title:
            if meta.h1 and norm(meta.h1) in {norm(p) for p in _parts(title)}:
                _learn_site_name(title, meta)
                return meta.h1
            return title
    return ""


def _learn_site_name(title: str, meta: PageMeta) -> None:
    """A page that names itself nowhere else: "Headline-Site" with the `<h1>` "Headline"
    gives the site's name "Site" (only when the rest is one short part)."""
    if meta.site_names:
        return
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(title) if p.strip()]
    rest = [p for p in parts if norm(p) != norm(meta.h1)]
    if len(parts) == 2 and len(rest) == 1 and len(rest[0]) <= SITE_NAME_MAX // 2:
        meta.site_names.append(rest[0])


def strip_site_name(title: str, meta: PageMeta) -> str:
    """`title` without the site's name before or after a separator (repeatedly); a title
    over `TITLE_MAX` characters is no page's real title and is returned as it is."""
    title = " ".join(title.split())
    if len(title) > TITLE_MAX:
        return title
    for _ in range(3):
        shorter = _strip_once(title, meta)
        if shorter == title:
            break
        title = shorter
    return title


def _strip_once(title: str, meta: PageMeta) -> str:
    separators = [m for m in _TITLE_SEPARATOR.finditer(title) if not _is_hyphen(title, m)]
    for match in reversed(separators):  # "Headline - Section - Site": the last part first
        head, tail = title[: match.start()].strip(), title[match.end() :].strip()
        if head and _is_site_name(tail, meta):
            return head
    for match in separators:  # "Site | Headline"
        head, tail = title[: match.start()].strip(), title[match.end() :].strip()
        if tail and _is_site_name(head, meta):
            return tail
    return title


def _is_hyphen(title: str, match: re.Match[str]) -> bool:
    """A bare dash between two letters of an alphabet joins a compound ("Example-led");
    between CJK characters ("外宾-新华网") it separates."""
    if match[0].strip() != match[0] or match.start() == 0 or match.end() == len(title):
        return False
    before, after = title[match.start() - 1], title[match.end()]
    return before.isalnum() and after.isalnum() and not (CJK.match(before) or CJK.match(after))


def _is_site_name(part: str, meta: PageMeta) -> bool:
    if len(part) > SITE_NAME_MAX:
        return False
    key = norm(part)
    if not key:
        return False
    if any(key == norm(name) or key == norm(name).removeprefix("the") for name in
           meta.site_names):  # fmt: skip
        return True
    return any(key == label or (len(label) >= 4 and key.startswith(label)) or
               (len(key) >= 4 and label.startswith(key)) for label in meta.host_labels)  # fmt: skip


def _parts(title: str) -> list[str]:
    return [title, *(p for p in _TITLE_SEPARATOR.split(title) if p)]


def norm(text: str) -> str:
    """Case, spaces and punctuation ignored: how two spellings of one line are compared."""
    return re.sub(r"[\W_]+", "", text.casefold())
