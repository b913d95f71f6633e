"""The search index: documents from the graph, Material's for hand-written pages, chunked.

Real builds (subprocess and in-process, as `mkdocs serve` runs them) read back with the
same reader tools use; the browser side is tests/test_search_browser.py.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from briefings.site.search import (
    MANIFEST,
    Document,
    HandWritten,
    chunk_documents,
    merge_documents,
    read_chunk,
    read_index,
)

from .helpers import SEED_SLUG, build, copy_site

SEED = f"briefings/{SEED_SLUG}/"
HOSTILE_TITLE = "<img src=x onerror=alert(1)> &amp; co"
HOSTILE = f"""---
title: {json.dumps(HOSTILE_TITLE)}
date: 2022-06-26
summary: "The mayor said \\"we will hold the line\\" <b>bold</b>."
sources: [{{name: A, note: N}}]
tags: ["<script>x</script>"]
people: [vladimir-putin]
---
Body.
"""


def _docs(site_dir: Path) -> list[Document]:
    return read_index(site_dir)[1]


def _by_location(site_dir: Path) -> dict[str, Document]:
    docs = _docs(site_dir)
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations)), Counter(locations).most_common(3)
    return {d["location"]: d for d in docs}


def test_material_sees_config_only_and_the_chunks_hold_every_page(repo_site: Path) -> None:
    stub = json.loads((repo_site / "search" / "search_index.json").read_text())
    assert stub["docs"] == []  # nothing for the page's main thread to parse
    assert {"title", "text", "tags", "names", "points"} <= set(stub["config"]["fields"])
    config, docs = read_index(repo_site)
    assert config == stub["config"]
    docs_by = _by_location(repo_site)
    briefings = sorted(p.stem for p in (repo_site.parent / "briefings").glob("*.md"))
    for slug in briefings:
        assert f"briefings/{slug}/" in docs_by
    assert "stories/russia-belarus-nuclear-sharing/" in docs_by
    assert "people/alexander-lukashenko/" in docs_by
    assert "tags/food-security/" in docs_by
    assert "" in docs_by and "sample-content/" in docs_by  # hand-written, Material's
    # Listings and the software's own documentation are not searched.
    pages = {d["location"].split("#")[0] for d in docs}
    for absent in ("timeline/", "archive/", "tags/", "corrections/", "writing/",
                   "configuration/", "contributing/", "publishing/"):  # fmt: skip
        assert absent not in pages
    # A generated page has one document (not one per section), from the graph.
    assert [loc for loc in docs_by if loc.startswith(SEED)] == [SEED]


def test_a_briefing_document_carries_what_readers_search_for(repo_site: Path) -> None:
    doc = _by_location(repo_site)[SEED]
    assert doc["title"] == "Moscow will deliver missiles to Belarus"
    assert doc["text"].startswith(
        '<p class="bf-search__meta">25 June 2022 · Russian nuclear weapons in Belarus</p>'
    )
    assert "Meeting Alexander Lukashenko in St Petersburg" in doc["text"]  # the summary
    assert "Belarus had announced the previous month" in doc["points"]  # a key point
    words = doc["names"].split()
    for word in ("Lukashenka", "Aliaksandr", "Sukhoi", "Su-25", "Iskander", "Fertilizer,"):
        assert word in words  # names and aliases of entities, story titles
    assert len(words) == len({w.casefold() for w in words})  # each word once
    assert doc["tags"][:2] == ["nuclear-weapons", "missiles"]
    assert "body" not in doc  # full text is an option
    entity = _by_location(repo_site)["people/alexander-lukashenko/"]
    assert entity["title"] == "Alexander Lukashenko"
    assert "Lukashenka" in entity["names"] and entity["boost"] > 1


def test_every_value_is_escaped_exactly_once(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    (site / "briefings" / "2022-06-26-hostile.md").write_text(HOSTILE, encoding="utf-8")
    build(site, strict=False)
    doc = _by_location(site / "site")["briefings/2022-06-26-hostile/"]
    assert doc["title"] == html.escape(HOSTILE_TITLE, quote=False)
    assert doc["title"] == "&lt;img src=x onerror=alert(1)&gt; &amp;amp; co"
    assert '"we will hold the line" &lt;b&gt;bold&lt;/b&gt;.' in doc["text"]
    assert doc["tags"] == ["&lt;script&gt;x&lt;/script&gt;"]
    for path in (site / "site" / "search").iterdir():
        text = path.read_text(encoding="utf-8")
        assert "<img" not in text and "<script>x" not in text, path


def test_full_text_is_an_option(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - briefings:\n" in config
    config = config.replace("  - briefings:\n", "  - briefings:\n      search_full_text: true\n")
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    build(site)
    doc = _by_location(site / "site")[SEED]
    assert "we will transfer Iskander-M tactical missile systems" in doc["body"]
    assert "](" not in doc["body"]


def test_directory_urls_off_gives_html_locations(html_urls_site: Path) -> None:
    docs = _by_location(html_urls_site)
    assert f"briefings/{SEED_SLUG}.html" in docs
    assert "people/alexander-lukashenko.html" in docs
    for location in docs:
        page = location.split("#")[0]
        assert page == "" or (html_urls_site / page).is_file(), location


# -- builds in one process, as `mkdocs serve` runs them --------------------------------------


def _serve(site: Path, out: Path, *, dirty: bool, builds: int, edit=None) -> list[list[Document]]:
    """`builds` builds with the plugin instances kept, as `mkdocs serve [--dirty]` does;
    `edit(i)` runs before build i > 0. Returns each build's documents."""
    found = []
    startup = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(out))
    startup.plugins.on_startup(command="serve", dirty=dirty)
    try:
        for i in range(builds):
            if i and edit is not None:
                edit(i)
            config = load_config(config_file=str(site / "mkdocs.yml"), site_dir=str(out))
            mkdocs_build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty and i > 0)
            found.append(_docs(out))
    finally:
        startup.plugins.on_startup(command="build", dirty=False)
        startup.plugins.on_shutdown()
    return found


