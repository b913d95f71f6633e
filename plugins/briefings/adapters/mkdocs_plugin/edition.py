"""Which edition a build wrote: the offline build leaves `OFFLINE_MARKER` in the site folder.

`briefings bundle` packs only a folder that has it. Every other build removes it, so an
online build into the same folder (MkDocs keeps dot-files and `--dirty` keeps all) is
never taken for the offline edition.
"""

from __future__ import annotations

from pathlib import Path

from briefings.tools.bundle import OFFLINE_MARKER, OFFLINE_MARKER_TEXT


def mark_edition(site_dir: str | Path, *, offline: bool) -> None:
    """Write the offline marker into `site_dir` when `offline`, else remove it."""
    marker = Path(site_dir) / OFFLINE_MARKER
    if offline:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(OFFLINE_MARKER_TEXT, encoding="utf-8", newline="\n")
    else:
        marker.unlink(missing_ok=True)
