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
from briefings.site.pages import hidden_pages
from briefings.site.urls import UrlTable

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from briefings.site.pages import PagePlan, PageSpec

log = get_plugin_logger(__name__)


def add_generated_files(
    files: Files, plan: PagePlan, config: MkDocsConfig, *, root: Path, serving: bool
) -> None:
    """Append a generated file for every planned page (unless a file of docs/ has its
    source URI or its output path: then a warning) and for every asset the site does not
    provide itself."""
    # An excluded file is not written, so it hides no page by its output path; by its
    # source URI it does (MkDocs holds one file per source URI).
    docs = {f.src_uri: f.dest_uri for f in files
            if not f.inclusion.is_excluded() or f.src_uri in plan.specs}  # fmt: skip
    hidden = {h.spec.src_uri: h for h in hidden_pages(plan, plan.table, docs)}
    for spec in plan:
        if spec.src_uri in hidden:
            log.warning(hidden[spec.src_uri].message)
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
    """The briefing's real file for Material's edit button, as MkDocs joins it to `edit_uri`.

    MkDocs makes a page's edit URL as `edit_uri` + the file's path in docs_dir, so
    `edit_uri` names docs_dir's place in the repository (`edit/main/docs/`). A briefing is
    outside docs_dir: when `edit_uri` ends with docs_dir's path in the repository, the
    briefing's path is given relative to docs_dir (`../briefings/x.md`, which the URL join
    resolves to `edit/main/briefings/x.md`); otherwise `edit_uri` is taken to name the
    repository's top (`edit/main/`), and the path is given from there, so the `..` can never
    climb over the branch. Percent-encoded (`url_path`).
    """
    if not config.edit_uri:
        return None
    top = root.resolve()
    docs = Path(config.docs_dir).resolve()
    source = (top / path).as_posix()
    try:
        docs_in_repo = docs.relative_to(top).as_posix()
    except ValueError:
        docs_in_repo = ""
    edit = config.edit_uri.rstrip("/")
    names_docs = docs_in_repo not in ("", ".") and (
        edit == docs_in_repo or edit.endswith(("/" + docs_in_repo, "=" + docs_in_repo))
    )
    base = docs.as_posix() if names_docs else top.as_posix()
    return url_path(posixpath.relpath(source, base))
