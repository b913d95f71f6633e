"""The briefing page as a reader meets it: order, date line, sources with language names,
corrections as notices, entities as chips by kind, what came before, structured data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from .helpers import build, parse, text_of
from .sites import (
    NUCLEAR_TITLE,
    SEED_SLUG,
    SEED_SUMMARY_START,
    SEED_TITLE,
    SITE_URL,
    briefing,
    write_site,
)

pytestmark = pytest.mark.build

SEED_PAGE = f"briefings/{SEED_SLUG}/index.html"
CORRECTED_PAGE = "briefings/2022-07-03-lysychansk-captured/index.html"


def _position(root: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, int]:
    return {element: number for number, element in enumerate(root.iter())}


def _one(root: lxml_html.HtmlElement, selector: str) -> lxml_html.HtmlElement:
    found = root.cssselect(selector)
    assert len(found) == 1, f"{selector}: {len(found)} elements"
    return found[0]


def test_briefing_reads_top_to_bottom(news_site: Path) -> None:
    root = parse(news_site / SEED_PAGE)
    page = _one(root, "div.bf-briefing")
    order = [
        ".bf-kicker", "h1", ".bf-dateline", ".bf-summary", ".bf-key-points", ".bf-body",
        "#bf-sources", "#bf-in-this-briefing", "#bf-in-this-story", "#bf-related",
    ]  # fmt: skip
    at = _position(root)
    positions = [at[_one(page, selector)] for selector in order]
    assert positions == sorted(positions), list(zip(order, positions, strict=True))
    assert text_of(_one(page, ".bf-kicker")) == NUCLEAR_TITLE  # the main story
    assert text_of(_one(page, "h1")) == SEED_TITLE
    assert text_of(_one(page, ".bf-summary")).startswith(SEED_SUMMARY_START)
    dateline = text_of(_one(page, ".bf-dateline"))
    assert dateline.startswith("Published 25 June 2022")
    assert "Source: Wire report (outlet not recorded)" in dateline
    assert re.search(r"\d+ min read", dateline)
    # Key points: a box readers can fold, open by default.
    box = _one(page, "details.bf-key-points")
    assert box.get("open") is not None and text_of(_one(box, "summary")) == "Key points"
    assert len(box.cssselect("li")) == 3
    # One <article> (Material's), the briefing's <h1> the page's only one.
    assert not root.xpath("//article//article")
    assert len(root.xpath("//h1")) == 1


def test_sources_name_their_language(news_site: Path) -> None:
    root = parse(news_site / SEED_PAGE)
    (source,) = root.cssselect("#bf-sources li.bf-source")
    assert text_of(_one(source, ".bf-source__name")) == "Wire report (outlet not recorded)"
    assert text_of(_one(source, ".bf-source__lang")) == "English"  # from `language: en`
    assert text_of(_one(source, ".bf-source__note")) == "Text received without its address."


def test_corrections_are_dated_notices(news_site: Path) -> None:
    root = parse(news_site / CORRECTED_PAGE)
    dateline = _one(root, ".bf-dateline")
    corrected = _one(dateline, "a.bf-meta__corrected")
    assert " ".join(text_of(corrected).split()) == "Corrected 5 July 2022"
    assert corrected.get("href") == "#bf-corrections"
    assert "Updated 4 July 2022" in text_of(dateline)
    (notice,) = root.cssselect("#bf-corrections li.bf-notice")
    assert _one(notice, "time").get("datetime") == "2022-07-05"
    assert text_of(_one(notice, ".bf-notice__text")).startswith("Sample correction:")


def test_entities_are_chips_grouped_by_kind(news_site: Path) -> None:
    root = parse(news_site / SEED_PAGE)
    section = _one(root, "#bf-in-this-briefing")
    groups = {
        text_of(_one(g, ".bf-chipgroup__label")): [text_of(a) for a in g.cssselect("a")]
        for g in section.cssselect(".bf-chipgroup")
    }
    assert groups["People"] == ["Vladimir Putin", "Alexander Lukashenko"]
    assert "Belarus" in groups["Places"] and "NATO" in groups["Organizations"]
    assert groups["Equipment"] == ["Iskander-M", "Sukhoi Su-25"]
    # Every chip's text is isolated for right-to-left names.
    for chip in section.cssselect("a"):
        assert chip.get("dir") == "auto" or chip.cssselect("bdi"), lxml_html.tostring(chip)


def test_what_came_before_lists_dated_earlier_briefings(news_site: Path) -> None:
    root = parse(news_site / SEED_PAGE)
    (story,) = [
        s
        for s in root.cssselect("#bf-in-this-story .bf-context__story")
        if text_of(_one(s, ".bf-context__title")) == NUCLEAR_TITLE
    ]
    dates = [t.get("datetime") for t in story.cssselect(".bf-item time")]
    assert dates == ["2022-05-19", "2022-02-27"]  # newest first, each dated


def test_structured_data_is_a_news_article(news_site: Path) -> None:
    root = parse(news_site / SEED_PAGE)
    (script,) = root.cssselect('script[type="application/ld+json"]')
    data = json.loads(script.text)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == SEED_TITLE
    assert data["datePublished"].startswith("2022-06-25")
    assert data["url"] == f"{SITE_URL}briefings/{SEED_SLUG}/"
    assert [c["name"] for c in data["citation"]] == ["Wire report (outlet not recorded)"]
    assert data["about"]["name"] == NUCLEAR_TITLE
    mentioned = {m["name"] for m in data["mentions"]}
    assert {"Vladimir Putin", "Belarus", "NATO"} <= mentioned


HOSTILE_TITLE = "</script><script>alert(1)</script> <!-- & \u2028\u2029 \"q\" 'a' >"


def test_structured_data_round_trips_hostile_text(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        briefings={
            "2022-06-26-hostile.md": briefing(
                HOSTILE_TITLE, "2022-06-26", "Body.", summary=HOSTILE_TITLE + " summary",
                sources=[{"name": HOSTILE_TITLE, "url": "https://example.org/a?b=1&c=%3C2%3E"}],
                corrections=[{"date": "2022-06-27", "text": HOSTILE_TITLE}],
            )
        },
    )  # fmt: skip
    build(site)
    raw = (site / "site" / "briefings" / "2022-06-26-hostile" / "index.html").read_text()
    (script_text,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)
    for character in "<>&\u2028\u2029":
        assert character not in script_text
    data = json.loads(script_text)
    assert data["headline"] == HOSTILE_TITLE
    assert data["description"] == HOSTILE_TITLE + " summary"
    assert data["citation"][0]["name"] == HOSTILE_TITLE
    assert data["citation"][0]["url"] == "https://example.org/a?b=1&c=%3C2%3E"
    # The HTML parser sees the same element whole: nothing in it ended it early.
    (element,) = parse(site / "site" / "briefings" / "2022-06-26-hostile" / "index.html").cssselect(
        'script[type="application/ld+json"]'
    )
    assert json.loads(element.text) == data


def test_corrections_are_listed_in_date_order(tmp_path: Path) -> None:
    """Notices read oldest first, whatever order the front matter gives them in."""
    site = write_site(
        tmp_path,
        briefings={
            "2022-06-26-corrected.md": briefing(
                "Corrected twice", "2022-06-26", "Body.",
                corrections=[{"date": "2022-07-28", "text": "Second fix."},
                             {"date": "2022-07-01", "text": "First fix."},
                             {"date": "2022-07-15", "text": "Middle fix."}],
            )
        },
    )  # fmt: skip
    build(site)
    root = parse(site / "site" / "briefings" / "2022-06-26-corrected" / "index.html")
    notices = [text_of(li) for li in root.cssselect("#bf-corrections li.bf-notice")]
    assert [n.split("fix.")[0].split()[-1] for n in notices] == ["First", "Middle", "Second"]
