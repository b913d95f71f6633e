"""The validated content: briefings, stories and entities (plain data, no behaviour).

Also the one order of briefings every list uses: `newest_first` (by date, then slug, both
descending), so feeds, listings, taxonomies and the loader always agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from briefings.model.dates import PartialDate

Status = Literal["published", "draft"]


@dataclass(frozen=True)
class Source:
    """Where a briefing's facts come from; `published` is the source's own date."""

    name: str
    url: str | None = None
    note: str | None = None
    published: dt.date | None = None
    language: str | None = None


@dataclass(frozen=True)
class Event:
    """Something a briefing records as happening on a date (known to year, month or day),
    optionally up to `end`; `approximate` prints it as "c. ...".

    `stories` and `entities` (kind -> slugs) hold only what the event's own front matter
    gives: None, or a kind missing from `entities`, means "the briefing's" (see
    `Briefing.event_stories` and `Briefing.event_entities`).
    """

    date: PartialDate
    title: str
    end: PartialDate | None = None
    approximate: bool = False
    stories: tuple[str, ...] | None = None
    entities: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, slugs) given on the event

    def own_entities(self, kind: str) -> tuple[str, ...] | None:
        """The slugs of `kind` the event names itself, None when it gives no such field."""
        for given, slugs in self.entities:
            if given == kind:
                return slugs
        return None


@dataclass(frozen=True)
class Correction:
    """A correction made to a briefing after publication, on `date`."""

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
    status: Status = "published"
    curator: str | None = None
    corrections: tuple[Correction, ...] = ()

    @property
    def draft(self) -> bool:
        """True for `status: draft` (left out of `mkdocs build` unless asked for)."""
        return self.status == "draft"

    @property
    def main_story(self) -> str | None:
        """The first story listed: the one the briefing's kicker and timeline show."""
        return self.stories[0] if self.stories else None

    @property
    def last_changed(self) -> dt.date:
        """The day the briefing last changed: its `updated` date, else its date."""
        return max(self.date, self.updated or self.date)

    def entity_refs(self) -> list[tuple[str, str]]:
        """Every (kind, slug) named in the front matter, in field order."""
        return [(kind, slug) for kind, slugs in self.entities.items() for slug in slugs]

    def event_stories(self, event: Event) -> tuple[str, ...]:
        """The stories of one of its events: the event's own, else the briefing's."""
        return self.stories if event.stories is None else event.stories

    def event_refs(self, event: Event) -> list[tuple[str, str]]:
        """Every (kind, slug) one of its events names: per kind, the event's own field,
        else the briefing's front matter (never body mentions)."""
        found = []
        kinds = dict.fromkeys([*self.entities, *(kind for kind, _ in event.entities)])
        for kind in kinds:
            own = event.own_entities(kind)
            slugs = self.entities.get(kind, ()) if own is None else own
            found += [(kind, slug) for slug in slugs]
        return found


@dataclass(frozen=True)
class Story:
    """A running story from `stories.yml`: briefings name it in `stories:`."""

    slug: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Entity:
    """A person, place, organisation or other registered entity (`entities.yml`)."""

    kind: str
    slug: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """(kind, slug): unique across the site."""
        return (self.kind, self.slug)


def chronological(briefing: Briefing) -> tuple[dt.date, str]:
    """The sort key of briefings, oldest first: (date, slug)."""
    return (briefing.date, briefing.slug)


def newest_first(briefings: Iterable[Briefing]) -> list[Briefing]:
    """`briefings` newest first: by date, then slug, both descending (the order of every
    list of briefings on the site and in the feeds)."""
    return sorted(briefings, key=chronological, reverse=True)
