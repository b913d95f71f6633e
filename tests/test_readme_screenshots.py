"""The README's screenshots come from a script in the repository: it runs, writes every
shot in both palettes, and the README shows the committed ones."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import REPO, build

SCRIPT = REPO / "scripts" / "readme_screenshots.py"
NAMES = [f"{page}-{palette}.png" for page in ("home", "briefing", "story-timeline")
         for palette in ("light", "dark")]  # fmt: skip


def _size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.mark.build
@pytest.mark.browser
def test_script_takes_every_screenshot(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(REPO, out=site)
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--site", str(site), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    assert [Path(line).name for line in result.stdout.split()] == NAMES
    for name in NAMES:
        assert _size((out / name).read_bytes()) == (1280, 800), name
    for page in ("home", "briefing", "story-timeline"):  # the palettes differ
        light = (out / f"{page}-light.png").read_bytes()
        assert light != (out / f"{page}-dark.png").read_bytes(), page


@pytest.mark.browser
def test_script_fails_on_a_missing_page(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--site", str(tmp_path / "site"), "--out", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1 and "index.html is missing" in result.stderr


def test_readme_shows_the_committed_screenshots() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert f"(docs/assets/{name})" in readme, name
        assert _size((REPO / "docs" / "assets" / name).read_bytes()) == (1280, 800)
