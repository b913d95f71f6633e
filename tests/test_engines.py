"""The plugin on both engines (MkDocs 1.6, ProperDocs 1.6), and its state across builds.

Run with `BRIEFINGS_ENGINE=properdocs` (as .ci/run does) to run every build test with
ProperDocs; the first test here then proves the build really ran under ProperDocs.
"""

from __future__ import annotations

import json
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from briefings.adapters.mkdocs_plugin.plugin import BriefingsPlugin

from .helpers import REPO, build, builds_in_one_process, engine
from .sites import SEED_SLUG, write_site

PLUGIN = "briefings.adapters.mkdocs_plugin.plugin:BriefingsPlugin"

# A MkDocs hook (`hooks:` in mkdocs.yml) that records, from inside the build, the class
# hierarchy of the briefings plugin object the engine loaded.
HOOK = """
import json, sys
from pathlib import Path

def on_post_build(config, **kwargs):
    import briefings
    plugin = config.plugins["briefings"]
    record = {
        "classes": [f"{c.__module__}.{c.__qualname__}" for c in type(plugin).__mro__],
        "mkdocs_module": sys.modules["mkdocs"].__name__,
        "package": briefings.__file__,
    }
    Path(config.site_dir, "engine.json").write_text(json.dumps(record), encoding="utf-8")
"""


@pytest.mark.build
def test_the_plugin_class_comes_from_the_engine_under_test(tmp_path: Path) -> None:
    """Under ProperDocs, `mkdocs.*` imports are redirected to `properdocs.*`: the plugin's
    base class must be ProperDocs' own, or the build silently ran MkDocs."""
    site = write_site(tmp_path, config={"hooks": ["engine_hook.py"]})
    (site / "engine_hook.py").write_text(HOOK, encoding="utf-8")
    build(site)
    record = json.loads((site / "site" / "engine.json").read_text(encoding="utf-8"))
    assert record["classes"][0] == "briefings.adapters.mkdocs_plugin.plugin.BriefingsPlugin"
    bases = [name for name in record["classes"] if name.endswith(".BasePlugin")]
    assert bases == [f"{engine()}.plugins.BasePlugin"]
    assert record["mkdocs_module"] == engine()
    package = Path(record["package"]).resolve()
    assert package.is_relative_to(REPO / "plugins"), f"the engine loaded {package}"


@pytest.mark.build
def test_a_clean_build_prints_no_warning(tmp_path: Path) -> None:
    """Neither engine says anything but INFO about the plugin (MkDocs 2 notices off)."""
    site = write_site(tmp_path)
    result = build(site, strict=False)
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert lines, "the build printed nothing at all"
    assert [line for line in lines if not line.startswith("INFO")] == []


@pytest.mark.build
def test_a_disabled_second_build_generates_nothing(tmp_path: Path) -> None:
    """One process, one plugin object (as under `serve`), `enabled: false` the second time:
    nothing of the first build's pages, feeds or assets comes back."""
    enabled = write_site(tmp_path / "enabled")
    disabled = write_site(tmp_path / "disabled", plugin={"enabled": False})
    first_out, second_out = tmp_path / "first", tmp_path / "second"
    first, second = builds_in_one_process(
        [(enabled / "mkdocs.yml", first_out), (disabled / "mkdocs.yml", second_out)]
    )
    assert first["ok"] and second["ok"], second["log"]
    assert first["plugin"] == second["plugin"]  # the same object, reused
    assert (first_out / "briefings" / SEED_SLUG / "index.html").is_file()
    assert (first_out / "feeds/feed.xml").is_file()

    made = sorted(p.relative_to(second_out).as_posix() for p in second_out.rglob("*"))
    assert "index.html" in made and "writing/index.html" in made
    generated = ("briefings", "stories", "people", "places", "equipment", "timeline",
                 "archive", "tags", "corrections", "assets/briefings")  # fmt: skip
    assert [p for p in made if p.startswith(generated)] == []
    feeds = ("feed.xml", "atom.xml", "feed.json")
    assert [p for p in made if p.rsplit("/", 1)[-1] in feeds] == []
    for page in (second_out / "index.html", second_out / "writing" / "index.html"):
        text = page.read_text(encoding="utf-8")
        assert "bf-" not in text and "assets/briefings" not in text, page
    home = (second_out / "index.html").read_text(encoding="utf-8")
    assert "<!-- briefings:latest 5 -->" in home  # the marker left as written
    search = (second_out / "search" / "search_index.json").read_text(encoding="utf-8")
    assert SEED_SLUG not in search


def test_the_plugin_is_registered_for_both_engines() -> None:
    for group in ("mkdocs.plugins", "properdocs.plugins"):
        found = {ep.name: ep for ep in entry_points(group=group)}
        assert "briefings" in found, group
        assert found["briefings"].value == PLUGIN
        assert found["briefings"].load() is BriefingsPlugin
