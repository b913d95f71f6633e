"""Marks and session fixtures.

Every test carries at least one of the marks registered in pyproject.toml:
- `core`: no build, no browser (`python3 dev.py test -m core` runs only these);
- `build`: runs a real build (`BRIEFINGS_ENGINE=properdocs` runs them with ProperDocs);
- `browser`: drives Chromium (a browser test that builds is also `build`).
A test without one is marked here: `build` if it uses a fixture that builds (BUILDS),
`core` otherwise. The marks are then enforced while the test runs: the build and browser
helpers (tests/helpers.py, tests/browser.py) fail a test that lacks the mark.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from . import helpers
from .helpers import build, edit_config
from .sites import write_site

MARKS = ("core", "build", "browser")
# Fixtures that run a build, here or in a test module; a test using one is a build test.
BUILDS = frozenset({"news_site", "news_site_html", "offline_site"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        marks = {m.name for m in item.iter_markers() if m.name in MARKS}
        if BUILDS & set(getattr(item, "fixturenames", ())):
            marks.add("build")
            item.add_marker(pytest.mark.build)
        if not marks:
            marks.add("core")
            item.add_marker(pytest.mark.core)
        if "core" in marks and len(marks) > 1:
            raise pytest.UsageError(f"{item.nodeid}: marked core and {sorted(marks - {'core'})}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    helpers.current_marks = frozenset(m.name for m in item.iter_markers() if m.name in MARKS)
    try:
        return (yield)
    finally:
        helpers.current_marks = None


@pytest.fixture(scope="session")
def news_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The NEWS test site (tests/sites.py) built strictly; returns the output folder."""
    site = write_site(tmp_path_factory.mktemp("news-site"))
    build(site)
    return site / "site"


@pytest.fixture(scope="session")
def news_site_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """NEWS built with `use_directory_urls: false` (pages open from disk)."""
    site = write_site(tmp_path_factory.mktemp("news-site-html"))
    edit_config(site, use_directory_urls=False)
    build(site)
    return site / "site"
