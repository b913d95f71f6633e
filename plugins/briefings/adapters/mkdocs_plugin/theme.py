"""What the plugin changes in the theme and the config: overrides, assets, the offline
edition's needs, the templates' extra globals."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from mkdocs.structure.pages import Page

from briefings.site import feeds
from briefings.site.urls import UrlTable, relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

STYLESHEET = UrlTable.asset("stylesheets/briefings.css")
SCRIPT = UrlTable.asset("javascripts/briefings.js")


def add_theme_parts(config: MkDocsConfig) -> None:
    """The plugin's overrides (after the site's own custom_dir), its CSS and JS."""
    overrides = str(resources.files(__package__).joinpath("overrides"))
    if overrides not in config.theme.dirs:
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    if SCRIPT not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(SCRIPT)


def offline_enabled(config: MkDocsConfig) -> bool:
    """Whether Material's offline plugin is on (the build is the offline edition)."""
    for name, plugin in config.plugins.items():
        if name.split("/")[-1] == "offline" and getattr(plugin.config, "enabled", False):
            return True
    return False


def prepare_offline(config: MkDocsConfig) -> None:
    """Offline edition: no repository widget (it calls the forge's API at run time).
    (Search needs nothing more: `search.SearchIndexWriter` lists its worker facade.)

    `repo_url` goes; edit links stay (plain links) with `edit_uri` made absolute.
    """
    if not config.repo_url:
        return
    if config.edit_uri and not urlsplit(config.edit_uri).scheme:
        base = config.repo_url
        if not base.endswith("/") and not config.edit_uri.startswith(("?", "#")):
            base += "/"
        config.edit_uri = urljoin(base, config.edit_uri)
    config.repo_url = None


def template_dirs(config: MkDocsConfig) -> tuple[str, ...]:
    """A `briefings/` folder in the theme's custom_dir overrides the page templates."""
    if config.theme.custom_dir:
        return (posixpath.join(config.theme.custom_dir, "briefings"),)
    return ()


def feed_links(site: feeds.FeedSite | None) -> Callable[[object], list[dict[str, str]]]:
    """The head template's `briefings_feed_links(page)`: feed links relative to `page`.

    Material fetches sitemap.xml beside every `<link rel=alternate>`: links are relative
    (no request leaves a site opened from disk); 404.html, served at any path, gets
    absolute ones.
    """

    def links(page: object) -> list[dict[str, str]]:
        if site is None:
            return []
        found = feeds.autodiscovery(site)
        if not isinstance(page, Page):
            return found
        return [{**link, "href": relative_url(link["path"], page.url)} for link in found]

    return links


def asset_paths() -> list[str]:
    """The plugin's assets, `<folder>/<file>` below `assets/`, sorted."""
    root = resources.files(__package__).joinpath("assets")
    found = []
    for folder in sorted(root.iterdir(), key=lambda p: p.name):
        if folder.is_dir():
            files = sorted(folder.iterdir(), key=lambda p: p.name)
            found += [f"{folder.name}/{f.name}" for f in files if f.is_file()]
    return found


def asset_bytes(path: str) -> bytes:
    """The bytes of asset `path` (as `asset_paths` names it)."""
    return resources.files(__package__).joinpath("assets").joinpath(path).read_bytes()
