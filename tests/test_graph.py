"""The briefing graph, asserted from the built HTML of the NEWS test site (tests/sites.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.graph.graph import BriefingGraph
from briefings.model.content import Briefing, Source
from briefings.model.settings import RelatedSettings, Settings
from briefings.model.tags import tag_slug

from .helpers import parse, text_of
from .sites import NUCLEAR as STORY
from .sites import NUCLEAR_TITLE, SEED_SLUG, SEED_TITLE


def links(page_path: Path) -> set[str]:
    """Hrefs of a page's content, resolved to site paths."""
    root = parse(page_path)
    base = page_path.parent
    out = set()
    for a in root.cssselect("article a[href]"):
        href = a.get("href").split("#")[0]
        if href and "://" not in href:
            out.add((base / href).resolve().as_posix())
    return out


def target(site: Path, url: str) -> str:
    return (site / url / "index.html").parent.resolve().as_posix() + "/"


def titles_linked(page: Path) -> list[str]:
    return [text_of(a) for a in parse(page).cssselect("article a[href]")]


@pytest.mark.parametrize(
    "page",
    [
        "people/vladimir-putin",
        "people/alexander-lukashenko",
        "places/belarus",
        "equipment/iskander-m",
        f"stories/{STORY}",
    ],
)
def test_seed_is_listed_on_its_entity_and_story_pages(news_site: Path, page: str) -> None:
    html_page = news_site / page / "index.html"
    listed = parse(html_page).cssselect("section#bf-briefings a.bf-item__title")
    assert SEED_TITLE in [text_of(a) for a in listed]


def test_seed_is_on_the_story_timeline_and_site_timeline_on_25_june_2022(news_site: Path) -> None:
    for page in (f"stories/{STORY}/index.html", "timeline/index.html"):
        entries = parse(news_site / page).cssselect("li.bf-entry--briefing")
        dates = {
            text_of(e.cssselect(".bf-entry__title")[0]): e.cssselect("time")[0].text
            for e in entries
        }
        assert dates[SEED_TITLE] == "25 June 2022", page
    timeline = parse(news_site / "timeline" / "index.html")
    month = [
        s
        for s in timeline.cssselect("section.bf-timeline__month")
        if text_of(s.cssselect("h3")[0]) == "June 2022"
    ]
    assert SEED_TITLE in text_of(month[0])


def test_seed_page_cross_links(news_site: Path) -> None:
    page = news_site / "briefings" / SEED_SLUG / "index.html"
    root = parse(page)
    related = [text_of(a) for a in root.cssselect("#bf-related a")]
    assert "Belarus says it has bought Iskander and S-400 systems from Russia" in related
    contexts = root.cssselect("#bf-in-this-story .bf-context__story")
    story_nav = next(
        n for n in contexts if text_of(n.cssselect(".bf-context__title")[0]) == NUCLEAR_TITLE
    )
    assert [text_of(a) for a in story_nav.cssselect("a.bf-item__title")] == [
        "Belarus says it has bought Iskander and S-400 systems from Russia",
        "Belarus votes to give up its non-nuclear status",
    ]  # what came before, newest first
    assert text_of(story_nav.cssselect(".bf-context__newer a")[0]).startswith(
        "Lukashenko says Russian-supplied Iskander"
    )
    body_links = [a.get("href") for a in root.cssselect(".bf-body a.bf-mention")]
    assert "../../people/vladimir-putin/" in body_links
    assert len(body_links) == len(set(body_links))  # first mention only
    backlinks = [text_of(a) for a in root.cssselect("#bf-referenced-by a")]
    assert 'Sievierodonetsk "completely occupied" by Russian forces' in backlinks
    story_timeline = root.cssselect("#bf-story-timeline li.bf-entry--current")
    assert story_timeline and SEED_TITLE in text_of(story_timeline[0])


def test_every_generated_page_is_reachable(news_site: Path) -> None:
    """Crawl from the home page through nav and content links: every page is reached."""
    pages = {p.resolve() for p in news_site.rglob("index.html") if "assets" not in p.parts}
    pages.discard((news_site / "404.html").resolve())
    seen: set[Path] = set()
    todo = [(news_site / "index.html").resolve()]
    while todo:
        page = todo.pop()
        if page in seen or not page.exists():
            continue
        seen.add(page)
        for a in parse(page).cssselect("a[href]"):
            href = a.get("href").split("#")[0]
            if not href or "://" in href or href.startswith(("mailto:", "javascript:")):
                continue
            path = (page.parent / href).resolve()
            if path.is_dir():
                path = path / "index.html"
            if path.suffix == ".html" and path not in seen:
                todo.append(path)
    missing = sorted(str(p.relative_to(news_site.resolve())) for p in pages - seen)
    assert not missing
    assert len(seen) > 40


def test_home_page_markers_are_filled(news_site: Path) -> None:
    root = parse(news_site / "index.html")
    latest = root.cssselect(".bf-latest a.bf-item__title")
    assert len(latest) == 5
    assert [text_of(a) for a in root.cssselect(".bf-active-stories a.bf-item__title")]
    assert "briefings:latest" not in (news_site / "index.html").read_text()


