"""Values the build cache shares across the loads of one process (content/cache_shared.py),
as `mkdocs serve` loads the briefings again at every rebuild with one cache in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.content import cache as build_cache
from briefings.content.cache import BuildCache
from briefings.content.cache_shared import shared_get

from .sites import SEED_SLUG
from .test_cache import _load, _settings, _site, _snapshot

pytestmark = pytest.mark.core
MISSPELT = "2022-07-02-misspelt"


def _open(root: Path) -> BuildCache:
    context = build_cache.content_context(_settings(root))
    return build_cache.reuse(None, root / ".cache/briefings", context)


def test_a_shared_value_is_unpickled_once_per_stored_bytes(tmp_path: Path) -> None:
    cache = _open(_site(tmp_path))
    cache.put("ns", "k", {"a": [1]})
    first = shared_get(cache, "ns", "k")
    assert first == {"a": [1]}
    assert shared_get(cache, "ns", "k") is first
    copy = cache.get("ns", "k")
    assert copy == first and copy is not first  # not shared: a fresh copy each time
    cache.put("ns", "k", {"a": [2]})  # new bytes: unpickled again
    assert shared_get(cache, "ns", "k") == {"a": [2]}
    assert shared_get(cache, "ns", "missing") is None
    assert cache.stats.hits["ns"] == 4 and cache.stats.misses["ns"] == 1


def test_loads_in_one_process_share_unchanged_files_and_equal_a_cold_load(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path)
    cache = _open(root)
    _load(root, cache)  # fills the cache
    cache.save()
    warm = _load(root, cache)
    again = _load(root, cache)
    assert _snapshot(again) == _snapshot(warm) == _snapshot(_load(root, None))
    same = {b.slug: b for b in warm.briefings}
    # Unpickled once; the misspelt file asked for a hint, so it is never cached.
    assert all((b is same[b.slug]) == (b.slug != MISSPELT) for b in again.briefings)
    seed = root / "briefings" / f"{SEED_SLUG}.md"
    seed.write_text(seed.read_text() + "\nOne more sentence about Minsk.\n")
    cache.save()
    edited = _load(root, cache)
    assert _snapshot(edited) == _snapshot(_load(root, None))
    by_slug = {b.slug: b for b in edited.briefings}
    assert by_slug[SEED_SLUG] is not same[SEED_SLUG]
    assert by_slug[SEED_SLUG].body.endswith("One more sentence about Minsk.\n")
    assert "One more sentence" not in same[SEED_SLUG].body  # the earlier load's is unchanged
    others = [b for b in edited.briefings if b.slug not in (SEED_SLUG, MISSPELT)]
    assert others and all(b is same[b.slug] for b in others)
