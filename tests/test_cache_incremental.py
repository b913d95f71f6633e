"""What a rebuild reuses: each page's view-model hash, related briefings, registries,
feeds, the duplicate-body checks and compiled templates, each keyed by everything it is
made from.

No clock here: what was recomputed is counted (the cache's `last-build.json`, the cache's
statistics) and outputs are compared with a clean build's (bench/serve.py and timing
`briefings check` measure the seconds).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment, FileSystemLoader

from briefings.content import cache as build_cache
from briefings.content.cache import STATS_NAME
from briefings.content.hashing import value_bytes
from briefings.site.template_cache import MemoryBytecodeCache
from briefings.tools.check_memo import MEMO_NAME

from .helpers import build
from .sites import SEED_SLUG, briefing, write_site
from .test_serve_latency import differing, dirty_build, tree

TEXT = " ".join(f"word{i}" for i in range(200))
NEAR = TEXT.replace("word100 word101", "changed here")  # 3-shingle Jaccard about 0.96


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}


@pytest.mark.build
def test_a_body_edit_reuses_every_other_pages_part_and_the_graphs(
    tmp_path: Path, env: dict[str, str]
) -> None:
    site = write_site(tmp_path / "site")
    out = tmp_path / "served"
    first = dirty_build(site, out, env)
    pages = first["pages_written"]
    assert first["misses"]["page-parts"] == pages + 1  # the entry, then every page's part
    assert first["misses"]["related"] == 1 and first["misses"]["registries"] == 1
    seed = site / "briefings" / f"{SEED_SLUG}.md"
    seed.write_text(seed.read_text() + "\nA sentence added while previewing.\n")
    edited = dirty_build(site, out, env)
    # Only the edited briefing's own part is made again; the graph's parts come back.
    assert edited["misses"]["page-parts"] == 1 and edited["hits"]["page-parts"] == 1
    assert edited["hits"]["related"] == 1 and "related" not in edited["misses"]
    assert edited["hits"]["registries"] == 1 and "registries" not in edited["misses"]
    assert edited["hits"]["feeds"] == 1 and "feeds" not in edited["misses"]  # no body in feeds
    assert (edited["pages_written"], edited["pages_skipped"]) == (1, pages - 1)
    build(site, env=env, out=tmp_path / "clean")
    assert differing(tree(tmp_path / "clean"), tree(out)) == []


@pytest.mark.build
def test_a_front_matter_edit_makes_the_graph_and_every_part_again(
    tmp_path: Path, env: dict[str, str]
) -> None:
    site = write_site(tmp_path / "site")
    out = tmp_path / "served"
    pages = dirty_build(site, out, env)["pages_written"]
    seed = site / "briefings" / f"{SEED_SLUG}.md"
    text = seed.read_text()
    seed.write_text(text.replace("title: Moscow will deliver", "title: Moscow is to deliver"))
    retitled = dirty_build(site, out, env)
    assert retitled["misses"]["page-parts"] == pages + 1
    assert retitled["misses"]["related"] == 1 and retitled["misses"]["feeds"] == 1
    assert 1 < retitled["pages_written"] < pages  # the pages listing it, not all
    (site / "briefings" / "entities.yml").write_text(
        (site / "briefings" / "entities.yml").read_text() + "\n"
    )
    assert dirty_build(site, out, env)["misses"]["registries"] == 1  # new registry text
    build(site, env=env, out=tmp_path / "clean")
    assert differing(tree(tmp_path / "clean"), tree(out)) == []


def _check(root: Path, env: dict[str, str]) -> tuple[int, str, list[str]]:
    """`briefings check` in a new process: exit code, output, and the heavy modules it
    imported."""
    script = (
        "import sys\nfrom briefings.adapters.cli import main\ncode = main(['check'])\n"
        "print('MODULES', *sorted(m for m in ('datasketch', 'scipy', 'numpy')"
        " if m in sys.modules))\nsys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True,
        env={**os.environ, **env},
    )  # fmt: skip
    lines = result.stdout.splitlines()
    modules = lines[-1].split()[1:]
    return result.returncode, "\n".join(lines[:-1]) + result.stderr, modules


def test_check_keeps_the_duplicate_checks_per_body(tmp_path: Path, env: dict[str, str]) -> None:
    files = {
        "2022-01-02-a.md": briefing("A", "2022-01-02", TEXT),
        "2022-01-04-c.md": briefing("C", "2022-01-04", NEAR),
        "2022-01-05-d.md": briefing("D", "2022-01-05", " ".join(f"o{i}" for i in range(200))),
    }
    root = write_site(tmp_path / "site", briefings=files)
    cold = _check(root, env)
    assert "nearly the same body as briefings/2022-01-02-a.md" in cold[1]
    assert "numpy" in cold[2] and "datasketch" not in cold[2]  # bands without its index
    warm = _check(root, env)
    assert warm[:2] == cold[:2]
    assert warm[2] == []  # nothing changed: no MinHash, no numpy, no scipy
    stats = json.loads((root / ".cache/briefings" / STATS_NAME).read_text())
    assert stats["hits"] == {"check": 1}  # the whole result, from the check's memo
    (root / ".cache/briefings" / MEMO_NAME).unlink()  # per body, without the memo
    assert _check(root, env) == warm
    stats = json.loads((root / ".cache/briefings" / STATS_NAME).read_text())
    bodies = len(list((root / "briefings").glob("*.md")))
    assert stats["hits"]["hygiene-body"] == bodies and "hygiene-body" not in stats["misses"]
    assert stats["hits"]["hygiene-near"] == 1
    # Another near duplicate: its signature alone is made, the pairs again.
    extra = root / "briefings" / "2022-01-06-e.md"
    extra.write_text(briefing("E", "2022-01-06", NEAR.replace("word5 ", "other ")))
    edited = _check(root, env)
    stats = json.loads((root / ".cache/briefings" / STATS_NAME).read_text())
    assert stats["misses"]["hygiene-body"] == 1 and stats["misses"]["hygiene-near"] == 1
    (root / ".cache/briefings" / build_cache.FILE_NAME).unlink()
    (root / ".cache/briefings" / MEMO_NAME).unlink()
    assert _check(root, env)[:2] == edited[:2]
    assert "2022-01-06-e.md" in edited[1]


def test_compiled_templates_are_reused_only_for_the_same_source_and_options(
    tmp_path: Path,
) -> None:
    memory = MemoryBytecodeCache()
    (tmp_path / "page.html").write_text("<p>{{ x }}</p>")

    def render(**options: bool) -> str:
        env = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=memory, **options)
        return env.get_template("page.html").render(x="<b>")

    assert render(autoescape=True) == "<p>&lt;b&gt;</p>"
    assert len(memory._code) == 1
    assert render(autoescape=True) == "<p>&lt;b&gt;</p>"
    assert len(memory._code) == 1  # reused
    assert render(autoescape=False) == "<p><b></p>"  # other options: compiled apart
    assert len(memory._code) == 2
    (tmp_path / "page.html").write_text("<div>{{ x }}</div>")
    assert render(autoescape=True) == "<div>&lt;b&gt;</div>"  # a changed source
    other = Environment(loader=DictLoader({"page.html": "{{ x }}!"}), bytecode_cache=memory)
    assert other.get_template("page.html").render(x="y") == "y!"


def test_value_bytes_depend_on_the_value_not_on_shared_objects() -> None:
    word = "".join(["sha", "red"])
    shared = (word, word)
    apart = ("shared", "".join(["sh", "ared"]))
    assert value_bytes(shared) == value_bytes(apart)
    assert value_bytes(("a", "b")) != value_bytes(("a", "c"))
