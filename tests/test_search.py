"""The search index: documents from the graph, Material's for hand-written pages, chunked.

Real builds of the NEWS test site (tests/sites.py) read back with the reader tools use;
rebuilds run in one engine process as `serve` and `serve --dirty` run them. The browser
side is tests/test_search_browser.py.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from briefings.site.search import (
    MANIFEST,
    Document,
    HandWritten,
    chunk_documents,
    merge_documents,
    read_chunk,
    read_index,
)

from .helpers import build, engine, engine_env, engine_python
from .sites import NEWS, NUCLEAR_TITLE, SEED_SLUG, SEED_TITLE, Env, briefing, write_site

SEED = f"briefings/{SEED_SLUG}/"
HOSTILE_TITLE = "<img src=x onerror=alert(1)> &amp; co"
HOSTILE = briefing(
    HOSTILE_TITLE, "2022-06-26", "Body.",
    summary='The mayor said "we will hold the line" <b>bold</b>.',
    tags=["<script>x</script>"], people=["vladimir-putin"],
)  # fmt: skip


def plugins(search: object = "search") -> list[object]:
    """NEWS's plugin list with the search plugin's entry replaced (None: no search)."""
    listed: list[object] = [] if search is None else [search]
    return [*listed, {"offline": {"enabled": Env("OFFLINE", False)}},
            {"briefings": dict(NEWS.plugin)}]  # fmt: skip


def _docs(site_dir: Path) -> list[Document]:
    return read_index(site_dir)[1]


def _by_location(site_dir: Path) -> dict[str, Document]:
    docs = _docs(site_dir)
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations)), Counter(locations).most_common(3)
    return {d["location"]: d for d in docs}


def test_material_sees_config_only_and_the_chunks_hold_every_page(news_site: Path) -> None:
    stub = json.loads((news_site / "search" / "search_index.json").read_text())
    assert stub["docs"] == []  # nothing for the page's main thread to parse
    assert {"title", "text", "tags", "names", "points"} <= set(stub["config"]["fields"])
    config, docs = read_index(news_site)
    assert config == stub["config"]
    docs_by = _by_location(news_site)
    for name in NEWS.briefings:
        assert f"briefings/{name.removesuffix('.md')}/" in docs_by
    assert "stories/russia-belarus-nuclear-sharing/" in docs_by
    assert "people/alexander-lukashenko/" in docs_by
    assert "tags/food-security/" in docs_by
    assert "" in docs_by and "writing/" in docs_by  # hand-written: Material's documents
    # Listings are not searched, nor what the home page's markers list.
    pages = {d["location"].split("#")[0] for d in docs}
    for absent in ("timeline/", "archive/", "tags/", "corrections/", "feeds/"):
        assert absent not in pages
    home = " ".join(d["text"] for d in docs if d["location"].split("#")[0] == "")
    assert SEED_TITLE not in home
    # A generated page has one document (not one per section), from the graph.
    assert [loc for loc in docs_by if loc.startswith(SEED)] == [SEED]


def test_a_briefing_document_carries_what_readers_search_for(news_site: Path) -> None:
    doc = _by_location(news_site)[SEED]
    assert doc["title"] == SEED_TITLE
    assert doc["text"].startswith(f"<p>25 June 2022 · {NUCLEAR_TITLE} — ")  # the date
    assert "Meeting Alexander Lukashenko in St Petersburg" in doc["text"]  # the summary
    assert "Belarus had announced the previous month" in doc["points"]  # a key point
    words = doc["names"].split()
    for word in ("Lukashenka", "Sukhoi", "Su-25", "Iskander", "Fertilizer,", "NATO"):
        assert word in words  # names and aliases of entities, story titles
    assert len(words) == len({w.casefold() for w in words})  # each word once
    assert doc["tags"] == ["nuclear-weapons", "missiles", "fertilizer", "sanctions"]
    assert "body" not in doc  # full text is an option
    entity = _by_location(news_site)["people/alexander-lukashenko/"]
    assert entity["title"] == "Alexander Lukashenko"
    assert entity["text"] == "<p>People</p><p>President of Belarus.</p>"
    assert entity["names"] == "Lukashenko Lukashenka" and entity["boost"] > 1


@pytest.mark.build
def test_every_value_is_escaped_exactly_once(tmp_path: Path) -> None:
    site = write_site(tmp_path, briefings={"2022-06-26-hostile.md": HOSTILE})
    build(site, strict=False)
    doc = _by_location(site / "site")["briefings/2022-06-26-hostile/"]
    assert doc["title"] == html.escape(HOSTILE_TITLE, quote=False)
    assert doc["title"] == "&lt;img src=x onerror=alert(1)&gt; &amp;amp; co"
    assert '"we will hold the line" &lt;b&gt;bold&lt;/b&gt;.' in doc["text"]
    assert doc["tags"] == ["&lt;script&gt;x&lt;/script&gt;"]
    for path in (site / "site" / "search").iterdir():
        text = path.read_text(encoding="utf-8")
        assert "<img" not in text and "<script>x" not in text, path


@pytest.mark.build
def test_full_text_is_an_option(tmp_path: Path) -> None:
    site = write_site(tmp_path, plugin={"search_full_text": True})
    build(site)
    doc = _by_location(site / "site")[SEED]
    assert "Putin said Iskander-M launchers would arrive in conventional" in doc["body"]
    assert "](" not in doc["body"]  # link targets are not text


@pytest.mark.build
def test_full_text_holds_the_text_as_the_page_shows_it(tmp_path: Path) -> None:
    body = "Entities written out: &lt;tag&gt; and AT&amp;T, a bare R&D, caf&eacute;."
    site = write_site(tmp_path, plugin={"search_full_text": True},
                      briefings={"2022-06-26-entities.md": briefing("Entities", "2022-06-26", body)})  # fmt: skip
    build(site)
    doc = _by_location(site / "site")["briefings/2022-06-26-entities/"]
    # Escaped once, as every indexed text: the query "<tag>" is escaped the same way.
    assert "&lt;tag&gt; and AT&amp;T, a bare R&amp;D, café." in doc["body"], doc["body"]


def test_directory_urls_off_gives_html_locations(news_site_html: Path) -> None:
    docs = _by_location(news_site_html)
    assert f"briefings/{SEED_SLUG}.html" in docs
    assert "people/alexander-lukashenko.html" in docs
    for location in docs:
        page = location.split("#")[0]
        assert page == "" or (news_site_html / page).is_file(), location


def test_the_manifest_names_existing_chunks_and_embeds_the_worker(news_site: Path) -> None:
    text = (news_site / MANIFEST).read_text(encoding="utf-8")
    manifest = json.loads(text[text.index("=") + 1 :].rstrip().rstrip(";"))
    assert manifest["chunks"] and all((news_site / c).is_file() for c in manifest["chunks"])
    assert manifest["documents"] == len(_docs(news_site))
    assert manifest["hidden"] == ["body", "names", "points"]
    worker = manifest["worker"]
    assert worker.index('bf === "chunk"') < worker.index("utils.warn=console.warn")  # host, then
    assert "sourceMappingURL" not in worker


@pytest.mark.build
def test_other_languages_embed_their_lunr_scripts(tmp_path: Path) -> None:
    site = write_site(tmp_path, config={"plugins": plugins({"search": {"lang": ["en", "de"]}})})
    build(site)
    text = (site / "site" / MANIFEST).read_text(encoding="utf-8")
    worker = json.loads(text[text.index("=") + 1 :].rstrip().rstrip(";"))["worker"]
    for name in ("min/lunr.stemmer.support.min.js", "min/lunr.de.min.js",
                 "min/lunr.multi.min.js"):  # fmt: skip
        assert f'"{name}"' in worker


@pytest.mark.build
def test_without_material_search_nothing_is_written(tmp_path: Path) -> None:
    site = write_site(tmp_path, config={"plugins": plugins(None)})
    build(site)
    assert not (site / "site" / "search").exists()
    assert "iframe-worker-facade" not in (site / "site" / "index.html").read_text()


# -- builds in one process, as `serve` runs them ----------------------------------------------

# `serve [--dirty]` as MkDocs runs it: one on_startup, then a fresh config per build (the
# plugin objects are reused), the builds after the first dirty under --dirty. Between two
# builds it prints the search documents and waits for a line on stdin.
_SERVE = """
import importlib, json, sys
engine, config_file, site_dir, dirty, builds = sys.argv[1:6]
dirty, builds = dirty == "1", int(builds)
if engine == "properdocs":
    import properdocs.replacement
