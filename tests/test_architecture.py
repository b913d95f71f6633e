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


#: Functions that import a module named by their first argument (`import_module`,
#: `__import__`) or import its parent packages (`find_spec`), by their usual names.
IMPORTERS = {"import_module", "__import__", "find_spec", "spec_from_file_location",
             "spec_from_loader", "module_from_spec"}  # fmt: skip
DYNAMIC = "<a module name computed at run time>"


def _resolve(name: str, level: int, package: str) -> str:
    """`name` imported `level` folders up from `package` (level 0: absolute)."""
    if not level:
        return name
    base = package.split(".")
    base = base[: len(base) - level + 1]
    return ".".join([*base, name] if name else base)


def _imports(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """Every module an import statement or an import call anywhere in `path` names
    (`import_module`, `__import__`, `importlib.util.find_spec`, also under another name),
    relative ones resolved against `package` (by default, the one `path` lies in) or the
    call's own package argument; a call whose module name is not a constant string is
    reported as `DYNAMIC`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if package is None:
        package = module_name(path)
        if path.name != "__init__.py":
            package = package.rpartition(".")[0]
    importers = set(IMPORTERS)
    for node in ast.walk(tree):  # `from importlib import import_module as load`
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("importlib"):
            importers |= {a.asname for a in node.names if a.name in IMPORTERS and a.asname}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            name = _resolve(node.module or "", node.level, package)
            found.append((node.lineno, name))
            found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called in importers:
                found.append((node.lineno, _called_module(node, called, package)))
    return found


def _called_module(call: ast.Call, called: str, package: str) -> str:
    """The module an import call names, resolved; `DYNAMIC` when it is not a constant."""
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    first = call.args[0] if call.args else keywords.get("name")
    if called in ("spec_from_loader", "module_from_spec"):
        return DYNAMIC if not isinstance(first, ast.Constant) else str(first.value)
    if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
        return DYNAMIC
    name = first.value
    if called == "__import__":  # __import__(name, globals, locals, fromlist, level)
        level = call.args[4] if len(call.args) > 4 else keywords.get("level")
        if level is None:
            return name
        if not isinstance(level, ast.Constant) or not isinstance(level.value, int):
            return DYNAMIC
        return _resolve(name, level.value, package)
    if not name.startswith("."):
        return name
    anchor = call.args[1] if len(call.args) > 1 else keywords.get("package")
    if not (isinstance(anchor, ast.Constant) and isinstance(anchor.value, str)):
        return DYNAMIC  # relative to a package computed at run time
    dots = len(name) - len(name.lstrip("."))
    return _resolve(name[dots:], dots, anchor.value)


#: Import calls in the core whose module name is computed, each checked by hand: the
#: importer asks whether its optional dependencies are installed (names from a constant);
#: i18n loads its own catalogue submodules (`{__name__}.<name>`, names from CATALOGUES).
ALLOWED_DYNAMIC = {"tools/importer/requirements.py", "site/i18n/__init__.py"}


def test_no_core_module_names_the_engine_or_its_adapter() -> None:
    offending = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        if name.startswith(ENGINE_ADAPTER):
            continue
        for line, target in _imports(path):
            if target == DYNAMIC and str(path.relative_to(PACKAGE)) in ALLOWED_DYNAMIC:
                continue
            engine = target.split(".")[0] in BLOCKED or target == DYNAMIC
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


@pytest.mark.parametrize(
    ("code", "found"),
    [
        ('from importlib import import_module\nimport_module("mkdocs.plugins")\n',
         "mkdocs.plugins"),
        ('from importlib import import_module as load\nload("material.plugins")\n',
         "material.plugins"),
        ('import importlib\nimportlib.import_module("properdocs")\n', "properdocs"),
        ('__import__("briefings.adapters.mkdocs_plugin.plugin")\n',
         "briefings.adapters.mkdocs_plugin.plugin"),
        ('import importlib\nimportlib.import_module(".plugin", "briefings.adapters.mkdocs_plugin")\n',
         "briefings.adapters.mkdocs_plugin.plugin"),
        ('import importlib\nimportlib.import_module(".mkdocs_plugin", package="briefings.adapters")\n',
         "briefings.adapters.mkdocs_plugin"),
        ('__import__("adapters.mkdocs_plugin", globals(), locals(), [], 2)\n',
         "briefings.adapters.mkdocs_plugin"),
        ('import importlib.util\nimportlib.util.find_spec("mkdocs.config")\n', "mkdocs.config"),
        ('import importlib\nname = "mk" + "docs"\nimportlib.import_module(name)\n', DYNAMIC),
        ('import importlib\nimportlib.import_module(".plugin", __package__)\n', DYNAMIC),
    ],
)  # fmt: skip
def test_the_ast_check_sees_import_calls(code: str, found: str, tmp_path: Path) -> None:
    sample = tmp_path / "probe.py"
    sample.write_text(code, encoding="utf-8")
    assert found in [t for _, t in _imports(sample, package="briefings.graph")]


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
