"""The timeline pages in real Chromium from file://, built for real with `mkdocs build`:
data entries render in date order and filter with the HTML ones, jump-to-year reaches
years held only as data, the page works without JavaScript, and the timelines read at
360 and 1280 px in both palettes (no horizontal overflow, dates on one line, text
contrast at least 4.5:1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from briefings.content.loader import load_corpus
from briefings.graph.graph import BriefingGraph
from briefings.graph.timeline import Entry
from briefings.model.settings import PageSettings, Settings

from .browser import chromium
from .helpers import build
from .timeline_site import write_site

pytestmark = [pytest.mark.build, pytest.mark.browser]

COUNT = 60
HTML = 20

#: Contrast of an element's text against what is behind it (WCAG 2 formula), in the page.
CONTRAST = """
(selector) => {
  const parse = (c) => {
    const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const behind = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); }
      if (c[3] >= 1) { break; }
    }
    let base = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) { base = over(layers[i], base); }
    return base;
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  return [...document.querySelectorAll(selector)]
    .filter((e) => e.getClientRects().length && e.textContent.trim())
    .slice(0, 300)
    .map((e) => {
      const bg = behind(e);
      const fg = over(parse(getComputedStyle(e).color), bg);
      const [a, b] = [lum(fg), lum(bg)];
      return [e.className || e.tagName, e.textContent.trim().slice(0, 30),
              (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
    });
}
"""

TEXT = (
    ".bf-entry__date, .bf-entry__kind, .bf-entry__title, .bf-entry__source, "
    ".bf-entry__source a, .bf-entry__event, .bf-entry__here, .bf-filter__count, .bf-filter label, "
    ".bf-legend li, .bf-legend__title, .bf-years a, .bf-years__label, .bf-timeline__month-label, "
    ".bf-timeline__year-label, .bf-timeline__older"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(tmp_path_factory.mktemp("timeline-pages"), COUNT, html=HTML, size=10)
    build(root)
    return root


@pytest.fixture(scope="module")
def timeline(site: Path) -> list[Entry]:
    settings = Settings(root=site, pages=PageSettings(pagination_size=10, timeline_html=HTML))
    corpus = load_corpus(settings)
    graph = BriefingGraph.build(settings, corpus.briefings, corpus.stories, corpus.entities)
    return graph.timeline()


def _url(site: Path, page: str = "timeline/index.html") -> str:
    return (site / "site" / page).as_uri()


def _ready(page: Page) -> None:
    page.wait_for_selector("form[data-bf-filter][data-bf-interactive]", state="attached")


def _scroll_to_the_end(page: Page) -> None:
    for _ in range(200):
        if page.locator("[data-bf-more][data-bf-done]").count():
            return
        page.mouse.wheel(0, 4000)
        page.wait_for_timeout(50)
    raise AssertionError("the older entries never finished rendering")


def _shown(page: Page) -> list[tuple[str, str, str]]:
    return page.eval_on_selector_all(
        "[data-bf-timeline] li.bf-entry:not([data-bf-hidden])",
        """els => els.map(e => [e.querySelector('time').getAttribute('datetime'),
                                e.querySelector('time').textContent,
                                e.querySelector('.bf-entry__title').textContent])""",
    )


def _expected(entries: list[Entry]) -> list[list[str]]:
    return [
        [e.date.iso(), e.label, e.title if e.kind == "event" else e.briefing.title] for e in entries
    ]


def test_data_entries_render_in_order_and_filter_from_file_url(site, timeline) -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(_url(site))
        _ready(page)
        assert page.locator(".bf-filter__count").inner_text() == f"{len(timeline)} shown"
        _scroll_to_the_end(page)
        assert _shown(page) == _expected(timeline)
        tops = page.eval_on_selector_all(
            "[data-bf-timeline] li.bf-entry", "els => els.map(e => e.getBoundingClientRect().top)"
        )
        assert tops == sorted(tops) and len(set(tops)) == len(tops)  # markers down the axis
        ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
        assert len(ids) == len(set(ids))
        assert page.locator("[data-bf-timeline] .bf-entry b").count() == 0  # titles are text
        assert "<b>bold</b> & co" in page.locator("[data-bf-timeline]").inner_text()

        page.select_option("select[name=entity]", "people/cy-lee")
        cy = [e for e in timeline if ("people", "cy-lee") in e.entities]
        assert len(cy) == COUNT // 3
        page.wait_for_function(
            f"document.querySelector('.bf-filter__count').textContent === '{len(cy)} shown'"
        )
        _scroll_to_the_end(page)
        assert _shown(page) == _expected(cy)
        assert (
            page.locator(
                ".bf-timeline__year:not([data-bf-hidden]):not(:has(li:not([data-bf-hidden])))"
            ).count()
            == 0
        )

        page.select_option("select[name=story]", "trade")
        page.select_option("select[name=entity]", "people/ada-smith")
        both = [
            e for e in timeline if "trade" in e.stories and ("people", "ada-smith") in e.entities
        ]
        assert both  # the year-only events of even briefings name `trade` themselves
        page.wait_for_function(
            f"document.querySelector('.bf-filter__count').textContent === '{len(both)} shown'"
        )
        _scroll_to_the_end(page)
        assert _shown(page) == _expected(both)

        page.select_option("select[name=story]", "")
        page.select_option("select[name=entity]", "")
        _scroll_to_the_end(page)
        assert _shown(page) == _expected(timeline)
    assert errors == []
    assert [u for u in requests if not u.startswith("file:")] == []
    data = [u for u in requests if "/timeline/data/" in u]
    assert data and len(data) == len(set(data))  # each data file loaded once


def test_jump_to_a_year_held_only_as_data(site, timeline) -> None:
    oldest = timeline[-1].date.year
    html_years = {e.date.year for e in timeline[:HTML]}
    assert oldest not in html_years
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(_url(site))
        _ready(page)
        link = page.locator(f".bf-years a[data-bf-year='{oldest}']")
        assert link.get_attribute("href").startswith("../archive/")  # the no-script way
        link.click()
        heading = page.locator(f"#bf-y{oldest}")
        heading.wait_for()
        page.wait_for_function(
            f"(() => {{ const r = document.getElementById('bf-y{oldest}').getBoundingClientRect();"
            " return r.top >= 0 && r.top < window.innerHeight; })()"
        )
        focused = "document.activeElement.parentElement.id + ' ' + document.activeElement.tagName"
        assert page.evaluate(focused) == f"bf-y{oldest} H2"  # the year's heading
        assert page.locator("li.bf-entry").count() > HTML  # rendered through to that year


def test_without_javascript_the_newest_entries_are_listed(site, timeline) -> None:
    with chromium() as browser:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(_url(site))
        assert _shown(page) == _expected(timeline[:HTML])
        assert not page.locator("form[data-bf-filter]").is_visible()
        older = page.locator(".bf-timeline__older")
        assert older.is_visible() and f"{len(timeline) - HTML} older entries" in older.inner_text()
        assert not page.locator("[data-bf-show-older]").is_visible()
        context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_timelines_read_at_both_widths_in_both_palettes(site, width: int) -> None:
    pages = [
        "timeline/index.html",
        "stories/trade.html",
        "people/cy-lee.html",
        "briefings/2019-07-29-briefing-23.html",  # a briefing page's story window
    ]
    low: list[tuple] = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 800})
        for name in pages:
            page.goto(_url(site, name))
            page.wait_for_load_state("load")
            for scheme in ("default", "slate"):
                page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
                page.wait_for_timeout(400)  # Material's own links ease into the palette
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                assert overflow <= 0, (name, scheme)
                wrapped = page.eval_on_selector_all(
                    "time", "els => els.filter(e => e.getClientRects().length > 1).length"
                )
                assert wrapped == 0, (name, scheme)
                found = page.evaluate(CONTRAST, TEXT)
                assert found, name
                low += [(name, scheme, *f) for f in found if f[2] < 4.5]
            if "briefings/" in name:
                current = page.locator("#bf-story-timeline li.bf-entry--current")
                assert current.count() == 1
                assert current.locator(".bf-entry__here").is_visible()
                assert current.get_attribute("aria-current") == "true"
    assert low == [], "\n".join(map(str, low))
