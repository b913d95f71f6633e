"""Python's full garbage collections wait until a build is over.

A full collection of the oldest generation walks every object that survived two younger
collections: a build's parsed briefings, graph, plan and pages, millions of objects at
10,000 briefings, nearly none of them in reference cycles. CPython runs one each time that
generation grows by a quarter, so a build that grows its heap from nothing runs a dozen or
more, each longer than the last: 15 taking 5.3 s of a 10,000-briefing `mkdocs build`,
0.1-0.3 s each inside a `serve` rebuild of the 1,000-briefing benchmark site, on the path
between an edit and its page being served (measured with `gc.callbacks`). They found
almost nothing to free (a few thousand objects in all).

So while a build runs, the oldest generation's threshold is set out of reach; the young
generations, where most of a build's garbage dies, collect as usual.

- `mkdocs build` (`start(serving=False)`): the process's thresholds come back when the
  build ends or fails, with no collection. At the interpreter's exit the objects still
  alive are frozen (`gc.freeze`, an `atexit` handler) so that the collections Python runs
  while it shuts down do not walk them: they took 3.8 s after a 10,000-briefing build's
  last line, 0.15 s frozen (measured from that line to the process's end). Objects are
  freed as before (by reference counts); only cycles left at exit are not looked for,
  which Python does not promise to finalise anyway. A process that builds again (tests,
  scripts) is not affected until it exits.
- `mkdocs serve`: the first build of the process collects as usual. From the second on,
  one full collection runs `DELAY` seconds after the rebuild ends (or fails), in a daemon
  thread once MkDocs has served the rebuilt pages, freeing what the build before left;
  then the thresholds come back.

The garbage a build leaves in the oldest generation is bounded: MkDocs converts each
hand-written page with a Markdown converter of its own, whose reference cycles hold about
0.4 MB per page until a full collection (measured on `docs/writing.md` with this site's
extensions), so one full collection runs after every `PAGES_PER_COLLECTION` hand-written
pages (`page_done`, from `on_page_content`: the engine converts every page before it
renders any). Generated pages share one converter (`markdown_reuse`).
"""

from __future__ import annotations

import atexit
import functools
import gc
import threading

#: Seconds after a serve rebuild before its full collection (the browser reloads meanwhile).
DELAY = 1.0
#: Hand-written pages converted between two full collections while they are held back.
PAGES_PER_COLLECTION = 200
_OUT_OF_REACH = 1 << 30


class DeferredCollection:
    """`start()` at the beginning of each build, `finish()` at its end or failure,
    `page_done()` after each page's conversion."""

    def __init__(self) -> None:
        self._thresholds: tuple[int, int, int] | None = None  # the process's own
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._serve_builds = 0
        self._serving = False
        self._pages = 0

    def start(self, *, serving: bool = True) -> None:
        """Hold back full collections until `finish()`. Under `serve` the first build of
        the process (every page) collects as usual, and when a build starts before the
        last one's collection ran, that collection runs now: memory stays bounded however
        fast rebuilds follow each other."""
        self._serving = serving
        self._pages = 0
        if not serving:
            _freeze_at_exit()
        if serving:
            self._serve_builds += 1
            if self._serve_builds == 1:
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

    def page_done(self, *, generated: bool) -> None:
        """A page was converted: collect after every `PAGES_PER_COLLECTION` hand-written
        pages (converted by a Markdown of their own) while collections are held back."""
        if generated or self._thresholds is None:
            return
        self._pages += 1
        if self._pages % PAGES_PER_COLLECTION == 0:
            gc.collect()

    def finish(self) -> None:
        """After a build: restore the thresholds (`serve`: collect fully `DELAY` seconds
        from now, then restore them; restored at once, the held-back collection would
        start within the build's last steps)."""
        with self._lock:
            if self._thresholds is None or self._timer is not None:
                return
            if not self._serving:
                gc.set_threshold(*self._thresholds)
                self._thresholds = None
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


@functools.cache
def _freeze_at_exit() -> None:
    """Register `gc.freeze` to run at the interpreter's exit (once per process)."""
    atexit.register(gc.freeze)
