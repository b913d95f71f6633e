"""The generated pages and assets as MkDocs files, placed where the URL table says."""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from briefings.adapters.mkdocs_plugin.dirty import PageFile
from briefings.adapters.mkdocs_plugin.safety import url_path
from briefings.adapters.mkdocs_plugin.theme import asset_bytes, asset_paths
from briefings.site.urls import UrlTable

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from briefings.site.pages import PagePlan, PageSpec

log = get_plugin_logger(__name__)


def add_generated_files(
    files: Files, plan: PagePlan, config: MkDocsConfig, *, root: Path, serving: bool
) -> None:
    """Append a generated file for every planned page (unless docs/ has the same file:
    then a warning) and for every asset the site does not provide itself."""
    for spec in plan:
        if files.get_file_from_path(spec.src_uri) is not None:
            log.warning(f"docs/{spec.src_uri} exists; the generated page is not written")
            continue
        files.append(_page_file(spec, plan, config, root=root, serving=serving))
    for path in asset_paths():
        uri = UrlTable.asset(path)
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, content=asset_bytes(path)))


def _page_file(
    spec: PageSpec, plan: PagePlan, config: MkDocsConfig, *, root: Path, serving: bool
) -> File:
    briefing = spec.briefing
    draft = briefing is not None and briefing.draft
    inclusion = InclusionLevel.DRAFT if draft and serving else InclusionLevel.NOT_IN_NAV
    content = briefing.body if briefing is not None else ""
    file = PageFile.generated(config, spec.src_uri, content=content, inclusion=inclusion)
    file.dest_uri = plan.table.dest(spec.location)
    if briefing is not None:
        file.edit_uri = _edit_uri(briefing.path, root, config)
    return file


def _edit_uri(path: str, root: Path, config: MkDocsConfig) -> str | None:
    """The briefing's real file, relative to docs_dir, for Material's edit button."""
    if not config.edit_uri:
        return None
    docs = Path(config.docs_dir).resolve()
    return url_path(posixpath.relpath((root.resolve() / path).as_posix(), docs.as_posix()))
