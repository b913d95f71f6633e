"""Every numeric option of the plugin is range-checked: nonsense (`feed_count: -2`,
`related_max_share: 7`, a boolean, NaN) stops the build and `briefings check` with a
config error naming the option; values at the ends of each range pass."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from briefings.adapters.cli import main
from briefings.model.settings import RelatedSettings

from .helpers import build
from .sites import write_site

BAD = [
    ("feed_count", -2), ("feed_count", 0), ("feed_count", 2.5), ("feed_count", True),
    ("related_count", -1), ("related_window", -3), ("related_window", 0),
    ("related_max_share", 7), ("related_max_share", -0.1), ("related_half_life_days", -10),
    ("related_story_weight", -1), ("related_entity_weight", float("nan")),
    ("related_tag_weight", float("inf")), ("related_tag_weight", "heavy"),
    ("future_date_margin", -1000), ("future_date_margin", 10**12), ("max_file_size", 0),
    ("max_file_size", -5), ("pagination_size", 0), ("backlinks_count", -1),
    ("timeline_page_entries", 0),
]  # fmt: skip

GOOD = {
    "feed_count": 1, "related_count": 0, "related_window": 1, "related_max_share": 1,
    "related_half_life_days": 0, "related_story_weight": 0, "related_entity_weight": 2,
    "related_tag_weight": 0.5, "future_date_margin": 0, "max_file_size": 10_000_000,
}  # fmt: skip


@pytest.mark.build
@pytest.mark.parametrize(("option", "value"), BAD)
def test_a_numeric_option_out_of_range_is_a_config_error_naming_it(
    option: str, value: object, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = write_site(tmp_path / "site", plugin={option: value})
    built = build(root, check=False)
    assert built.returncode != 0
    assert f"'{option}'" in built.stderr + built.stdout
    assert main(["check", "--config-file", str(root / "mkdocs.yml")]) == 2
    assert option in capsys.readouterr().err


@pytest.mark.build
def test_numeric_options_at_the_ends_of_their_ranges_build(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    build(write_site(tmp_path / "site", plugin=GOOD))


@pytest.mark.core
@pytest.mark.parametrize(
    "fields",
    [{"count": -1}, {"window": 0}, {"max_share": 1.5}, {"half_life_days": -1},
     {"tag_weight": math.nan}, {"story_weight": -2.0}],
)  # fmt: skip
def test_the_cores_related_settings_refuse_values_out_of_range(fields: dict) -> None:
    with pytest.raises(ValueError, match=next(iter(fields))):
        RelatedSettings(**fields)
