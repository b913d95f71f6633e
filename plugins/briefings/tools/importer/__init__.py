"""`briefings import`: a pasted article or a saved HTML page -> a new briefing's text.

Text input (`text`): the first non-empty line is the headline, every further non-empty
line a paragraph, runs of list lines a Markdown list. HTML input (`html`): the page's own
metadata gives the headline (the site's name cut off), the canonical address and the
publication date; trafilatura gives the main text; a page that is not an article is
refused. Site boilerplate is removed line by line (`boilerplate`); registered entities
named in the text (names, aliases, "Mr Putin" forms: see `mentions`) are suggested in the
entity fields. The text stays text: Markdown syntax in it is escaped (`article`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from briefings.content.hygiene import clean_address, fixed_url
from briefings.graph.mentions import Matcher
from briefings.model.content import Entity
from briefings.tools.importer.article import (
    Article,
    Block,
    Heading,
    ItemList,
    NotAnArticle,
    Quote,
    block_text,
    escape_text,
    lead_summary,
    to_markdown,
)
from briefings.tools.importer.boilerplate import (
    BOILERPLATE,
    BOILERPLATE_BY_LANGUAGE,
    BOILERPLATE_MAX,
    compile_patterns,
    is_boilerplate,
    strip_boilerplate,
)
from briefings.tools.importer.requirements import MissingDependency, require_html
from briefings.tools.importer.text import parse_text
from briefings.tools.scaffold import Draft, file_name, render, source_from_url

__all__ = [
    "BOILERPLATE",
    "BOILERPLATE_BY_LANGUAGE",
    "BOILERPLATE_MAX",
    "Article",
    "Block",
    "Heading",
    "ImportResult",
    "ItemList",
    "MissingDependency",
    "NotAnArticle",
    "Quote",
    "build",
    "compile_patterns",
    "escape_text",
    "lead_summary",
    "parse_html",
    "parse_text",
    "strip_blocks",
    "strip_boilerplate",
    "suggest",
    "to_markdown",
]


@dataclass
class ImportResult:
    """The new briefing and what the import did to get there."""

    file_name: str
    text: str
    title: str
    removed: list[str] = field(default_factory=list)  # lines dropped, in reading order
    suggested: dict[str, list[Entity]] = field(default_factory=dict)  # kind -> entities
    warnings: list[str] = field(default_factory=list)  # doubts for the curator to check
    changed: list[str] = field(default_factory=list)  # values written otherwise than read


def parse_html(html: str, url: str | None = None) -> Article:
    """A saved web page as an `Article` (see `briefings.tools.importer.html`).

    Raises MissingDependency (an ImportError) when a package HTML reading needs is not
    installed, NotAnArticle (a ValueError) for a page that is not an article.
    """
    require_html()
    from briefings.tools.importer.html import parse_html as parse

    return parse(html, url)


def strip_blocks(
    blocks: Sequence[Block], patterns: Sequence[re.Pattern[str]]
) -> tuple[list[Block], list[str]]:
    """(kept blocks, removed lines): boilerplate paragraphs, headings, quotes and list items
    go (a list item is reported as `- item`); a list left empty goes too."""
    kept: list[Block] = []
    removed: list[str] = []
    for block in blocks:
        if isinstance(block, ItemList):
            items = [item for item in block.items if not is_boilerplate(item, patterns)]
            removed += [f"- {item}" for item in block.items if item not in items]
            if len(items) == len(block.items):
                kept.append(block)
            elif items:
                kept.append(replace(block, items=tuple(items)))
        elif is_boilerplate(block_text(block), patterns):
            removed.append(block_text(block))
        else:
            kept.append(block)
    return kept, removed


def suggest(text: str, entities: Iterable[Entity], kinds: Iterable[str]) -> dict[str, list[Entity]]:
    """Registered entities named in `text`, by kind, most mentioned first."""
    entities = list(entities)
    by_key = {e.key: e for e in entities}
    counts = Counter(m.entity for m in Matcher(entities).find(text))
    order = sorted(counts, key=lambda key: -counts[key])  # stable: first mention breaks ties
    return {kind: [by_key[k] for k in order if k[0] == kind] for kind in kinds}


def build(
    article: Article,
    *,
    entities: Iterable[Entity],
    kinds: dict[str, str],
    date: dt.date,
    url: str | None = None,
    source: str | None = None,
    extra_patterns: Iterable[str] = (),
) -> ImportResult:
    """Turn `article` into the text of a new briefing, with a report of what was done.

    `url` (given by the curator) wins over the page's canonical address, with a warning
    when they differ; either is written as source hygiene wants it (`hygiene.fixed_url`:
    tracking parameters dropped, `http://` made `https://`), noted in `changed`; `source`
    names the outlet (default: the page's site name, else the address's host). Raises
    re.error for a bad pattern in `extra_patterns`.
    """
    blocks, removed = strip_blocks(article.paragraphs, compile_patterns(extra_patterns))
    text = "\n".join([article.title, *(block_text(b) for b in blocks)])
    suggested = suggest(text, entities, kinds)
    warnings = list(article.warnings)
    changed: list[str] = []
    chosen = url or article.url
    if chosen:  # hygiene's own rule: no tracking parameters, https
        chosen, note = clean_address(chosen, "--url" if url else "the page's canonical address")
        changed += [note] if note else []
    if url and article.url and fixed_url(url) != fixed_url(article.url):
        warnings.append(f"the page's canonical address is {article.url}; recorded --url {url}")
    src = source_from_url(chosen, source or article.site_name)
    src = replace(src, published=article.published)
    draft = Draft(
        title=article.title,
        date=date,
        summary=lead_summary(blocks) or article.title,
        sources=[src],
        entities={kind: [e.slug for e in found] for kind, found in suggested.items()},
        body=to_markdown(blocks),
    )
    return ImportResult(
        file_name=file_name(article.title, date),
        text=render(draft, kinds),
        title=article.title,
        removed=[*article.removed, *removed],
        suggested=suggested,
        warnings=warnings,
        changed=changed,
    )
