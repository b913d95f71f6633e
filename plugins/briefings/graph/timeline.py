"""Timeline entries: every briefing and every `events` item, in one total order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from briefings.model.content import Briefing
from briefings.model.dates import PartialDate, human_range

EntryKind = Literal["briefing", "event"]


@dataclass(frozen=True)
class Entry:
    """One line of a timeline: a briefing's publication or an event it records."""

    date: PartialDate
    title: str
    briefing: Briefing
    kind: EntryKind
    end: PartialDate | None = None
    approximate: bool = False
    position: int = 0  # index of the event within its briefing (0 for the briefing)

    @property
    def label(self) -> str:
        """The date as written: `25 June 2022`, `3–5 July 2022`, `c. May 2022`."""
        return human_range(self.date, self.end, self.approximate)

    @property
    def sort_key(self) -> tuple:
        """Ascending: date (less precise first), then end, events before the briefing that
        reports them, then the briefing's date and slug, then the event's position."""
        end = self.end.key if self.end else self.date.key
        return (
            self.date.key,
            end,
            0 if self.kind == "event" else 1,
            self.briefing.date.toordinal(),
            self.briefing.slug,
            self.position,
        )


def entries_of(briefing: Briefing) -> list[Entry]:
    """The briefing's own entry, then one per event, in front-matter order."""
    entries = [Entry(PartialDate.of(briefing.date), briefing.title, briefing, "briefing")]
    entries += [
        Entry(e.date, e.title, briefing, "event", e.end, e.approximate, i + 1)
        for i, e in enumerate(briefing.events)
    ]
    return entries


def build(briefings: Iterable[Briefing], newest_first: bool = True) -> list[Entry]:
    """Every entry of `briefings`, in the timeline's total order (`Entry.sort_key`)."""
    entries = [entry for b in briefings for entry in entries_of(b)]
    return sorted(entries, key=lambda e: e.sort_key, reverse=newest_first)