def _unique(docs: list[Document]) -> list[str]:
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations)), Counter(locations).most_common(3)
    return locations


@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve-dirty"])
def test_rebuilds_never_duplicate_an_entry(tmp_path: Path, dirty: bool) -> None:
    site = copy_site(tmp_path / "src")
    home = site / "docs" / "index.md"
    seed = site / "briefings" / f"{SEED_SLUG}.md"

    def edit(i: int) -> None:
        home.write_text(home.read_text() + f"\n## Added section {i}\n\nWords {i}.\n")
        text = re.sub(r"(?m)^title: .*$", f"title: Moscow edit {i}", seed.read_text())
        seed.write_text(text)

    runs = _serve(site, tmp_path / "out", dirty=dirty, builds=3, edit=edit)
    first = _unique(runs[0])
    for docs in runs[1:]:
        locations = _unique(docs)
        assert len(locations) == len(first) + runs.index(docs)  # one added section each
    last = {d["location"]: d for d in runs[-1]}
    assert last[SEED]["title"] == "Moscow edit 2"
    assert "#added-section-2" in last and "#added-section-1" in last


def test_a_removed_page_leaves_the_dirty_index(tmp_path: Path) -> None:
    site = copy_site(tmp_path / "src")
    extra = site / "docs" / "extra.md"
    extra.write_text("# Extra page\n\nFindable words.\n")

    def edit(i: int) -> None:
        extra.unlink()

    runs = _serve(site, tmp_path / "out", dirty=True, builds=2, edit=edit)
    assert "extra/" in _unique(runs[0])
    assert "extra/" not in _unique(runs[1])


# -- the pure parts ----------------------------------------------------------------------------


def _doc(location: str, title: str = "T") -> Document:
    return {"location": location, "title": title, "text": ""}


