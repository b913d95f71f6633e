"""Link previews from data in the page itself: hover and keyboard focus, from file://,
with the same text for screen readers (real Chromium)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .browser import chromium
from .helpers import parse
from .sites import SEED_SLUG

pytestmark = [pytest.mark.build, pytest.mark.browser]

SEED_PAGE = f"briefings/{SEED_SLUG}.html"
RELATED_TITLE = "Belarus says it has bought Iskander and S-400 systems from Russia"
RELATED_SUMMARY_START = "Summary of belarus says it has bought"


def test_previews_are_small_and_only_for_links_in_the_page(news_site_html: Path) -> None:
    root = parse(news_site_html / SEED_PAGE)
    (element,) = root.cssselect("script#bf-previews")
    assert element.get("type") == "application/json"
    data = json.loads(element.text)
    hrefs = {a.get("href") for a in root.cssselect("a[href]")}
    assert data and set(data) <= hrefs  # only what the page links to
    kinds = {p["kind"] for p in data.values()}
    assert {"briefing", "story", "people"} <= kinds
    related = next(p for p in data.values() if p["title"] == RELATED_TITLE)
    assert related["date"] == "19 May 2022" and related["text"].startswith(RELATED_SUMMARY_START)
    assert all(len(p["text"]) <= 281 for p in data.values())


def test_preview_on_hover_and_on_focus_from_file_url(news_site_html: Path) -> None:
    url = (news_site_html / SEED_PAGE).as_uri()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url)
        link = page.locator("#bf-related a", has_text=RELATED_TITLE).first
        tooltip = page.locator("#bf-preview[role=tooltip]")

        link.hover()
        tooltip.wait_for(state="visible")
        assert RELATED_SUMMARY_START in tooltip.inner_text()
        assert link.get_attribute("aria-describedby") == "bf-preview"
        page.mouse.move(0, 0)
        tooltip.wait_for(state="hidden")

        # Keyboard: tab to the link; the same text, and the link points to it.
        page.focus("body")
        for _ in range(400):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == RELATED_TITLE:
                break
        else:
            raise AssertionError("the related link is not reachable by keyboard")
        tooltip.wait_for(state="visible")
        assert RELATED_TITLE in tooltip.inner_text()
        assert RELATED_SUMMARY_START in tooltip.inner_text()
        described = page.evaluate(
            "document.getElementById(document.activeElement.getAttribute('aria-describedby'))"
            ".textContent"
        )
        assert RELATED_SUMMARY_START in described
        # The accessibility tree gives the focused link that description.
        cdp = page.context.new_cdp_session(page)
        document = cdp.send("DOM.getDocument", {"depth": 0})
        node = cdp.send(
            "DOM.querySelector",
            {"nodeId": document["root"]["nodeId"], "selector": "a[aria-describedby]"},
        )
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"]})
        (ax,) = [n for n in tree["nodes"] if n.get("role", {}).get("value") == "link"][:1]
        assert ax["name"]["value"] == RELATED_TITLE
        assert RELATED_SUMMARY_START in ax["description"]["value"]
        page.keyboard.press("Escape")
        tooltip.wait_for(state="hidden")
        assert page.evaluate("document.activeElement.hasAttribute('aria-describedby')") is False

        # An entity chip previews its description.
        chip = page.locator("#bf-in-this-briefing a", has_text="Vladimir Putin").first
        chip.focus()
        tooltip.wait_for(state="visible")
        assert "President of Russia." in tooltip.inner_text()
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []


def test_links_named_like_object_properties_get_no_preview(news_site_html: Path) -> None:
    """A body may link `constructor` or `__proto__` (relative pages): the data's own keys
    only are previews, so no empty tooltip is shown or pointed to."""
    url = (news_site_html / SEED_PAGE).as_uri()
    names = ["constructor", "__proto__", "toString", "hasOwnProperty"]
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.evaluate(
            """names => { const p = document.createElement("p");
            for (const n of names) { const a = document.createElement("a");
              a.href = n; a.setAttribute("href", n); a.id = "x-" + n.replace(/_/g, "u");
              a.textContent = "link " + n; p.append(a, " "); }
            document.querySelector("article").prepend(p); }""",
            names,
        )
        for name in names:
            link = page.locator(f"#x-{name.replace('_', 'u')}")
            link.hover()
            page.wait_for_timeout(300)
            assert link.get_attribute("aria-describedby") is None, name
            assert page.evaluate(
                "(() => { const t = document.getElementById('bf-preview'); "
                "return !t || t.hidden; })()"
            ), name
        # A real preview still shows after them.
        page.locator("#bf-related a", has_text=RELATED_TITLE).first.hover()
        page.locator("#bf-preview[role=tooltip]").wait_for(state="visible")
