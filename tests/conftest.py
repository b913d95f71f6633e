"""Session fixtures: the repository's site, built once for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import build, copy_site, edit_config


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's content built with `mkdocs build --strict`; returns the output folder."""
    site = copy_site(tmp_path_factory.mktemp("repo-site"))
    build(site)
    return site / "site"


@pytest.fixture(scope="session")
def html_urls_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repo's content built with `use_directory_urls: false` (pages open from disk)."""
    site = copy_site(tmp_path_factory.mktemp("html-urls-site"))
    edit_config(site, use_directory_urls=False)
    build(site)
    return site / "site"
