"""Building a real site: briefing pages, escaping, sanitising, drafts, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import fromstring as parse_fragment

from .helpers import build, edit_config, parse, text_of
from .sites import SEED_SLUG, SEED_TITLE, write_site

pytestmark = pytest.mark.build

SEED_PAGE = f"briefings/{SEED_SLUG}/index.html"


def test_seed_briefing_page(news_site: Path) -> None:
    page = parse(news_site / SEED_PAGE)
    article = page.cssselect("div.bf-briefing")[0]
    assert text_of(article.cssselect("h1")[0]) == SEED_TITLE
    assert page.cssselect("title")[0].text.startswith(SEED_TITLE)
    date = article.cssselect(".bf-meta__date time")[0]
    assert (date.get("datetime"), date.text) == ("2022-06-25", "25 June 2022")
    sources = text_of(article.cssselect(".bf-meta__sources")[0])
    assert "Wire report (outlet not recorded)" in sources
    assert "Text received without its address." in sources
    assert not article.cssselect(".bf-meta__sources a")  # no invented address
    assert text_of(article.cssselect(".bf-summary")[0])
    assert article.cssselect(".bf-key-points li")
    chips = {(a.get("class").split("--")[-1], text_of(a)) for a in article.cssselect("a.bf-chip")}
    for expected in [
        ("people", "Vladimir Putin"),
        ("people", "Alexander Lukashenko"),
        ("places", "Belarus"),
        ("equipment", "Iskander-M"),
        ("equipment", "Sukhoi Su-25"),
        ("story", "Russian nuclear weapons in Belarus"),
    ]:
        assert expected in chips
    body = text_of(article.cssselect(".bf-body")[0])
    assert "Putin said Iskander-M launchers would arrive in conventional and nuclear" in body


def test_summary_key_points_and_entities_are_searchable(news_site: Path) -> None:
    from briefings.site.search import read_index

    docs = [d for d in read_index(news_site)[1] if d["location"] == f"briefings/{SEED_SLUG}/"]
    text = " ".join(str(value) for d in docs for value in d.values())
    assert "Meeting Alexander Lukashenko in St Petersburg" in text  # the summary
    assert "Sukhoi Su-25" in text  # an entity chip
    assert "Belarus had announced the previous month" in text  # a key point


def test_briefings_are_not_in_the_navigation(news_site: Path) -> None:
    page = parse(news_site / "index.html")
    nav_links = [a.get("href") for a in page.cssselect("nav.md-nav--primary a")]
    assert not [h for h in nav_links if "briefings/" in h]
    labels = {text_of(a) for a in page.cssselect("nav.md-tabs a")}
    assert {"Stories", "Timeline", "People", "Places", "Organizations", "Equipment",
            "Archive", "Tags"} <= labels  # fmt: skip


HOSTILE = """---
title: "<script>alert('title')</script> & co"
date: 2022-06-26
summary: "<img src=x onerror=alert(1)>"
sources:
  - name: "<b>Outlet</b>"
    url: "https://example.org/?a=1&b='x'"
key_points: ["<iframe src=//evil></iframe>"]
template: evil.html
hide: [navigation]
search: {exclude: true}
---
Text with <script>alert('body')</script> and <a href="javascript:alert(2)">a link</a>
and <img src="x.png" onerror="alert(3)"> and <iframe src="https://evil.example"></iframe>.

