"""File names are content: one with a newline or a control character cannot split the log.

`docs/a\\nWARNING - forged.md` made MkDocs print a line of its own that looked like a new
warning (or a workflow command). Such names are now refused by `briefings check` and the
build before MkDocs quotes them, and the log filter writes a newline inside any record as
`\\n` unless the next line is an indented or a `path:line: field:` continuation.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from briefings.adapters.cli import main
from briefings.adapters.mkdocs_plugin.logfilter import EscapeContent
from briefings.content.files import name_problem

from .helpers import build
from .sites import write_site

FORGED = "WARNING -  forged"


def _record(message: str) -> str:
    record = logging.LogRecord(
        "mkdocs.structure.pages", logging.WARNING, "x", 1, message, None, None
    )
    EscapeContent().filter(record)
    return record.getMessage()


@pytest.mark.parametrize(
    ("message", "lines"),
    [
        (f"Doc file 'a\n{FORGED}.md' contains a link", 1),
        ("Doc file 'a\n::error::x.md' contains a link", 1),
        ("Doc file 'a\r::error::x.md'", 1),
        ("The following pages are not in the nav:\n  - a.md\n  - b.md", 3),
        ("2 content error(s):\nbriefings/a.md:1: file: x\nbriefings/b.md:3: title: y", 3),
    ],
)
def test_a_record_splits_only_where_it_continues_by_design(message: str, lines: int) -> None:
    shown = _record(message)
    assert len(shown.split("\n")) == lines
    assert not any(line.startswith(("WARNING", "::")) for line in shown.split("\n"))
    assert "\r" not in shown


@pytest.mark.parametrize("name", ["a\nb.md", "a\x1b[2Jb.md", "a\u202eb.md", "a\u2028b.png"])
def test_names_with_invisible_characters_are_refused(name: str) -> None:
    assert name_problem(name) is not None
    assert name_problem("ordinary name (1).md") is None


@pytest.mark.build
def test_check_and_the_build_refuse_such_names_and_the_log_keeps_its_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = write_site(tmp_path / "site")
    (site / "docs" / f"a\n{FORGED}.md").write_text("# A\n\n[x](missing\n::error::y.md)\n")
    (site / "briefings" / "b\n::error::c.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    code = main(["check", "--config-file", str(site / "mkdocs.yml"), "--format", "json",
                 "--no-hygiene"])  # fmt: skip
    records = json.loads(capsys.readouterr().out or "[]")
    assert code != 0
    refused = sorted(r["path"] for r in records if "the name holds" in r["message"])
    assert refused == ["briefings/b\n::error::c.png", f"docs/a\n{FORGED}.md"]
    result = build(site, check=False)
    assert result.returncode != 0
    lines = (result.stdout + result.stderr).splitlines()
    assert not [line for line in lines if line.startswith((FORGED, "::"))], lines
    assert "docs/a\\nWARNING -  forged.md:1: file: the name holds" in result.stderr
