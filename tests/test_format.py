"""The format: the shipped JSON Schema, and YAML reading that never coerces or crashes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from briefings.content.loader import load_corpus
from briefings.content.located_yaml import load
from briefings.content.schema import briefing_schema, format_checker
from briefings.model.settings import Settings

from .helpers import REPO


def test_shipped_schemas_are_valid_json_schemas() -> None:
    for kinds in ((), ("equipment",)):
        Draft202012Validator.check_schema(briefing_schema(kinds))
    assert "equipment" in briefing_schema(("equipment",))["properties"]
    assert "equipment" not in briefing_schema()["properties"]


def test_repository_briefings_match_the_schema_editors_get() -> None:
    validator = Draft202012Validator(
        briefing_schema(("equipment",)), format_checker=format_checker()
    )
    for path in sorted((REPO / "briefings").glob("*.md")):
        front = path.read_text(encoding="utf-8").split("---", 2)[1]
        assert not list(validator.iter_errors(load(front).data)), path.name


texts = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\x85\u2028\u2029"),
    min_size=1,
).filter(lambda s: s.strip() and s == s.strip())


@given(texts, texts)
def test_any_text_survives_yaml_unchanged(title: str, language: str) -> None:
    """What a YAML writer quotes or not, the loader gives back the same string."""
    dumped = yaml.safe_dump({"title": title, "language": language}, allow_unicode=True)
    data = load(dumped).data
    assert data == {"title": title, "language": language}


@given(st.sampled_from(["no", "yes", "on", "off", "1984", "0x1F", "1e3", "2022-06-25", ".nan"]))
def test_yaml_1_1_lookalikes_stay_text(word: str) -> None:
    assert load(f"value: {word}\n").data == {"value": word}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400) | st.text(max_size=400).map(lambda t: ("---\n" + t).encode()))
def test_hostile_files_give_problems_never_exceptions(tmp_path_factory, data: bytes) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "briefings").mkdir()
    (root / "briefings" / "2022-01-01-x.md").write_bytes(data)
    corpus = load_corpus(Settings(root=root))
    for problem in corpus.problems:
        assert problem.path == "briefings/2022-01-01-x.md"
        assert problem.line >= 1
    assert corpus.briefings or corpus.errors


def test_dates_in_front_matter_are_real_dates(tmp_path: Path) -> None:
    (tmp_path / "briefings").mkdir()
    text = "---\ntitle: T\ndate: 2024-02-29\nsummary: S\nsources: [{name: A, note: N}]\n---\n"
    (tmp_path / "briefings" / "2024-02-29-leap.md").write_text(text)
    (b,) = load_corpus(Settings(root=tmp_path)).briefings
    assert b.date == dt.date(2024, 2, 29)
