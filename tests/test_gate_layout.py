"""Gate: the reader's pages laid out in Chromium at 360 px (a phone) and 1280 px (a laptop).

- No horizontal overflow on a briefing, a story, an entity and the timeline: the page does
  not scroll sideways, and no element sticks out past the right edge unless a box of its
  own clips or scrolls it (a wide table scrolls inside its wrapper; that is fine).
- Timeline markers in date order: each entry's `time[datetime]` is never later than the
  one before it (newest first), and the entries are laid out top to bottom in that order,
  so no style reorders them.
- A briefing's date line is on the first screen (above the fold) at both widths.
- A date is never broken across lines ("16 / June 2023"), on any of the gates' pages.
- The page's colour scheme follows Material's palette: native controls (the timeline
  filter's selects) and scrollbars are dark on the dark palette.

A test with a deliberately wide element proves the overflow check can fail.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from playwright.sync_api import Browser, Page

from .gates import PAGES, STILL, set_palette

pytestmark = [pytest.mark.build, pytest.mark.browser]

WIDTHS = {"phone": (360, 740), "desktop": (1280, 800)}
LAID_OUT = ("briefing", "story", "entity", "timeline")

#: Elements past the viewport's right edge that no ancestor clips or scrolls.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const e of document.body.querySelectorAll('*')) {
    const box = e.getBoundingClientRect();
    if (!box.width || box.right <= width + 1) continue;
    let up = e.parentElement, clipped = false;
    for (; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') { clipped = true; break; }
    }
    if (!clipped) out.push(`${e.outerHTML.slice(0, 100)} (right edge ${Math.round(box.right)})`);
  }
  return {scroll: document.documentElement.scrollWidth, width, elements: out.slice(0, 8)};
}"""

#: Each timeline entry's first date and its top edge on the page, in document order.
ENTRIES = """() => [...document.querySelectorAll('.bf-entry')]
  .filter(e => e.getClientRects().length)
  .map(e => {
    const time = e.querySelector('time[datetime]');
    return [time ? time.getAttribute('datetime') : null,
            e.getBoundingClientRect().top + scrollY, e.textContent.trim().slice(0, 60)];
  })"""


def open_page(browser: Browser, url: str, width: str) -> Page:
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h})
    page.goto(url)
    page.add_style_tag(content=STILL)
    return page


#: Dates in the content laid out on more than one line.
WRAPPED_DATES = """() => [...document.querySelectorAll('.md-content time')]
  .filter(t => t.getClientRects().length > 1).map(t => t.textContent)"""


def overflow(page: Page) -> list[str]:
    found = page.evaluate(OVERFLOW)
    problems = list(found["elements"])
    if found["scroll"] > found["width"]:
        problems.insert(0, f"the page scrolls sideways: {found['scroll']} px in {found['width']}")
    return problems


def later(a: str, b: str) -> bool:
    """Whether date `a` is certainly later than `b` (ISO dates of any precision: "2022",
    "2022-05", "2022-05-19"; a range "start/end" by its start)."""
    a, b = a.split("/")[0], b.split("/")[0]
    common = min(len(a), len(b))
    return a[:common] > b[:common]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", LAID_OUT)
def test_no_horizontal_overflow(browser: Browser, base_url: str, name: str, width: str) -> None:
    page = open_page(browser, base_url + PAGES[name], width)
    problems = overflow(page)
    page.close()
    assert not problems, f"{name} at {width} width:\n" + "\n".join(problems)


def test_the_overflow_check_finds_a_wide_element(browser: Browser, base_url: str) -> None:
    page = open_page(browser, base_url + PAGES["briefing"], "phone")
    assert overflow(page) == []
    page.evaluate(
        "document.querySelector('.md-content__inner').insertAdjacentHTML('beforeend',"
        " '<p id=wide style=\"width: 900px\">wide</p>')"
    )
    problems = overflow(page)
    page.close()
    assert any('id="wide"' in p for p in problems), problems
    assert problems[0].startswith("the page scrolls sideways"), problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", LAID_OUT)
def test_timeline_markers_in_date_order(browser: Browser, base_url: str, name: str,
                                        width: str) -> None:  # fmt: skip
    page = open_page(browser, base_url + PAGES[name], width)
    entries = page.evaluate(ENTRIES)
    page.close()
    assert len(entries) >= 3, f"{name}: no timeline to judge ({entries})"
    undated = [text for when, _, text in entries if when is None]
    assert not undated, f"{name}: entries without a time[datetime]: {undated}"
    for (when_a, top_a, text_a), (when_b, top_b, text_b) in pairwise(entries):
        assert not later(when_b, when_a), f"{name}: {text_b!r} ({when_b}) after {text_a!r}"
        assert top_b > top_a, f"{name} at {width}: {text_b!r} is not below {text_a!r}"


def test_date_order_rule() -> None:
    assert later("2023-06-16", "2022-12-19")
    assert not later("2022-05", "2022-05-19")  # a month holds its days, either way
    assert not later("2022-05-19", "2022-05")
    assert later("2022-06", "2022-05-30")
    assert not later("2022-05-01/2022-07-01", "2022-05-19")


@pytest.mark.parametrize("width", WIDTHS)
def test_briefing_date_line_above_the_fold(browser: Browser, base_url: str, width: str) -> None:
    page = open_page(browser, base_url + PAGES["briefing"], width)
    box = page.locator(".bf-header .bf-meta__date time[datetime]").first.bounding_box()
    headline = page.locator(".md-content h1").first.bounding_box()
    height = page.viewport_size["height"] if page.viewport_size else 0
    page.close()
    assert box is not None and headline is not None
    assert box["y"] + box["height"] <= height, f"the date line ends at {box} in {height} px"
    assert box["y"] >= headline["y"] + headline["height"] - 1, "the date is above the headline"


@pytest.mark.parametrize("name", PAGES)
def test_dates_never_wrap(browser: Browser, base_url: str, name: str) -> None:
    page = open_page(browser, base_url + PAGES[name], "phone")
    wrapped = page.evaluate(WRAPPED_DATES)
    page.close()
    assert not wrapped, f"{name}: dates broken across lines: {wrapped}"


def test_the_wrap_check_finds_wrapped_dates(browser: Browser, base_url: str) -> None:
    """With the no-wrap rule undone, dates in the briefing's lists do break at 360 px."""
    page = open_page(browser, base_url + PAGES["briefing"], "phone")
    page.add_style_tag(content=".md-typeset time { white-space: normal !important; }")
    wrapped = page.evaluate(WRAPPED_DATES)
    page.close()
    assert wrapped


def test_colour_scheme_follows_the_palette(browser: Browser, base_url: str) -> None:
    page = open_page(browser, base_url + PAGES["timeline"], "desktop")
    schemes = {}
    for scheme in ("default", "slate", "default"):
        set_palette(page, scheme)
        schemes[scheme] = page.evaluate(
            "[getComputedStyle(document.documentElement).colorScheme,"
            " ...[...document.querySelectorAll('select')].map(e => getComputedStyle(e).colorScheme)]"
        )
    page.close()
    assert len(schemes["slate"]) > 1, "the timeline has no filter selects to judge"
    assert set(schemes["slate"]) == {"dark"}, schemes
    assert "dark" not in schemes["default"], schemes
