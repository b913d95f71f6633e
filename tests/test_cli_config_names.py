"""The `briefings` command finds a site's config under ProperDocs' names as well as
MkDocs': `properdocs.yml`, `properdocs.yaml`, `mkdocs.yml`, `mkdocs.yaml`, nearest folder
first; a folder with both a ProperDocs and a MkDocs config is refused, naming both."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefings.adapters.cli import CONFIG_NAMES, UsageError, find_config, main

from .sites import write_site


@pytest.mark.core
@pytest.mark.parametrize("name", CONFIG_NAMES)
def test_each_engines_config_name_is_found_from_a_subfolder(name: str, tmp_path: Path) -> None:
    (tmp_path / name).write_text("site_name: x\n", encoding="utf-8")
    inner = tmp_path / "briefings" / "deep"
    inner.mkdir(parents=True)
    assert find_config(inner) == tmp_path / name


@pytest.mark.core
@pytest.mark.parametrize(
    ("names", "found"),
    [
        (("properdocs.yml", "properdocs.yaml"), "properdocs.yml"),
        (("mkdocs.yml", "mkdocs.yaml"), "mkdocs.yml"),
    ],
)
def test_within_one_engine_the_yml_name_wins(names: tuple[str, ...], found: str,
                                             tmp_path: Path) -> None:  # fmt: skip
    for name in names:
        (tmp_path / name).write_text("site_name: x\n", encoding="utf-8")
    assert find_config(tmp_path) == tmp_path / found


@pytest.mark.core
@pytest.mark.parametrize("names", [("properdocs.yml", "mkdocs.yml"),
                                   ("properdocs.yaml", "mkdocs.yaml")])  # fmt: skip
def test_a_folder_with_both_engines_configs_is_refused(names: tuple[str, ...],
                                                       tmp_path: Path) -> None:  # fmt: skip
    for name in names:
        (tmp_path / name).write_text("site_name: x\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        find_config(tmp_path)
    assert all(name in str(caught.value) for name in names)
    assert "--config-file" in str(caught.value)


@pytest.mark.core
def test_the_nearest_folder_wins_over_a_properdocs_config_above(tmp_path: Path) -> None:
    (tmp_path / "properdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "mkdocs.yml").write_text("site_name: y\n", encoding="utf-8")
    assert find_config(tmp_path / "site") == tmp_path / "site" / "mkdocs.yml"


@pytest.mark.build  # reads the config with MkDocs' loader
def test_a_site_renamed_to_properdocs_yml_keeps_the_briefings_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = write_site(tmp_path / "site")
    shutil.move(site / "mkdocs.yml", site / "properdocs.yml")
    monkeypatch.chdir(site / "briefings")
    assert main(["check", "--no-hygiene"]) == 0
    capsys.readouterr()
    assert main(["new", "A new briefing", "--date", "2024-01-02"]) == 0
    assert (site / "briefings" / "2024-01-02-a-new-briefing.md").is_file()
    (site / "mkdocs.yml").write_text("site_name: other\n", encoding="utf-8")
    assert main(["check"]) == 2
    assert "properdocs.yml and mkdocs.yml" in capsys.readouterr().err
