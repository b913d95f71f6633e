"""Which files MkDocs may read and copy: links and types in docs/, assets beside briefings.

The rules are the core's (`briefings.content.files`); this module applies them to MkDocs'
`docs_dir` and `Files`:

- before MkDocs walks `docs_dir` (it follows links), every link in it must lead to a
  regular file inside the repository (`link_problems`, from `on_pre_build`);
- files from `docs_dir` are copied only if they are pages or of an allowed type, or are the
  site's own theme files named in `mkdocs.yml` (`type_problems`, from `on_files`);
- allowed files beside briefings are added to the site at their place in the briefings
  folder, so relative image links in bodies work (`add_assets`).
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import load_config
from mkdocs.structure.files import File, get_files

from briefings.adapters.mkdocs_plugin.config import to_settings
from briefings.content.files import allowed_types, folder_link_problems, is_allowed_asset
from briefings.model.problems import Problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from briefings.model.settings import Settings


def link_problems(config: MkDocsConfig, settings: Settings) -> list[Problem]:
    """Links in `docs_dir` that lead outside the repository or to anything but a file."""
    docs = Path(config.docs_dir)
    if not docs.is_dir():
        return []
    return folder_link_problems(docs, settings.root, settings.relative)


def type_problems(config: MkDocsConfig, settings: Settings, allow: list[str],
                  files: Files) -> list[Problem]:  # fmt: skip
    """Files from `docs_dir` that would be copied as they are but are not allowed to be.

    Allowed: pages, types on the core's allow-list, and the maintainer's own files:
    `extra_css`, `extra_javascript`, `extra_templates`, the theme's `logo` and `favicon`,
    anything in the theme's `custom_dir`, and paths matching the plugin option
    `allow_files` (glob patterns relative to `docs_dir`).
    """
    docs = os.path.realpath(config.docs_dir)
    trusted = _named_in_config(config)
    custom = config.theme.custom_dir
    custom_dir = os.path.realpath(custom) if custom else None
    problems = []
    for file in files:
        if file.generated_by is not None or file.abs_src_path is None:
            continue
        if file.inclusion.is_excluded() or file.is_documentation_page():
            continue
        source = os.path.realpath(file.abs_src_path)
        if not _below(source, docs) or (custom_dir and _below(source, custom_dir)):
            continue  # a theme file
        uri = file.src_uri
        if is_allowed_asset(posixpath.basename(uri)) or uri in trusted:
            continue
        if any(fnmatch.fnmatchcase(uri, pattern) for pattern in allow):
            continue
        problems.append(
            Problem(settings.relative(Path(file.abs_src_path)), 1, "file",
                    "is not a type that is copied into the site from docs/ (HTML, SVG and "
                    "scripts can run on the site's origin); allowed: pages (.md) and "
                    f"{allowed_types()}; a file of the site's own goes under the plugin "
                    "option allow_files, extra_css or extra_javascript in mkdocs.yml")
        )  # fmt: skip
    return problems


def _named_in_config(config: MkDocsConfig) -> set[str]:
    named = {str(p) for p in config.extra_css}
    named |= {str(getattr(s, "path", s)) for s in config.extra_javascript}
    named |= {str(t) for t in config.extra_templates}
    for key in ("logo", "favicon"):
        value = config.theme.get(key)
        if isinstance(value, str):
            named.add(value)
    return {posixpath.normpath(n.lstrip("/")) for n in named}


def _below(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def add_assets(config: MkDocsConfig, settings: Settings, assets: list[Path],
               files: Files) -> list[str]:  # fmt: skip
    """Add the allowed files beside briefings at `<briefings_dir>/<path inside it>`.

    That is where the briefings' own source URIs are, so MkDocs resolves a body's relative
    link (`photo.jpg`, `x/photo.jpg`) to them and rewrites it for the page's URL. Returns
    warnings for files that a file of docs/ with the same path shadows.
    """
    prefix = settings.briefings_dir.strip("/")
    warnings = []
    for path in assets:
        inner = path.relative_to(settings.source_dir).as_posix()
        uri = f"{prefix}/{inner}"
        if files.get_file_from_path(uri) is not None:
            warnings.append(f"docs/{uri} exists; {settings.relative(path)} is not copied")
            continue
        files.append(File.generated(config, uri, abs_src_path=str(path)))
    return warnings


def docs_problems(config_file: Path) -> list[Problem]:
    """What the build would refuse in `docs_dir`, for `briefings check` (links, then types)."""
    config = load_config(config_file=str(config_file))
    plugin = config.plugins.get("briefings")
    if plugin is None:
        return []
    settings = to_settings(plugin.config, str(config_file))
    problems = link_problems(config, settings)
    if problems or not Path(config.docs_dir).is_dir():
        return problems  # MkDocs' walk would follow the refused links
    return type_problems(config, settings, plugin.config.allow_files, get_files(config))