<div onclick="alert(4)" style="position:fixed">Styled</div>
"""


def test_front_matter_is_escaped_and_bodies_sanitised(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    (site / "briefings" / "2022-06-26-hostile.md").write_text(HOSTILE, encoding="utf-8")
    result = build(site, strict=False)
    # Fields MkDocs would honour are unknown to the format: warned about, never applied.
    for key in ("template", "hide", "search"):
        assert "briefings/2022-06-26-hostile.md" in result.stderr
        assert f"unknown field '{key}' (ignored)" in result.stderr
    raw = (site / "site" / "briefings" / "2022-06-26-hostile" / "index.html").read_text()
    # The briefing, up to the page's embedded data (JSON, checked in test_reader.py).
    article = raw[raw.index('<div class="bf-briefing"') : raw.index("<script type=")]
    assert "<script>alert" not in article
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; co" in article
    assert "&lt;img src=x onerror=alert(1)&gt;" in article
    tree = parse_fragment(article)
    assert not tree.xpath("//script | //iframe | //*[@style]")
    assert not [a for el in tree.iter() for a in el.attrib if a.startswith("on")]
    assert not [h for h in tree.xpath("//@href | //@src") if "javascript" in h]
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in article
    assert 'href="https://example.org/?a=1&amp;b=&#39;x&#39;"' in article
    assert "Styled" in article  # the text stays, the attributes go
    # `hide: [navigation]` was not applied and the page is in the search index.
    assert 'class="md-sidebar md-sidebar--primary"' in raw
    assert "2022-06-26-hostile" in "".join(
        p.read_text() for p in (site / "site" / "search").iterdir()
    )


def test_content_errors_fail_the_build_with_the_full_list(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    bad = "---\ntitle: T\ndate: 2022-02-30\nsummary: S\nsources: [{name: A, url: ftp://x}]\n---\n"
    (site / "briefings" / "2022-02-28-bad.md").write_text(bad)
    (site / "briefings" / "2022-03-01-bad2.md").write_text("no front matter\n")
    result = build(site, check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert (
        "briefings/2022-02-28-bad.md:3: date: must be a real date written YYYY-MM-DD: '2022-02-30'"
        in result.stderr
    )
    assert (
        "briefings/2022-02-28-bad.md:5: sources[0].url: must be an http:// or https://"
        in result.stderr
    )
    assert "briefings/2022-03-01-bad2.md:1: file: no front matter" in result.stderr
    assert "3 content error(s)" in result.stderr


def test_warnings_fail_a_strict_build(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    text = "---\ntitle: T\ndate: 2022-03-01\nsummary: S\nsources: [{name: A}]\n---\nBody\n"
    (site / "briefings" / "2022-03-01-w.md").write_text(text)
    strict = build(site, check=False)
    assert strict.returncode != 0
    assert "briefings/2022-03-01-w.md:5: sources[0]: warning: a source without url" in strict.stderr
    assert build(site, strict=False).returncode == 0


def test_drafts_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    text = "---\ntitle: Draft\ndate: 2022-03-01\nsummary: S\nstatus: draft\n"
    text += "sources: [{name: A, note: N}]\nstories: [battle-of-donbas]\n---\nBody\n"
    (site / "briefings" / "2022-03-01-draft.md").write_text(text)
    build(site)
    assert not (site / "site" / "briefings" / "2022-03-01-draft").exists()
    assert (
        "2022-03-01-draft"
        not in (site / "site" / "stories" / "battle-of-donbas" / "index.html").read_text()
    )
    mkdocs_yml = (site / "mkdocs.yml").read_text()
    (site / "mkdocs.yml").write_text(
        mkdocs_yml.replace("entity_kinds:", "include_drafts: true\n      entity_kinds:")
    )
    build(site)
    assert (site / "site" / "briefings" / "2022-03-01-draft" / "index.html").exists()


def test_html_urls_without_directory_urls(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    edit_config(site, use_directory_urls=False)
    build(site)
    out = site / "site"
    page = parse(out / "briefings" / f"{SEED_SLUG}.html")
    hrefs = {a.get("href") for a in page.cssselect("a.bf-chip")}
    assert "../people/vladimir-putin.html" in hrefs
    assert "../stories/russia-belarus-nuclear-sharing.html" in hrefs
    assert (out / "timeline" / "index.html").exists()
    assert (out / "people" / "vladimir-putin.html").exists()


def test_reserved_entity_kind_is_a_config_error(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    text = (site / "mkdocs.yml").read_text().replace("equipment: Equipment", "timeline: Timeline")
    (site / "mkdocs.yml").write_text(text)
    result = build(site, check=False)
    assert result.returncode != 0
    assert "entity kind 'timeline' is a name the site uses for its own pages" in result.stderr
    assert "Traceback" not in result.stderr


def test_slug_field_sets_the_url_and_links_still_use_file_names(tmp_path: Path) -> None:
    site = write_site(tmp_path)
    text = "---\ntitle: Custom\nslug: custom-address\ndate: 2022-07-10\nsummary: S.\n"
    text += "sources: [{name: A, note: N}]\n---\nSee [the seed](2022-06-25-moscow-missiles-belarus.md).\n"
    (site / "briefings" / "2022-07-10-some-file-name.md").write_text(text)
    build(site)
    out = site / "site" / "briefings"
    page = parse(out / "custom-address" / "index.html")
    assert not (out / "2022-07-10-some-file-name").exists()
    assert "../2022-06-25-moscow-missiles-belarus/" in [
        a.get("href") for a in page.cssselect(".bf-body a")
    ]
    seed = parse(out / SEED_SLUG / "index.html")
    backlinks = [a.get("href") for a in seed.cssselect("#bf-referenced-by a")]
    assert "../../briefings/custom-address/" in backlinks
    feed = (site / "site" / "feeds/feed.xml").read_text()
    assert "https://example.github.io/briefings/briefings/custom-address/" in feed
    assert "some-file-name" not in feed
