"""The building hostile corpus (tests/hostile/building/), copied and built for real.

The corpus keeps portable file names in the repository; the copy gives one briefing the
hostile file name a pull request could use (with a valid `slug:`), since such names
cannot be checked out on every system.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .helpers import REPO

CORPUS = REPO / "tests" / "hostile" / "building"
TOKEN = "zqxhostile"  # in every payload: the search query that finds them all
#: The briefing whose file name is hostile, and the name it gets.
HOSTILE_NAME = "2022-01-03-\"><img src=x data-pwned onerror=window.pwned=8> 'x' &amp;.md"
RENAMES = {"briefings/hostile-name.md": f"briefings/{HOSTILE_NAME}"}


def copy_hostile_site(dest: Path) -> Path:
    """Copy the corpus into `dest` with its hostile file names; return `dest`."""
    shutil.copytree(CORPUS, dest, dirs_exist_ok=True)
    for old, new in RENAMES.items():
        (dest / old).rename(dest / new)
    return dest
