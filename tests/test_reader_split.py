"""Reader and maintainer parts apart: the software's documentation is out of the reader's
navigation and out of search, linked from every page's footer (`footer_links`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.site.search import read_index

from .helpers import REPO, build, parse, text_of
from .sites import SEED_SLUG, write_site

pytestmark = pytest.mark.build

SOFTWARE = ("writing", "configuration", "templates", "contributing", "publishing", "sample-content")


def test_repository_site_keeps_software_docs_apart(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(REPO, out=out)
    page = out / "briefings" / "2022-06-25-moscow-missiles-belarus" / "index.html"
    root = parse(page)
    nav = [a.get("href") for a in root.cssselect(".md-nav a, .md-tabs a")]
    for name in SOFTWARE:
        assert not [h for h in nav if h and f"{name}/" in h], f"{name} is in the navigation"
    footer = root.cssselect("nav.bf-site-footer")[0]
    links = {text_of(a): a.get("href") for a in footer.cssselect("a")}
    assert links["Contributing"] == "../../contributing/"
    assert {(page.parent / h / "index.html").resolve().parent.name for h in links.values()} == set(
        SOFTWARE
    )
    # Out of search: no document of those pages; the briefings are in.
    _, docs = read_index(out)
    locations = [d["location"] for d in docs]
    assert any(loc.startswith("briefings/2022-06-25-moscow-missiles-belarus/") for loc in locations)
    for name in SOFTWARE:
        assert not [loc for loc in locations if loc.startswith(f"{name}/")], name
    # The 404 page (served at any address) links them absolutely.
    missing = parse(out / "404.html").cssselect("nav.bf-site-footer a")
    assert missing[0].get("href").startswith("https://example.github.io/briefings/")


def test_the_offline_404_page_links_online_addresses(tmp_path: Path) -> None:
    """The offline edition's 404 page links the footer pages absolutely, at the addresses
    they have online (`writing/`), not the edition's own `writing.html`."""
    out = tmp_path / "site"
    build(REPO, out=out, env={"OFFLINE": "true"})
    hrefs = [a.get("href") for a in parse(out / "404.html").cssselect("nav.bf-site-footer a")]
    assert hrefs and all(h.startswith("https://example.github.io/briefings/") for h in hrefs)
    assert "https://example.github.io/briefings/writing/" in hrefs
    assert not [h for h in hrefs if h.endswith(".html")], hrefs


def test_footer_links_escape_titles_once(tmp_path: Path) -> None:
    title = "<b>About</b> & us"
    site = write_site(
        tmp_path,
        docs={"about.md": "# About\n\nWho writes this.\n"},
        config={"nav": [{"Home": "index.md"}], "not_in_nav": "/about.md\n/writing.md\n"},
        plugin={"footer_links": [{title: "about.md"}, "writing.md"]},
    )
    build(site)
    page = site / "site" / "briefings" / SEED_SLUG / "index.html"
    raw = page.read_text(encoding="utf-8")
    assert "&lt;b&gt;About&lt;/b&gt; &amp; us" in raw and "<b>About</b>" not in raw
    links = [(text_of(a), a.get("href")) for a in parse(page).cssselect("nav.bf-site-footer a")]
    assert links == [(title, "../../about/"), ("Writing a briefing", "../../writing/")]
    _, docs = read_index(site / "site")
    assert not [d for d in docs if d["location"].startswith(("about/", "writing/"))]
