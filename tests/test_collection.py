"""Full garbage collections held back during builds (adapters/mkdocs_plugin/collection.py):
the oldest generation's threshold is out of reach while a build runs (under `serve`, from
the second build on, one full collection runs after it), one full collection runs after
every `PAGES_PER_COLLECTION` hand-written pages, and the process's own thresholds come
back."""

from __future__ import annotations

import gc
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefings.adapters.mkdocs_plugin import collection
from briefings.adapters.mkdocs_plugin.collection import DeferredCollection

from .helpers import build, engine, engine_env, engine_python
from .sites import briefing, write_site


@pytest.fixture
def collections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The generations of the full collections that run meanwhile; thresholds restored."""
    before = gc.get_threshold()
    monkeypatch.setattr(collection, "DELAY", 0.0)
    found: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            found.append(2)

    gc.callbacks.append(note)
    try:
        yield found
    finally:
        gc.callbacks.remove(note)
        gc.set_threshold(*before)


def _wait(deferred: DeferredCollection) -> None:
    timer = deferred._timer
    if timer is not None:
        timer.join()


def test_the_first_build_is_left_alone_and_later_ones_collect_after_their_end(
    collections: list[int],
) -> None:
    own = gc.get_threshold()
    deferred = DeferredCollection()
    deferred.start()  # the first build of the process: every page
    assert gc.get_threshold() == own
    deferred.finish()
    assert deferred._timer is None
    deferred.start()
    young, middle, oldest = gc.get_threshold()
    assert (young, middle) == own[:2] and oldest > 10**6
    collections.clear()
    deferred.finish()
    assert gc.get_threshold()[2] > 10**6  # until the collection ran
    _wait(deferred)
    assert collections == [2]
    assert gc.get_threshold() == own


def test_a_build_starting_before_the_collection_runs_it_first(
    collections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    own = gc.get_threshold()
    deferred = DeferredCollection()
    deferred.start()
    deferred.finish()
    monkeypatch.setattr(collection, "DELAY", 3600.0)  # never fires by itself
    deferred.start()
    deferred.finish()
    pending = deferred._timer
    assert pending is not None
    collections.clear()
    deferred.start()  # the next edit came first
    assert collections == [2]  # collected at once
    assert pending.finished.is_set()  # cancelled
    assert gc.get_threshold()[2] > 10**6
    monkeypatch.setattr(collection, "DELAY", 0.0)
    deferred.finish()
    _wait(deferred)
    assert gc.get_threshold() == own


def test_a_build_holds_them_from_its_start_and_restores_them_at_once(
    collections: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    own = gc.get_threshold()
    monkeypatch.setattr(collection, "PAGES_PER_COLLECTION", 3)
    deferred = DeferredCollection()
    deferred.start(serving=False)  # also the first build of the process
    young, middle, oldest = gc.get_threshold()
    assert (young, middle) == own[:2] and oldest > 10**6
    collections.clear()
    for _ in range(7):
        deferred.page_done(generated=False)
        deferred.page_done(generated=True)  # generated pages share one converter
    assert collections == [2, 2]  # after the 3rd and the 6th hand-written page
    deferred.finish()
    assert deferred._timer is None  # no collection after a build
    assert gc.get_threshold() == own
    assert collections == [2, 2]
    deferred.page_done(generated=False)  # not held: nothing
    deferred.page_done(generated=False)
    assert collections == [2, 2]


# Counts the full collections while the build runs (from after the plugin's on_config to
# before its on_post_build: hooks come after plugins, so priority 0 puts them there, and
# after the plugin's on_page_content of the same page), with
# the process's thresholds set so low that a full collection would run all the time.
HOOK = """
import atexit, gc, json, pathlib
from briefings.adapters.mkdocs_plugin import collection
collection.PAGES_PER_COLLECTION = 2
gc.set_threshold(10, 1, 1)
state = {"counting": False, "full": 0, "hand_written": 0, "held": [], "after": None,
         "converted": []}

