"""Helpers shared by the tests: build sites for real with the engine under test, parse HTML.

The engine is MkDocs unless `BRIEFINGS_ENGINE=properdocs`: then every build and serve helper
runs `python -m properdocs` with the Python of ProperDocs' own venv (`.venv-properdocs/`
beside this file's repository, or `BRIEFINGS_PROPERDOCS_PYTHON`), as `.ci/run` does.

Tests are marked `core` (no build, no browser), `build` or `browser` (tests/conftest.py);
the build and browser helpers refuse to run in a test that lacks the matching mark, so
`pytest -m core` stays fast and true to its name.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml
from lxml import html

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENGINES = ("mkdocs", "properdocs")

# Marks of the running test, set by tests/conftest.py (None outside a test).
current_marks: frozenset[str] | None = None


def require_mark(mark: str, action: str) -> None:
    """Fail the running test unless it carries `mark` (`build` or `browser`)."""
    if current_marks is not None and mark not in current_marks:
        raise AssertionError(
            f"this test {action} but is not marked '{mark}': add @pytest.mark.{mark} "
            "(or use a fixture that implies it; see tests/conftest.py)"
        )


def fixture(name: str) -> Path:
    """A file in tests/fixtures/."""
    path = FIXTURES / name
    assert path.is_file(), f"missing test fixture {path.relative_to(REPO)}"
    return path


# -- the engine ------------------------------------------------------------------------


def engine() -> str:
    """The engine under test: "mkdocs" (default) or "properdocs" (`BRIEFINGS_ENGINE`)."""
    name = os.environ.get("BRIEFINGS_ENGINE", "mkdocs").strip().lower() or "mkdocs"
    if name not in ENGINES:
        raise AssertionError(f"BRIEFINGS_ENGINE={name!r}: expected one of {', '.join(ENGINES)}")
    return name


def engine_python() -> str:
    """The Python that runs the engine: this one for MkDocs, ProperDocs' venv otherwise."""
    if engine() == "mkdocs":
        return sys.executable
    configured = os.environ.get("BRIEFINGS_PROPERDOCS_PYTHON")
    bin_dir = "Scripts" if os.name == "nt" else "bin"
    path = Path(configured) if configured else REPO / ".venv-properdocs" / bin_dir / "python"
    if not path.exists():
        raise AssertionError(
            f"BRIEFINGS_ENGINE=properdocs but {path} does not exist: run .ci/run, or "
            "python3 -m venv .venv-properdocs && .venv-properdocs/bin/pip install properdocs -e ."
        )
    return str(path)


def engine_command(*args: str) -> list[str]:
    """`python -m <engine> *args` with the engine's Python."""
    return [engine_python(), "-m", engine(), *args]


def engine_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of an engine run, `extra` on top.

    Under MkDocs, Material's notice about MkDocs 2 is turned off (`NO_MKDOCS_2_WARNING`);
    ProperDocs runs with no such switch at all, since it must print no notice by itself.
    """
    quiet = {"NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING"}
    env = {k: v for k, v in os.environ.items() if k not in quiet}
    if engine() == "mkdocs":
        env["NO_MKDOCS_2_WARNING"] = "1"
    return {**env, **(extra or {})}


# -- sites -----------------------------------------------------------------------------


def edit_config(site: Path, **changes: object) -> None:
    """Rewrite mkdocs.yml with top-level keys changed (tags like !ENV are kept as text)."""
    text = (site / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.split(":")[0] not in changes]
    for key, value in changes.items():
        lines.append(yaml.safe_dump({key: value}, default_flow_style=False).strip())
    (site / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`: its path relative to `folder` (POSIX) -> its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}  # fmt: skip


def build(site: Path, *, strict: bool = True, env: dict[str, str] | None = None,
          check: bool = True, out: Path | None = None,
          options: Sequence[str] = ()) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """`<engine> build` of `site` in a subprocess, into `out` (default: site/site).

    `check`: raise `AssertionError` with the output when the build fails; `options`:
    more command-line options (`--dirty`).
    """
    require_mark("build", "runs a build")
    args = engine_command("build", "-f", str(site / "mkdocs.yml"), "-d", str(out or site / "site"))
    args += options
    if strict:
        args.append("--strict")
    result = subprocess.run(args, capture_output=True, text=True, env=engine_env(env), cwd=site)
    if check and result.returncode != 0:
        raise AssertionError(f"{engine()} build failed:\n{result.stdout}\n{result.stderr}")
    return result


# One engine process, several builds: as `serve` runs them (one plugin object, one
# on_startup), or fresh `build` commands. After each build it prints one record line and
# waits for a line on stdin, so the test can look at the output in between.
_BUILDS = """
import importlib, json, sys
engine, command, jobs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
if engine == "properdocs":
    import properdocs.replacement  # as `properdocs` itself does: mkdocs.* -> properdocs.*
load_config = importlib.import_module(engine + ".config").load_config
build = importlib.import_module(engine + ".commands.build").build
Abort = importlib.import_module(engine + ".exceptions").Abort
startup = None
for number, job in enumerate(jobs):
    if number:
        sys.stdin.readline()
    config = load_config(config_file=job["config_file"], site_dir=job["site_dir"])
    if startup is None:
        startup = config.plugins
        startup.on_startup(command=command, dirty=False)
    record = {"ok": True, "error": "", "plugin": id(config.plugins.get("briefings"))}
    try:
        build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None)
    except Abort as exc:
        record.update(ok=False, error=str(exc))
    print("BUILD-RECORD", json.dumps(record), flush=True)
startup.on_shutdown()
"""


def builds_in_one_process(jobs: list[tuple[Path, Path]], *, command: str = "serve",
                          between: Callable[[], object] | None = None,
                          env: dict[str, str] | None = None) -> list[dict]:  # fmt: skip
    """Build each (mkdocs.yml, out folder) in turn in ONE engine process, via its Python API.

    `command="serve"` mirrors `<engine> serve`: one `on_startup(command="serve")`, then a
    fresh config per build (MkDocs reuses plugin objects across them). `between()` runs
    after each build but the last. Returns one record per build: `{"ok": bool, "error":
    str, "plugin": id of the briefings plugin object, "log": the process's stderr}`.
    """
    require_mark("build", "runs a build")
    payload = json.dumps([{"config_file": str(c), "site_dir": str(o)} for c, o in jobs])
    args = [engine_python(), "-c", _BUILDS, engine(), command, payload]
    records: list[dict] = []
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=log, text=True, env=engine_env(env))  # fmt: skip
        assert process.stdin is not None and process.stdout is not None
        with process:
            for line in process.stdout:
                if not line.startswith("BUILD-RECORD "):
                    continue
                records.append(json.loads(line.removeprefix("BUILD-RECORD ")))
                if len(records) < len(jobs):
                    if between is not None:
                        between()
                    process.stdin.write("\n")
                    process.stdin.flush()
        log.seek(0)
        text = log.read()
    if process.returncode != 0 or len(records) != len(jobs):
        raise AssertionError(f"{engine()} builds failed (exit {process.returncode}):\n{text}")
    for record in records:
        record["log"] = text
    return records


def free_port() -> int:
    """A TCP port free on 127.0.0.1 at the time of asking."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- reading output --------------------------------------------------------------------


def parse(path: Path) -> html.HtmlElement:
    return html.parse(str(path)).getroot()


def text_of(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())