load_config = importlib.import_module(engine + ".config").load_config
build = importlib.import_module(engine + ".commands.build").build
from briefings.site.search import read_index
from pathlib import Path
startup = None
for number in range(builds):
    if number:
        sys.stdin.readline()
    config = load_config(config_file=config_file, site_dir=site_dir)
    if startup is None:
        startup = config.plugins
        startup.on_startup(command="serve", dirty=dirty)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=dirty and number > 0)
    print("DOCS", json.dumps(read_index(Path(site_dir))[1]), flush=True)
startup.on_shutdown()
"""


def _serve(site: Path, out: Path, *, dirty: bool, builds: int,
           edit: Callable[[int], None]) -> list[list[Document]]:  # fmt: skip
    """`builds` builds as `serve [--dirty]` runs them; `edit(i)` before build i > 0.
    Returns each build's search documents."""
    args = [engine_python(), "-c", _SERVE, engine(), str(site / "mkdocs.yml"), str(out),
            "1" if dirty else "0", str(builds)]  # fmt: skip
    found: list[list[Document]] = []
    with subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                          stderr=subprocess.PIPE, env=engine_env()) as process:  # fmt: skip
        assert process.stdin is not None and process.stdout is not None
        for line in process.stdout:
            if line.startswith("DOCS "):
                found.append(json.loads(line.removeprefix("DOCS ")))
                if len(found) < builds:
                    edit(len(found))
                    process.stdin.write("\n")
                    process.stdin.flush()
        errors = process.stderr.read() if process.stderr else ""
    assert process.returncode == 0 and len(found) == builds, errors
    return found


