"""The generated data files (the global timeline's older entries) as MkDocs files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from briefings.site.views.timeline import timeline_files

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from briefings.site.build import BriefingSite

log = get_plugin_logger(__name__)


def add_data_files(files: Files, site: BriefingSite, config: MkDocsConfig) -> None:
    """Append the timeline's data files at the URL table's paths (a file of the same
    path in docs/ wins, with a warning)."""
    if site.renderer is None:
        return
    for path, content in timeline_files(site.renderer.views).items():
        if files.get_file_from_path(path) is not None:
            log.warning(f"docs/{path} exists; the generated timeline data is not written")
            continue
        files.append(File.generated(config, path, content=content))
