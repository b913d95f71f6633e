"""Timeline entries: every briefing and every `events` item, in one total order.

A briefing's entry and its own event of the day of publication (same day, not a range,
not approximate) are one entry, the briefing's: that event's title is kept as
`event_title` where it differs from the headline. Every other event is an entry of its
own. Each entry carries the stories and entities it is about: for a briefing, its front
matter; for an event, its own fields, each absent one taken from the briefing's front
matter (never from body mentions).

A term's timeline (a story's, an entity's) is split into pages together with the term's
list of briefings (`TermTimeline`): each page holds a contiguous stretch of time, no more
than a page's worth of briefings or of entries, and a briefing's entry is on the page
that lists the briefing.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from briefings.model.content import Briefing, Event
from briefings.model.dates import PartialDate, Precision, human_range

EntryKind = Literal["briefing", "event"]
EntityKey = tuple[str, str]


@dataclass(frozen=True)
class Entry:
    """One line of a timeline: a briefing's publication or an event it records.

    `stories` (slugs) and `entities` ((kind, slug) pairs) are what the entry is about, in
    front-matter order; `event_title` is the title of the briefing's own same-day event
    merged into a briefing entry, '' when there is none or it repeats the headline.
    """

    date: PartialDate
    title: str
    briefing: Briefing
    kind: EntryKind
    end: PartialDate | None = None
    approximate: bool = False
    position: int = 0  # index of the event within its briefing, from 1 (0: the briefing)
    stories: tuple[str, ...] = ()
    entities: tuple[EntityKey, ...] = ()
    event_title: str = ""

    @property
    def label(self) -> str:
        """The date as written: `25 June 2022`, `3–5 July 2022`, `c. May 2022`."""
        return human_range(self.date, self.end, self.approximate)

    @property
    def precision(self) -> Precision:
        """How precisely the date is known: `day`, `month` or `year`."""
        return self.date.precision

    @property
    def is_range(self) -> bool:
        """Whether the entry spans a range of dates (`end` differs from `date`)."""
        return self.end is not None and self.end != self.date

    @cached_property
    def sort_key(self) -> tuple:
        """Ascending: date (less precise first), then end, events before the briefing that
        reports them, then the briefing's date and slug, then the event's position
        (computed once per entry: each term's timeline compares them again)."""
        return _sort_key(self.date, self.end, self.kind, self.briefing, self.position)


def _sort_key(
    date: PartialDate, end: PartialDate | None, kind: EntryKind, briefing: Briefing, position: int
) -> tuple:
    """`Entry.sort_key` of an entry with these fields."""
    return (
        date.key,
        end.key if end else date.key,
        0 if kind == "event" else 1,
        briefing.date.toordinal(),
        briefing.slug,
        position,
    )


def same_day_event(briefing: Briefing) -> int | None:
    """Index of the briefing's own event of its publication day (the first event dated
    that day, not a range and not approximate), None when it has none."""
    day = PartialDate.of(briefing.date)
    for i, event in enumerate(briefing.events):
        if event.date == day and event.end in (None, day) and not event.approximate:
            return i
    return None


def entries_of(briefing: Briefing) -> list[Entry]:
    """The briefing's own entry (its same-day event merged in), then one per other event,
    in front-matter order."""
    merged = same_day_event(briefing)
    stories, refs = briefing.stories, tuple(briefing.entity_refs())
    event_title = ""
    if merged is not None:
        event = briefing.events[merged]
        stories = tuple(dict.fromkeys([*stories, *briefing.event_stories(event)]))
        refs = tuple(dict.fromkeys([*refs, *briefing.event_refs(event)]))
        if _normal(event.title) != _normal(briefing.title):
            event_title = event.title
    entries = [
        Entry(
            PartialDate.of(briefing.date),
            briefing.title,
            briefing,
            "briefing",
            stories=stories,
            entities=refs,
            event_title=event_title,
        )
    ]
    front = tuple(briefing.entity_refs())
    entries += [
        _event_entry(briefing, event, i + 1, front)
        for i, event in enumerate(briefing.events)
        if i != merged
    ]
    return entries


def _event_entry(
    briefing: Briefing, event: Event, position: int, front: tuple[EntityKey, ...]
) -> Entry:
    # An event naming no entities of its own is about the front matter's (`front`).
    refs = tuple(briefing.event_refs(event)) if event.entities else front
    return Entry(
        event.date, event.title, briefing, "event", event.end, event.approximate, position,
        stories=briefing.event_stories(event), entities=refs,
    )  # fmt: skip


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def build(briefings: Iterable[Briefing], newest_first: bool = True) -> list[Entry]:
    """Every entry of `briefings`, in the timeline's total order (`Entry.sort_key`)."""
    entries = [entry for b in briefings for entry in entries_of(b)]
    return sorted(entries, key=lambda e: e.sort_key, reverse=newest_first)


@dataclass(frozen=True)
class TermTimeline:
    """The entries about one term (a story, an entity), newest first, split into pages
    together with the term's briefings (`members`, newest first).

    A page lists at most `size` members and holds at most `cap` entries; each page is a
    contiguous stretch of time, and a member's own entry is on the page that lists the
    member. A page ends when the next member would be one too many, or the next entry
    one too many; so pages follow the members (`size` per page, the entries between two
    of them on the newer one's page) until a stretch of time holds more than `cap`
    entries (events recorded long before the term's first briefing, say): that stretch
    goes on over further pages, which may list no member at all.

    `pages[i]` is the 0-based page of `entries[i]`, `member_pages[j]` that of member `j`;
    `count` is the number of pages (at least 1).
    """

    entries: tuple[Entry, ...]
    pages: tuple[int, ...]
    member_pages: tuple[int, ...] = ()
    count: int = 1

    @classmethod
    def build(
        cls,
        entries: Sequence[Entry],
        members: Sequence[Briefing],
        size: int,
        cap: int,
        ranks: tuple[Sequence[Any], Sequence[Any]] | None = None,
    ) -> TermTimeline:
        """Split `entries` (newest first) beside `members` (newest first), `size`
        members and `cap` entries per page at most (both at least 1); linear in both.

        `ranks`: (one per entry, one per member's own entry) numbers in the order of
        their sort keys, if the caller has them (comparing numbers is quicker)."""
        if ranks is None:
            ranks = ([e.sort_key for e in entries], [_briefing_key(b) for b in members])
        found, keys = ranks  # descending, like `entries`; a member's own entry: equal
        if len(found) != len(entries):
            raise ValueError("one rank per entry")
        pages: list[int] = []
        member_pages: list[int] = []
        page = held = listed = 0  # the current page, its entries, its members
        m = 0  # members placed
        for key in found:
            while m < len(keys) and keys[m] > key:  # a member with no entry here
                if listed >= size:
                    page, held, listed = page + 1, 0, 0
                member_pages.append(page)
                listed, m = listed + 1, m + 1
            own = m < len(keys) and keys[m] == key
            if held >= cap or (own and listed >= size):
                page, held, listed = page + 1, 0, 0
            if own:
                member_pages.append(page)
                listed, m = listed + 1, m + 1
            pages.append(page)
            held += 1
        for _ in range(m, len(keys)):  # members older than every entry
            if listed >= size:
                page, held, listed = page + 1, 0, 0
            member_pages.append(page)
            listed += 1
        return cls(tuple(entries), tuple(pages), tuple(member_pages), page + 1)

    def members_on(self, number: int) -> slice:
        """The members page `number` (1-based) lists, as a slice of `members`."""
        lo = bisect.bisect_left(self.member_pages, number - 1)
        hi = bisect.bisect_left(self.member_pages, number)
        return slice(lo, hi)

    def member_page(self, index: int) -> int:
        """The 1-based page listing member `index` (0-based, newest first)."""
        return self.member_pages[index] + 1

    def page(self, number: int) -> tuple[Entry, ...]:
        """The entries of page `number` (1-based)."""
        lo = bisect.bisect_left(self.pages, number - 1)
        hi = bisect.bisect_left(self.pages, number)
        return self.entries[lo:hi]

    @cached_property
    def years(self) -> tuple[tuple[int, int], ...]:
        """(year, 1-based page of its newest entry) for every year, newest first
        (computed once)."""
        found: dict[int, int] = {}
        for entry, page in zip(self.entries, self.pages, strict=True):
            found.setdefault(entry.date.year, page + 1)
        return tuple(found.items())


def _briefing_key(briefing: Briefing) -> tuple:
    """The sort key of `briefing`'s own entry."""
    return _sort_key(PartialDate.of(briefing.date), None, "briefing", briefing, 0)
