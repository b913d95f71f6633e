"""A map over forked processes for the core (no engine imported): `fork_map`.

Linux only: a forked child starts with the parent's memory (the settings, the registries,
the build cache) shared copy-on-write, so only its results travel, pickled through a
pipe. The parent works on a share itself, so two cores need one child. A child that
fails or dies costs nothing but time: its share is computed again in the parent, so the
results are always those of `map(func, items)`, in order.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import struct
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Most processes (the parent included) a map uses.
MAX_PROCESSES = 4
_HEADER = struct.Struct("<Q")


def processes() -> int:
    """The CPUs this process may run on, at most `MAX_PROCESSES`; 1 where fork is not
    available, while other threads run (`mkdocs serve`'s: a lock one of them holds would
    stay locked in a child), or with `BRIEFINGS_WORKERS=1`."""
    if not (sys.platform.startswith("linux") and hasattr(os, "fork")):
        return 1
    if threading.active_count() > 1:
        return 1
    given = os.environ.get("BRIEFINGS_WORKERS", "").strip()
    if given.isdigit() and int(given) > 0:
        return min(int(given), MAX_PROCESSES)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_PROCESSES))


def fork_map(
    func: Callable[[T], R], items: Sequence[T], count: int | None = None, minimum: int = 64
) -> list[R]:
    """`[func(item) for item in items]`, computed by `count` processes (default
    `processes()`), each on every `count`-th item; in this process alone when there are
    fewer than `minimum` items per process. Results must pickle."""
    count = processes() if count is None else count
    count = max(1, min(count, len(items) // max(minimum, 1)))
    if count == 1:
        return [func(item) for item in items]
    shares = [list(range(k, len(items), count)) for k in range(count)]
    children = [_start(func, items, share) for share in shares[1:]]
    results: list[Any] = [None] * len(items)
    try:
        for index in shares[0]:
            results[index] = func(items[index])
    except BaseException:
        for pid, read in children:
            _stop(pid, read)
        raise
    for share, child in zip(shares[1:], children, strict=True):
        found = _join(child)
        if found is None or len(found) != len(share):  # the child failed: done here
            found = [func(items[index]) for index in share]
        for index, result in zip(share, found, strict=True):
            results[index] = result
    return results


def _start(func: Callable[[T], Any], items: Sequence[T], share: list[int]) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = 1
        try:
            os.close(read)
            gc.freeze()  # inherited objects stay shared: the collector never touches them
            data = pickle.dumps([func(items[i]) for i in share], pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as stream:
                stream.write(_HEADER.pack(len(data)))
                stream.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _join(child: tuple[int, int]) -> list[Any] | None:
    pid, read = child
    found: list[Any] | None = None
    try:
        with os.fdopen(read, "rb") as stream:
            header = stream.read(_HEADER.size)
            if len(header) == _HEADER.size:
                (size,) = _HEADER.unpack(header)
                data = stream.read(size)
                if len(data) == size:
                    loaded = pickle.loads(data)
                    found = loaded if isinstance(loaded, list) else None
    except Exception:  # a child cut short: its share is computed again
        found = None
    _, status = os.waitpid(pid, 0)
    return found if status == 0 else None


def _stop(pid: int, read: int) -> None:
    try:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    except OSError:
        pass
    with contextlib.suppress(OSError):
        os.close(read)
