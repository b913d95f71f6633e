"""The rules tests/conftest.py enforces on tests that touch the engine (tests/engine_rules.py),
tried on the code that broke them: a core test building with `mkdocs.commands.build`, a
build run as `python -m mkdocs` beside the engine switch."""

from __future__ import annotations

import ast
import textwrap

import pytest

from .engine_rules import engine_imports, engine_runs, function_imports

pytestmark = pytest.mark.core


def test_an_engine_import_inside_a_test_is_found() -> None:
    code = textwrap.dedent("""
        def test_x(tmp_path):
            from mkdocs.commands.build import build as mkdocs_build
            import material.plugins.search
            from .helpers import build
            import json
    """)
    found = [name for _, name in engine_imports(ast.parse(code))]
    assert found == ["mkdocs.commands.build", "material.plugins.search"]


def test_an_engine_run_by_hand_is_found_and_the_helpers_way_is_not() -> None:
    code = textwrap.dedent("""
        online = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--dirty"])
        other = (python, "-m", "properdocs", "serve")
        fine = engine_command("build", "-m", "x")
        text = "mkdocs -m"
    """)
    assert sorted(engine_runs(ast.parse(code))) == [2, 3]


def _sample() -> None:
    from mkdocs.config import load_config  # noqa: F401


def test_a_functions_own_imports_are_read_from_its_source() -> None:
    assert [name for _, name in function_imports(_sample)] == ["mkdocs.config"]
    assert function_imports(test_a_functions_own_imports_are_read_from_its_source) == []
