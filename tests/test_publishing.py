"""Serving from a sub-path: internal links are relative and resolve, in both URL styles."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from .helpers import REPO, parse
from .sites import SITE_URL


def _absolute_allowed(element) -> bool:
    """Canonical links are absolute on purpose (like OpenGraph's, which are no href)."""
    return element.tag == "link" and element.get("rel") == "canonical"


def _internal_refs(path: Path):
    """(element, attribute value) for every href/src that stays on the site."""
    for element in parse(path).iter():
        for attr in ("href", "src"):
            value = element.get(attr)
            if value is None or value.startswith(("#", "mailto:", "data:", "javascript:")):
                continue
            parts = urlsplit(value)
            if parts.scheme and not value.startswith(SITE_URL):
                continue  # another site
            yield element, value


def _pages(site: Path) -> list[Path]:
    # MkDocs writes 404.html with absolute links on purpose: it is served at any path.
    return [p for p in sorted(site.rglob("*.html")) if p.name != "404.html" or p.parent != site]


def _resolve(page: Path, href: str, site: Path) -> Path:
    target = (page.parent / unquote(urlsplit(href).path)).resolve()
    if target.is_dir():
        target = target / "index.html"
    assert target.is_relative_to(site.resolve()), f"{page}: {href} leaves the site"
    return target


@pytest.mark.build
@pytest.mark.parametrize("which", ["news_site", "news_site_html"])
def test_internal_links_are_relative_and_resolve(which: str, request) -> None:
    site: Path = request.getfixturevalue(which)
    pages = _pages(site)
    assert len(pages) > 40
    checked = 0
    for page in pages:
        for element, value in _internal_refs(page):
            if _absolute_allowed(element):
                assert value.startswith(SITE_URL), f"{page}: {value}"
                continue
            assert not value.startswith("/"), f"{page}: root-relative {value}"
            assert not value.startswith(SITE_URL), f"{page}: absolute {value}"
            if urlsplit(value).path:
                assert _resolve(page, value, site).exists(), f"{page}: broken {value}"
                checked += 1
    assert checked > 500


def test_workflow_builds_strict_and_deploys_with_pages_actions() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {}
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    assert any("mkdocs build --strict" in s.get("run", "") for s in steps)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    deploy = workflow["jobs"]["deploy"]["permissions"]
    assert deploy == {"pages": "write", "id-token": "write"}
