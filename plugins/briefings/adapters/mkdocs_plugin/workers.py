"""Forked worker processes for one build: each runs one function and streams its results
back, with its log records, to the build's process (see `parallel`).

Linux only (`fork_available`): a forked child starts with the parent's memory, shared
copy-on-write, so it needs nothing sent to it; the results come back pickled through a
pipe, as length-prefixed messages.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import signal
import struct
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from mkdocs.exceptions import PluginError

#: Most worker processes the default (`workers: 0`) uses.
MAX_WORKERS = 4
#: The loggers whose records a worker sends back (MkDocs' and ProperDocs').
LOGGER_NAMES = ("mkdocs", "properdocs")


def default_workers() -> int:
    """The CPUs this process may run on (`os.sched_getaffinity`), at most `MAX_WORKERS`."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


def fork_available() -> bool:
    """Whether worker processes can be forked safely here (Linux)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


# -- one forked worker ------------------------------------------------------------------


class _Capture(logging.Handler):
    """In a worker: keeps every record, its message formatted, to send back."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


def _failure(error: BaseException) -> str:
    if isinstance(error, PluginError) or type(error).__name__ in ("BuildError", "Abort"):
        return str(error)
    last = traceback.extract_tb(error.__traceback__)[-1:] or None
    where = f" (at {last[0].filename}:{last[0].lineno})" if last else ""
    return f"{type(error).__name__}: {error}{where}"


class Worker:
    """A forked process that runs `work()`, an iterable of results it sends back one by
    one as it makes them; `results` receives them in this process.

    The worker's records of the `LOGGER_NAMES` loggers come back after its last result
    and are handled by this process's loggers; an exception in `work` (or a worker that
    dies) raises `PluginError` with its message once its results are read.
    """

    def __init__(self, work: Callable[[], Iterable[Any]], name: str) -> None:
        self.name = name
        self.done = False
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            os.close(read)
            _serve(work, write)
        os.close(write)
        self.pid, self.fd = pid, read

    def messages(self) -> Iterator[tuple[Any, ...]]:
        """The worker's messages as they come: `("result", x)` ..., then `("end",
        records, error)` (also made up here for a worker that died without one)."""
        ended = False
        with os.fdopen(self.fd, "rb") as stream:
            while header := stream.read(_HEADER.size):
                (size,) = _HEADER.unpack(header)
                message = pickle.loads(stream.read(size))
                ended = ended or message[0] == "end"
                yield message
        _, status = os.waitpid(self.pid, 0)
        self.done = True
        if not ended:
            yield ("end", [], f"its process ({self.pid}) ended without a result "
                              f"(wait status {status})")  # fmt: skip

    def end(self, records: list[logging.LogRecord], error: str | None) -> None:
        """Handle the worker's `records` here; raise PluginError for its `error`."""
        self.done = True
        for record in records:
            logging.getLogger(record.name).handle(record)
        if error is not None:
            raise PluginError(f"{self.name} failed: {error}")

    def join(self) -> list[Any]:
        """Wait for the worker; its results (after its records are logged here)."""
        results = []
        for message in self.messages():
            if message[0] == "end":
                self.end(message[1], message[2])
            else:
                results.append(message[1])
        return results

    def stop(self) -> None:
        """End the worker now (the build failed elsewhere)."""
        if self.done:
            return
        self.done = True
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        with contextlib.suppress(OSError):
            os.close(self.fd)


_HEADER = struct.Struct("<Q")


def _serve(work: Callable[[], Iterable[Any]], write: int) -> None:
    """The worker's whole life: run `work`, send its results, then (records, error); exit."""
    status = 1
    try:
        gc.freeze()  # the inherited objects stay shared: the collector never touches them
        capture = _Capture()
        for name in LOGGER_NAMES:
            logging.getLogger(name).handlers = [capture]
        with os.fdopen(write, "wb") as stream:

            def send(message: tuple[Any, ...]) -> None:
                data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
                stream.write(_HEADER.pack(len(data)) + data)
                stream.flush()

            error = None
            try:
                for result in work():
                    send(("result", result))
            except BaseException as exc:
                error = _failure(exc)
            try:
                send(("end", capture.records, error))
            except Exception as exc:
                send(("end", [], f"its log could not be sent: {exc}"))
        status = 0 if error is None else 1
    finally:
        os._exit(status)


def shares(items: list[Any], count: int) -> list[list[Any]]:
    """`items` dealt round-robin into `count` lists (neighbours cost alike)."""
    return [items[k::count] for k in range(count)]
