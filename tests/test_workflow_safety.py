"""Pull requests run untrusted code: the workflows keep it away from secrets and write access.

A pull request's `mkdocs.yml` (with `hooks:` and YAML tags), `plugins/` and `pyproject.toml`
all run in the check job. So that job runs on `pull_request` (never `pull_request_target`
or `workflow_run`, which run with the base repository's token and secrets), with a
read-only token, no secrets and no stored credentials.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pathspec
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
PRIVILEGED = {"pull_request_target", "workflow_run"}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # PyYAML reads the key `on` as True
    return data


def triggers(workflow: dict[str, Any]) -> set[str]:
    on = workflow["on"]
    return {on} if isinstance(on, str) else set(on)


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_workflow_runs_pull_request_code_with_privileges(path: Path) -> None:
    assert not triggers(load(path)) & PRIVILEGED


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_checkout_drops_its_credentials(path: Path) -> None:
    for step in steps(load(path)):
        if str(step.get("uses", "")).startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, step


def test_the_pull_request_job_has_a_read_only_token_and_no_secrets() -> None:
    checked = [p for p in WORKFLOWS if "pull_request" in triggers(load(p))]
    assert [p.name for p in checked] == ["check.yml"]
    for path in checked:
        workflow = load(path)
        assert workflow["permissions"] == {"contents": "read"}
        for name, job in workflow["jobs"].items():
            assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}, name
            assert "environment" not in job, name  # environments hold secrets
            assert 0 < job.get("timeout-minutes", 360) <= 30, name  # a stall cannot last 6 h
        text = path.read_text(encoding="utf-8")
        assert "secrets." not in text and "secrets[" not in text
        assert "GITHUB_TOKEN" not in text


def owners(path: str) -> list[str]:
    """The owners GitHub would request for `path`: the last matching CODEOWNERS line."""
    found: list[str] = []
    for line in (REPO / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        pattern, *names = line.split()
        if pathspec.GitIgnoreSpec.from_lines([pattern]).match_file(path):
            found = names
    return found


def test_codeowners_keeps_everything_outside_briefings_with_maintainers() -> None:
    maintainers = owners("README.md")
    assert maintainers
    for path in ("mkdocs.yml", "pyproject.toml", "plugins/briefings/adapters/cli.py",
                 "docs/index.md", ".github/workflows/check.yml", ".github/CODEOWNERS",
                 "tests/conftest.py", "dev.py", ".ci/run"):  # fmt: skip
        assert owners(path) == maintainers, path
    curators = owners("briefings/2022-06-25-moscow-missiles-belarus.md")
    assert curators and curators != maintainers
    assert owners("briefings/entities.yml") == curators
    assert owners("briefings/x/photo.jpg") == curators


def test_the_security_review_is_documented() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = text.split("## Reviewing a pull request safely", 1)[1].split("\n## ", 1)[0]
    for topic in ("outside `briefings/`", "hooks:", "pyproject.toml", "pull_request_target",
                  "persist-credentials: false", "CODEOWNERS", "runs its code", "max_file_size",
                  "symbolic link"):  # fmt: skip
        assert topic in section, topic
