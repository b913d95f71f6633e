"""The small view models that page view models are made of (see docs/templates.md).

Every field is plain text (escaped by the templates' autoescaping) or an URL already
relative to the page being rendered; dates come formatted. All are frozen and hashable,
so a fragment made from one renders once per build and is reused (`partial`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from briefings.model.dates import PartialDate


@dataclass(frozen=True)
class Link:
    """A link: `href` relative to the page, `text` to show."""

    href: str
    text: str


@dataclass(frozen=True)
class When:
    """A date: `iso` for `datetime=` (`2022-06-25`, `2022-06`, `2022`), `text` for people
    (`25 June 2022`, `June 2022`, `3–5 July 2022`, `c. May 2022`)."""

    iso: str
    text: str


def when(day: dt.date) -> When:
    """A full date as a `When` (`2022-06-25`, `25 June 2022`)."""
    return When(day.isoformat(), PartialDate.of(day).human())


@dataclass(frozen=True)
class Chip:
    """A link to a term page shown as a chip; `kind` is `story`, `tag` or an entity kind."""

    href: str
    text: str
    kind: str


@dataclass(frozen=True)
class ChipGroup:
    """Chips of one kind under a label (`People`, `Stories`)."""

    label: str
    kind: str
    chips: tuple[Chip, ...]


@dataclass(frozen=True)
class Counted:
    """A chip with a number beside it (an entity and how many briefings name it)."""

    chip: Chip
    count: int


@dataclass(frozen=True)
class BriefingItem:
    """One briefing in a list."""

    slug: str
    href: str
    title: str
    date: When
    summary: str


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a timeline: a briefing's publication or an event it records.

    `href` and `source` are the briefing's (for a briefing entry `source == title`);
    `stories` (story slugs) and `entities` (`kind/slug`) are space-separated, for the
    timeline filter: what the entry is about (front matter and events' own fields, never
    body mentions); `current`: the entry of the briefing whose page this is.
    `precision` (`day`, `month`, `year`), `approximate` and `range` describe the date;
    `event_title` is the briefing's own same-day event where its title differs from the
    headline ('' otherwise).
    """

    kind: Literal["briefing", "event"]
    date: When
    title: str
    href: str
    source: str
    stories: str
    entities: str
    current: bool = False
    precision: str = "day"
    approximate: bool = False
    range: bool = False
    event_title: str = ""


@dataclass(frozen=True)
class YearLink:
    """A jump-to-year link of a timeline: `href` reaches the year's newest entry (on this
    page or another page of the listing); `data` marks a year the global timeline holds
    only as data (the script renders it; without scripts `href` leads to the archive)."""

    year: int
    href: str
    data: bool = False


@dataclass(frozen=True)
class TimelinePart:
    """The timeline on a story or entity page: this page's entries by year and month
    (`years`), a jump-to-year link for every year of the whole timeline (`jump`), and
    how many entries the whole timeline has (`total`)."""

    years: tuple[YearGroup, ...]
    jump: tuple[YearLink, ...]
    total: int

    @property
    def empty(self) -> bool:
        """No entry on this page."""
        return not self.years


@dataclass(frozen=True)
class MonthGroup:
    """Items of one month; `month` 0 holds entries known only to the year."""

    id: str  # element id, e.g. bf-y2022-m6
    year: int
    month: int
    label: str  # "June 2022" (or "2022")
    items: tuple[BriefingItem, ...] | tuple[TimelineEntry, ...]


@dataclass(frozen=True)
class YearGroup:
    """Items of one year, by month."""

    id: str  # element id, e.g. bf-y2022
    year: int
    months: tuple[MonthGroup, ...]


@dataclass(frozen=True)
class Pager:
    """Where a page stands in a paginated listing; hrefs are None where there is no such
    page. `label` reads "Page 2 of 5"."""

    number: int
    count: int
    first: str
    previous: str | None
    next: str | None
    last: str
    label: str

    @property
    def paginated(self) -> bool:
        """More than one page: show the pager."""
        return self.count > 1


@dataclass(frozen=True)
class SourceItem:
    """A source of a briefing; `href` None when the curator recorded no address."""

    name: str
    href: str | None
    published: When | None
    language: str | None
    note: str | None


@dataclass(frozen=True)
class CorrectionItem:
    """A correction: when, what, and (on the corrections page) the corrected briefing
    (`href` to its corrections section)."""

    date: When
    text: str
    briefing: Link | None = None


@dataclass(frozen=True)
class FeedItem:
    """A feed: `href` to the file from this page, `address` its absolute online address
    (what a reader subscribes to; '' without `site_url`), `page` the page that explains
    it (None on that page itself)."""

    title: str
    format: str  # "RSS 2.0", "Atom 1.0", "JSON Feed 1.1"
    media_type: str
    href: str
    address: str
    page: str | None = None


@dataclass(frozen=True)
class TermItem:
    """A term in an index (a story, an entity, a tag) with its count of briefings and,
    for stories, the date of the latest."""

    href: str
    name: str
    count: int
    description: str = ""
    latest: When | None = None
