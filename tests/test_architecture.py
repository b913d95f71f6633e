"""The core imports nothing from MkDocs: only the adapters do."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "briefings"
ADAPTERS = {"plugin.py", "config.py", "cli.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_core_modules_do_not_import_mkdocs_or_material() -> None:
    core = sorted(p for p in PACKAGE.glob("*.py") if p.name not in ADAPTERS)
    assert len(core) > 10
    offenders = {p.name for p in core if imported_modules(p) & {"mkdocs", "material"}}
    assert offenders == set()


def test_the_adapters_do() -> None:
    assert "mkdocs" in imported_modules(PACKAGE / "plugin.py")
    assert "mkdocs" in imported_modules(PACKAGE / "config.py")
