"""A saved news page: metadata read with lxml from the page itself, the text by trafilatura.

The headline (the site's name cut off), the canonical address and the publication date
come from the page's own markup (`page_meta`); trafilatura's guess of the date from the
page text is the last resort, with a warning, and only when the page writes that day as
`YYYY-MM-DD` and its markup held no date the model's parser refused (`guessed_date`).

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
import re
from collections.abc import Iterable, Iterator

from lxml import etree
from lxml import html as lxml_html

from briefings.tools.importer.article import (
    Article,
    Block,
    Heading,
    ItemList,
    NotAnArticle,
    Quote,
    block_text,
)
from briefings.tools.importer.page_meta import (
    CJK,
    element_text,
    headline,
    norm,
    page_date,
    read_meta,
    string,
    strip_site_name,
)
from briefings.tools.importer.requirements import html_extractor

MIN_TEXT = 100  # characters of text (CJK characters count double): less is refused
SHORT_TEXT = 500  # characters: less gives a warning
LINK_LABELS_REFUSED = 0.5  # share of the text that repeats the page's link labels
LINK_LABELS_WARNED = 0.25
_ISO_DAY_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])")
TEMPLATE_CODE = re.compile(r"\{\{.{0,200}?\}\}|\{%.{0,200}?%\}|<%.{0,200}?%>|\$\{[^}]{0,200}\}")


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
    if published is None and fallback.get("date") and not meta.refused_dates:
        published = guessed_date(str(fallback["date"]), html)
        if published:
            warnings.append(f"publication date {published} guessed from the page; check it")
    site_name = meta.source_name or string(fallback.get("sitename")) or None
    return Article(title, blocks, published, site_name, meta.url, warnings, dropped)


def guessed_date(guess: str, html: str) -> dt.date | None:
    """trafilatura's date guess (`YYYY-MM-DD`, normalised by htmldate) as a date, only when
    the page itself writes that day in a form the model's parser takes (`page_date`).

    htmldate also reads `20230201`, ISO week dates (`2023-W05-3`), dates in the address and
    in prose; those guesses are refused (None), like the same values in the page's markup,
    so every date the importer takes passes the one date parser on the text as found.
    """
    day = page_date(guess)
    if day is None:
        return None
    for match in _ISO_DAY_IN_TEXT.finditer(html):
        if page_date(match[0]) == day:
            return day
    return None


def _parse(html: str) -> etree._Element:
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        root = lxml_html.fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError):
        raise ValueError("no article text found in the HTML page (it is empty)") from None
    return root


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
            text = element_text(element)
            if text:
                yield Heading(text)
        elif tag == "list":
            items = tuple(t for t in (element_text(i) for i in element.iter("item")) if t)
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
    """(kept blocks, dropped lines): a headline repeated in the first four blocks goes (and
    its repeats right below it), with
    the short lines above it (kicker, rubric) or a kicker prefixed to it; without a repeated
    headline, leading kicker lines go."""
    keys = {norm(h) for h in headlines if norm(h)}
    kicks = {norm(k) for k in kickers if norm(k)}
    for i, block in enumerate(blocks[:4]):
        key = norm(block_text(block))
        prefixed = any(key.endswith(h) and key[: -len(h)] in kicks for h in keys)
        if key in keys or prefixed:
            above = [(b, norm(block_text(b)) in kicks or len(block_text(b)) <= 60)
                     for b in blocks[:i]]  # fmt: skip
            after = i + 1  # the headline again right below it (an h1, then a lead) goes too
            while after < len(blocks) and norm(block_text(blocks[after])) in keys:
                after += 1
            kept = [b for b, short in above if not short] + blocks[after:]
            return kept, [block_text(b) for b, short in above if short] + [
                block_text(b) for b in blocks[i:after]]  # fmt: skip
    dropped = []
    while blocks and norm(block_text(blocks[0])) in kicks:
        dropped.append(block_text(blocks[0]))
        blocks = blocks[1:]
    return blocks, dropped


def _link_labels(tree: etree._Element) -> set[str]:
    return {key for a in tree.iter("a") if len(key := norm(element_text(a))) >= 2}


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
    labels = sum(_weight(line) for line in lines if norm(line) in link_labels)
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
    return len(text) + len(CJK.findall(text))
