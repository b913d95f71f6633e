"""The door through which the CLI reads a site's `mkdocs.yml`: MkDocs' own config loader.

It knows what plain YAML does not (`!ENV` tags, inherited configs, plugin options with
defaults), so the `briefings` command sees the same settings as the build.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.structure.files import Files, get_files

from briefings.adapters.mkdocs_plugin.config import cache_folder, to_settings
from briefings.adapters.mkdocs_plugin.theme import add_theme_parts, asset_paths
from briefings.model.settings import Settings
from briefings.site.urls import UrlTable
from briefings.tools.check import LinkCheck, LinkLevel

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class _ConfigErrors(logging.Handler):
    """The error messages MkDocs' config loader logs (it raises only a bare `Abort`)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class SiteConfigError(Exception):
    """The config file cannot be read, or does not enable the briefings plugin."""


@dataclass(frozen=True)
class SiteConfig:
    """What the CLI needs from a site's config.

    `base_path` is the path part of `site_url` (e.g. "/briefings/"; "/" without one);
    `validation` maps MkDocs' link-validation keys (`not_found`, `anchors`, ...) to the
    level the build applies ("warn", "info" or "ignore"); `docs_files` maps the source URI
    of every file MkDocs collects from `docs_dir` to its path, and `excluded_docs` lists
    those it leaves out of the site (`exclude_docs`, `draft_docs`); `theme_files` lists the
    source URIs of the theme's static files and the plugin's own assets, which the build
    adds to the same collection (`assets/images/favicon.png`, `assets/briefings/...`).
    """

    config_file: Path
    settings: Settings
    site_dir: Path
    docs_dir: Path
    site_url: str
    base_path: str
    use_directory_urls: bool
    validation: dict[LinkCheck, LinkLevel]
    docs_files: dict[str, Path]
    excluded_docs: frozenset[str]
    cache_dir: Path | None = None  # the build cache's folder; None with `cache: false`
    theme_files: frozenset[str] = frozenset()


def load_site_config(path: Path) -> SiteConfig:
    """Read `path` with MkDocs' loader. Raises `SiteConfigError` with a one-line reason
    (MkDocs' own messages, naming each option that is wrong)."""
    errors = _ConfigErrors()
    config_log = logging.getLogger("mkdocs.config")
    config_log.addHandler(errors)
    try:
        cfg = load_config(config_file=str(path))
    except (ConfigurationError, Abort) as exc:
        # MkDocs logs what is wrong ("Config value 'plugins': Plugin 'briefings' option
        # 'feed_count': must be at least 1, not -2") and raises a bare Abort.
        reasons = "; ".join(errors.messages) or str(exc)
        raise SiteConfigError(f"{path}: invalid configuration: {reasons}") from None
    finally:
        config_log.removeHandler(errors)
    plugin = cfg.plugins.get("briefings")
    if plugin is None:
        raise SiteConfigError(f"{path}: the briefings plugin is not listed under plugins:")
    settings = to_settings(plugin.config, str(path))
    links = cfg.validation.links
    levels: dict[LinkCheck, int] = {
        "nav_omitted_files": cfg.validation.nav.omitted_files,
        "not_found": links.not_found,
        "absolute_links": links.absolute_links,
        "unrecognized_links": links.unrecognized_links,
        "anchors": links.anchors,
    }
    # MkDocs stores each level as a logging level (`_LogLevel.levels`; -1 is
    # `relative_to_docs`, of absolute_links only).
    names: dict[int, LinkLevel] = {10: "ignore", 20: "info", 30: "warn", -1: "relative_to_docs"}
    try:
        files = get_files(cfg)
    except (OSError, ConfigurationError) as exc:
        raise SiteConfigError(f"{path}: cannot list docs_dir: {exc}") from None
    docs_files = {f.src_uri: Path(f.abs_src_path) for f in files if f.abs_src_path}
    excluded = frozenset(f.src_uri for f in files if f.inclusion.is_excluded())
    theme_files = _theme_files(cfg, files)
    return SiteConfig(
        config_file=path.resolve(),
        settings=settings,
        site_dir=Path(cfg.site_dir),
        docs_dir=Path(cfg.docs_dir),
        site_url=cfg.site_url or "",
        base_path=urlsplit(cfg.site_url or "").path or "/",
        use_directory_urls=bool(cfg.use_directory_urls),
        validation={k: names.get(int(v), "ignore") for k, v in levels.items()},
        docs_files=docs_files,
        excluded_docs=excluded,
        cache_dir=cache_folder(plugin.config, str(path)),
        theme_files=theme_files,
    )


def _theme_files(cfg: MkDocsConfig, files: Files) -> frozenset[str]:
    """Source URIs of the files the build adds from the theme (MkDocs' own
    `add_files_from_theme`, with the plugin's overrides in the theme's folders) and of the
    plugin's assets, beside those of docs_dir."""
    docs = set(files.src_uris)
    add_theme_parts(cfg)
    with contextlib.suppress(OSError):  # an unreadable theme folder: the build says so
        files.add_files_from_theme(cfg.theme.get_env(), cfg)
    found = {f.src_uri for f in files if f.src_uri not in docs}
    return frozenset(found | {UrlTable.asset(path) for path in asset_paths()})
