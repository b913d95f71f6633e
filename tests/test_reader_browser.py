"""The repository's own seed briefing in Chromium: what a phone shows first, and the page
on paper (A4, no navigation, links as addresses, a footer, one or two pages)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .browser import chromium
from .helpers import REPO, build

pytestmark = [pytest.mark.build, pytest.mark.browser]

SEED = "2022-06-25-moscow-missiles-belarus"
ONLINE = "https://example.github.io/briefings/"


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample site, built strictly into a temp folder."""
    out = tmp_path_factory.mktemp("repo-site")
    build(REPO, out=out)
    return out


def test_first_screen_on_a_phone(repo_site: Path) -> None:
    url = (repo_site / "briefings" / SEED / "index.html").as_uri()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(url)
        for selector in (".bf-kicker", ".bf-briefing h1", ".bf-dateline", ".bf-summary"):
            box = page.locator(selector).first.bounding_box()
            assert box is not None, selector
            assert box["y"] >= 0 and box["y"] + box["height"] <= 740, (selector, box)
        # The article text follows soon after (the key points box comes first).
        body = page.locator(".bf-body").bounding_box()
        assert body is not None and body["y"] < 2 * 740
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360  # nothing wider than the screen


def test_briefing_prints_on_a4(repo_site: Path, tmp_path: Path) -> None:
    url = (repo_site / "briefings" / SEED / "index.html").as_uri()
    with chromium() as browser:
        page = browser.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url)
        page.emulate_media(media="print")
        for selector in (".md-header", ".md-sidebar--primary", ".md-tabs", ".md-footer"):
            hidden = page.locator(selector).first.evaluate(
                "el => getComputedStyle(el).display === 'none'"
            )
            assert hidden, f"{selector} prints"
        # A link is followed by its online address, even opened from disk.
        link = page.locator(".bf-body a[href^='../']:not(.bf-mention)").first
        href = link.get_attribute("href")
        assert href and href.startswith("../2022-")
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert f"{ONLINE}briefings/{href.removeprefix('../')}" in after, after
        footer = page.locator(".bf-print-footer")
        assert footer.is_visible()
        assert f"{ONLINE}briefings/{SEED}/" in footer.inner_text()
        assert "25 June 2022" in footer.inner_text()
        pdf = page.pdf(format="A4", print_background=False, prefer_css_page_size=True)
    (tmp_path / "seed.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"{pages} pages"
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample site as the offline edition (`x.html` addresses)."""
    out = tmp_path_factory.mktemp("repo-offline")
    build(REPO, out=out, env={"OFFLINE": "true"})
    return out


def test_the_offline_edition_prints_online_addresses(offline_site: Path) -> None:
    """Printed from disk, every link of the offline edition shows the page's online
    address (`../people/x.html` on disk is `<site_url>people/x/` online)."""
    url = (offline_site / "briefings" / f"{SEED}.html").as_uri()
    with chromium() as browser:
        page = browser.new_page()
        page.goto(url)
        page.emulate_media(media="print")
        pairs = page.locator(".md-content a[data-bf-print-url]").evaluate_all(
            "links => links.map(a => [a.getAttribute('href'), a.dataset.bfPrintUrl])"
        )
    internal = [(h, u) for h, u in pairs if not h.startswith(("http:", "https:"))]
    assert internal, pairs
    for href, printed in internal:
        assert printed.startswith(ONLINE), (href, printed)
        path = printed.removeprefix(ONLINE).split("#")[0]
        assert not path.endswith(".html"), (href, printed)
        # The same page: the link's own path with `.html` as a folder.
        local = (offline_site / "briefings" / href.split("#")[0]).resolve()
        expected = local.relative_to(offline_site.resolve()).as_posix()
        expected = expected.removesuffix("index.html").removesuffix(".html")
        assert path.rstrip("/") == expected.rstrip("/"), (href, printed)