def _unique(docs: list[Document]) -> list[str]:
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations)), Counter(locations).most_common(3)
    return locations


@pytest.mark.build
@pytest.mark.parametrize("dirty", [False, True], ids=["serve", "serve-dirty"])
def test_rebuilds_never_duplicate_an_entry(tmp_path: Path, dirty: bool) -> None:
    """Edits to the home page (Material's dirty merge then drops every other page's
    entries) and to a briefing, between builds."""
    site = write_site(tmp_path / "src")
    home = site / "docs" / "index.md"
    seed = site / "briefings" / f"{SEED_SLUG}.md"

    def edit(i: int) -> None:
        home.write_text(home.read_text() + f"\n## Added section {i}\n\nWords {i}.\n")
        text = re.sub(r"(?m)^title: .*$", f"title: Moscow edit {i}", seed.read_text())
        seed.write_text(text)

    runs = _serve(site, tmp_path / "out", dirty=dirty, builds=3, edit=edit)
    first = _unique(runs[0])
    for number, docs in enumerate(runs[1:], start=1):
        assert len(_unique(docs)) == len(first) + number  # one added section each
    last = {d["location"]: d for d in runs[-1]}
    assert last[SEED]["title"] == "Moscow edit 2"
    assert "#added-section-2" in last and "#added-section-1" in last
    assert "writing/" in last  # a page the dirty builds skipped


@pytest.mark.build
def test_a_removed_page_leaves_the_dirty_index(tmp_path: Path) -> None:
    site = write_site(tmp_path / "src", docs={"extra.md": "# Extra page\n\nFindable words.\n"})
    runs = _serve(site, tmp_path / "out", dirty=True, builds=2,
                  edit=lambda i: (site / "docs" / "extra.md").unlink())  # fmt: skip
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
    assert [c.path for c in chunks] == [c.path for c in chunk_documents(docs, target=5000)]
    assert all(re.fullmatch(r"search/search_index\.\d+\.[0-9a-f]{12}\.js", c.path) for c in chunks)
    assert len(chunk_documents(docs, target=10**9)) == 1
    assert read_chunk(chunk_documents([], target=10)[0].content) == []
