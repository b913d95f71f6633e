"""The validated content: briefings, stories and entities (plain data, no behaviour)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefings.model.dates import PartialDate


@dataclass(frozen=True)
class Source:
    name: str
    url: str | None = None
    note: str | None = None
    published: dt.date | None = None
    language: str | None = None


@dataclass(frozen=True)
class Event:
    date: PartialDate
    title: str
    end: PartialDate | None = None
    approximate: bool = False


@dataclass(frozen=True)
class Correction:
    date: dt.date
    text: str


@dataclass(eq=False)
class Briefing:
    """One article: validated front matter plus its Markdown body (compared by identity)."""

    slug: str
    path: str  # relative to the site root (the folder holding mkdocs.yml), '/'-separated
    src_uri: str  # where it pretends to live in the docs tree, e.g. briefings/2022-06-25-x.md
    title: str
    date: dt.date
    summary: str
    sources: tuple[Source, ...]
    body: str = ""
    stories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind -> slugs
    key_points: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    related: tuple[str, ...] = ()
    updated: dt.date | None = None
    status: str = "published"
    curator: str | None = None
    corrections: tuple[Correction, ...] = ()

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    @property
    def main_story(self) -> str | None:
        return self.stories[0] if self.stories else None

    def entity_refs(self) -> list[tuple[str, str]]:
        """Every (kind, slug) named in the front matter, in field order."""
        return [(kind, slug) for kind, slugs in self.entities.items() for slug in slugs]


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Entity:
    kind: str
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.slug)
