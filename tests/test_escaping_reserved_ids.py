"""The plugin's own ids are reserved like the theme's: `bf-...`, `bf_...`, `bfGlobal`.

A body's `<div id="bf-related">` or `{#bf-corrections}` duplicated the plugin's section ids,
and `id="bfTimelineData"` made `window.bfTimelineData` an element (DOM clobbering of the
timeline script's global). Both are refused by `briefings check` and rewritten with a
warning by the build (so `--strict` fails), as `__config` is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings.adapters.cli import main
from briefings.site.sanitize import is_safe_id, safe_id, safe_ids, sanitize

from .helpers import build, parse
from .sites import briefing, write_site

RESERVED = ["bf-related", "bf-corrections", "bf_x", "bfTimelineData", "bfSearchIndex"]


@pytest.mark.parametrize("value", RESERVED)
def test_reserved_ids_are_rewritten(value: str) -> None:
    assert not is_safe_id(value)
    assert safe_id(value) == f"x-{value}"
    changes: list = []
    assert f'id="x-{value}"' in sanitize(f'<div id="{value}">x</div>', changes)
    assert f'id="x-{value}"' in safe_ids(f'<div id="{value}">x</div>', changes)
    assert changes == [(value, f"x-{value}")] * 2


@pytest.mark.parametrize("value", ["bfx", "bf", "bf2", "bf.x", "x-bf-related", "BF-109"])
def test_other_ids_that_start_with_bf_are_kept(value: str) -> None:
    assert is_safe_id(value) and safe_id(value) == value


BODY = """\
Intro.

<div id="bf-related">Related, forged.</div>

## Corrections {#bf-corrections}

Text <span id="bfTimelineData">x</span>.

## BF-109 fighters

Body.
"""


@pytest.mark.build
def test_check_and_the_build_refuse_the_plugins_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    name = "2022-07-01-ids.md"
    site = write_site(tmp_path / "site", briefings={name: briefing("Ids", "2022-07-01", BODY)})
    code = main(["check", "--config-file", str(site / "mkdocs.yml"), "--format", "json",
                 "--no-hygiene"])  # fmt: skip
    records = json.loads(capsys.readouterr().out or "[]")
    assert code != 0
    found = [r for r in records if "which the plugin uses" in r["message"]]
    text = (site / "briefings" / name).read_text()
    lines = [text.splitlines().index(line) + 1 for line in BODY.splitlines()[2:7:2]]
    assert [(r["path"], r["line"], r["field"]) for r in found] == [
        (f"briefings/{name}", line, "body") for line in lines
    ]
    assert not [r for r in records if "BF-109" in r["message"] or "bf-109" in r["message"]]
    result = build(site, check=False)
    assert result.returncode != 0
    assert f"briefings/{name}:{lines[0]}: body: id 'bf-related'" in result.stderr


@pytest.mark.build
def test_the_build_rewrites_them_in_hand_written_pages(tmp_path: Path) -> None:
    page = '# Notes\n\n<div id="bf-related">x</div>\n\n## Heading {#bfTimelineData}\n'
    site = write_site(tmp_path / "site", docs={"notes.md": page})
    strict = build(site, check=False)
    assert strict.returncode != 0
    result = build(site, strict=False)
    for value in ("bf-related", "bfTimelineData"):
        assert f"id '{value}' is not a safe id" in result.stderr
    ids = parse(site / "site" / "notes" / "index.html").xpath("//article//@id")
    assert "x-bf-related" in ids and "x-bfTimelineData" in ids
    assert "bf-related" not in ids and "bfTimelineData" not in ids
