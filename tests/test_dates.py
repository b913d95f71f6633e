"""Mixed-precision dates: parsing, formatting and one total, stable order."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefings.graph.timeline import build
from briefings.model.content import Briefing, Event, Source
from briefings.model.dates import PartialDate, human_range

partial_dates = st.builds(
    lambda d, precision: PartialDate(
        d.year, d.month if precision > 0 else 0, d.day if precision > 1 else 0
    ),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.integers(0, 2),
)


@given(partial_dates)
def test_iso_round_trips(date: PartialDate) -> None:
    assert PartialDate.parse(date.iso()) == date


@given(partial_dates, partial_dates)
def test_order_is_total_and_less_precise_comes_first(a: PartialDate, b: PartialDate) -> None:
    assert (a < b) + (b < a) + (a == b) == 1
    if a.year == b.year and a.month == b.month and not a.day and b.day:
        assert a < b  # "June 2022" stands before "25 June 2022"
    if a.year == b.year and not a.month and b.month:
        assert a < b  # "2022" stands before anything in 2022
    if a.first_day() < b.first_day():
        assert a < b


def _briefing(slug: str, day: dt.date, events: list[Event]) -> Briefing:
    return Briefing(slug=slug, path=f"{slug}.md", src_uri=f"briefings/{slug}.md", title=slug,
                    date=day, summary="S", sources=(Source("A", note="N"),),
                    events=tuple(events))  # fmt: skip


events = st.builds(
    Event,
    date=partial_dates,
    title=st.text(min_size=1, max_size=5),
    end=st.none() | partial_dates,
    approximate=st.booleans(),
)


@given(st.lists(st.tuples(st.dates(), st.lists(events, max_size=4)), max_size=6), st.randoms())
def test_timeline_order_is_deterministic_whatever_the_input_order(items, rnd) -> None:
    briefings = [_briefing(f"b{i}", day, evs) for i, (day, evs) in enumerate(items)]
    first = build(briefings)
    shuffled = list(briefings)
    rnd.shuffle(shuffled)
    again = build(shuffled)
    assert [(e.briefing.slug, e.position) for e in first] == [
        (e.briefing.slug, e.position) for e in again
    ]
    keys = [e.sort_key for e in first]
    assert keys == sorted(keys, reverse=True)  # newest first
    assert len(set(keys)) == len(keys)  # no ties left to chance


@pytest.mark.parametrize(
    ("start", "end", "approx", "text"),
    [
        ("2022", None, False, "2022"),
        ("2022-06", None, False, "June 2022"),
        ("2022-06-25", None, False, "25 June 2022"),
        ("2022-05", None, True, "c. May 2022"),
        ("2022-07-03", "2022-07-05", False, "3–5 July 2022"),
        ("2022-06-30", "2022-07-02", False, "30 June – 2 July 2022"),
        ("2022-06", "2022-07", False, "June–July 2022"),
        ("2021", "2022", False, "2021–2022"),
        ("2022-12-30", "2023-01-02", False, "30 December 2022 – 2 January 2023"),
        ("2022-05", "2022-06-25", True, "c. May 2022 – 25 June 2022"),
    ],
)
def test_human_ranges(start: str, end: str | None, approx: bool, text: str) -> None:
    end_date = PartialDate.parse(end) if end else None
    assert human_range(PartialDate.parse(start), end_date, approx) == text


@pytest.mark.parametrize("bad", ["2022-13", "2022-02-30", "22-06-25", "2022/06/25", "", "0000"])
def test_bad_dates_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(bad)
