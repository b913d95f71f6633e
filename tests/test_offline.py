"""The offline edition: opened from disk in real Chromium, with no network request at all."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from briefings.tools.bundle import BundleError, bundle

from .browser import chromium
from .helpers import build, edit_config, parse
from .sites import NUCLEAR, SEED_SLUG, SEED_TITLE, write_site

SEED = f"briefings/{SEED_SLUG}.html"
REPO_URL = "https://github.com/example/briefings"


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`OFFLINE=true mkdocs build` of NEWS, with a repository widget and edit links."""
    site = write_site(tmp_path_factory.mktemp("offline"))
    edit_config(site, repo_url=REPO_URL, edit_uri="edit/main/docs/")
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    - navigation.tabs\n" in text
    text = text.replace(
        "    - navigation.tabs\n", "    - navigation.tabs\n    - content.action.edit\n"
    )
    config.write_text(text, encoding="utf-8")
    build(site, env={"OFFLINE": "true"})
    return site / "site"


def test_offline_edition_layout(offline_site: Path) -> None:
    assert (offline_site / "index.html").is_file()
    assert (offline_site / SEED).is_file()  # use_directory_urls: false
    assert (offline_site / "search" / "search_index.js").is_file()
    for path in sorted(offline_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        assert "api.github.com" not in text, path
        assert 'data-md-component="source"' not in text, path  # the repository widget
        assert "fonts.googleapis.com" not in text, path
        alternates = parse(path).cssselect("link[rel=alternate]")
        assert alternates == [], path  # Material would fetch sitemap.xml beside them
    assert (offline_site / "feeds/feed.xml").is_file()  # the online site's feeds, carried along
    # Edit links stay: plain links, no request until clicked.
    edit = parse(offline_site / "writing.html").cssselect("a[rel=edit]")
    assert [a.get("href") for a in edit] == [f"{REPO_URL}/edit/main/docs/writing.md"]


def _walk(page, selector: str, expected_path: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()
    assert page.url.endswith(expected_path), page.url


@pytest.mark.browser
def test_search_and_navigation_from_file_url(offline_site: Path) -> None:
    requests: list[str] = []
    errors: list[str] = []
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.on("request", lambda r: requests.append(r.url))
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((offline_site / "index.html").as_uri())

        page.locator("input.md-search__input").click()
        page.keyboard.type("Iskander")  # keystrokes: Material searches on key events
        hit = page.locator(f'.md-search-result a[href*="/{SEED}?"]').first
        hit.wait_for(state="visible", timeout=15000)
        assert SEED_TITLE in hit.inner_text()
        page.keyboard.press("Escape")

        page.goto((offline_site / "index.html").as_uri())
        _walk(page, f'article a[href="stories/{NUCLEAR}.html"]', f"/stories/{NUCLEAR}.html")
        _walk(page, f'article a.bf-entry__title[href="../{SEED}"]', f"/{SEED}")
        assert page.locator("article h1").first.inner_text() == SEED_TITLE
        _walk(page, "article a.bf-chip--people", "/people/vladimir-putin.html")
        assert page.locator("article h1").first.inner_text() == "Vladimir Putin"
        _walk(page, 'a.md-tabs__link[href$="timeline/index.html"]', "/timeline/index.html")
        assert page.locator("li.bf-entry").count() > 10
    assert len(requests) > 20
    # blob: addresses are the search shards' workers, made in the page (no request leaves it)
    assert [u for u in requests if not u.startswith(("file://", "blob:"))] == []
    assert errors == []


def _names(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.namelist()


def test_bundle_is_one_folder_and_reproducible(offline_site: Path, tmp_path: Path) -> None:
    first = bundle(offline_site, tmp_path / "briefings-offline.zip")
    names = _names(first)
    assert {n.split("/")[0] for n in names} == {"briefings-offline"}
    assert "briefings-offline/index.html" in names
    assert f"briefings-offline/{SEED}" in names
    assert names == sorted(names)
    files = sorted(p for p in offline_site.rglob("*") if p.is_file())
    assert len(names) == len(files)
    with zipfile.ZipFile(first) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert (
            archive.read("briefings-offline/index.html")
            == (offline_site / "index.html").read_bytes()
        )
    second = bundle(offline_site, tmp_path / "again.zip", name="briefings-offline")
    assert first.read_bytes() == second.read_bytes()


def test_bundle_refuses_to_overwrite(offline_site: Path, tmp_path: Path) -> None:
    out = tmp_path / "site.zip"
    out.write_bytes(b"keep")
    with pytest.raises(FileExistsError):
        bundle(offline_site, out)
    assert out.read_bytes() == b"keep"
    assert bundle(offline_site, out, force=True) == out
    assert _names(out)[0].startswith("site/")
    with pytest.raises(BundleError):
        bundle(tmp_path / "empty", tmp_path / "x.zip")
    with pytest.raises(ValueError):
        bundle(offline_site, offline_site / "inside.zip")
