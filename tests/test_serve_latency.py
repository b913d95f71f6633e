"""Dirty builds (`--dirty`, what `python3 dev.py serve` runs): an edit to one briefing
rewrites only the pages it changes, and the site equals a clean build of the same content.

No clock here: what was recomputed is counted (the cache's `last-build.json`) and output
files are compared byte for byte (bench/serve.py measures the seconds).
"""

from __future__ import annotations

import json
import subprocess
from importlib import resources
from pathlib import Path

import pytest

from briefings.content.cache import STATS_NAME

from .helpers import build, engine_command, engine_env, require_mark
from .sites import SEED_SLUG, write_site

pytestmark = pytest.mark.build

# Material's search index lists the pages a dirty build rendered (not the plugin's).
NOT_COMPARED = {"search/search_index.json"}
THEME = {"name": "material", "font": False, "language": "en", "custom_dir": "overrides"}
TEMPLATES = resources.files("briefings.site").joinpath("templates")


def dirty_build(site: Path, out: Path, env: dict[str, str]) -> dict:
    """`<engine> build --dirty` of `site` into `out`; the cache's record of the build."""
    require_mark("build", "runs a build")
    args = engine_command("build", "--dirty", "-f", str(site / "mkdocs.yml"),
                          "-d", str(out))  # fmt: skip
    result = subprocess.run(args, capture_output=True, text=True, env=engine_env(env), cwd=site)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads((site / ".cache/briefings" / STATS_NAME).read_text())


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.relative_to(folder).as_posix() not in NOT_COMPARED}  # fmt: skip


def stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*.html")}  # fmt: skip


def differing(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return [name for name in sorted(a.keys() | b.keys()) if a.get(name) != b.get(name)]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}


def test_an_edit_to_one_body_rewrites_only_its_page(tmp_path: Path, env: dict[str, str]) -> None:
    site = write_site(tmp_path / "site")
    out = tmp_path / "served"
    first = dirty_build(site, out, env)
    generated = first["pages_written"]
    assert generated > 40 and first["pages_skipped"] == 0
    # Nothing changed: nothing is rendered or written again.
    before = stamps(out)
    again = dirty_build(site, out, env)
    assert (again["pages_written"], again["pages_skipped"]) == (0, generated)
    assert again["hits"]["file"] == 10 and "file" not in again["misses"]
    after = stamps(out)
    rewritten = sorted(name for name in after if after[name] != before[name])
    assert rewritten == ["404.html", "index.html"]  # hand-written: MkDocs' own rules
    # A new sentence in one body: its page alone is written again.
    seed = site / "briefings" / f"{SEED_SLUG}.md"
    seed.write_text(seed.read_text() + "\nA sentence added while previewing.\n")
    edited = dirty_build(site, out, env)
    assert (edited["pages_written"], edited["pages_skipped"]) == (1, generated - 1)
    assert (edited["hits"]["file"], edited["misses"]["file"]) == (9, 1)
    page = out / "briefings" / SEED_SLUG / "index.html"
    assert "A sentence added while previewing." in page.read_text()
    build(site, env=env, out=tmp_path / "clean")
    assert differing(tree(tmp_path / "clean"), tree(out)) == []


def test_a_new_mention_rewrites_the_pages_that_list_it(tmp_path: Path, env: dict[str, str]) -> None:
    site = write_site(tmp_path / "site")
    out = tmp_path / "served"
    generated = dirty_build(site, out, env)["pages_written"]
    seed = site / "briefings" / f"{SEED_SLUG}.md"
    seed.write_text(seed.read_text() + "\nTalks were proposed in Istanbul.\n")
    edited = dirty_build(site, out, env)
    # The briefing, Istanbul's page, the places index (its count), pages showing the
    # briefing's entity chips or filters (timelines), related lists: more than one, few.
    assert 1 < edited["pages_written"] < generated // 2
    build(site, env=env, out=tmp_path / "clean")
    assert differing(tree(tmp_path / "clean"), tree(out)) == []
    # The title edited: every page listing the briefing changes, and only those.
    text = seed.read_text()
    seed.write_text(text.replace("title: Moscow will deliver", "title: Moscow is to deliver"))
    retitled = dirty_build(site, out, env)
    assert retitled["pages_written"] > edited["pages_written"]
    build(site, env=env, out=tmp_path / "clean-2")
    assert differing(tree(tmp_path / "clean-2"), tree(out)) == []


def test_a_changed_config_or_template_rewrites_every_page(
    tmp_path: Path, env: dict[str, str]
) -> None:
    site = write_site(tmp_path / "site", config={"theme": THEME})
    (site / "overrides").mkdir()
    out = tmp_path / "served"
    generated = dirty_build(site, out, env)["pages_written"]
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name: Briefings", "site_name: Digest"))
    assert dirty_build(site, out, env)["pages_written"] == generated
    # A template override of the site (docs/templates.md): every page, since the shell
    # and the page templates share the theme's folders.
    custom = site / "overrides" / "briefings"
    custom.mkdir()
    (custom / "tag.html").write_text(TEMPLATES.joinpath("tag.html").read_text() + "<!-- mine -->")
    assert dirty_build(site, out, env)["pages_written"] == generated
    assert "<!-- mine -->" in (out / "tags" / "missiles" / "index.html").read_text()
    build(site, env=env, out=tmp_path / "clean")
    assert differing(tree(tmp_path / "clean"), tree(out)) == []
