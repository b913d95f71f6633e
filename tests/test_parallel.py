"""Worker processes (`workers` option, adapters/mkdocs_plugin/parallel.py): a build that
shares its generated pages with forked workers writes the same files, byte for byte, as
one that makes them all in one process; the workers' warnings count in `--strict` and
their failures fail the build with their message."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from .helpers import build, tree
from .sites import write_site

pytestmark = pytest.mark.build

# A hook that logs a warning from the theme's templates for every story page (the theme
# phase, which page workers run), through a Jinja global it adds in on_env.
WARNING_HOOK = """
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("theme-warning")

def warn(page):
    if page is not None and page.file.src_uri.startswith("stories/"):
        log.warning(f"the theme rendered {page.file.src_uri}")
    return ""

def on_env(env, config, files):
    env.globals["bf_test_warn"] = warn
"""

# A hook with per-page state in on_post_page: each page is numbered in build order; a
# worker would lose the count, so the theme phase must stay in one process.
COUNTING_HOOK = """
seen = []

def on_post_page(output, page, config):
    seen.append(page.file.src_uri)
    return output.replace("</body>", f"<!-- page {len(seen)} --></body>")
"""


def build_with(root: Path, workers: int, env: dict[str, str] | None = None,
               config: dict[str, object] | None = None) -> dict[str, bytes]:  # fmt: skip
    site = write_site(root / f"workers-{workers}", plugin={"workers": workers}, config=config)
    result = build(site, env=env)
    assert "Page skipped" not in result.stdout + result.stderr
    return tree(site / "site")


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_a_parallel_build_writes_what_a_serial_one_writes(tmp_path: Path, offline: bool) -> None:
    env = {"OFFLINE": "true"} if offline else {}
    serial = build_with(tmp_path / "one", 1, env)
    for workers in (2, 3):
        parallel = build_with(tmp_path / str(workers), workers, env)
        assert sorted(parallel) == sorted(serial)
        different = [name for name in serial if serial[name] != parallel[name]]
        assert different == [], f"workers: {workers}"
    assert sum(name.endswith(".html") for name in serial) > 50


def _write_warning_site(root: Path, workers: int) -> Path:
    theme = {"name": "material", "font": False, "language": "en", "custom_dir": "overrides"}
    site = write_site(root / f"w{workers}", plugin={"workers": workers},
                      config={"hooks": ["warning_hook.py"], "theme": theme})  # fmt: skip
    (site / "warning_hook.py").write_text(WARNING_HOOK, encoding="utf-8")
    partial = site / "overrides" / "partials" / "javascripts" / "base.html"
    partial.parent.mkdir(parents=True)
    partial.write_text("{{ bf_test_warn(page) }}", encoding="utf-8")
    return site


def test_warnings_in_page_workers_reach_the_log_and_count_in_strict_mode(tmp_path: Path) -> None:
    outputs = {}
    for workers in (1, 2):
        site = _write_warning_site(tmp_path, workers)
        result = build(site, check=False)
        assert result.returncode != 0  # --strict: the theme's warnings abort the build
        log = result.stdout + result.stderr
        outputs[workers] = sorted(line for line in log.splitlines() if "the theme rendered" in line)
        assert "in strict mode" in log
    assert outputs[1] and outputs[2] == outputs[1]  # every page's warning, once
    counts = {w: len(lines) for w, lines in outputs.items()}
    assert counts[1] == counts[2] > 2


def test_a_failing_worker_fails_the_build_with_its_message(tmp_path: Path) -> None:
    theme = {"name": "material", "font": False, "language": "en", "custom_dir": "overrides"}
    for workers in (1, 2):
        site = write_site(tmp_path / f"w{workers}", plugin={"workers": workers},
                          config={"theme": theme})  # fmt: skip
        story = site / "overrides" / "briefings" / "story.html"
        story.parent.mkdir(parents=True)
        story.write_text("{{ view.no_such_field }}", encoding="utf-8")
        result = build(site, check=False)
        assert result.returncode != 0
        assert "no_such_field" in result.stdout + result.stderr, f"workers: {workers}"


def test_a_plugin_with_per_page_state_keeps_the_theme_phase_in_one_process(
    tmp_path: Path,
) -> None:
    outputs = {}
    for workers in (1, 2):
        site = write_site(tmp_path / f"w{workers}", plugin={"workers": workers},
                          config={"hooks": ["counting_hook.py"]})  # fmt: skip
        (site / "counting_hook.py").write_text(COUNTING_HOOK, encoding="utf-8")
        result = build(site, strict=False)
        if workers == 2:
            assert "built in one process" in result.stdout + result.stderr
        outputs[workers] = tree(site / "site")
    assert outputs[1] == outputs[2]
    numbers = [b"<!-- page " in content for name, content in outputs[1].items()
               if name.endswith(".html") and name != "404.html"]  # fmt: skip
    assert numbers and all(numbers)


# -- the worker mechanics, in this process ------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers fork")
def test_a_worker_sends_results_records_and_failures(caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import PluginError

    from briefings.adapters.mkdocs_plugin.workers import Worker

    def work() -> list[int]:
        logging.getLogger("mkdocs.plugins.test").warning("from the worker")
        return [1, 2, 3]

    caplog.set_level(logging.INFO, logger="mkdocs")
    try:
        assert Worker(work, "worker").join() == [1, 2, 3]
        assert [r.getMessage() for r in caplog.records] == ["from the worker"]
        assert caplog.records[0].levelno == logging.WARNING

        def fail() -> list[int]:
            raise ValueError("broken on purpose")

        with pytest.raises(PluginError, match="worker failed: ValueError: broken on purpose"):
            Worker(fail, "worker").join()

        def die() -> list[int]:
            os._exit(3)

        with pytest.raises(PluginError, match="ended without a result"):
            Worker(die, "worker").join()
    finally:
        caplog.clear()


def test_the_workers_option_is_checked(tmp_path: Path) -> None:
    site = write_site(tmp_path, plugin={"workers": -1})
    result = build(site, check=False)
    assert result.returncode != 0 and "workers" in result.stdout + result.stderr
