"""Full garbage collections held back during `serve` rebuilds (adapters/mkdocs_plugin/
serve_gc.py): the oldest generation's threshold is out of reach while a rebuild runs, one
full collection runs after it, and the process's own thresholds come back."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from briefings.adapters.mkdocs_plugin import serve_gc
from briefings.adapters.mkdocs_plugin.serve_gc import DeferredCollection

pytestmark = pytest.mark.core


@pytest.fixture
def collections(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The generations of the full collections that run meanwhile; thresholds restored."""
    before = gc.get_threshold()
    monkeypatch.setattr(serve_gc, "DELAY", 0.0)
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
    monkeypatch.setattr(serve_gc, "DELAY", 3600.0)  # never fires by itself
    deferred.start()
    deferred.finish()
    pending = deferred._timer
    assert pending is not None
    collections.clear()
    deferred.start()  # the next edit came first
    assert collections == [2]  # collected at once
    assert pending.finished.is_set()  # cancelled
    assert gc.get_threshold()[2] > 10**6
    monkeypatch.setattr(serve_gc, "DELAY", 0.0)
    deferred.finish()
    _wait(deferred)
    assert gc.get_threshold() == own