def _note(phase, info):
    if phase == "start" and info["generation"] == 2 and state["counting"]:
        state["full"] += 1

gc.callbacks.append(_note)

def on_config(config):
    state["counting"] = True

def on_page_content(html, page, config, files):
    state["held"].append(gc.get_threshold()[2])
    if page.file.generated_by is None:  # full collections so far, as each one is converted
        state["converted"].append(state["full"])

def on_post_page(output, page, config):
    state["hand_written"] += page.file.generated_by is None

def on_post_build(config):
    state["counting"] = False

@atexit.register
def _write():
    state["after"] = gc.get_threshold()
    pathlib.Path(__file__).with_name("gc.json").write_text(json.dumps(state))
"""


def _build_counting(site: Path) -> dict:
    (site / "gc_hook.py").write_text(HOOK, encoding="utf-8")
    result = build(site, check=False)
    state = json.loads((site / "gc.json").read_text(encoding="utf-8"))
    return {**state, "returncode": result.returncode, "output": result.stderr}


@pytest.mark.build
def test_a_real_build_makes_a_full_collection_only_after_every_few_hand_written_pages(
    tmp_path: Path,
) -> None:
    docs = {f"page-{n}.md": f"# Page {n}\n\nText {n}.\n" for n in range(5)}
    site = write_site(tmp_path / "site", docs=docs, config={"hooks": ["gc_hook.py"]})
    state = _build_counting(site)
    assert state["returncode"] == 0, state["output"]
    assert state["hand_written"] >= 6
    assert state["full"] == state["hand_written"] // 2
    # While the pages are converted (the engine renders none before all are): the cycles
    # a page's own converter leaves are freed every 2 pages, not after the last.
    count = state["hand_written"]
    assert state["converted"] == [n // 2 for n in range(1, count + 1)]
    assert state["held"] and min(state["held"]) > 10**6  # in every page's conversion
    assert state["after"] == [10, 1, 1]  # the process's own, at its end


@pytest.mark.build
def test_a_failed_build_gives_the_thresholds_back(tmp_path: Path) -> None:
    bad = {"2024-05-09-bad.md": briefing("Bad", "2024-05-09", "Body.", stories=["no-such"])}
    site = write_site(tmp_path / "site", briefings=bad, config={"hooks": ["gc_hook.py"]})
    state = _build_counting(site)
    assert state["returncode"] != 0 and "no-such" in state["output"]
    assert state["after"] == [10, 1, 1]  # given back by on_build_error


# Builds the site given on the command line in this process, after registering an exit
# handler that runs after the plugin's (atexit runs them last-registered first).
_EXIT_SCRIPT = """
import atexit, gc, importlib, sys
engine, config_file, command = sys.argv[1], sys.argv[2], sys.argv[3]
if engine == "properdocs":
    import properdocs.replacement
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count(), flush=True))
config = importlib.import_module(engine + ".config").load_config(config_file=config_file)
config.plugins.on_startup(command=command, dirty=False)
importlib.import_module(engine + ".commands.build").build(config)
print("frozen after the build:", gc.get_freeze_count(), flush=True)
"""


@pytest.mark.build
@pytest.mark.parametrize("command", ["build", "serve"])
def test_at_exit_the_objects_are_frozen_after_a_build_only(tmp_path: Path, command: str) -> None:
    site = write_site(tmp_path / "site")
    result = subprocess.run(
        [engine_python(), "-c", _EXIT_SCRIPT, engine(), str(site / "mkdocs.yml"), command],
        capture_output=True, text=True, env=engine_env(), check=True,
    )  # fmt: skip
    after, at_exit = (int(line.rpartition(" ")[2]) for line in result.stdout.splitlines())
    assert after == 0  # the process may build again: nothing is frozen before it exits
    if command == "build":
        assert at_exit > 50_000  # the build's objects: exit's collections skip them
    else:
        assert at_exit == 0
