"""Under `mkdocs serve`, Python's full garbage collections wait until a rebuild is over.

A serve process keeps a large heap across rebuilds (the build cache, compiled templates,
the last build's parsed briefings and search documents), and a full collection of the
oldest generation walks all of it: 0.1-0.3 s of CPU each time one falls inside a
rebuild of the 1,000-briefing benchmark site (measured with `gc.callbacks`), on the path
between an edit and its page being served. So while a serve rebuild runs, the oldest
generation's threshold is set out of reach (the young generations, where most of a
build's garbage dies, collect as usual); when the build ends (or fails) the thresholds
are restored after one full collection `DELAY` seconds later in a daemon thread, once
MkDocs has served the rebuilt pages, freeing what the build before left. Memory is
therefore what it was, give or take one rebuild's old garbage held until its end. The
first build of a serve process, which renders every page, and `mkdocs build` are never
touched.
"""

from __future__ import annotations

import gc
import threading

#: Seconds after a rebuild before its full collection (the browser reloads meanwhile).
DELAY = 1.0
_OUT_OF_REACH = 1 << 30


class DeferredCollection:
    """`start()` at the beginning of each serve build, `finish()` at its end or failure."""

    def __init__(self) -> None:
        self._thresholds: tuple[int, int, int] | None = None  # the process's own
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._builds = 0

    def start(self) -> None:
        """Hold back full collections until the one `finish()` schedules. When a build
        starts before the last one's collection ran, that collection runs now: memory
        stays bounded however fast rebuilds follow each other. The first build of the
        process (every page) collects as usual."""
        self._builds += 1
        if self._builds == 1:
            return
        with self._lock:
            pending = self._timer is not None
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._thresholds is None:
                self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, _OUT_OF_REACH)
        if pending:
            gc.collect()

    def finish(self) -> None:
        """Collect fully `DELAY` seconds from now, then restore the thresholds (restored
        at once, the held-back collection would start within the build's last steps)."""
        with self._lock:
            if self._thresholds is None or self._timer is not None:
                return
            timer = threading.Timer(DELAY, self._collect)
            timer.daemon = True
            self._timer = timer
            timer.start()

    def _collect(self) -> None:
        with self._lock:
            if self._timer is None or self._thresholds is None:  # a build started
                return
            gc.collect()
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
            self._timer = None
