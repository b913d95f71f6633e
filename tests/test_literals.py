"""String option values are `Literal` types, and the plugin's choices derive from them, so
the config, the core's settings and the checks cannot drift apart."""

from __future__ import annotations

import ast
import inspect
import itertools
import typing
from pathlib import Path

import pytest

from briefings.model import settings as settings_module
from briefings.model.dates import PartialDate, Precision
from briefings.model.settings import Settings
from briefings.tools.check import DEFAULT_LEVELS, LinkCheck, LinkLevel, SiteFiles


@pytest.mark.build  # imports the plugin's config (MkDocs)
@pytest.mark.parametrize("option", ["unknown_fields", "autolink", "remote_resources"])
def test_each_choice_option_takes_exactly_the_values_of_its_literal(option: str) -> None:
    from briefings.adapters.mkdocs_plugin.config import BriefingsConfig

    hints = typing.get_type_hints(Settings)
    choice = dict(BriefingsConfig._schema)[option]
    assert tuple(choice.choices) == typing.get_args(hints[option])
    assert choice.default in typing.get_args(hints[option])


@pytest.mark.core
def test_a_dates_precision_is_a_literal() -> None:
    hint = typing.get_type_hints(PartialDate.__dict__["precision"].fget)["return"]
    assert hint == Precision
    found = {PartialDate.parse(t).precision for t in ("2022", "2022-06", "2022-06-25")}
    assert found == set(typing.get_args(Precision))


@pytest.mark.core
def test_link_validation_levels_are_literals() -> None:
    hints = typing.get_type_hints(SiteFiles)
    assert typing.get_args(hints["validation"]) == (LinkCheck, LinkLevel)
    assert set(DEFAULT_LEVELS) <= set(typing.get_args(LinkCheck))
    assert set(DEFAULT_LEVELS.values()) <= set(typing.get_args(LinkLevel))


@pytest.mark.core
def test_each_literal_of_the_settings_has_its_own_docstring() -> None:
    """The docstring under an alias describes that alias (one sat under the wrong one)."""
    tree = ast.parse(Path(inspect.getfile(settings_module)).read_text(encoding="utf-8"))
    body = tree.body
    docs = {}
    for statement, following in itertools.pairwise(body):
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Subscript):
            name = statement.targets[0]
            if isinstance(name, ast.Name) and ast.unparse(statement.value).startswith("Literal"):
                doc = following.value if isinstance(following, ast.Expr) else None
                docs[name.id] = doc.value if isinstance(doc, ast.Constant) else None
    assert set(docs) >= {"Autolink", "UnknownFields", "RemoteResources"}
    assert all(docs.values()), docs
    assert "front-matter field" in str(docs["UnknownFields"])
    assert "another site" in str(docs["RemoteResources"])
