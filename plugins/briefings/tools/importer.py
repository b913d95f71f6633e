"""`briefings import`: a pasted article or a saved HTML page -> a new briefing's text.

Text input: the first non-empty line is the headline, every further non-empty line a
paragraph. HTML input: the main text is extracted with trafilatura (menus, footers and
comments dropped), the headline from the page's metadata.

Lines of at most `BOILERPLATE_MAX` characters matching any of `BOILERPLATE` (or the
site's `import_boilerplate` option) are removed; each pattern is a Python regular
expression searched case-insensitively in the stripped line, and a matching line is
dropped whole. Registered entities named in the
text (names, aliases, "Mr Putin" forms: see `mentions`) are suggested in the entity fields.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from briefings.graph.mentions import Matcher
from briefings.model.content import Entity
from briefings.tools.scaffold import Draft, file_name, render, source_from_url

#: Site boilerplate removed from imported text (extend with `import_boilerplate`).
BOILERPLATE: list[str] = [
    r"^\W*(also|read) (read|also|more)\b",  # "• Also read: ...", "Read more: ..."
    r"^\W*(see|related) (also|articles?|stories|coverage)\b",
    r"^\W*leave a (comment|reply)\W*$",
    r"^\W*(\d+\s+)?comments?\W*$",
    r"^\W*share (this|on|the|via)\b",
    r"^\W*(share|tweet|email|print|copy link|facebook|twitter|whatsapp|telegram)\W*$",
    r"\bcookies?\b.*\b(accept|consent|settings|policy|use|improve)\b",
    r"^\W*(accept|reject) (all )?cookies\b",
    r"^\W*(sign up|subscribe)\b.*\bnewsletter\b",
    r"^\W*(advertisement|sponsored content)\W*$",
    r"^\W*follow us\b",
    r"^\W*(click|tap) here\b",
]

BOILERPLATE_MAX = 160  # characters: longer paragraphs are never removed as boilerplate
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’')\]]*\s+(?=[“\"‘'(\[]?[A-Z0-9])")
_MARKDOWN_START = re.compile(r"^(\s*)([#>+*=|-]|\d+[.)])(?=\s|$)")
SUMMARY_MAX = 400  # characters: the lead's first sentences up to this length


@dataclass
class Article:
    """The raw material: a headline and paragraphs of plain text."""

    title: str
    paragraphs: list[str]
    published: dt.date | None = None
    site_name: str | None = None


@dataclass
class ImportResult:
    """The new briefing and what the import did to get there."""

    file_name: str
    text: str
    title: str
    removed: list[str] = field(default_factory=list)
    suggested: dict[str, list[Entity]] = field(default_factory=dict)  # kind -> entities


def parse_text(text: str) -> Article:
    """A pasted article: first non-empty line the headline, then one paragraph a line."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise ValueError("the input is empty")
    return Article(lines[0], lines[1:])


def parse_html(html: str, url: str | None = None) -> Article:
    """A saved web page: main text and headline extracted by trafilatura."""
    import trafilatura  # imported here: slow to import and only `import --html` needs it

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)  # fmt: skip
    if doc is None:
        raise ValueError("no article text found in the HTML page")
    get = doc.get if isinstance(doc, dict) else lambda key: getattr(doc, key, None)
    paragraphs = [p.strip() for p in (get("text") or "").split("\n") if p.strip()]
    title = (get("title") or "").strip() or (paragraphs[0] if paragraphs else "")
    if not title:
        raise ValueError("no article text found in the HTML page")
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return Article(title, paragraphs, _date(get("date")), get("sitename"))


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def compile_patterns(extra: Iterable[str] = ()) -> list[re.Pattern[str]]:
    """The built-in boilerplate patterns plus the site's; raises re.error on a bad one."""
    return [re.compile(p, re.IGNORECASE) for p in (*BOILERPLATE, *extra)]


def strip_boilerplate(
    paragraphs: Sequence[str], patterns: Sequence[re.Pattern[str]]
) -> tuple[list[str], list[str]]:
    """(kept paragraphs, removed ones). Only short paragraphs can be boilerplate: a long one
    that happens to match ("Share the burden, ...") is article text."""
    kept: list[str] = []
    removed: list[str] = []
    for paragraph in paragraphs:
        short = len(paragraph) <= BOILERPLATE_MAX
        target = removed if short and any(p.search(paragraph) for p in patterns) else kept
        target.append(paragraph)
    return kept, removed


def lead_summary(paragraphs: Sequence[str]) -> str:
    """The first one to three sentences of the lead paragraph."""
    if not paragraphs:
        return ""
    sentences = _SENTENCE_END.split(paragraphs[0].strip())
    summary = sentences[0]
    for sentence in sentences[1:3]:
        if len(summary) + len(sentence) + 1 > SUMMARY_MAX:
            break
        summary += " " + sentence
    return summary


def suggest(text: str, entities: Iterable[Entity], kinds: Iterable[str]) -> dict[str, list[Entity]]:
    """Registered entities named in `text`, by kind, most mentioned first."""
    entities = list(entities)
    by_key = {e.key: e for e in entities}
    counts = Counter(m.entity for m in Matcher(entities).find(text))
    order = sorted(counts, key=lambda key: -counts[key])  # stable: first mention breaks ties
    return {kind: [by_key[k] for k in order if k[0] == kind] for kind in kinds}


def to_markdown(paragraphs: Sequence[str]) -> str:
    """Paragraphs as Markdown, with line starts that Markdown would read as syntax escaped."""
    return "\n\n".join(_MARKDOWN_START.sub(r"\1\\\2", p) for p in paragraphs)


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
    """Turn `article` into the text of a new briefing, with a report of what was done."""
    paragraphs, removed = strip_boilerplate(article.paragraphs, compile_patterns(extra_patterns))
    suggested = suggest("\n".join([article.title, *paragraphs]), entities, kinds)
    src = replace(source_from_url(url, source or article.site_name), published=article.published)
    draft = Draft(
        title=article.title,
        date=date,
        summary=lead_summary(paragraphs) or article.title,
        sources=[src],
        entities={kind: [e.slug for e in found] for kind, found in suggested.items()},
        body=to_markdown(paragraphs),
    )
    return ImportResult(
        file_name=file_name(article.title, date),
        text=render(draft, kinds),
        title=article.title,
        removed=removed,
        suggested=suggested,
    )
