"""Helpers shared by the tests: copy the repo's site, build it for real, parse HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from lxml import html

REPO = Path(__file__).resolve().parents[1]
SEED_NAME = "000_e75c4e1b00be4e72.txt"
SEED_SLUG = "2022-06-25-moscow-missiles-belarus"


def seed_article() -> Path:
    """The seed article in shared/seeds/, beside the repository (as in CI)."""
    for base in (REPO.parent, *REPO.parents):
        candidate = base / "shared" / "seeds" / SEED_NAME
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"shared/seeds/{SEED_NAME} not found beside {REPO.name}")


def copy_site(dest: Path) -> Path:
    """Copy mkdocs.yml, docs/ and briefings/ into `dest`; return `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("docs", "briefings"):
        shutil.copytree(REPO / folder, dest / folder, dirs_exist_ok=True)
    return dest


def edit_config(site: Path, **changes: object) -> None:
    """Rewrite mkdocs.yml with top-level keys changed (tags like !ENV are kept as text)."""
    text = (site / "mkdocs.yml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.split(":")[0] not in changes]
    for key, value in changes.items():
        lines.append(yaml.safe_dump({key: value}, default_flow_style=False).strip())
    (site / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(site: Path, *, strict: bool = True, env: dict[str, str] | None = None,
          check: bool = True) -> subprocess.CompletedProcess:  # fmt: skip
    """Run `mkdocs build` on `site` in a subprocess; the output goes to site/site."""
    args = [sys.executable, "-m", "mkdocs", "build", "-f", str(site / "mkdocs.yml"),
            "-d", str(site / "site")]  # fmt: skip
    if strict:
        args.append("--strict")
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run(args, capture_output=True, text=True, env=full_env, cwd=site)
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return result


def parse(path: Path) -> html.HtmlElement:
    return html.parse(str(path)).getroot()


def text_of(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())
