#!/usr/bin/env python3
"""Set-up and tasks with nothing but Python: `python3 dev.py build` or `python3 dev.py test`.

Each creates `.venv/` (if missing) and installs the project into it first.
  build       - install the package, then `mkdocs build --strict` into site/
  serve       - install, then `mkdocs serve --dirty --watch-theme` (live preview: a rebuild
                renders only the pages an edit changed; template overrides are watched
                too); extra arguments go to `mkdocs serve`
  test        - install with test extras, make sure the tests' tools are there (Debian's
                Chromium and Java, Node.js and npm via apt as root; the npm packages of
                tests/tools/ with `npm ci`), run ruff, mypy and pytest; extra arguments go
                to pytest (`python3 dev.py test -m core`: only the fast tests, no build,
                no browser)
  tools       - only the tests' tools (as `test` installs them)
  sample      - build the sample site strictly into a temporary folder; fail on any
                output line that is not INFO
  properdocs  - the same site on ProperDocs: install it in its own `.venv-properdocs/`,
                build the site strictly with it (into a temporary folder), then run the
                build tests (`-m build`) with `BRIEFINGS_ENGINE=properdocs`; extra
                arguments go to pytest
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
BIN_NAME = "Scripts" if os.name == "nt" else "bin"
VENV = ROOT / ".venv"
BIN = VENV / BIN_NAME
PROPERDOCS_VENV = ROOT / ".venv-properdocs"
PROPERDOCS_BIN = PROPERDOCS_VENV / BIN_NAME
CHROMIUM = "/usr/bin/chromium"
TOOLS = ROOT / "tests" / "tools"  # package.json + package-lock.json of the quality gates
# Command -> Debian package the tests need: Chromium (browser tests), Java (the Nu HTML
# checker, vnu.jar), Node.js and npm (they install axe-core and vnu-jar from the lock).
SYSTEM_TOOLS = {"chromium": "chromium", "java": "default-jre-headless", "node": "nodejs",
                "npm": "npm"}  # fmt: skip


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env=env)


def install(extra: str = "", venv_dir: Path = VENV) -> None:
    """Create `venv_dir` if needed and install the project (with `extra`) into it."""
    python = venv_dir / BIN_NAME / "python"
    if not python.exists():
        venv.create(venv_dir, with_pip=True)
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", "--editable", f".{extra}")


def ensure_system_tools() -> None:
    """The system programs the tests need (SYSTEM_TOOLS); as root with apt, installed."""
    found = {name: shutil.which(name) for name in SYSTEM_TOOLS}
    found["chromium"] = shutil.which(CHROMIUM) or found["chromium"]
    missing = [SYSTEM_TOOLS[name] for name, path in found.items() if not path]
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", env=env)
        run("apt-get", "install", "-y", "--no-install-recommends", *missing, env=env)
    else:
        print(f"warning: missing {' '.join(missing)}; the tests that need them will fail "
              f"(apt-get install {' '.join(missing)})")  # fmt: skip


def ensure_node_tools() -> None:
    """axe-core and vnu-jar into tests/tools/node_modules/, exactly as the lock file says.

    `npm ci` runs again whenever package-lock.json changes (a copy of the lock installed
    is kept in node_modules/). Install scripts are not run: vnu-jar's would download a
    Java runtime, and Debian's is used instead.
    """
    lock = TOOLS / "package-lock.json"
    stamp = TOOLS / "node_modules" / ".briefings-installed-lock.json"
    if stamp.is_file() and stamp.read_bytes() == lock.read_bytes():
        return
    npm = shutil.which("npm")
    if npm is None:
        print("warning: npm not found; the axe and Nu HTML checker tests will fail")
        return
    run(npm, "ci", "--prefix", TOOLS, "--ignore-scripts", "--no-audit", "--no-fund")
    stamp.write_bytes(lock.read_bytes())


def tools() -> None:
    ensure_system_tools()
    ensure_node_tools()


def quiet_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build() -> None:
    install()
    run(BIN / "mkdocs", "build", "--strict", env=quiet_env())


def quiet_build(command: list[str | Path], env: dict[str, str]) -> None:
    """Run a strict build; fail if it prints anything but INFO lines (a notice, a warning)."""
    print("+", " ".join(str(a) for a in command), flush=True)
    result = subprocess.run([str(a) for a in command], cwd=ROOT, env=env,
                            capture_output=True, text=True)  # fmt: skip
    output = (result.stdout + result.stderr).splitlines()
    print("\n".join(output), flush=True)
    if result.returncode != 0:
        sys.exit(result.returncode)
    noise = [line for line in output if line.strip() and not line.startswith("INFO")]
    if noise:
        print(f"error: the build printed {len(noise)} line(s) that are not INFO", flush=True)
        sys.exit(1)


def serve() -> None:
    install()
    run(BIN / "mkdocs", "serve", "--dirty", "--watch-theme", *sys.argv[2:], env=quiet_env())


def test() -> None:
    install("[test]")
    tools()
    run(BIN / "ruff", "check", "plugins", "tests", "bench", "scripts", "dev.py")
    run(BIN / "ruff", "format", "--check", "plugins", "tests", "bench", "scripts", "dev.py")
    run(BIN / "mypy")
    run(BIN / "python", "-m", "pytest", "-n", "2", *sys.argv[2:], env=quiet_env())


def properdocs() -> None:
    install("[test]")
    install("[properdocs]", PROPERDOCS_VENV)
    with tempfile.TemporaryDirectory(prefix="briefings-properdocs-") as out:
        # No NO_MKDOCS_2_WARNING here: ProperDocs must print no notice by itself.
        plain = {k: v for k, v in os.environ.items() if not k.endswith("MKDOCS_2_WARNING")}
        quiet_build([PROPERDOCS_BIN / "properdocs", "build", "--strict", "-f", "mkdocs.yml",
                     "-d", out], plain)  # fmt: skip
    env = {**quiet_env(), "BRIEFINGS_ENGINE": "properdocs",
           "BRIEFINGS_PROPERDOCS_PYTHON": str(PROPERDOCS_BIN / "python")}  # fmt: skip
    # The workflow test runs the check workflow's own steps, with MkDocs as they say.
    run(BIN / "python", "-m", "pytest", "-n", "2", "-m", "build",
        "--ignore=tests/test_workflow_steps.py", *sys.argv[2:], env=env)  # fmt: skip


def sample() -> None:
    """The repository's own site, built strictly by MkDocs with nothing but INFO output."""
    install()
    with tempfile.TemporaryDirectory(prefix="briefings-mkdocs-") as out:
        quiet_build(
            [BIN / "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", out], quiet_env()
        )


TASKS = {
    "build": build,
    "serve": serve,
    "test": test,
    "properdocs": properdocs,
    "sample": sample,
    "tools": tools,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        sys.exit(2)
    try:
        TASKS[sys.argv[1]]()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode or 1)
