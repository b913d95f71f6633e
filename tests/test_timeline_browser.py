"""The timeline filters in the page, from file://, with no network (real Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import chromium
from .sites import DONBAS as STORY

pytestmark = pytest.mark.browser


def test_timeline_filters_by_story_from_file_url(news_site_html: Path) -> None:
    url = (news_site_html / "timeline" / "index.html").as_uri()
    with chromium() as browser:
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url)
        entries = page.locator("li.bf-entry")
        total = entries.count()
        assert total > 10
        page.select_option("form[data-bf-filter] select[name=story]", STORY)
        visible = page.locator("li.bf-entry:visible")
        shown = visible.count()
        assert 0 < shown < total
        for i in range(shown):
            stories = visible.nth(i).get_attribute("data-stories").split()
            assert STORY in stories
        hidden_stories = page.eval_on_selector_all(
            "li.bf-entry[data-bf-hidden]", "els => els.map(e => e.dataset.stories)"
        )
        assert hidden_stories and all(STORY not in s.split() for s in hidden_stories)
        assert page.locator(".bf-filter__count").inner_text() == f"{shown} shown"
        page.select_option("form[data-bf-filter] select[name=entity]", "people/vladimir-putin")
        both = page.locator("li.bf-entry:visible").count()
        assert 0 < both <= shown
        page.select_option("form[data-bf-filter] select[name=story]", "")
        page.select_option("form[data-bf-filter] select[name=entity]", "")
        assert page.locator("li.bf-entry:visible").count() == total
    assert [u for u in requests if not u.startswith("file:")] == [], requests
