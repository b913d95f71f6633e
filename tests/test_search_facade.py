"""The search facade's scheduling, in real Chromium, with a scripted stand-in for
Material's worker: each chunk's shard is set up and answers as its documents say, so a
shard can be slow to index (`busy`: its set-up keeps its host busy) or never answer
(`silent`). The facade (iframe-worker-facade.js) and the host (search_worker.js) are the
plugin's own files, as the build writes them; only the worker they run is scripted.

At 10,000 briefings the index is tens of shards indexed one after another by one or two
hosts, and a host answers a query only after the chunk it is indexing: these tests show
that results come from the first shard that has matches, without waiting for every shard
(a shard that never answers does not hold the others back), and that while shards are
still building the list is re-sent at most once every REFRESH ms, not once per shard.
"""

from __future__ import annotations

import itertools
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from briefings.adapters.mkdocs_plugin.theme import asset_bytes
from briefings.site.search import MANIFEST, manifest_script

from .browser import chromium

pytestmark = [pytest.mark.build, pytest.mark.browser]

FACADE = "javascripts/iframe-worker-facade.js"
_SOURCE = asset_bytes(FACADE).decode("utf-8")
REFRESH = int(re.search(r"var REFRESH = (\d+);", _SOURCE).group(1))  # type: ignore[union-attr]

# Material's worker protocol (SETUP 0, READY 1, QUERY 2, RESULT 3), scripted per chunk.
SCRIPTED_WORKER = """
var docs = [];
addEventListener("message", function (ev) {
  var m = ev.data;
  if (m.type === 0) {
    docs = m.data.docs;
    var busy = 0;
    docs.forEach(function (d) { busy = Math.max(busy, d.busy || 0); });
    var until = Date.now() + busy;
    while (Date.now() < until) {}  // indexing: the host does nothing else meanwhile
    postMessage({type: 1});
  } else if (m.type === 2) {
    if (docs.some(function (d) { return d.silent; })) return;
    var items = docs.filter(function (d) { return d.title.indexOf(m.data) >= 0; })
      .map(function (d) {
        return [{location: d.location, title: d.title, text: "", score: 1, terms: {}}];
      });
    postMessage({type: 3, data: {items: items}});
  }
});
"""

PAGE = """<!doctype html><meta charset="utf-8"><title>facade</title>
<script>%s</script>
<script>
window.results = [];
window.ready = false;
window.searchWorker = new Worker("assets/javascripts/workers/search.test.js");
window.searchWorker.onmessage = function (ev) {
  var m = ev.data;
  if (m.type === 1) window.ready = true;
  if (m.type === 3) window.results.push({
    at: performance.now(),
    locations: m.data.items.map(function (group) { return group[0].location; })
  });
};
window.searchWorker.postMessage({type: 0, data: {config: {}, docs: [], options: {}}});
</script>
"""


def _host_source() -> str:
    """search_worker.js with the scripted worker in place of Material's."""
    host = (
        resources.files("briefings.adapters.mkdocs_plugin")
        .joinpath("search_worker.js")
        .read_text("utf-8")
    )
    return host.replace("/*SCRIPTS*/{}", "{}").replace('/*SOURCE*/""', json.dumps(SCRIPTED_WORKER))


def _site(root: Path, chunks: list[list[dict[str, Any]]]) -> Path:
    """A page with the facade, and an index of `chunks` (documents per chunk)."""
    (root / "search").mkdir(parents=True)
    names = []
    for number, docs in enumerate(chunks):
        name = f"search/chunk.{number}.js"
        text = json.dumps(docs)
        script = f"(self.__bfSearchDocs=self.__bfSearchDocs||{{}})[{number}]={json.dumps(text)};"
        (root / name).write_text(script, encoding="utf-8")
        names.append(name)
    manifest = {"config": {}, "chunks": names, "documents": sum(map(len, chunks)),
                "hidden": [], "worker": _host_source()}  # fmt: skip
    (root / MANIFEST).write_text(manifest_script(manifest), encoding="utf-8")
    page = root / "index.html"
    page.write_text(PAGE % _SOURCE, encoding="utf-8")
    return page


def _doc(location: str, title: str, **flags: object) -> dict[str, Any]:
    return {"location": location, "title": title, "text": "", **flags}


def _open(browser: Any, page_file: Path, cores: int) -> Any:
    """The page, with `navigator.hardwareConcurrency` set to `cores` (hosts: cores - 1)."""
    context = browser.new_context()
    context.add_init_script(
        f"Object.defineProperty(navigator, 'hardwareConcurrency', {{get: () => {cores}}});"
    )
    page = context.new_page()
    page.goto(page_file.as_uri())
    page.wait_for_function("window.ready", timeout=30_000)
    return page


def test_a_shard_that_has_not_answered_holds_no_result_back(tmp_path: Path) -> None:
    """Results show as soon as a shard with matches answers; one that never answers (a
    host still busy indexing, at 10,000) leaves the others' results on screen."""
    page_file = _site(tmp_path, [
        [_doc("a/", "Alpha one"), _doc("x/", "Other")],
        [_doc("b/", "Alpha two")],
        [_doc("c/", "Alpha three", silent=True)],
    ])  # fmt: skip
    with chromium() as browser:
        page = _open(browser, page_file, cores=4)
        page.wait_for_function("window.__bfSearchStatus.done", timeout=30_000)
        page.evaluate("window.searchWorker.postMessage({type: 2, data: 'Alpha'})")
        page.wait_for_function("window.results.some(r => r.locations.length === 2)", timeout=30_000)
        shown = page.evaluate("window.results.map(r => r.locations.slice().sort())")
        status = page.evaluate("window.__bfSearchStatus")
    assert status["ready"] == 3 and status["answered"]["shards"] == 2
    assert ["a/", "b/"] in shown
    assert all(set(r) <= {"a/", "b/"} and r for r in shown)


def test_while_shards_build_the_list_is_resent_at_most_every_refresh(tmp_path: Path) -> None:
    """Twelve shards, each keeping the one host busy, become ready one after another
    after the query: the result is re-sent at most once every REFRESH ms (each sent
    result re-renders Material's list on the page's main thread), and the last one, with
    every shard, at once."""
    count = 12
    page_file = _site(tmp_path, [[_doc(f"p{i}/", f"Alpha {i}", busy=200)] for i in range(count)])
    with chromium() as browser:
        page = _open(browser, page_file, cores=2)
        page.evaluate("window.searchWorker.postMessage({type: 2, data: 'Alpha'})")
        page.wait_for_function(
            f"window.results.some(r => r.locations.length === {count})", timeout=60_000
        )
        page.wait_for_timeout(REFRESH + 200)  # nothing more is sent after the last
        results = page.evaluate("window.results")
        status = page.evaluate("window.__bfSearchStatus")
    assert status["done"] and status["ready"] == count
    assert 0 < len(results[0]["locations"]) < count  # the first shards', at once
    assert sorted(results[-1]["locations"]) == sorted(f"p{i}/" for i in range(count))
    assert len(results) < count
    gaps = [b["at"] - a["at"] for a, b in itertools.pairwise(results)]
    assert all(gap >= REFRESH - 5 for gap in gaps[:-1]), gaps
