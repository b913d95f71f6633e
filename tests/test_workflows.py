"""Lint the GitHub workflows and issue forms offline, and keep repository docs in sync."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
ISSUE_FORMS = sorted(
    p for p in (REPO / ".github" / "ISSUE_TEMPLATE").glob("*.y*ml") if p.name != "config.yml"
)


def tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed (pip install -e .[test])")
    return path


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, cwd=REPO)


def test_there_are_workflows_and_forms() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"check.yml", "publish.yml"} <= names
    assert [p.name for p in ISSUE_FORMS] == ["suggest-a-briefing.yml"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(workflow: Path) -> None:
    result = run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                 str(workflow))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_passes_zizmor(workflow: Path) -> None:
    config = REPO / ".github" / "zizmor.yml"  # GitHub's actions may use major-version tags
    result = run(tool("zizmor"), "--offline", "--no-progress", "--config", str(config),
                 str(workflow))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("form", ISSUE_FORMS, ids=lambda p: p.name)
def test_issue_form_matches_the_github_schema(form: Path) -> None:
    result = run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms",
                 str(form))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_workflow_runs_the_pull_request_checks() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "check.yml").read_text())
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as True
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["check"]["steps"]
    commands = [s.get("run", "") for s in steps]
    assert "briefings check --format github" in commands
    assert any(c.startswith("mkdocs build --strict") for c in commands)
    assert any(c.startswith("briefings linkcheck") for c in commands)
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False


def test_pre_commit_hook_runs_briefings_check() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    hooks = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    assert [h["entry"] for h in hooks] == ["briefings check"]
    assert hooks[0]["language"] == "system"


def test_contributing_page_is_the_rendered_copy() -> None:
    source = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert (REPO / "docs" / "contributing.md").read_text(encoding="utf-8") == source, (
        "docs/contributing.md must be a copy of CONTRIBUTING.md: cp CONTRIBUTING.md docs/"
    )
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")  # has !ENV tags: not safe_load
    # The software's pages are linked from the footer, apart from the reader's navigation.
    footer = config.split("\n      footer_links:", 1)[1].split("\n\n", 1)[0]
    assert "- Contributing: contributing.md" in [line.strip() for line in footer.splitlines()]
    for topic in ("mkdocs serve", "briefings check", "Neutrality", "Sources", "Dates"):
        assert topic in source
