"""A saved news page: metadata read with lxml from the page itself, the text by trafilatura.

What the page says about itself is read in order of trust:

- **headline**: JSON-LD `headline`, `og:title`, `twitter:title`, `<title>`, the `<h1>`;
  the site's name is cut off either end when it follows or precedes a separator (` - `,
  ` | `, ` – `, `｜`, `|`, a bare `-` ...). The site's name is what the page calls itself
  (`og:site_name`, `application-name`, JSON-LD `publisher`/`WebSite` names) or its host
  (`lastampa` for `www.lastampa.it`); a title part equal to the `<h1>` is also kept whole;
- **address**: `<link rel="canonical">`, then `og:url`, made absolute; only http(s);
- **publication date**: JSON-LD `datePublished`, `article:published_time`, `itemprop=
  datePublished`, Dublin Core and `pubdate`/`date` metas, then vendor published dates
  (`parsely-pub-date`, `sailthru.date`); never a modified, updated or print date. Values
  must start with a `YYYY-MM-DD` day (the model's date parser); trafilatura's guess from
  the page text is the last resort, with a warning.

The article text is trafilatura's main-text extraction (menus, footers, comments and
tables dropped), read as paragraphs, subheadings, lists and quotes. A headline repeated at
the top of the text (the `<h1>`, with or without a kicker above or inside it) is dropped,
so it is neither the summary nor the first line.

A page that is not an article is refused with `NotAnArticle`: template code (`{{ ... }}`,
`{% ... %}`) in the headline or text, text made mostly of link labels (an index page), or
too little text (`MIN_TEXT`). Short text (`SHORT_TEXT`) or some link labels give warnings.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from briefings.content.schema import is_http_url
from briefings.model.dates import parse_full
from briefings.tools.importer.article import (
    Article,
    Block,
    Heading,
    ItemList,
    NotAnArticle,
    Quote,
    block_text,
)
from briefings.tools.importer.requirements import html_extractor

MIN_TEXT = 100  # characters of text (CJK characters count double): less is refused
SHORT_TEXT = 500  # characters: less gives a warning
LINK_LABELS_REFUSED = 0.5  # share of the text that repeats the page's link labels
LINK_LABELS_WARNED = 0.25
JSON_LD_MAX_OBJECTS = 10_000  # JSON-LD objects read per page (hostile pages are bounded)
SITE_NAME_MAX = 80  # characters: a longer title part is never taken for the site's name

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
TEMPLATE_CODE = re.compile(r"\{\{.{0,200}?\}\}|\{%.{0,200}?%\}|<%.{0,200}?%>|\$\{[^}]{0,200}\}")
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|·•:»/]\s+|\s*[|｜]\s*|\s*[-–—]\s*")
_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(?=$|[T\s])")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
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
    warnings: list[str] = field(default_factory=list)

    @property
    def source_name(self) -> str | None:
        return self.site_names[0] if self.site_names else None


def parse_html(html: str, url: str | None = None) -> Article:
    """A saved web page as an `Article`.

    `url` is the address the page was saved from (used to resolve a relative canonical
    link and as a host for the site's name). Raises `NotAnArticle` (a ValueError) for a
    page that is not an article, ValueError when no text is found.
    """
    tree = _parse(html)
    meta = read_meta(tree, url)
    title = headline(meta)
    blocks, fallback = _extract(html, url)
    if not title:
        title = strip_site_name(str(fallback.get("title") or ""), meta)
    if not title:
        raise ValueError("no headline found in the HTML page (no <title>, og:title or <h1>)")
    blocks, dropped = drop_headline(blocks, [title, meta.h1, *meta.titles], meta.kickers)
    warnings = [*meta.warnings, *doubts(title, blocks, _link_labels(tree))]
    published = meta.published
    if published is None and fallback.get("date"):
        published = page_date(str(fallback["date"]))
        if published:
            warnings.append(f"publication date {published} guessed from the page; check it")
    site_name = meta.source_name or _string(fallback.get("sitename")) or None
    return Article(title, blocks, published, site_name, meta.url, warnings, dropped)


def _parse(html: str) -> etree._Element:
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        root = lxml_html.fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError):
        raise ValueError("no article text found in the HTML page (it is empty)") from None
    return root


# -- metadata --------------------------------------------------------------------------


def read_meta(tree: etree._Element, url: str | None = None) -> PageMeta:
    """Headline candidates, site names, canonical address and publication date of a page."""
    metas = _metas(tree)
    objects = list(json_ld(tree))
    article = next((o for o in objects if _types(o) & ARTICLE_TYPES), {})
    meta = PageMeta()
    meta.titles = _present(_string(article.get("headline")), metas.get("og:title"),
                           metas.get("twitter:title"), _text(tree.find(".//title")))  # fmt: skip
    h1 = tree.find(".//h1")
    if h1 is not None:
        meta.h1 = _text(h1)
        meta.kickers = _kickers(tree, h1)
    meta.site_names = _present(
        metas.get("og:site_name"), metas.get("application-name"),
        *_names(article.get("publisher")),
        *(_string(o.get("name")) for o in objects if "website" in _types(o)),
        metas.get("apple-mobile-web-app-title"),
    )  # fmt: skip
    meta.url = _canonical(tree, metas, url)
    hosts = [h for h in (_host(url), _host(meta.url), _host(metas.get("og:url"))) if h]
    meta.host_labels = list(dict.fromkeys(label for h in hosts for label in _labels(h)))
    meta.published = _published(article, metas, tree, meta.warnings)
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
    return [_string(v.get("name")) for v in values if isinstance(v, dict)]


def _string(value: object) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) else None


def _present(*values: str | None) -> list[str]:
    """The non-empty values, whitespace collapsed, without repeats, in order."""
    return list(dict.fromkeys(v for v in (" ".join((x or "").split()) for x in values) if v))


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _kickers(tree: etree._Element, h1: etree._Element) -> list[str]:
    """Short lines above or inside the `<h1>` that label it (a kicker, rubric, overline)."""
    found: list[str] = []
    previous = h1.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is not None and 0 < len(_text(previous)) <= 60:
        found.append(_text(previous))
    for element in tree.iter():
        if isinstance(element.tag, str) and KICKER_CLASS.search(element.get("class") or ""):
            text = _text(element)
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
    labels = [_norm(p) for p in parts if len(_norm(p)) >= 3]
    return [*labels, "".join(labels)] if len(labels) > 1 else labels


def _published(article: dict[str, Any], metas: dict[str, str], tree: etree._Element,
               warnings: list[str]) -> dt.date | None:  # fmt: skip
    candidates: list[tuple[str, str | None]] = [
        ("JSON-LD datePublished", _string(article.get("datePublished")))
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
        warnings.append(f"{origin} {value!r} is not a YYYY-MM-DD date; ignored")
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
    the chosen title is the `<h1>` plus other parts."""
    for candidate in [*meta.titles, meta.h1]:
        title = strip_site_name(candidate, meta)
        if title:
            if meta.h1 and _norm(meta.h1) in {_norm(p) for p in _parts(title)}:
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
    rest = [p for p in parts if _norm(p) != _norm(meta.h1)]
    if len(parts) == 2 and len(rest) == 1 and len(rest[0]) <= SITE_NAME_MAX // 2:
        meta.site_names.append(rest[0])


def strip_site_name(title: str, meta: PageMeta) -> str:
    """`title` without the site's name before or after a separator (repeatedly)."""
    title = " ".join(title.split())
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
    return before.isalnum() and after.isalnum() and not (_CJK.match(before) or _CJK.match(after))


def _is_site_name(part: str, meta: PageMeta) -> bool:
    key = _norm(part)
    if not key or len(part) > SITE_NAME_MAX:
        return False
    if any(key == _norm(name) or key == _norm(name).removeprefix("the") for name in
           meta.site_names):  # fmt: skip
        return True
    return any(key == label or (len(label) >= 4 and key.startswith(label)) or
               (len(key) >= 4 and label.startswith(key)) for label in meta.host_labels)  # fmt: skip


def _parts(title: str) -> list[str]:
    return [title, *(p for p in _TITLE_SEPARATOR.split(title) if p)]


def _norm(text: str) -> str:
    """Case, spaces and punctuation ignored: how two spellings of one line are compared."""
    return re.sub(r"[\W_]+", "", text.casefold())


# -- text ------------------------------------------------------------------------------


def _extract(html: str, url: str | None) -> tuple[list[Block], dict[str, object]]:
    """trafilatura's main text as blocks, and its metadata guesses (title, date, sitename)."""
    doc = html_extractor().bare_extraction(html, url=url, with_metadata=True,
                                        include_comments=False, include_tables=False,
                                        include_links=False, include_images=False)  # fmt: skip
    if doc is None:
        return [], {}
    get = doc.get if isinstance(doc, dict) else lambda key: getattr(doc, key, None)
    body = get("body")
    fallback = {key: get(key) for key in ("title", "date", "sitename")}
    if body is None:
        return [b for b in _lines(get("text") or "")], fallback
    return list(blocks_of(body)), fallback


def blocks_of(body: etree._Element) -> Iterator[Block]:
    """trafilatura's XML (`p`, `head`, `list`/`item`, `quote`) as blocks; one paragraph per
    line break."""
    for element in body:
        tag = element.tag
        if tag == "head":
            text = _text(element)
            if text:
                yield Heading(text)
        elif tag == "list":
            items = tuple(t for t in (_text(i) for i in element.iter("item")) if t)
            if items:
                yield ItemList(items, ordered=(element.get("rend") or "").lower() == "ol")
        elif tag == "quote":
            yield from (Quote(line) for line in _lines(_broken_text(element)))
        elif isinstance(tag, str):
            yield from _lines(_broken_text(element))


def _broken_text(element: etree._Element) -> str:
    """The text of `element` with `<lb/>` as a newline."""
    parts: list[str] = []
    for node in element.iter():
        if node is not element and node.tag == "lb":
            parts.append("\n")
        elif node.text and node.tag != "lb":
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _lines(text: str) -> Iterator[str]:
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line:
            yield line


def drop_headline(blocks: list[Block], headlines: Iterable[str], kickers: Iterable[str]
                  ) -> tuple[list[Block], list[str]]:  # fmt: skip
    """(kept blocks, dropped lines): a headline repeated in the first four blocks goes, with
    the short lines above it (kicker, rubric) or a kicker prefixed to it; without a repeated
    headline, leading kicker lines go."""
    keys = {_norm(h) for h in headlines if _norm(h)}
    kicks = {_norm(k) for k in kickers if _norm(k)}
    for i, block in enumerate(blocks[:4]):
        key = _norm(block_text(block))
        prefixed = any(key.endswith(h) and key[: -len(h)] in kicks for h in keys)
        if key in keys or prefixed:
            above = [(b, _norm(block_text(b)) in kicks or len(block_text(b)) <= 60)
                     for b in blocks[:i]]  # fmt: skip
            kept = [b for b, short in above if not short] + blocks[i + 1 :]
            return kept, [block_text(b) for b, short in above if short] + [block_text(block)]
    dropped = []
    while blocks and _norm(block_text(blocks[0])) in kicks:
        dropped.append(block_text(blocks[0]))
        blocks = blocks[1:]
    return blocks, dropped


def _link_labels(tree: etree._Element) -> set[str]:
    return {key for a in tree.iter("a") if len(key := _norm(_text(a))) >= 2}


def doubts(title: str, blocks: list[Block], link_labels: set[str]) -> list[str]:
    """Warnings about a doubtful article; raises NotAnArticle for a page that is none."""
    lines = [line for b in blocks for line in block_text(b).split("\n")]
    for where, text in (("headline", title), *(("text", line) for line in lines)):
        code = TEMPLATE_CODE.search(text)
        if code:
            raise NotAnArticle(f"template code {code[0]!r} in the {where}: this is a page "
                               "template or an unrendered page, not an article")  # fmt: skip
    size = sum(_weight(line) for line in lines)
    if size < MIN_TEXT:
        raise NotAnArticle(f"only {size} characters of text: too short to be an article")
    labels = sum(_weight(line) for line in lines if _norm(line) in link_labels)
    share = labels / size
    if share >= LINK_LABELS_REFUSED:
        raise NotAnArticle(f"{share:.0%} of the text is link labels: an index or list page, "
                           "not an article")  # fmt: skip
    warnings = []
    if share >= LINK_LABELS_WARNED:
        warnings.append(f"{share:.0%} of the text repeats the page's link labels; check the "
                        "body for menus and teasers")  # fmt: skip
    if size < SHORT_TEXT:
        warnings.append(f"only {size} characters of text: check that the whole article was "
                        "found")  # fmt: skip
    return warnings


def _weight(text: str) -> int:
    return len(text) + len(_CJK.findall(text))
