"""The page writer (adapters/mkdocs_plugin/page_writer.py): in a `mkdocs build` a child
process writes the built pages; the files are those the engine writes itself, byte for
byte; a page it cannot write, or a child that writes fewer pages than it was sent, fails
the build naming the file; a child that does not start leaves the writing to the engine;
a plugin that could read the site before the writing ends, or change a page after this
plugin's handler, keeps the engine's own writing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .helpers import build, engine, engine_env, engine_python, tree
from .sites import write_site

pytestmark = pytest.mark.build

WRITER_LINE = "pages are written by a child process"

# A hook whose on_post_build runs before the plugin's and reads a page: the writer must
# have finished (it is then off: the engine writes every page before this handler).
READING_HOOK = """
import os

def on_post_build(config):
    with open(os.path.join(config.site_dir, "index.html"), encoding="utf-8") as file:
        assert "</html>" in file.read()
"""

# A hook that puts a folder where a story page's file goes, after the site is cleaned.
BLOCKING_HOOK = """
import os

def on_env(env, config, files):
    os.makedirs(os.path.join(config.site_dir, "stories", "{slug}", "index.html"))
"""


# A hook that changes every page after the plugin's on_post_page: the writer must be off.
LATER_HOOK = """
from mkdocs.plugins import event_priority

@event_priority(-200)
def on_post_page(output, page, config):
    return output.replace("</body>", "<!-- later hook --></body>")
"""

# A hook that makes the writer's interpreter a script: `{script}` is its path.
EXECUTABLE_HOOK = """
import sys

def on_config(config):
    sys.executable = {script!r}
"""


def _build(site: Path, *, check: bool = True) -> tuple[subprocess.CompletedProcess[str], str]:
    result = build(site, check=check, options=["--verbose"])
    return result, result.stdout + result.stderr


@pytest.mark.parametrize("workers", [1, 2])
def test_the_writer_writes_what_the_engine_writes(tmp_path: Path, workers: int) -> None:
    plugin = {"workers": workers}
    written = write_site(tmp_path / "written", plugin=plugin)
    _, log = _build(written)
    assert WRITER_LINE in log
    assert "Page skipped" not in log
    engine_site = write_site(tmp_path / "engine", plugin=plugin,
                             config={"hooks": ["reading_hook.py"]})  # fmt: skip
    (engine_site / "reading_hook.py").write_text(READING_HOOK, encoding="utf-8")
    _, log = _build(engine_site)
    assert WRITER_LINE not in log  # a handler before the plugin's reads the site
    ours, theirs = tree(written / "site"), tree(engine_site / "site")
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    assert sum(name.endswith(".html") for name in ours) > 50


def test_a_page_it_cannot_write_fails_the_build_naming_the_file(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", plugin={"workers": 1},
                      config={"hooks": ["blocking_hook.py"]})  # fmt: skip
    slug = _a_story(site)
    (site / "blocking_hook.py").write_text(BLOCKING_HOOK.format(slug=slug), encoding="utf-8")
    result, log = _build(site, check=False)
    assert result.returncode != 0
    assert WRITER_LINE in log
    assert "A page could not be written" in log
    assert f"stories/{slug}/index.html: Is a directory" in log
    assert "Error building page" not in log  # no other page is blamed
    clean = write_site(tmp_path / "clean", plugin={"workers": 1})
    build(clean)
    expected = {p.relative_to(clean / "site") for p in (clean / "site").rglob("*.html")}
    found = {p.relative_to(site / "site") for p in (site / "site").rglob("*.html") if p.is_file()}
    assert expected - found == {Path("stories", slug, "index.html")}  # all others written
    assert (site / "site" / "index.html").is_file()  # the pages sent before were written


def _a_story(site: Path) -> str:
    import yaml

    stories = yaml.safe_load((site / "briefings" / "stories.yml").read_text(encoding="utf-8"))
    return sorted(stories)[0]


def test_a_later_post_page_handler_keeps_the_engines_writing(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", config={"hooks": ["later_hook.py"]})
    (site / "later_hook.py").write_text(LATER_HOOK, encoding="utf-8")
    _, log = _build(site)
    assert WRITER_LINE not in log
    pages = [p for p in (site / "site").rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 50
    assert all("<!-- later hook -->" in p.read_text(encoding="utf-8") for p in pages)


@pytest.mark.parametrize(
    ("script", "fails"),
    [("#!/bin/sh\ncat >/dev/null\n", False),  # never says "ready": the engine writes
     ("#!/bin/sh\nprintf rea\nexec sleep 600\n", False),  # half a word, then silence
     ("#!/bin/sh\necho ready\ncat >/dev/null\n", True)],  # says so, writes nothing
    ids=["not-ready", "half-ready", "writes-nothing"],
)  # fmt: skip
def test_a_writer_that_does_not_work_never_loses_pages_silently(
    tmp_path: Path, script: str, fails: bool
) -> None:
    fake = tmp_path / "fake-python"
    fake.write_text(script, encoding="utf-8")
    fake.chmod(0o755)
    site = write_site(tmp_path / "site", plugin={"workers": 1},
                      config={"hooks": ["executable_hook.py"]})  # fmt: skip
    (site / "executable_hook.py").write_text(EXECUTABLE_HOOK.format(script=str(fake)),
                                             encoding="utf-8")  # fmt: skip
    result, log = _build(site, check=False)
    if fails:
        assert result.returncode != 0
        assert "A page could not be written: the page writer stopped (status 0)" in log
    else:
        assert result.returncode == 0, log
        assert WRITER_LINE not in log
        assert len(list((site / "site").rglob("*.html"))) > 50


def test_serve_keeps_the_engines_writing(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import importlib, sys
        engine, config_file = sys.argv[1], sys.argv[2]
        if engine == "properdocs":
            import properdocs.replacement
        load_config = importlib.import_module(engine + ".config").load_config
        usable = importlib.import_module(
            "briefings.adapters.mkdocs_plugin.page_writer").usable
        config = load_config(config_file=config_file)
        plugin = config.plugins["briefings"]
        print(usable(config, plugin, serving=False), usable(config, plugin, serving=True))
    """)
    site = write_site(tmp_path / "site")
    result = subprocess.run([engine_python(), "-c", script, engine(), str(site / "mkdocs.yml")],
                            capture_output=True, text=True, env=engine_env(), check=True)  # fmt: skip
    assert result.stdout.split() == ["True", "False"]


