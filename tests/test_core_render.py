"""Every generated page and every feed, rendered by the core in a fresh interpreter that
refuses to import MkDocs, ProperDocs or Material (briefing bodies by plain
Python-Markdown), then checked with lxml and feedparser."""

from __future__ import annotations

import json
import posixpath
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from lxml import html

from .small_site import SITE_URL, write_site
from .test_architecture import BLOCKED, BLOCKER, PACKAGE

pytestmark = pytest.mark.core

RENDER = """
import json, sys
from pathlib import Path
from briefings.model.settings import Settings, PageSettings
from briefings.site.standalone import render_site

root, out, directory_urls = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "1"
settings = Settings(root=root, pages=PageSettings(pagination_size=2))
site = render_site(settings, site_url={site_url!r}, site_title="Small desk",
                   directory_urls=directory_urls, canonical_directory_urls=True)
for path, text in {{**site.pages, **site.feeds}}.items():
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text if isinstance(text, bytes) else text.encode())
engines = sorted(n for n in sys.modules if n.split(".")[0] in BLOCKED)
print(json.dumps({{"pages": sorted(site.pages), "feeds": sorted(site.feeds),
                  "problems": [str(p) for p in site.problems], "engines": engines}}))
"""


def _render(tmp_path: Path, directory_urls: bool) -> tuple[Path, dict]:
    root = write_site(tmp_path / "src", 5)
    out = tmp_path / "out"
    code = BLOCKER.format(blocked=BLOCKED) + RENDER.format(site_url=SITE_URL)
    result = subprocess.run(
        [sys.executable, "-c", code, str(root), str(out), "1" if directory_urls else "0"],
        capture_output=True, text=True, check=False, env={"PYTHONPATH": str(PACKAGE.parent)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out, json.loads(result.stdout)


@pytest.fixture(scope="module", params=[True, False], ids=["directory-urls", "html-urls"])
def rendered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    return (*_render(tmp_path_factory.mktemp("core"), request.param), request.param)


def _page(directory_urls: bool, route: str) -> str:
    stem = route.removesuffix(".md")
    if stem.endswith("index") or not directory_urls:
        return stem + ".html"
    return stem + "/index.html"


def test_no_engine_was_imported_and_the_content_is_clean(rendered) -> None:
    _, report, _ = rendered
    assert report["engines"] == []
    assert report["problems"] == []


def test_every_page_kind_is_rendered(rendered) -> None:
    _, report, dirs = rendered
    expected = [
        "briefings/2022-01-01-briefing-0.md", "stories/index.md", "stories/talks.md",
        "stories/talks/page/2.md", "stories/talks/feed.md", "people/index.md",
        "people/ada-smith.md", "people/ada-smith/page/3.md", "places/riverton.md",
        "tags/index.md", "tags/border-talks.md", "tags/border-talks/page/2.md",
        "timeline/index.md", "archive/index.md", "archive/page/3.md", "corrections/index.md",
        "corrections/page/2.md", "feeds/index.md",
    ]  # fmt: skip
    missing = [route for route in expected if _page(dirs, route) not in report["pages"]]
    assert missing == []
    assert report["feeds"] == sorted(
        [
            "feeds/feed.xml",
            "feeds/atom.xml",
            "feeds/feed.json",
            "feeds/sitemap.xml",
            "stories/talks/feed.xml",
            "stories/quiet/feed.xml",
        ]
    )


def test_every_link_between_generated_pages_resolves(rendered) -> None:
    out, report, _ = rendered
    known = set(report["pages"]) | set(report["feeds"])
    broken = []
    for path in report["pages"]:
        for href in html.parse(str(out / path)).getroot().xpath("//a/@href"):
            target = href.split("#")[0]
            if not target or "://" in target:
                continue
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
            if target.endswith("/"):
                resolved = posixpath.normpath(posixpath.join(resolved, "index.html"))
            # The home page is hand-written: an engine renders it.
            if resolved not in known and resolved != "index.html":
                broken.append(f"{path}: {href}")
    assert broken == []


def test_briefing_page(rendered) -> None:
    out, _, dirs = rendered
    root = html.parse(str(out / _page(dirs, "briefings/2022-01-03-briefing-2.md"))).getroot()
    article = root.cssselect("div.bf-briefing")[0]
    assert article.cssselect("h1")[0].text == "Briefing number 2"
    assert article.cssselect(".bf-summary")[0].text == "Summary of briefing 2."
    body = article.cssselect(".bf-body p")[0]
    mentions = {a.text: a.get("href") for a in body.cssselect("a.bf-mention")}
    assert set(mentions) == {"Ada Smith", "Bo Jones", "Riverton"}
    suffix = "/" if dirs else ".html"
    assert mentions["Ada Smith"] == f"../{'../' if dirs else ''}people/ada-smith{suffix}"
    corrections = [
        " ".join(e.text_content().split()) for e in article.cssselect("#bf-corrections li")
    ]
    assert corrections == ["Corrected 3 January 2022 Correction 2."]
    assert article.cssselect("#bf-story-timeline li.bf-entry--current")
    ids = root.xpath("//@id")
    assert all(i.startswith("bf-") for i in ids)


def test_feeds_parse_and_use_online_addresses(rendered) -> None:
    out, _, _ = rendered
    feed = feedparser.parse((out / "feeds/feed.xml").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [f"Briefing number {i}" for i in (4, 3, 2, 1, 0)]
    assert feed.entries[0].link == f"{SITE_URL}briefings/2022-01-05-briefing-4/"
    story = feedparser.parse((out / "stories" / "talks" / "feed.xml").read_bytes())
    assert story.feed.link == f"{SITE_URL}stories/talks/"
    assert len(story.entries) == 5


def test_timeline_and_archive(rendered) -> None:
    out, _, _ = rendered
    timeline = html.parse(str(out / "timeline" / "index.html")).getroot()
    # five briefings, each with its own same-day event merged into its entry
    assert len(timeline.cssselect("li.bf-entry--briefing")) == 5
    assert not timeline.cssselect("li.bf-entry--event")
    years = timeline.cssselect("section.bf-timeline__year")
    assert [(s.get("id"), s.findtext("h2")) for s in years] == [("bf-y2022", "2022")]
    data = json.loads(timeline.cssselect("script.bf-filter-data")[0].text)
    assert data["stories"] == [["talks", "Border talks"]]
    archive = html.parse(str(out / "archive" / "index.html")).getroot()
    assert [a.text for a in archive.cssselect("a.bf-item__title")] == [
        "Briefing number 4",
        "Briefing number 3",
    ]
    assert archive.cssselect('a[rel="next"]')
