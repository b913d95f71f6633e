"""Opt-in phase timings of a build: `BRIEFINGS_TIMINGS=1 mkdocs build`.

With the variable set (to anything but "", "0", "false", "no", "off"), every `on_*` hook of the
plugin class is wrapped to add up its wall time, and at the end of each build (after
`on_post_build`) one INFO line per phase is logged (by the logger `mkdocs.plugins.briefings`,
which prefixes "briefings: "), in event order:

    briefings: phase load: 1.234 s (1 call)

Phases are the plugin's own hooks, named after the work they do (`load` for
`on_pre_build`, `plan` for `on_files`, `page-markdown` and `page-render` for the page
hooks, `feeds` for `on_post_build`; other hooks keep their names), and two spans between
hooks, spent in MkDocs, the theme and other plugins:

- `mkdocs-pages`: from the end of `on_nav` to the start of `on_env`, less the plugin's
  page hooks (reading every page and Python-Markdown);
- `mkdocs-templates`: from the end of `on_env` to the start of `on_post_build` (the
  theme's templates, the search plugin's indexing, writing files);

then `total`, from the start of `on_config` to the end of `on_post_build`. Units are
seconds of wall time in the build process. Without the variable nothing is wrapped and
the plugin runs exactly as written. `bench/run.py` reads these lines.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from typing import Any

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("briefings")

ENV = "BRIEFINGS_TIMINGS"

#: Hook -> phase name; hooks not listed are reported under their own name.
PHASES = {
    "on_config": "config",
    "on_pre_build": "load",
    "on_files": "plan",
    "on_nav": "nav",
    "on_page_markdown": "page-markdown",
    "on_page_content": "page-render",
    "on_env": "env",
    "on_post_build": "feeds",
}
#: Hooks wrapped even when the plugin has none: they mark the spans between phases.
MARKERS = ("on_config", "on_nav", "on_env", "on_post_build")
#: Once per process, not per build.
SKIPPED = ("on_startup", "on_shutdown", "on_serve")


def enabled(environ: dict[str, str] | None = None) -> bool:
    """Whether phase timings are asked for (`BRIEFINGS_TIMINGS` set to anything but
    empty, 0, false, no or off) in `environ` (default: `os.environ`)."""
    value = (os.environ if environ is None else environ).get(ENV, "")
    return value.strip().lower() not in ("", "0", "false", "no", "off")


class BuildClock:
    """Wall time per hook and between hooks, for the build in progress."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock
        self.reset()

    def reset(self) -> None:
        """Forget the timings of the last build."""
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self.marks: dict[str, tuple[float, float]] = {}  # hook -> (first start, last end)

    def record(self, hook: str, start: float, end: float) -> None:
        """Add one call of `hook` from `start` to `end` (seconds of
        `time.perf_counter`); `on_config` starts a new build."""
        if hook == "on_config":
            self.reset()
        phase = PHASES.get(hook, hook)
        self.seconds[phase] = self.seconds.get(phase, 0.0) + end - start
        self.calls[phase] = self.calls.get(phase, 0) + 1
        first = self.marks.get(hook, (start, end))[0]
        self.marks[hook] = (first, end)

    def phases(self) -> list[tuple[str, float, int]]:
        """(phase, seconds, calls) in event order, then the spans and the total."""
        rows = [(name, self.seconds[name], self.calls[name]) for name in self.seconds]
        marks = self.marks
        if "on_nav" in marks and "on_env" in marks:
            pages = marks["on_env"][0] - marks["on_nav"][1]
            pages -= self.seconds.get("page-markdown", 0.0) + self.seconds.get("page-render", 0.0)
            rows.append(("mkdocs-pages", pages, 1))
        if "on_env" in marks and "on_post_build" in marks:
            rows.append(("mkdocs-templates", marks["on_post_build"][0] - marks["on_env"][1], 1))
        if "on_config" in marks and "on_post_build" in marks:
            rows.append(("total", marks["on_post_build"][1] - marks["on_config"][0], 1))
        return rows

    def report(self) -> None:
        """Log one INFO line per phase: `phase NAME: S.SSS s (N calls)`."""
        for name, seconds, calls in self.phases():
            plural = "call" if calls == 1 else "calls"
            log.info(f"phase {name}: {seconds:.3f} s ({calls} {plural})")


def _noop(self: Any, *args: Any, **kwargs: Any) -> None:
    return None


def _wrap(hook: str, method: Callable[..., Any], clock: BuildClock) -> Callable[..., Any]:
    @functools.wraps(method)  # keeps `mkdocs_priority` from @event_priority
    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        start = clock.clock()
        try:
            return method(self, *args, **kwargs)
        finally:
            clock.record(hook, start, clock.clock())
            if hook == "on_post_build":
                clock.report()

    return timed


def instrument(plugin_class: type, environ: dict[str, str] | None = None) -> BuildClock | None:
    """Wrap `plugin_class`'s hooks when timings are asked for; return the clock or None."""
    if not enabled(environ):
        return None
    clock = BuildClock()
    hooks = {name for name in dir(plugin_class) if name.startswith("on_")} | set(MARKERS)
    for hook in sorted(hooks - set(SKIPPED)):
        method: Any = getattr(plugin_class, hook, None) or _noop
        parts = getattr(method, "methods", None)  # an engine's CombinedEvent: each part
        if parts is not None:
            combined: Callable[..., Any] = type(method)
            setattr(plugin_class, hook, combined(*(_wrap(hook, m, clock) for m in parts)))
        else:
            setattr(plugin_class, hook, _wrap(hook, method, clock))
    return clock
