"""scripts/screenshots.py: builds the repository's site and writes real screenshots (no
image comparison: the files are PNGs of one screen each, in the palette they name)."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from .browser import chromium_path
from .helpers import REPO

SCRIPT = REPO / "scripts" / "screenshots.py"
NAMES = ["briefing", "story-timeline", "home"]


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(SCRIPT), "--chromium", chromium_path(), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=REPO)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is no PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.build
@pytest.mark.browser
def test_screenshots_of_briefing_story_timeline_and_home_light_and_dark(tmp_path: Path) -> None:
    result = run_script("--out", str(tmp_path), "--width", "1000", "--height", "700")
    assert result.returncode == 0, result.stdout + result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    expected = {f"{n}-{label}.png": scheme for n in NAMES
                for label, scheme in (("light", "default"), ("dark", "slate"))}  # fmt: skip
    assert {r["file"]: r["scheme"] for r in records} == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expected)
    for name in expected:
        assert png_size(tmp_path / name) == (1000, 700)
    urls = {r["file"]: r["url"] for r in records}
    assert "/briefings/briefings/2022-06-25-moscow-missiles-belarus/" in urls["briefing-light.png"]
    assert "/briefings/stories/" in urls["story-timeline-light.png"]  # the briefing's story
    assert urls["home-dark.png"].endswith("/briefings/")  # served under site_url's path


@pytest.mark.build
@pytest.mark.browser
def test_a_page_without_what_is_shot_fails_with_a_message(tmp_path: Path) -> None:
    result = run_script("--out", str(tmp_path), "--briefing", "no-such-briefing/")
    assert result.returncode == 1
    assert "the briefing has no story" in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_committed_screenshots_are_the_scripts_files() -> None:
    """The README's screenshots exist, as the script names them."""
    folder = REPO / "docs" / "assets" / "screenshots"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for n in NAMES:
        for label in ("light", "dark"):
            assert png_size(folder / f"{n}-{label}.png") == (1280, 800)
            assert f"docs/assets/screenshots/{n}-{label}.png" in readme
