"""The architecture rule: the core imports nothing from MkDocs, ProperDocs or Material.

Only `briefings.adapters.mkdocs_plugin` may import an engine; the CLI reaches the
engine's config loader through that adapter, lazily. Checked twice: by importing every
core module in a fresh interpreter whose import system refuses the engines (an import
hook, which also stops submodules that are already cached), and by reading every core
module's syntax tree, imports inside functions included.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.core

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "briefings"
ENGINE_ADAPTER = "briefings.adapters.mkdocs_plugin"
BLOCKED = ("mkdocs", "properdocs", "material")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> list[str]:
    return sorted(module_name(p) for p in PACKAGE.rglob("*.py"))


def core_modules() -> list[str]:
    return [m for m in all_modules() if not m.startswith(ENGINE_ADAPTER)]


BLOCKER = """
import importlib.abc, json, sys
BLOCKED = {blocked!r}
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"blocked: {{name}}")
        return None
for name in list(sys.modules):
    if name.split(".")[0] in BLOCKED:
        del sys.modules[name]
sys.meta_path.insert(0, Block())
"""


def test_every_core_module_imports_with_the_engines_blocked() -> None:
    modules = core_modules()
    assert "briefings.site.pages" in modules and "briefings.adapters.cli" in modules
    code = BLOCKER.format(blocked=BLOCKED) + (
        "import importlib\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in BLOCKED)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_the_blocker_really_blocks() -> None:
    """The hook refuses the engine even where the adapter asks for an already-cached one."""
    code = BLOCKER.format(blocked=BLOCKED) + f"import {ENGINE_ADAPTER}.plugin\n"
    result = subprocess.run(
        [sys.executable, "-c", "import mkdocs.plugins\n" + code],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "blocked: mkdocs" in result.stderr


def _imports(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """Every module an import statement anywhere in `path` names, relative ones resolved
    against `package` (by default, the one `path` lies in)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if package is None:
        package = module_name(path)
        if path.name != "__init__.py":
            package = package.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            found.append((node.lineno, name))
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def test_no_core_module_names_the_engine_or_its_adapter() -> None:
    offending = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        if name.startswith(ENGINE_ADAPTER):
            continue
        for line, target in _imports(path):
            engine = target.split(".")[0] in BLOCKED
            adapter = target.startswith(ENGINE_ADAPTER)
            lazy_cli_door = name == "briefings.adapters.cli" and adapter
            if engine or (adapter and not lazy_cli_door):
                offending.append(f"{path.relative_to(PACKAGE)}:{line}: {target}")
    assert offending == []


def test_the_ast_check_sees_lazy_imports(tmp_path: Path) -> None:
    sample = tmp_path / "probe.py"
    sample.write_text(
        "def f():\n    from ..adapters.mkdocs_plugin import plugin\n    import mkdocs.config\n"
    )
    names = [t for _, t in _imports(sample, package="briefings.graph")]
    assert "briefings.adapters.mkdocs_plugin" in names
    assert "mkdocs.config" in names


def test_the_cli_reaches_the_engine_only_through_the_adapter() -> None:
    cli = PACKAGE / "adapters" / "cli.py"
    engine = [t for _, t in _imports(cli) if t.split(".")[0] in BLOCKED]
    assert engine == []


def test_modules_stay_small() -> None:
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 420} == {}
