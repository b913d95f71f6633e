"""Marks and session fixtures.

Every test carries at least one of the marks registered in pyproject.toml:
- `core`: no build, no browser (`python3 dev.py test -m core` runs only these);
- `build`: runs a real build (`BRIEFINGS_ENGINE=properdocs` runs them with ProperDocs), or
  imports the engine (`mkdocs`, `properdocs`, `material`): `-m core` runs without it;
- `browser`: drives Chromium (a browser test that builds is also `build`).
A test without one is marked here: `build` if it uses a fixture that builds (BUILDS),
`core` otherwise. The marks are then enforced while the test runs: the build and browser
helpers (tests/helpers.py, tests/browser.py) fail a test that lacks the mark, and at
collection a test that imports the engine without `build`, or a module that runs
`python -m mkdocs` by hand instead of through the helpers' engine switch, is refused
(tests/engine_rules.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from . import engine_rules, helpers
from .helpers import build, edit_config
from .sites import write_site

MARKS = ("core", "build", "browser")
# Fixtures that run a build, here or in a test module; a test using one is a build test.
BUILDS = frozenset({"news_site", "news_site_html", "offline_site"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problems: list[str] = []
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
        problems += _engine_use(item, marks)
    if problems:
        raise pytest.UsageError("\n".join(dict.fromkeys(problems)))


def _engine_use(item: pytest.Item, marks: set[str]) -> list[str]:
    """Engine imports only in build tests; engine runs only through tests/helpers.py."""
    path = getattr(item, "path", None)
    function = getattr(item, "function", None)
    if path is None or function is None or path.suffix != ".py":
        return []
    problems = []
    if path.name != "helpers.py":
        problems += [
            f"{path.name}:{line}: runs an engine by hand (`-m mkdocs`); use tests/helpers.py "
            "(build, engine_command) so that BRIEFINGS_ENGINE applies"
            for line in engine_rules.engine_runs(engine_rules.module_tree(path))
        ]
    if "build" not in marks and "browser" not in marks:
        found = engine_rules.top_level_imports(path) + engine_rules.function_imports(function)
        problems += [
            f"{item.nodeid}: imports {name} (line {line}) but is not marked build: "
            "`-m core` tests run without the engine"
            for line, name in found[:1]
        ]
    return problems


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


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The quality gates' site (tests/gates.py), built strictly and served on 127.0.0.1
    under `site_url`'s path; one per test module."""
    from .gates import build_gate_site, serve

    site = build_gate_site(tmp_path_factory.mktemp("gate"))
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright, one per test module."""
    from .browser import chromium

    with chromium() as launched:
        yield launched
