"""Under `serve`: drafts are shown, a content error keeps the last good site, and the real
`<engine> serve` command serves generated pages and rebuilds them when a briefing changes."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .helpers import builds_in_one_process, engine, engine_command, engine_env, free_port
from .sites import SEED_SLUG, write_site

pytestmark = pytest.mark.build

DRAFT = """---
title: A draft
date: 2022-07-01
summary: Not yet.
status: draft
sources: [{name: A, note: N}]
---
Draft body.
"""
BROKEN = "---\ntitle: [\n---\n"


def test_serve_shows_drafts_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    """Two rebuilds in one serve process: the second source has a content error."""
    draft = {"2022-07-01-draft.md": DRAFT}
    good = write_site(tmp_path / "good", briefings=draft)
    broken = write_site(tmp_path / "broken", briefings={**draft, "2022-07-02-broken.md": BROKEN})
    out = tmp_path / "out"
    kept: dict[str, str] = {}

    first, second = builds_in_one_process(
        [(good / "mkdocs.yml", out), (broken / "mkdocs.yml", out)],
        between=lambda: kept.update(home=(out / "index.html").read_text()),
    )
    assert first["ok"], first["log"]
    assert first["plugin"] == second["plugin"]  # one plugin object, as under serve
    draft_page = (out / "briefings" / "2022-07-01-draft" / "index.html").read_text()
    assert "Draft body." in draft_page and f"{engine()}-draft-marker" in draft_page
    assert not second["ok"]
    assert "briefings/2022-07-02-broken.md:" in second["log"]
    assert "malformed YAML" in second["log"]
    assert (out / "index.html").read_text() == kept["home"]  # not cleaned, still served


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, server: subprocess.Popen[str], wanted: str, seconds: float) -> str:
    """The page at `url` once it contains `wanted`; fails if the server exits or never does."""
    deadline = time.monotonic() + seconds  # a time-out, not a timing assertion
    page = None
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"{engine()} serve exited:\n{server.communicate()[1]}")
        page = _get(url)
        if page is not None and wanted in page:
            return page
        time.sleep(0.25)
    raise AssertionError(f"{url} never contained {wanted!r}; last page: {(page or '')[:300]}")


def test_serve_command_serves_and_rebuilds(tmp_path: Path) -> None:
    site = write_site(tmp_path / "src")
    port = free_port()
    args = engine_command("serve", "-f", str(site / "mkdocs.yml"), "-a", f"127.0.0.1:{port}")
    server = subprocess.Popen(args, cwd=site, env=engine_env(), text=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    try:
        # site_url's path (/briefings/) is where serve mounts the site.
        url = f"http://127.0.0.1:{port}/briefings/briefings/{SEED_SLUG}/"
        _wait_for(url, server, "bf-briefing", 120)
        source = site / "briefings" / f"{SEED_SLUG}.md"
        text = source.read_text(encoding="utf-8")
        source.write_text(text + "\nA sentence added while serving.\n", encoding="utf-8")
        page = _wait_for(url, server, "A sentence added while serving.", 120)
        assert page.count('class="bf-briefing"') == 1
    finally:
        server.terminate()
        try:
            _, log = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, log = server.communicate()
    assert "Traceback" not in log, log
    assert "Detected file changes" in log or "Reloading" in log, log
