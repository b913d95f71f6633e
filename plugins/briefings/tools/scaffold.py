"""`briefings new`: the file name and the commented front-matter skeleton of a new briefing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from slugify import slugify

from briefings.content.placeholders import (
    PLACEHOLDER_BODY,
    PLACEHOLDER_SOURCE_NAME,
    PLACEHOLDER_SOURCE_NOTE,
    PLACEHOLDER_SUMMARY,
)


@dataclass(frozen=True)
class SourceDraft:
    """One entry of `sources:` as a new briefing starts with it."""

    name: str
    url: str | None = None
    note: str | None = None
    published: dt.date | None = None


@dataclass
class Draft:
    """What a new briefing's front matter is made of (`new` and `import` fill it)."""

    title: str
    date: dt.date
    summary: str = PLACEHOLDER_SUMMARY
    sources: list[SourceDraft] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)
    entities: dict[str, list[str]] = field(default_factory=dict)  # kind -> slugs
    body: str = ""


def quote(value: str) -> str:
    """A YAML scalar that reads back as exactly `value` (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def flow_list(values: Iterable[str]) -> str:
    """`values` as a YAML flow list of quoted strings: `["a", "b"]`."""
    return "[" + ", ".join(quote(v) for v in values) + "]"


def title_slug(title: str) -> str:
    """The slug of `title` for a file name (at most 60 characters, cut at a word;
    `briefing` when nothing is left)."""
    return slugify(title, max_length=60, word_boundary=True) or "briefing"


def file_name(title: str, date: dt.date) -> str:
    """`<date>-<title-slug>.md`; the file name is the briefing's slug."""
    return f"{date.isoformat()}-{title_slug(title)}.md"


def source_from_url(url: str | None, name: str | None = None) -> SourceDraft:
    """A source entry; without a url it says so in `note:` (never invent an address)."""
    if url:
        host = urlsplit(url).hostname or "Source"
        return SourceDraft(name=name or host.removeprefix("www."), url=url)
    return SourceDraft(
        name=name or PLACEHOLDER_SOURCE_NAME,
        note=PLACEHOLDER_SOURCE_NOTE,
    )


def render(draft: Draft, kinds: dict[str, str]) -> str:
    """The complete Markdown file: commented front matter, then the body."""
    lines = [
        "---",
        "# Headline of the briefing: short, factual, no clickbait.",
        f"title: {quote(draft.title)}",
        "# Publication date, YYYY-MM-DD.",
        f"date: {draft.date.isoformat()}",
        "# One to three plain sentences; shown in lists, feeds and search results.",
        f"summary: {quote(draft.summary)}",
        "# Where the information comes from; at least one. Give url: when there is one,",
        "# otherwise a note: saying why (never invent an address). Optional per source:",
        "# published: YYYY-MM-DD and language: en.",
        "sources:",
        *_source_lines(draft.sources),
        "# Story slugs from stories.yml; the first is the main story.",
        f"stories: {flow_list(draft.stories)}",
        "# Free words, e.g. [sanctions, diplomacy].",
        "tags: []",
        "# Entities by kind: slugs from entities.yml.",
        *(f"{kind}: {flow_list(draft.entities.get(kind, []))}" for kind in kinds),
        "# Short sentences shown as a list under the summary.",
        "key_points: []",
        "# Dated events for timelines, e.g. - {date: 2022-06, title: ..., approximate: true}",
        "events: []",
        "# Slugs of other briefings worth reading next.",
        "related: []",
        "# Uncomment to keep it out of the published site until it is ready.",
        "# status: draft",
        "---",
        "",
        draft.body.strip() or PLACEHOLDER_BODY,
        "",
    ]
    return "\n".join(lines)


def _source_lines(sources: list[SourceDraft]) -> list[str]:
    out = []
    for source in sources or [source_from_url(None)]:
        out.append(f"  - name: {quote(source.name)}")
        if source.url:
            out.append(f"    url: {quote(source.url)}")
        if source.note:
            out.append(f"    note: {quote(source.note)}")
        if source.published:
            out.append(f"    published: {source.published.isoformat()}")
    return out


def write_new(path: Path, text: str, force: bool = False) -> None:
    """Write `text` to `path`; refuse to replace an existing file unless `force`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w" if force else "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
