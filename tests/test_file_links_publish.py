"""A symbolic link publishes its target: only to a file the repository publishes anyway.

Links inside the repository were followed to any regular file, so `briefings/gitconfig.txt
-> ../.git/config` or `docs/env.txt -> ../.env` copied tokens into the site, passing
`briefings check` and the strict build. Now a link's target may not be below a hidden name,
ignored by git, or of another type than the link; `docs/index.md -> ../README.md` works.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from briefings.adapters.cli import main
from briefings.content.files import path_problem

from .helpers import build
from .sites import write_site

SECRET = "token-5d1e0c"

# (link, target, why): link relative to the site, target relative to the site
CASES = {
    "git-config": ("briefings/gitconfig.txt", ".git/config", "below a hidden name"),
    "dot-env": ("briefings/env.txt", ".env.txt", "below a hidden name"),
    "dot-folder": ("docs/keys.txt", "config/.secrets/keys.txt", "below a hidden name"),
    "ignored-file": ("docs/notes.txt", "private.txt", "which git ignores"),
    "ignored-folder": ("briefings/notes.txt", "drafts/notes.txt", "which git ignores"),
    "nested-ignore": ("docs/local.txt", "tools/local.txt", "which git ignores"),
    "info-exclude": ("docs/mine.txt", "mine.txt", "which git ignores"),
    "other-type": ("briefings/config.txt", "mkdocs.yml", "a file of another type"),
}


def _make(tmp_path: Path, link: str, target: str) -> Path:
    site = write_site(tmp_path / "site")
    (site / ".gitignore").write_text("site/\nprivate.txt\ndrafts/\n")
    (site / "tools").mkdir()
    (site / "tools" / ".gitignore").write_text("local.txt\n")
    (site / ".git" / "info").mkdir(parents=True)  # the clone's own rules
    (site / ".git" / "info" / "exclude").write_text("mine.txt\n")
    path = site / target
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(f"secret = {SECRET}\n")
    (site / link).symlink_to(Path(*[".."] * (link.count("/"))) / target)
    return site


@pytest.mark.parametrize("case", sorted(CASES))
def test_links_to_unpublished_files_are_refused(tmp_path: Path, case: str) -> None:
    link, target, why = CASES[case]
    site = _make(tmp_path, link, target)
    problem = path_problem(site / link, site)
    assert problem is not None and why in problem


@pytest.mark.build
@pytest.mark.parametrize("case", ["git-config", "ignored-file", "nested-ignore", "other-type"])
def test_check_and_the_build_refuse_links_to_unpublished_files(
    tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    link, target, why = CASES[case]
    site = _make(tmp_path, link, target)
    code = main(["check", "--config-file", str(site / "mkdocs.yml"), "--format", "json",
                 "--no-hygiene"])  # fmt: skip
    records = json.loads(capsys.readouterr().out or "[]")
    assert code != 0
    assert [(r["path"], r["line"], r["field"]) for r in records if why in r["message"]] == [
        (link, 1, "file")
    ]
    result = build(site, check=False)
    assert result.returncode != 0
    assert f"{link}:1: file: is a symbolic link to {target}" in result.stderr
    assert "Traceback" not in result.stderr
    out = site / "site"
    leaked = [
        p for p in out.rglob("*") if p.is_file() and SECRET in p.read_text("utf-8", "replace")
    ]
    assert leaked == []


@pytest.mark.build
def test_links_to_published_files_keep_working(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    (site / ".gitignore").write_text("site/\n")
    (site / "README.md").write_text("# Read me\n\nThe linked home page.\n")
    (site / "docs" / "index.md").unlink()
    (site / "docs" / "index.md").symlink_to("../README.md")
    (site / "notes").mkdir()
    (site / "notes" / "readme.txt").write_text("Published notes.\n")
    (site / "briefings" / "readme.txt").symlink_to("../notes/readme.txt")
    assert path_problem(site / "docs" / "index.md", site) is None
    build(site)
    assert "The linked home page." in (site / "site" / "index.html").read_text()
    assert (site / "site" / "briefings" / "readme.txt").read_text() == "Published notes.\n"


def test_files_ignored_by_the_users_git_rules_are_refused(tmp_path: Path) -> None:
    """In a real clone, git itself is asked: an excludes file from the git config
    (`core.excludesFile`, often a user's global one) counts as much as `.gitignore`."""
    site = write_site(tmp_path / "site")
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    excludes = tmp_path / "my-excludes"
    excludes.write_text("personal.txt\n")
    subprocess.run(["git", "-C", str(site), "config", "core.excludesFile", str(excludes)],
                   check=True)  # fmt: skip
    (site / "personal.txt").write_text(f"secret = {SECRET}\n")
    (site / "docs" / "personal.txt").symlink_to(Path("..") / "personal.txt")
    problem = path_problem(site / "docs" / "personal.txt", site)
    assert problem is not None and "which git ignores" in problem
    # A file git does not ignore is still followed.
    (site / "public.txt").write_text("public\n")
    (site / "docs" / "public.txt").symlink_to(Path("..") / "public.txt")
    assert path_problem(site / "docs" / "public.txt", site) is None
