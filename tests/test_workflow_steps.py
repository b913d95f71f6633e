"""The pull-request check workflow, run for real: its own `run:` steps, in order, read from
.github/workflows/check.yml, on a clean clone of this repository in a fresh venv.

`actions/checkout` is emulated by `git clone` (the committed HEAD: commit first), and
`actions/setup-python` by a new venv whose bin/ comes first on PATH. Any other `uses:`
step, or a `${{ }}` expression in a step, fails the test: it could not be emulated
honestly. Slow (it installs the package from the registry): marked `build`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .helpers import REPO

pytestmark = pytest.mark.build

WORKFLOW = REPO / ".github" / "workflows" / "check.yml"
EMULATED = ("actions/checkout@", "actions/setup-python@")


def _steps(job: str = "check") -> tuple[list[dict], dict[str, str]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    env = {**workflow.get("env", {}), **workflow["jobs"][job].get("env", {})}
    return workflow["jobs"][job]["steps"], {k: str(v) for k, v in env.items()}


def test_check_workflow_is_green_on_a_clean_clone(tmp_path: Path) -> None:
    steps, job_env = _steps()
    uses = [s["uses"] for s in steps if "uses" in s]
    assert [u for u in uses if not u.startswith(EMULATED)] == [], "steps this test cannot run"
    assert steps[0].get("uses", "").startswith("actions/checkout@")
    runs = [s for s in steps if "run" in s]
    assert len(runs) >= 3
    for step in runs:
        assert "${{" not in step["run"] + str(step.get("env", {})), step

    git = shutil.which("git")
    assert git, "git is needed to clone the repository"
    clone = tmp_path / "clone"
    subprocess.run([git, "clone", "--quiet", str(REPO), str(clone)], check=True)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    base_env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BRIEFINGS_", "VIRTUAL_ENV", "PYTHON", "NO_MKDOCS"))
    }
    base_env.update(
        PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
        CI="true",
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=str(clone),
        **job_env,
    )
    bash = shutil.which("bash")
    assert bash, "GitHub runs `run:` steps with bash"
    for step in runs:
        env = {**base_env, **{k: str(v) for k, v in step.get("env", {}).items()}}
        cwd = clone / step.get("working-directory", ".")
        # GitHub's default shell on Linux: bash --noprofile --norc -eo pipefail {0}
        result = subprocess.run([bash, "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                 step["run"]], cwd=cwd, env=env, capture_output=True,
                                text=True)  # fmt: skip
        name = step.get("name", step["run"])
        assert result.returncode == 0, f"step {name!r} failed:\n{result.stdout}\n{result.stderr}"
    assert (clone / "site" / "index.html").is_file()
    assert (clone / "site" / "404.html").is_file()  # checked with site_url's base path