def test_a_frame_cut_short_is_not_written_and_a_failure_names_the_file(tmp_path: Path) -> None:
    from briefings.adapters.mkdocs_plugin.page_writer import HEADER, WRITER

    def frame(path: Path, data: bytes) -> bytes:
        name = str(path).encode()
        return HEADER.pack(len(name), len(data)) + name + data

    whole, cut = tmp_path / "a" / "index.html", tmp_path / "b" / "index.html"
    sent = frame(whole, "<p>é</p>".encode()) + frame(cut, b"<p>" * 1000)[:-10]
    child = [sys.executable, "-I", "-S", "-c", WRITER]
    done = subprocess.run(child, input=sent, capture_output=True, check=True)
    assert done.stdout == b"ready\nwritten 1 failed 0\n"
    assert whole.read_bytes() == "<p>é</p>".encode()
    assert not cut.exists()  # the build was killed while sending it: no truncated page
    blocked = [tmp_path / name / "index.html" for name in ("c", "d")]
    for path in blocked:
        path.mkdir(parents=True)
    after = tmp_path / "e" / "index.html"
    sent = b"".join(frame(path, b"x") for path in [*blocked, after])
    failed = subprocess.run(child, input=sent, capture_output=True, check=True)
    said = failed.stdout.decode().splitlines()
    assert said[0] == "ready" and said[1].startswith(f"failed {blocked[0]}: ")
    assert said[2:] == ["written 1 failed 2"]  # the first failure is named, all are counted
    assert after.read_bytes() == b"x"  # a page after a failure is still written


# Two builds in one process: the first interrupted (KeyboardInterrupt from a hook, which
# the engine's on_build_error does not see), the second with the writer off, logging INFO.
_INTERRUPTED = """
import importlib, logging, sys
engine, first, second = sys.argv[1:4]
if engine == "properdocs":
    import properdocs.replacement
logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
load_config = importlib.import_module(engine + ".config").load_config
build = importlib.import_module(engine + ".commands.build").build
for number, config_file in enumerate((first, second)):
    config = load_config(config_file=config_file)
    if not number:
        config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except KeyboardInterrupt:
        print("interrupted", flush=True)
"""

INTERRUPTING_HOOK = """
from mkdocs.plugins import event_priority

@event_priority(100)
def on_post_page(output, page, config):
    if page.file.src_uri.startswith("stories/"):
        raise KeyboardInterrupt
    return output
"""

# After the plugin's on_post_page (so the writer is off): the home page comes out empty.
EMPTYING_HOOK = """
from mkdocs.plugins import event_priority

@event_priority(-200)
def on_post_page(output, page, config):
    return "" if page.file.src_uri == "index.md" else output
"""


def test_after_a_build_interrupted_in_the_api_skipped_pages_are_still_logged(
    tmp_path: Path,
) -> None:
    first = write_site(tmp_path / "first", plugin={"workers": 1},
                       config={"hooks": ["interrupting_hook.py"]})  # fmt: skip
    (first / "interrupting_hook.py").write_text(INTERRUPTING_HOOK, encoding="utf-8")
    second = write_site(tmp_path / "second", config={"hooks": ["emptying_hook.py"]})
    (second / "emptying_hook.py").write_text(EMPTYING_HOOK, encoding="utf-8")
    args = [engine_python(), "-c", _INTERRUPTED, engine(),
            str(first / "mkdocs.yml"), str(second / "mkdocs.yml")]  # fmt: skip
    result = subprocess.run(args, capture_output=True, text=True, env=engine_env(), check=True)
    assert result.stdout.split() == ["interrupted"]
    assert (first / "site" / "index.html").is_file()  # the writer wrote it in the first
    assert "Page skipped: 'index.md'" in result.stderr  # the second's own line is shown
