"""The README's layout table names every module of the package: each file of a pipeline
folder (and of the MkDocs adapter) by its name, each deeper subpackage as `folder/`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.core

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "plugins" / "briefings"
# Folders whose files the table names one by one; any other folder is named as a whole.
LISTED = ("model", "content", "graph", "site", "tools", "adapters", "adapters/mkdocs_plugin")


def layout_rows() -> dict[str, str]:
    """Folder (`content/`) -> its row's text, from the README's package table."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z_]+/)` \| (.*) \|$", text, flags=re.M)
    return dict(rows)


def expected_names(folder: str) -> list[str]:
    """What the table must name for `folder`: its modules and scripts, and its subfolders
    that are not listed file by file."""
    path = PACKAGE / folder
    names = [
        p.name
        for p in sorted(path.iterdir())
        if p.is_file() and p.suffix in (".py", ".js") and p.name != "__init__.py"
    ]
    names += [
        f"{p.name}/"
        for p in sorted(path.iterdir())
        if p.is_dir() and p.name != "__pycache__" and f"{folder}/{p.name}" not in LISTED
    ]
    return names


def test_the_layout_table_names_every_module() -> None:
    rows = layout_rows()
    missing = []
    for folder in LISTED:
        top = folder.split("/")[0] + "/"
        row = rows.get(top, "")
        missing += [f"{folder}/{n}" for n in expected_names(folder) if f"`{n}`" not in row]
    assert missing == []


def test_the_table_has_a_row_per_pipeline_folder_in_pipeline_order() -> None:
    rows = list(layout_rows())
    assert [r for r in rows if r.rstrip("/") in LISTED] == [
        "model/", "content/", "graph/", "site/", "tools/", "adapters/"
    ]  # fmt: skip
