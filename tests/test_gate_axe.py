"""Gate: axe-core in Chromium finds no serious or critical violation on the reader's pages
(home, a briefing, a story, an entity, a tag, the timeline, the corrections), in both of
Material's palettes, switched with its own toggle; and "Skip to content" works.

axe-core comes from npm (tests/tools/, pinned by the lock file) and is injected into
the page; the site is served on 127.0.0.1 under site_url's path. Transitions are turned
off before axe runs, so it reads final colours, not colours half-way through a change.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from briefings.adapters.mkdocs_plugin.skip_link import TARGET

from .gates import PAGES, STILL, axe_source, set_palette

pytestmark = [pytest.mark.build, pytest.mark.browser]

BLOCKING = {"serious", "critical"}
SCHEMES = ("default", "slate")
WIDTHS = {"phone": (360, 740), "desktop": (1280, 800)}


def open_page(browser: Browser, url: str, width: int, height: int) -> Page:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    page.add_style_tag(content=STILL)
    return page


def violations(page: Page) -> list[dict]:
    page.add_script_tag(content=axe_source())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} element(s))")
        for node in v["nodes"][:4]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(node['html'].split())[:120]}\n      {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_violations(browser: Browser, base_url: str, name: str, scheme: str,
                               width: str) -> None:  # fmt: skip
    page = open_page(browser, base_url + PAGES[name], *WIDTHS[width])
    set_palette(page, scheme)
    found = [v for v in violations(page) if v["impact"] in BLOCKING]
    page.close()
    assert not found, f"{name} ({scheme}, {width}):\n{describe(found)}"


@pytest.mark.parametrize("name", PAGES)
def test_skip_link_goes_to_the_start_of_the_content(browser: Browser, base_url: str,
                                                    name: str) -> None:  # fmt: skip
    """The first Tab reaches "Skip to content"; following it, the next Tab reaches the
    content's first link (a briefing's kicker, before its headline), not a link past it."""
    page = open_page(browser, base_url + PAGES[name], *WIDTHS["desktop"])
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.classList.contains('md-skip'), "
                            "document.activeElement.innerText.trim()]")  # fmt: skip
    assert focused == [True, "Skip to content"], focused
    page.keyboard.press("Enter")
    before = page.evaluate(
        """() => {
          const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
          const range = document.createRange();
          range.setStart(document.querySelector('.md-content__inner'), 0);
          range.setEndBefore(target);
          return range.toString();
        }"""
    )
    assert before.strip() == "", f"the skip link's target comes after {before!r}"
    if name != "home":  # the home page opens with its own `# ` heading, Material's target
        assert page.evaluate("location.hash") == f"#{TARGET}"
    page.keyboard.press("Tab")
    first, focused_now = page.evaluate(
        """() => {
          const content = document.querySelector('.md-content__inner');
          const tabbable = [...content.querySelectorAll('a[href], button, input, select, textarea')]
            .filter(e => e.tabIndex >= 0 && e.getClientRects().length);
          return [tabbable[0].outerHTML, document.activeElement.outerHTML];
        }"""
    )
    page.close()
    assert focused_now == first
