"""A map over forked processes for the core (no engine imported): `fork_map`.

Linux only: a forked child starts with the parent's memory (the settings, the registries,
the build cache) shared copy-on-write, so only its results travel, pickled through a
pipe. The parent works on a share itself, so two cores need one child. A child that
fails or dies costs nothing but time: the results it did not send are computed again in
the parent, so the results are always those of `map(func, items)`, in order.

Each result travels as soon as it is made (one length-prefixed pickle per item), and
the parent takes in what has arrived after each item of its own share: a child never
holds its whole share's results, nor the parent a second copy of them, so the peak of
memory summed over the processes stays near that of one process (issue 12: at 10,000
briefings, the load's 0.4 GB of results were held three times at once).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
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
    children = [_Child(func, items, share) for share in shares[1:]]
    results: list[Any] = [None] * len(items)
    try:
        for index in shares[0]:
            results[index] = func(items[index])
            for child in children:
                child.take(results, wait=False)
    except BaseException:
        for child in children:
            child.stop()
        raise
    for child in children:
        if not child.join(results):  # the child failed: what it did not send is made here
            for index in child.share[child.received :]:
                results[index] = func(items[index])
    return results


#: Bytes a child's pipe may hold before the child waits for the parent to read.
PIPE_BYTES = 1 << 20
#: Bytes the parent reads at once.
READ_BYTES = 1 << 16


class _Child:
    """A forked process computing `func` over `share` of `items`, sending each result
    (a `_HEADER` length, then the pickle) as soon as it is made."""

    def __init__(self, func: Callable[[T], Any], items: Sequence[T], share: list[int]) -> None:
        self.share = share
        self.received = 0  # results taken in, in the order of `share`
        self.buffer = bytearray()
        self.chunk = bytearray(READ_BYTES)  # one read's bytes, reused
        self.open = True
        read, write = os.pipe()
        with contextlib.suppress(OSError, AttributeError):  # Linux: a larger pipe
            import fcntl  # not on Windows, where nothing forks

            fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        pid = os.fork()
        if pid == 0:  # the child: never returns
            status = 1
            try:
                os.close(read)
                gc.freeze()  # inherited objects stay shared: the collector never touches them
                with os.fdopen(write, "wb") as stream:  # buffered: every byte written
                    for index in share:
                        data = pickle.dumps(func(items[index]), pickle.HIGHEST_PROTOCOL)
                        stream.write(_HEADER.pack(len(data)))
                        stream.write(data)
                        stream.flush()  # sent now, not when the buffer fills
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        os.set_blocking(read, False)
        self.pid, self.read = pid, read

    def take(self, results: list[Any], wait: bool) -> None:
        """Put the results that have arrived into `results`; with `wait`, read until the
        child closes its end of the pipe."""
        while self.open:
            if wait:
                select.select([self.read], [], [])
            try:
                size = os.readv(self.read, [self.chunk])
            except BlockingIOError:
                return
            if not size:  # the child is done (or died)
                self.open = False
                break
            self.buffer += memoryview(self.chunk)[:size]
            self._unpack(results)

    def _unpack(self, results: list[Any]) -> None:
        view, start = self.buffer, 0
        while len(view) - start >= _HEADER.size and self.received < len(self.share):
            (size,) = _HEADER.unpack_from(view, start)
            end = start + _HEADER.size + size
            if len(view) < end:
                break
            results[self.share[self.received]] = pickle.loads(view[start + _HEADER.size : end])
            self.received += 1
            start = end
        del self.buffer[:start]

    def join(self, results: list[Any]) -> bool:
        """Read the rest and wait for the child: whether it sent its whole share."""
        try:
            self.take(results, wait=True)
        except Exception:  # a result that does not load: the rest is made again
            pass
        finally:
            os.close(self.read)
        _, status = os.waitpid(self.pid, 0)
        return status == 0 and self.received == len(self.share)

    def stop(self) -> None:
        """End the child (the parent failed)."""
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            os.close(self.read)
