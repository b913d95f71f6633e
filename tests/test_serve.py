"""Under `mkdocs serve`: drafts are shown, and a content error keeps the last good site."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from .helpers import copy_site

DRAFT = """---
title: A draft
date: 2022-07-01
summary: Not yet.
status: draft
sources: [{name: A, note: N}]
---
Draft body.
"""


def serve_build(site: Path, out: Path) -> None:
    """One build as `mkdocs serve` runs it (fresh config, serve command, serve URL)."""
    config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_shutdown()


def test_serve_shows_drafts_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "src")
    out = tmp_path / "out"
    (site / "briefings" / "2022-07-01-draft.md").write_text(DRAFT)
    serve_build(site, out)
    draft = (out / "briefings" / "2022-07-01-draft" / "index.html").read_text()
    assert "Draft body." in draft and "mkdocs-draft-marker" in draft
    home = (out / "index.html").read_text()

    (site / "briefings" / "2022-07-02-broken.md").write_text("---\ntitle: [\n---\n")
    with pytest.raises(Abort):
        serve_build(site, out)
    assert (out / "index.html").read_text() == home  # not cleaned, still served
