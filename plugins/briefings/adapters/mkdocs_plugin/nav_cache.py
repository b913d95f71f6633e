"""The theme's site-wide parts rendered once per place, not once per page.

Material renders the whole site navigation (the sidebar, `partials/nav.html`, and the tabs),
the footer, the palette and search controls, its `__config` script and the style and
script links into every page; at 10,000 briefings that is a large share of the theme's
time, for the same HTML again and again. Those parts depend on the page in two ways only:

- which navigation items are active, and the previous and next pages: none, for a page
  that is not in the navigation (every briefing, story, entity and tag page; the plugin
  keeps them out of it);
- the addresses, relative to the page: its `base_url`, its folder's parent (two pages of
  one folder write every other address alike, unless it lies inside the page's own
  folder), and each address these parts link (the navigation's, the home page, the
  footer links, alternate and social links, extra styles and scripts) as the engine's
  `url` filter makes it for that page (which tells apart a page an address lies in).

`NavCache` is the Jinja global `bf_cached(name, page, base_url)`, used with `{% call %}`
around those parts in the theme overrides (`overrides/main.html`, `partials/nav.html`,
`partials/header.html`): for a page outside the navigation it renders the part once per
(name, place) and reuses the HTML; a page in the navigation, or a template without a
page, renders it as usual. The output is the same, byte for byte (tests/test_nav_cache.py).
"""

from __future__ import annotations

import importlib
import posixpath
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from jinja2 import Undefined

#: Parts kept at a time, the least recently used dropped first: pages come folder by
#: folder, and each story's or entity's own `page/N/` folders are places of their own,
#: wanted again soon or never.
MAX_PARTS = 256

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation


def _addresses(items: Iterable[Any]) -> Iterator[str]:
    """Every address under navigation `items` (pages and links, sections walked)."""
    for item in items:
        url = getattr(item, "url", None)
        if isinstance(url, str):
            yield url
        yield from _addresses(getattr(item, "children", None) or ())


class NavCache:
    """`bf_cached(name, page, base_url, caller=...)`: see the module docstring."""

    def __init__(self, nav: Navigation | None, config: MkDocsConfig,
                 more: Iterable[str] = ()) -> None:  # fmt: skip
        """`more`: other site addresses the cached parts link (the footer links)."""
        self.enabled = nav is not None
        self.in_nav = {id(page) for page in nav.pages} if nav is not None else set()
        addresses = list(dict.fromkeys(_addresses(nav.items if nav is not None else ())))
        if nav is not None and nav.homepage is not None:
            addresses.append(nav.homepage.url)
        extra: dict[str, Any] = dict(config.extra or {})
        homepage = extra.get("homepage")
        if isinstance(homepage, str):
            addresses.append(homepage)
        for key in ("alternate", "social"):
            entries = extra.get(key)
            if isinstance(entries, list):
                links = [e.get("link") for e in entries if isinstance(e, dict)]
                addresses += [link for link in links if isinstance(link, str)]
        addresses += [str(getattr(s, "path", s)) for s in config.extra_javascript]
        addresses += [str(s) for s in config.extra_css]
        addresses += more
        self.addresses = tuple(addresses)
        engine = type(config).__module__.split(".")[0]  # mkdocs or properdocs
        utils = importlib.import_module(f"{engine}.utils")
        self.normalize: Callable[..., str] = utils.normalize_url
        self.parts: dict[tuple[Any, ...], Any] = {}
        self.hits = 0
        self._url: str | None = None  # the last page's address and its addresses relative
        self._relative: tuple[str, ...] = ()  # to it (a page asks for several parts)

    def __call__(self, name: str, page: Any, base_url: Any, *, caller: Callable[[], Any]) -> Any:
        """The part `caller()` renders, from the cache when `page` is outside the nav."""
        if not self.enabled or isinstance(page, Undefined) or id(page) in self.in_nav:
            return caller()
        if not isinstance(getattr(page, "url", None), str):
            return caller()
        if page.url != self._url:  # (the `url` filter reads only the page's address)
            self._url = page.url
            self._relative = tuple(self.normalize(a, page=page) for a in self.addresses)
        relative = self._relative
        place = posixpath.dirname(page.url.rstrip("/"))
        key = (name, str(base_url), place, relative)
        found = self.parts.pop(key, None)
        if found is None:
            found = caller()
            if len(self.parts) >= MAX_PARTS:
                del self.parts[next(iter(self.parts))]  # the least recently used
        else:
            self.hits += 1
        self.parts[key] = found  # the most recently used last
        return found
