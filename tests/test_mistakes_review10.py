"""Smaller faults an outside review of issue 10 found: YAML hints that were missing or
wrong, `related:` naming a draft dropped silently, tabs in file names printed raw, a
registry's misspelt field."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.model.problems import Problem, format_text

from .test_mistakes import problems_of

HEAD = "---\ndate: 2022-01-02\nsummary: S.\nsources: [{name: A, note: N}]\n"


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("title: [Update] Something", "'[' at the start is read as a YAML list"),
        ("title: {x} y", "'{' at the start is read as a YAML mapping"),
        ('title: "\\ud800"', "a backslash in double quotes starts an escape"),
        ("title: [depot #4, x]", "' #' starts a YAML comment, which cuts the list"),
        ('title: "a" b', 'YAML reads only up to the next "'),
        ('title: "unclosed', "does not end with one"),
        ("title: !important news", "put the value in quotes"),
    ],
)
def test_yaml_mistakes_get_a_hint(tmp_path: Path, line: str, hint: str) -> None:
    found = problems_of(tmp_path, {"2022-01-02-x.md": f"{HEAD}{line}\n---\n\nBody.\n"})
    on_line = [p for p in found if p.line == 5 and p.field == "title"]
    assert on_line and hint in on_line[0].message, found
    assert "does not end with" not in on_line[0].message or "unclosed" in line


def test_a_whole_flow_list_gets_no_list_hint(tmp_path: Path) -> None:
    found = problems_of(tmp_path, {"2022-01-02-x.md": f"{HEAD}title: T\ntags: [a, b]\n---\n\nB.\n"})
    assert [p for p in found if p.is_error] == []


def test_related_naming_a_draft_warns(tmp_path: Path) -> None:
    draft = "---\ntitle: D\ndate: 2022-01-01\nsummary: S.\nsources: [{name: A, note: N}]\n"
    files = {
        "2022-01-01-d.md": f"{draft}status: draft\n---\n\nD.\n",
        "2022-01-02-x.md": f"{HEAD}title: T\nrelated: [2022-01-01-d]\n---\n\nB.\n",
    }
    found = problems_of(tmp_path, files)
    assert [(p.path, p.line, p.field, p.severity) for p in found] == [
        ("briefings/2022-01-02-x.md", 6, "related[0]", "warning")
    ], found
    assert "draft" in found[0].message


def test_a_tab_in_a_file_name_is_escaped() -> None:
    shown = format_text([Problem("briefings/a\tb.md", 3, "title", "x")])
    assert shown == "briefings/a\\tb.md:3: title: x"


@pytest.mark.parametrize(
    ("line", "warned"),
    [
        ("summary: Two  # 4 dead", True),
        ("title: Strike  # on depot", True),
        ("key_points: [a]\ncurator: Desk  # night shift", False),
        ("status: published  # until the review", False),
    ],
)
def test_a_comment_after_prose_is_warned_about(tmp_path: Path, line: str, warned: bool) -> None:
    head = "---\ndate: 2022-01-02\nsources: [{name: A, note: N}]\n"
    fields = "" if line.startswith("summary") else "summary: S.\n"
    fields += "" if line.startswith("title") else "title: T\n"
    text = f"{head}{fields}{line}\n---\n\nBody.\n"
    found = [p for p in problems_of(tmp_path, {"2022-01-02-x.md": text}) if "quotes" in p.message]
    assert bool(found) == warned, found


def test_xml_forbidden_characters_in_registries_are_errors(tmp_path: Path) -> None:
    entities = 'people:\n  jane-doe:\n    name: "Jane \\uFFFF Doe"\n'
    stories = tmp_path / "briefings" / "stories.yml"
    stories.parent.mkdir(parents=True)
    stories.write_text('nuclear:\n  title: "A \\uFFFE story"\n', encoding="utf-8")
    found = [p for p in problems_of(tmp_path, {}, entities) if p.is_error]
    assert [(p.path, p.line, p.field) for p in found] == [
        ("briefings/entities.yml", 3, "people.jane-doe.name"),
        ("briefings/stories.yml", 2, "nuclear.title"),
    ], found
    assert all("U+FFF" in p.message for p in found)
