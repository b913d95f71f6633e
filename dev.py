#!/usr/bin/env python3
"""Set-up and tasks with nothing but Python: `python3 dev.py build` or `python3 dev.py test`.

Both create `.venv/` (if missing) and install the project into it first.
  build  - install the package, then `mkdocs build --strict` into site/
  serve  - install, then `mkdocs serve` (live preview)
  test   - install with test extras, make sure Chromium is there, run ruff, mypy and pytest
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
CHROMIUM = "/usr/bin/chromium"


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env=env)


def install(extra: str = "") -> None:
    if not (BIN / "python").exists():
        venv.create(VENV, with_pip=True)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--editable", f".{extra}")


def ensure_chromium() -> None:
    """Browser tests need Debian's Chromium; as root with apt, install it."""
    if shutil.which(CHROMIUM) or shutil.which("chromium"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", env=env)
        run("apt-get", "install", "-y", "--no-install-recommends", "chromium", env=env)
    else:
        print("warning: Chromium not found; browser tests will fail (apt-get install chromium)")


def quiet_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build() -> None:
    install()
    run(BIN / "mkdocs", "build", "--strict", env=quiet_env())


def serve() -> None:
    install()
    run(BIN / "mkdocs", "serve", env=quiet_env())


def test() -> None:
    install("[test]")
    ensure_chromium()
    run(BIN / "ruff", "check", "plugins", "tests", "bench", "dev.py")
    run(BIN / "ruff", "format", "--check", "plugins", "tests", "bench", "dev.py")
    run(BIN / "mypy")
    run(BIN / "python", "-m", "pytest", "-n", "2", *sys.argv[2:], env=quiet_env())


TASKS = {"build": build, "serve": serve, "test": test}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        print(__doc__)
        sys.exit(2)
    try:
        TASKS[sys.argv[1]]()
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode or 1)
