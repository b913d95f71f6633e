"""Build-cache values shared by the loads of one process, where the caller never changes
them: `shared_get`.

`BuildCache.get` unpickles a fresh copy of an entry at every call. Under `mkdocs serve`
the cache lives in memory across rebuilds, and unpickling the parsed results of every
briefing file again was a sixth of a rebuild after an edit to one body (1,000 files).
`shared_get` returns the value unpickled earlier from the very same stored bytes (an
entry written again has new bytes, so it is unpickled again), and counts the hit as `get`
does; the loader uses it for its per-file entries, which nothing changes after loading.
"""

from __future__ import annotations

import weakref
from typing import Any

from briefings.content.cache import BuildCache

# cache -> (namespace, key) -> (the stored bytes, the value unpickled from them)
_SHARED: weakref.WeakKeyDictionary[BuildCache, dict[tuple[str, str], tuple[bytes, Any]]]
_SHARED = weakref.WeakKeyDictionary()


def shared_get(cache: BuildCache, namespace: str, key: str) -> Any | None:
    """`cache.get(namespace, key)`, but a value unpickled earlier in this process from the
    same stored bytes is returned again (the same object): the caller must never change
    it. None when there is no entry (a miss, counted)."""
    memo = _SHARED.setdefault(cache, {})
    blob = cache.entries.get((namespace, key))
    found = memo.get((namespace, key))
    if blob is not None and found is not None and found[0] is blob:
        cache.used.add((namespace, key))
        cache.stats.hits[namespace] += 1
        return found[1]
    value = cache.get(namespace, key)
    if value is None or blob is None:
        memo.pop((namespace, key), None)
        return value
    memo[(namespace, key)] = (blob, value)
    if len(memo) > 2 * len(cache.entries) + 64:  # entries dropped or rewritten since
        stale = [k for k, (b, _) in memo.items() if cache.entries.get(k) is not b]
        for k in stale:
            del memo[k]
    return value