def test_merge_keeps_the_last_copy_of_each_page_and_drops_covered_pages() -> None:
    theirs = [_doc("a/"), _doc("a/#x"), _doc("b/"), _doc("gen/"), _doc("x/"),
              _doc("a/", "new"), _doc("a/#y"), _doc("gone/")]  # fmt: skip
    ours = [_doc("gen/", "ours"), _doc("c/")]
    pages = [HandWritten("a/"), HandWritten("b/"), HandWritten("x/", excluded=True),
             HandWritten("skipped/", rendered=False)]  # fmt: skip
    previous = {"skipped/": [_doc("skipped/", "kept")]}
    merged, kept = merge_documents(theirs, ours, pages, previous)
    assert [(d["location"], d["title"]) for d in merged] == [
        ("a/", "new"), ("a/#y", "T"), ("b/", "T"), ("skipped/", "kept"),
        ("gen/", "ours"), ("c/", "T"),
    ]  # fmt: skip
    assert kept == {"a/": merged[:2], "b/": [merged[2]], "x/": [], "skipped/": [merged[3]]}


def test_chunks_sample_every_page_and_keep_a_page_together() -> None:
    docs = []
    for i in range(200):
        docs += [_doc(f"p{i}/", "x" * 100), _doc(f"p{i}/#s")]
    chunks = chunk_documents(docs, target=5000)
    assert len(chunks) > 3
    back = [read_chunk(c.content) for c in chunks]
    assert sorted(d["location"] for part in back for d in part) == sorted(
        d["location"] for d in docs
    )
    assert 0 < chunks[0].documents < chunks[1].documents / 2  # the first shard is quick
    for part in back:
        numbers = [int(d["location"][1:-1]) for d in part if "#" not in d["location"]]
        assert numbers == sorted(numbers)
        assert numbers[-1] - numbers[0] > 150  # a sample of the whole site, not a run of it
        for page, section in zip(part[::2], part[1::2], strict=True):
            assert section["location"] == page["location"] + "#s"  # page before its sections
    assert [c.name for c in chunks] == [c.name for c in chunk_documents(docs, target=5000)]
    assert all(re.fullmatch(r"search_index\.\d+\.[0-9a-f]{12}\.js", c.name) for c in chunks)
    assert len(chunk_documents(docs, target=10**9)) == 1
    assert read_chunk(chunk_documents([], target=10)[0].content) == []


def test_the_manifest_names_existing_chunks_and_embeds_the_worker(repo_site: Path) -> None:
    text = (repo_site / MANIFEST).read_text(encoding="utf-8")
    manifest = json.loads(text[text.index("=") + 1 :].rstrip().rstrip(";"))
    assert manifest["chunks"] and all((repo_site / c).is_file() for c in manifest["chunks"])
    assert manifest["documents"] == len(_docs(repo_site))
    worker = manifest["worker"]
    assert worker.index('bf === "chunk"') < worker.index("utils.warn=console.warn")  # host, then
    assert "sourceMappingURL" not in worker


def test_other_languages_embed_their_lunr_scripts(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "plugins:\n  - search\n", "plugins:\n  - search:\n      lang: [en, de]\n"
    )
    (site / "mkdocs.yml").write_text(config, encoding="utf-8")
    build(site)
    text = (site / "site" / MANIFEST).read_text(encoding="utf-8")
    worker = json.loads(text[text.index("=") + 1 :].rstrip().rstrip(";"))["worker"]
    for name in ("min/lunr.stemmer.support.min.js", "min/lunr.de.min.js",
                 "min/lunr.multi.min.js"):  # fmt: skip
        assert f'"{name}"' in worker


def test_without_material_search_nothing_is_written(tmp_path: Path) -> None:
    site = copy_site(tmp_path)
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("  - search\n", ""), encoding="utf-8")
    build(site)
    assert not (site / "site" / "search").exists()
    assert "iframe-worker-facade" not in (site / "site" / "index.html").read_text()
