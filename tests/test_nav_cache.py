"""The theme's navigation rendered once per place (adapters/mkdocs_plugin/nav_cache.py):
the site is the same, byte for byte, as when Material renders it for every page, online
and offline, with the plugin's sections in the nav, a nested section, a link, tabs, footer links (one
in a folder), social and alternate links."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import build, tree
from .sites import write_site

pytestmark = pytest.mark.build

# Loaded before the build: every part rendered for every page, as Material does.
UNCACHED_HOOK = """
from briefings.adapters.mkdocs_plugin import nav_cache
nav_cache.NavCache.__call__ = lambda self, name, page, base_url, *, caller: caller()
"""

# A cache of ten parts (a page uses eight): parts of other places are dropped all the time.
SMALL_HOOK = """
from briefings.adapters.mkdocs_plugin import nav_cache
nav_cache.MAX_PARTS = 10
"""

# Writes how often the cache answered (beside the site, not in it).
HITS_HOOK = """
import pathlib
from mkdocs.plugins import event_priority
found = {}

@event_priority(-200)
def on_env(env, config, files):
    found["cache"] = env.globals.get("bf_cached")

def on_post_build(config):
    hits = getattr(found.get("cache"), "hits", 0)
    pathlib.Path(config.config_file_path).with_name("hits.txt").write_text(str(hits))
"""

NAV = [
    {"Home": "index.md"},
    {"Guide": [{"Writing": "writing.md"}, {"Project": "https://example.org/project/"}]},
]


def _build(root: Path, hooks: list[str]) -> tuple[dict[str, bytes], int]:
    extra = {"social": [{"icon": "fontawesome/brands/github", "link": "../../people/"}],
             "alternate": [{"name": "English", "link": "/", "lang": "en"}]}  # fmt: skip
    site = write_site(
        root,
        docs={"guide/about.md": "# About\n\nThe desk.\n"},
        plugin={
            "workers": 1,
            "footer_links": [{"Writing": "writing.md"}, {"About": "guide/about.md"}],
        },
        config={"hooks": hooks, "nav": NAV, "extra": extra, "copyright": "Desk &amp; co"},
    )
    (site / "uncached.py").write_text(UNCACHED_HOOK, encoding="utf-8")
    (site / "hits.py").write_text(HITS_HOOK, encoding="utf-8")
    (site / "small.py").write_text(SMALL_HOOK, encoding="utf-8")
    build(site)
    return tree(site / "site"), int((site / "hits.txt").read_text(encoding="utf-8"))


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_the_cached_navigation_is_what_material_renders_for_each_page(
    tmp_path: Path, offline: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if offline:
        monkeypatch.setenv("OFFLINE", "true")
    material, none = _build(tmp_path / "material", ["uncached.py", "hits.py"])
    cached, hits = _build(tmp_path / "cached", ["hits.py"])
    assert none == 0 and hits > 20  # the briefing, entity and tag pages reuse it
    assert sorted(cached) == sorted(material)
    assert [name for name in material if material[name] != cached[name]] == []
    small, small_hits = _build(tmp_path / "small", ["small.py", "hits.py"])
    assert 0 < small_hits < hits
    assert [name for name in material if material[name] != small[name]] == []
    # The relative addresses differ by place: a briefing's nav is not the home page's.
    suffix = ".html" if offline else "/index.html"
    briefing = next(n for n in cached if n.startswith("briefings/") and n.endswith(suffix))
    home = cached["index.html"]

    def tabs(html: bytes) -> bytes:
        start = html.index(b'<nav class="md-tabs"')
        return html[start : html.index(b"</nav>", start)]

    assert tabs(cached[briefing]) != tabs(home)
    assert b'href="../' in tabs(cached[briefing]) and b'href="../' not in tabs(home)
