"""Dates of mixed precision: `YYYY`, `YYYY-MM` and `YYYY-MM-DD`.

Sort rule (documented in docs/writing.md): a date sorts by its first day, and a less
precise date stands *before* the more precise dates it contains, so ascending order is
`2022` < `2022-06` < `2022-06-01` < `2022-06-25` < `2022-07`. Newest-first lists reverse
that order, so a month-only event closes its month and a year-only event closes its year.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

# ASCII digits only (`\d` also takes other scripts' digits) and `\Z`, not `$`, so nothing
# (not even a final newline) may follow.
_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
MONTHS = tuple(calendar.month_name)  # "", "January", ...


Precision = Literal["day", "month", "year"]
"""How precisely a date is known."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int = 0  # 0: unknown
    day: int = 0  # 0: unknown

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError otherwise."""
        match = _PARTIAL.match(text) if isinstance(text, str) else None
        if not match:
            raise ValueError(f"not a date of the form YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if year < 1:
            raise ValueError(f"year out of range: {text!r}")
        if match.group(2) and not 1 <= month <= 12:
            raise ValueError(f"month out of range: {text!r}")
        if match.group(3):
            dt.date(year, month, day)  # raises ValueError for 2022-02-30
        return cls(year, month, day)

    @classmethod
    def of(cls, day: dt.date) -> PartialDate:
        """The day-precise date of `day`."""
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> Precision:
        """`day`, `month` or `year`."""
        return "day" if self.day else "month" if self.month else "year"

    @property
    def key(self) -> tuple[int, int, int]:
        """Sort key; the dataclass order is the same, this names it."""
        return (self.year, self.month, self.day)

    def first_day(self) -> dt.date:
        """The first day the date covers (`2022-06` -> 1 June 2022)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as precise as known."""
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self) -> str:
        """`2022`, `June 2022` or `25 June 2022`."""
        if self.day:
            return f"{self.day} {MONTHS[self.month]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()


def parse_full(text: str) -> dt.date:
    """Parse a full `YYYY-MM-DD` date; raise ValueError otherwise."""
    value = PartialDate.parse(text)
    if not value.day:
        raise ValueError(f"not a full date YYYY-MM-DD: {text!r}")
    return value.first_day()


def is_partial_date(text: object) -> bool:
    """Whether `text` is a date of the form YYYY, YYYY-MM or YYYY-MM-DD."""
    try:
        PartialDate.parse(text)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return False
    return True


def is_full_date(text: object) -> bool:
    """Whether `text` is a full date YYYY-MM-DD."""
    try:
        parse_full(text)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return False
    return True


def human_range(start: PartialDate, end: PartialDate | None, approximate: bool = False) -> str:
    """Format a date or range as written: `3–5 July 2022`, `c. May 2022`."""
    text = start.human() if end is None or end == start else _range(start, end)
    return f"c. {text}" if approximate else text


def _range(start: PartialDate, end: PartialDate) -> str:
    same_precision = start.precision == end.precision
    if same_precision and start.year == end.year:
        if start.precision == "day" and start.month == end.month:
            return f"{start.day}–{end.day} {MONTHS[end.month]} {end.year}"
        if start.precision == "day":
            return f"{start.day} {MONTHS[start.month]} – {end.human()}"
        if start.precision == "month":
            return f"{MONTHS[start.month]}–{MONTHS[end.month]} {end.year}"
    if same_precision and start.precision == "year":
        return f"{start.year}–{end.year}"
    return f"{start.human()} – {end.human()}"
