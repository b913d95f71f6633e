"""Which tests touch the engine directly, read from their syntax trees (tests/conftest.py
enforces the rules at collection):

- a test that imports `mkdocs`, `properdocs` or `material` (in its own body or at the top
  of its module) must be marked `build`: `-m core` runs without them;
- no test module but tests/helpers.py runs an engine as `python -m mkdocs` (or
  `properdocs`): builds go through the helpers' engine switch (`BRIEFINGS_ENGINE`), or a
  test would silently run MkDocs under ProperDocs.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
from collections.abc import Callable
from functools import cache
from pathlib import Path

ENGINE_PACKAGES = ("mkdocs", "properdocs", "material")
ENGINE_COMMANDS = ("mkdocs", "properdocs")


def engine_imports(nodes: list[ast.stmt] | ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every import of an engine package in `nodes` (walked)."""
    roots = nodes if isinstance(nodes, list) else [nodes]
    found = []
    for root in roots:
        for node in ast.walk(root):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            found += [(node.lineno, n) for n in names if n.split(".")[0] in ENGINE_PACKAGES]
    return found


def engine_runs(tree: ast.AST) -> list[int]:
    """Lines of list or tuple literals that hold `"-m"` followed by an engine's name."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple):
            values = [e.value if isinstance(e, ast.Constant) else None for e in node.elts]
            for a, b in itertools.pairwise(values):
                if a == "-m" and b in ENGINE_COMMANDS:
                    found.append(node.lineno)
    return found


@cache
def module_tree(path: Path) -> ast.Module:
    """The parsed test module at `path` (read once per session)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def top_level_imports(path: Path) -> list[tuple[int, str]]:
    """Engine imports in the module's own top-level statements (not under TYPE_CHECKING,
    not inside functions or classes)."""
    statements = [s for s in module_tree(path).body if isinstance(s, ast.Import | ast.ImportFrom)]
    return engine_imports(list(statements))


def function_imports(function: Callable[..., object]) -> list[tuple[int, str]]:
    """Engine imports in a test function's own body (lines relative to its `def`)."""
    try:
        source = textwrap.dedent(inspect.getsource(function))
    except (OSError, TypeError):
        return []
    return engine_imports(ast.parse(source))
