"""The home page: story cards with their latest development, then the latest briefings;
the stories index agrees with it, and "latest" is judged against the content."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from .helpers import build, parse, text_of
from .sites import DONBAS, NUCLEAR_TITLE, briefing, write_site

pytestmark = pytest.mark.build


def _developments(root: lxml_html.HtmlElement, item: str) -> dict[str, dict[str, str]]:
    """Story title -> its development's date, title, and link (as written)."""
    found = {}
    for li in root.cssselect(item):
        title = text_of(li.cssselect("a.bf-item__title")[0])
        (dev,) = li.cssselect(".bf-development")
        links = dev.cssselect("a")
        found[title] = {
            "date": dev.cssselect("time")[0].get("datetime"),
            "title": text_of(dev.cssselect(".bf-development__title")[0]),
            "href": links[-1].get("href"),
        }
    return found


def _target(page: Path, href: str) -> lxml_html.HtmlElement:
    path = (page.parent / href).resolve()
    return parse(path / "index.html" if path.is_dir() else path)


def test_home_cards_then_latest_briefings(news_site: Path) -> None:
    home = parse(news_site / "index.html")
    cards = home.cssselect("ul.bf-active-stories > li.bf-card")
    titles = [text_of(c.cssselect(".bf-card__title")[0]) for c in cards]
    # The story with the latest development first.
    assert titles == [NUCLEAR_TITLE, "Fertilizer, grain and sanctions", "Battle of Donbas"]
    first = cards[0]
    assert text_of(first.cssselect(".bf-count")[0]) == "6 briefings"
    assert text_of(first.cssselect(".bf-card__description")[0]).startswith("Belarus gives up")
    latest = [text_of(a) for a in home.cssselect(".bf-latest a.bf-item__title")]
    assert latest and latest[0] == "Putin says the first nuclear warheads have reached Belarus"
    assert all(li.cssselect(".bf-item__summary") for li in home.cssselect(".bf-latest li"))


def test_every_latest_links_the_briefing_that_reports_it(news_site: Path) -> None:
    page = news_site / "index.html"
    developments = _developments(parse(page), "ul.bf-active-stories > li")
    donbas = developments["Battle of Donbas"]
    # An event is the latest development; it links the briefing that records it.
    assert donbas == {
        "date": "2022-07-04",
        "title": "Putin declares victory in Luhansk region",
        "href": "briefings/2022-07-03-lysychansk-captured/",
    }
    for story, dev in developments.items():
        target = _target(page, dev["href"])
        h1 = text_of(target.cssselect("h1")[0])
        if dev["title"] != h1:  # an event: the page records it
            events = [text_of(e) for e in target.cssselect(".bf-entry__title")]
            assert dev["title"] in events, (story, dev, h1)


def test_stories_index_agrees_with_home(news_site: Path) -> None:
    home = _developments(parse(news_site / "index.html"), "ul.bf-active-stories > li")
    index_page = news_site / "stories" / "index.html"
    index = _developments(parse(index_page), "ul.bf-story-index > li")
    assert set(home) == set(index)
    for story, dev in home.items():
        other = index[story]
        assert (other["date"], other["title"]) == (dev["date"], dev["title"])
        # The same briefing, from each page's folder.
        assert (news_site / dev["href"]).resolve() == (index_page.parent / other["href"]).resolve()


def test_latest_is_judged_against_the_content(tmp_path: Path) -> None:
    """A plan recorded as an event dated after its briefing (and after the newest content)
    is not the story's latest development: the briefing that announces it is."""
    planned = briefing(
        "Kyiv plans a counter-offensive", "2022-07-10", "Officials spoke of plans.",
        stories=[DONBAS],
        events=[{"date": "2022-08-15", "title": "Counter-offensive begins"},
                {"date": "2031", "title": "Reconstruction completed"}],
    )  # fmt: skip
    site = write_site(tmp_path, briefings={"2022-07-10-kyiv-plans.md": planned})
    build(site)
    out = site / "site"
    home = _developments(parse(out / "index.html"), "ul.bf-active-stories > li")
    assert home["Battle of Donbas"] == {
        "date": "2022-07-10",
        "title": "Kyiv plans a counter-offensive",
        "href": "briefings/2022-07-10-kyiv-plans/",
    }
    index = _developments(parse(out / "stories" / "index.html"), "ul.bf-story-index > li")
    assert index["Battle of Donbas"]["date"] == "2022-07-10"
    # The build does not depend on the day it runs: the same content, the same page.
    again = tmp_path / "again"
    build(site, out=again)
    assert (again / "index.html").read_bytes() == (out / "index.html").read_bytes()
