"""Every public function, method and class of the package has a docstring (shapes, units,
errors): read from the syntax tree, so a new one without is caught."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.core

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "briefings"


def undocumented(path: Path) -> list[str]:
    """`line: Qualified.name` of each public function, method or class without a
    docstring (names starting with `_` are private; so is everything inside them)."""
    found: list[str] = []

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            if node.name.startswith("_"):
                continue
            if ast.get_docstring(node) is None:
                found.append(f"{node.lineno}: {prefix}{node.name}")
            if isinstance(node, ast.ClassDef):
                visit(node.body, f"{prefix}{node.name}.")

    visit(ast.parse(path.read_text(encoding="utf-8")).body, "")
    return found


def test_every_public_function_and_class_has_a_docstring() -> None:
    missing = [
        f"{path.relative_to(PACKAGE)}:{entry}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for entry in undocumented(path)
    ]
    assert missing == []


def test_the_scan_finds_a_missing_docstring(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        'def f():\n    pass\n\n\ndef _g():\n    pass\n\n\nclass C:\n    """Doc."""\n\n'
        "    def method(self):\n        pass\n\n    def _private(self):\n        pass\n",
        encoding="utf-8",
    )
    assert undocumented(probe) == ["1: f", "12: C.method"]