def test_index_pages_corrections_archive_and_tags(news_site: Path) -> None:
    corrections = parse(news_site / "corrections" / "index.html")
    assert "Sample correction" in text_of(corrections.cssselect("article")[0])
    archive = parse(news_site / "archive" / "index.html")
    assert [text_of(h) for h in archive.cssselect("article h2")][:2] == ["2023", "2022"]
    tags = parse(news_site / "tags" / "index.html")
    assert "nuclear-weapons" in [text_of(a) for a in tags.cssselect("a.bf-chip")]
    stories = parse(news_site / "stories" / "index.html")
    assert len(stories.cssselect("a.bf-item__title")) >= 2
    people = parse(news_site / "people" / "index.html")
    assert "Vladimir Putin" in [text_of(a) for a in people.cssselect("a.bf-item__title")]


def test_entity_page_shows_aliases_and_co_occurrence(news_site: Path) -> None:
    root = parse(news_site / "people" / "vladimir-putin" / "index.html")
    together = [text_of(a) for a in root.cssselect(".bf-cooccurring a.bf-chip")]
    assert "Alexander Lukashenko" in together
    assert "Vladimir Putin" not in together
    assert root.cssselect("#bf-timeline li.bf-entry")


# -- the graph as a unit ---------------------------------------------------------------


def _b(slug: str, day: int, stories=(), tags=(), people=(), related=(), body="") -> Briefing:
    import datetime as dt

    return Briefing(slug=slug, path=f"briefings/{slug}.md", src_uri=f"briefings/{slug}.md",
                    title=slug, date=dt.date(2022, 1, day), summary="S",
                    sources=(Source("A", note="N"),), stories=tuple(stories), tags=tuple(tags),
                    entities={"people": tuple(people)}, related=tuple(related), body=body)  # fmt: skip


def _index(briefings, **related) -> BriefingGraph:
    settings = Settings(root=Path("."), related=RelatedSettings(**related))
    return BriefingGraph.build(
        settings, briefings, {}, {"people": {}, "places": {}, "organizations": {}}
    )


def test_related_ignores_terms_most_briefings_share() -> None:
    common = [_b(f"c{i}", i + 1, tags=["russia"]) for i in range(8)]
    a = _b("a", 20, tags=["russia", "fertilizer"])
    b = _b("b", 21, tags=["russia", "fertilizer"])
    index = _index([*common, a, b], max_share=0.5, half_life_days=0)
    assert [x.slug for x in index.related["a"]] == ["b"]  # "russia" (10 of 10) is ignored


def test_related_explicit_first_then_ranked_with_recency() -> None:
    x = _b("x", 1, stories=["s"], tags=["t"])
    near = _b("near", 2, stories=["s"])
    far = _b("far", 30, stories=["s"])
    pinned = _b("pinned", 15)
    x.related = ("pinned",)
    filler = [_b(f"f{i}", 5 + i) for i in range(6)]
    index = _index([x, near, far, pinned, *filler], half_life_days=10)
    assert [b.slug for b in index.related["x"]] == ["pinned", "near", "far"]
    assert index._related_index is not None
    scores = index._related_index.query(x, exclude=x.related)
    assert 0 < scores[1].score < scores[0].score <= 1


def test_backlinks_from_related_and_body_links() -> None:
    a = _b("a", 1)
    b = _b("b", 2, related=["a"])
    c = _b("c", 3, body="See [the first](a.md#part) and [outside](https://e.org/a.md).")
    index = _index([a, b, c])
    assert [x.slug for x in index.backlinks["a"]] == ["c", "b"]


def test_tags_equal_but_for_case_and_hyphens_are_one_tag_named_by_the_most_used() -> None:
    first = _b("first", 1, tags=["Nuclear Weapons"])
    later = _b("later", 2, tags=["nuclear-weapons"])
    accents = _b("accents", 3, tags=["Sécurité alimentaire"])
    tie = _index([later, first, accents])
    term = tie.tags.get("nuclear-weapons")
    assert term is not None
    assert term.name == "Nuclear Weapons"  # one use each: the first by code point
    assert [b.slug for b in term.briefings] == ["later", "first"]
    assert term.item.spellings == ("Nuclear Weapons", "nuclear-weapons")
    again = _b("again", 4, tags=["nuclear-weapons"])
    most = _index([later, first, accents, again]).tags.get("nuclear-weapons")
    assert most is not None and most.name == "nuclear-weapons"  # two uses against one
    assert tag_slug("Sécurité alimentaire") == "securite-alimentaire"
    assert tag_slug("index") == "tag-index"


@pytest.mark.build  # MkDocs' own code is the oracle
def test_relative_urls_match_mkdocs() -> None:
    import itertools

    from mkdocs.utils import get_relative_url

    from briefings.site.urls import relative_url

    urls = ["./", "index.html", "a/", "a/b/", "a/index.html", "a/x.html", "b/c/x.html", "feed.xml"]
    for target, base in itertools.product(urls, repeat=2):
        assert relative_url(target, base) == get_relative_url(target, base), (target, base)
