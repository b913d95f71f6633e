"""Content mistakes that used to pass silently: each is now reported with file:line: field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from briefings.adapters.cli import main
from briefings.content.hygiene import NEAR_DUPLICATE
from briefings.content.loader import load_corpus
from briefings.graph.graph import BriefingGraph
from briefings.model.content import Entity
from briefings.model.problems import Problem
from briefings.model.settings import Settings
from briefings.tools.check import SiteFiles, check

from .sites import SEED_SLUG, write_site

HEAD = "---\ntitle: T\ndate: 2022-01-02\nsummary: S.\nsources: [{name: A, note: N}]\n"


def site_with(tmp_path: Path, files: dict[str, str], entities: str = "") -> Settings:
    folder = tmp_path / "briefings"
    folder.mkdir(parents=True, exist_ok=True)
    if entities:
        (folder / "entities.yml").write_text(entities, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return Settings(root=tmp_path)


def problems_of(tmp_path: Path, files: dict[str, str], entities: str = "") -> list[Problem]:
    return load_corpus(site_with(tmp_path, files, entities)).problems


# -- values YAML cuts short ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "warned"),
    [
        ("curator: Strike on depot #4 confirmed", True),
        ("curator: Desk # night shift", True),
        ("curator: &Co newsroom", True),
        ("curator: Desk  # a deliberate comment", False),
        ('curator: "Strike on depot #4 confirmed"', False),
        ("curator: C#-team", False),
        ("curator: Desk", False),
    ],
)
def test_values_cut_by_a_comment_or_an_anchor(tmp_path: Path, line: str, warned: bool) -> None:
    found = problems_of(tmp_path, {"2022-01-02-x.md": f"{HEAD}{line}\n---\n\nBody.\n"})
    cut = [p for p in found if "put the value in quotes" in p.message]
    assert [(p.line, p.field, p.severity) for p in cut] == (
        [(6, "curator", "warning")] if warned else []
    )


def test_cut_list_items_are_found_too(tmp_path: Path) -> None:
    text = f"{HEAD}key_points:\n  - Fine\n  - Depot #4 was hit\n---\n\nBody.\n"
    (problem,) = [
        p for p in problems_of(tmp_path, {"2022-01-02-x.md": text}) if "quotes" in p.message
    ]
    assert (problem.line, problem.field) == (8, "key_points[1]")
    assert "'Depot'" in problem.message


# -- YAML syntax errors ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("curator:\n\tDesk", "tab character"),
        ("curator: Desk: night", "contains ': '"),
        ('curator: "Desk" night', "other quote character"),
        ("curator: [Desk", "read as a YAML list"),
        ("curator: @desk", "'@' cannot start"),
        ("curator: %desk", "directive"),
        ("curator: *desk", "alias"),
        ("curator: `desk`", "'`' cannot start"),
        ("curator:Desk night", "no space after the colon"),
    ],
)
def test_yaml_errors_name_the_field_and_hint_at_the_cause(
    tmp_path: Path, line: str, hint: str
) -> None:
    found = problems_of(tmp_path, {"2022-01-02-x.md": f"{HEAD}{line}\n---\n\nBody.\n"})
    (problem,) = found
    assert (problem.line, problem.field) == (6 + line.count("\n"), "curator")
    assert problem.message.startswith("malformed YAML") and hint in problem.message


@pytest.mark.parametrize(
    ("front", "where"),
    [
        # a glued key below a list: the field of its own line, not the one above
        ("title: T\ndate: 2022-01-02\nsources:\n  - name: A\n    url: https://e.org/\n"
         "summary:Fine.\n", (7, "summary", "no space after the colon")),
        # a list item where a key is expected: the item's line, not the mapping's first
        ("title: T\ndate: 2022-01-02\n- a\n- b\nsummary: S.\n",
         (4, "file", "a list item where YAML expects")),
        # an unclosed leading quote, with a quote further down: the quote's line
        ('title: "Strike on depot\ndate: 2022-01-02\nsummary: S.\nkey_points:\n'
         '  - He said "no" twice.\n', (2, "title", "does not end with one")),
    ],
)  # fmt: skip
def test_yaml_errors_point_at_the_faulty_line(
    tmp_path: Path, front: str, where: tuple[int, str, str]
) -> None:
    (problem,) = problems_of(tmp_path, {"2022-01-02-x.md": f"---\n{front}---\n\nBody.\n"})
    assert (problem.line, problem.field) == where[:2], problem
    assert where[2] in problem.message


def test_registry_yaml_errors_name_the_field(tmp_path: Path) -> None:
    entities = "people:\n  x:\n    name: Anna: the first\n"
    (problem,) = problems_of(tmp_path, {}, entities)
    assert (problem.path, problem.line, problem.field) == (
        "briefings/entities.yml",
        3,
        "people.x.name",
    )
    assert "contains ': '" in problem.message


def test_unknown_fields_get_a_did_you_mean(tmp_path: Path) -> None:
    text = HEAD.replace("summary: S.\n", "") + "sumary: S.\nTitle2: x\n---\n\nBody.\n"
    messages = {p.field: p.message for p in problems_of(tmp_path, {"2022-01-02-x.md": text})}
    assert messages["sumary"] == "unknown field 'sumary' (ignored); did you mean 'summary'?"
    assert messages["summary"] == "required field is missing"


# -- tags ------------------------------------------------------------------------------


def test_tags_sharing_a_slug_are_an_error_naming_both_files(tmp_path: Path) -> None:
    files = {
        "2022-01-02-a.md": f"{HEAD}tags: [C++, Nuclear weapons]\n---\n\nA.\n",
        "2022-01-03-b.md": f"{HEAD}tags: ['C#', nuclear-weapons]\n---\n\nB.\n",
        "2022-01-04-c.md": f"{HEAD}tags: [NUCLEAR  WEAPONS, c]\n---\n\nC.\n",
    }
    found = [p for p in problems_of(tmp_path, files) if p.field.startswith("tags")]
    assert {(p.path, p.field) for p in found} == {
        ("briefings/2022-01-02-a.md", "tags[0]"),
        ("briefings/2022-01-03-b.md", "tags[0]"),
        ("briefings/2022-01-04-c.md", "tags[1]"),
    }
    assert all(p.is_error for p in found)
    first = next(p for p in found if p.path.endswith("-a.md"))
    assert "'C#' (briefings/2022-01-03-b.md)" in first.message
    assert "'c' (briefings/2022-01-04-c.md)" in first.message
    # spellings of one tag ("Nuclear weapons", "nuclear-weapons", ...) are no problem
    assert not any("nuclear" in p.message.lower() for p in found)


# -- placeholders ----------------------------------------------------------------------


def test_importer_placeholder_source_name_is_an_error(tmp_path: Path) -> None:
    from briefings.tools.scaffold import source_from_url

    name = source_from_url(None).name
    text = HEAD.replace("{name: A, note: N}", f"{{name: '{name}', note: N}}") + "---\n\nBody.\n"
    (problem,) = problems_of(tmp_path, {"2022-01-02-x.md": text})
    assert (problem.line, problem.field, problem.severity) == (5, "sources[0].name", "error")


def test_the_skeletons_source_note_is_an_error_too(tmp_path: Path) -> None:
    """`new`/`import` without an address write an instruction in `note:`: never published."""
    from briefings.tools.scaffold import source_from_url

    note = source_from_url(None).note
    text = HEAD.replace("{name: A, note: N}", f"{{name: Wire, note: '{note}'}}") + "---\n\nB.\n"
    (problem,) = problems_of(tmp_path, {"2022-01-02-x.md": text})
    assert (problem.line, problem.field, problem.severity) == (5, "sources[0].note", "error")
    assert "url:" in problem.message


# -- dates -----------------------------------------------------------------------------


def test_far_future_dates_warn_in_check_only(tmp_path: Path) -> None:
    today = dt.date(2024, 3, 1)
    files = {
        "2042-03-01-typo.md": HEAD.replace("2022-01-02", "2042-03-01") + "---\n\nA.\n",
        "2024-03-05-soon.md": HEAD.replace("2022-01-02", "2024-03-05") + "---\n\nB.\n",
    }
    settings = site_with(tmp_path, files)
    corpus = load_corpus(settings)
    assert corpus.problems == []  # the build does not depend on the day it runs
    found = check(corpus, SiteFiles(), today=today, hygiene=False)
    assert [(p.path, p.line, p.field, p.severity) for p in found] == [
        ("briefings/2042-03-01-typo.md", 3, "date", "warning")
    ]
    days = (dt.date(2042, 3, 1) - today).days
    assert f"{days} days after today (2024-03-01)" in found[0].message


# -- duplicate bodies ------------------------------------------------------------------

TEXT = " ".join(f"word{i}" for i in range(200))


def test_same_and_nearly_same_bodies_get_a_hygiene_warning(tmp_path: Path) -> None:
    near = TEXT.replace("word100 word101", "changed here")  # Jaccard of 3-shingles ~0.96
    files = {
        "2022-01-02-a.md": f"{HEAD}---\n\n{TEXT}\n",
        "2022-01-03-b.md": HEAD.replace("T\n", "Other headline\n") + f"---\n\n*{TEXT.upper()}*\n",
        "2022-01-04-c.md": f"{HEAD}---\n\n{near}\n",
        "2022-01-05-d.md": f"{HEAD}---\n\n{' '.join(f'other{i}' for i in range(200))}\n",
    }
    corpus = load_corpus(site_with(tmp_path, files))
    found = [
        p for p in check(corpus, SiteFiles(), today=dt.date(2024, 1, 1)) if "body as" in p.message
    ]
    by_path = {p.path.split("-")[-1]: p.message for p in found}
    assert by_path["a.md"].startswith("the same body as briefings/2022-01-03-b.md")
    assert by_path["b.md"].startswith("the same body as briefings/2022-01-02-a.md")
    assert by_path["c.md"].startswith("nearly the same body as briefings/2022-01-02-a.md")
    assert "d.md" not in by_path
    assert NEAR_DUPLICATE == 0.8


# -- code is not content ---------------------------------------------------------------


def test_names_and_links_in_code_are_no_mentions_or_backlinks(tmp_path: Path) -> None:
    entities = "people:\n  anna-berg:\n    name: Anna Berg\n  carl-dahl:\n    name: Carl Dahl\n"
    body = (
        "Anna Berg spoke.\n\n    Carl Dahl in an indented block [x](2022-01-03-b.md)\n\n"
        "!!! note\n    Text inside the note.\n\n    ```\n    Carl Dahl [y](2022-01-03-b.md)\n    ```\n"
        "\n- item\n\n        Carl Dahl code in a list\n"
    )
    files = {"2022-01-02-a.md": f"{HEAD}---\n\n{body}", "2022-01-03-b.md": f"{HEAD}---\n\nB.\n"}
    corpus = load_corpus(site_with(tmp_path, files, entities))
    assert corpus.problems == []
    graph = BriefingGraph.build(corpus.settings, corpus.briefings, corpus.stories, corpus.entities)
    assert graph.mentions["2022-01-02-a"] == {("people", "anna-berg")}
    assert graph.entities["people"].briefings("carl-dahl") == ()
    assert [b.slug for b in graph.entities["people"].briefings("anna-berg")] == ["2022-01-02-a"]
    assert "2022-01-03-b" not in graph.backlinks


def test_vice_president_is_not_president(tmp_path: Path) -> None:
    from briefings.graph.mentions import Matcher

    matcher = Matcher([Entity("people", "john-smith", "John Smith")])
    text = "Vice-President Smith met President Smith."
    assert [text[m.start : m.end] for m in matcher.find(text)] == ["Smith", "President Smith"]


# -- check FILE outside briefings/ -----------------------------------------------------


def test_check_a_file_outside_briefings_as_if_it_were_inside(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    root = write_site(tmp_path / "site")
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    out_dir = tmp_path / "drafts"
    out_dir.mkdir()
    draft = out_dir / "2023-01-01-outside.md"
    draft.write_text(
        f"{HEAD}stories: [no-such-story]\nrelated: [{SEED_SLUG}]\n---\n\n"
        f"See [the report]({SEED_SLUG}.md) and [gone](nope.md).\n",
        encoding="utf-8",
    )
    code = main(["check", str(draft), "--format", "json"])
    records = json.loads(capsys.readouterr().out)
    assert code == 1
    assert {r["path"] for r in records} == {draft.as_posix()}
    assert [(r["line"], r["field"], r["severity"]) for r in records] == [
        (6, "stories[0]", "error"),  # resolved against the site's stories
        (10, "body", "warning"),  # nope.md; the link to a real briefing resolves
    ]


def test_links_of_a_file_with_errors_are_checked_in_the_same_run(tmp_path: Path) -> None:
    text = HEAD.replace("summary: S.\n", "") + "---\n\nSee [gone](2022-01-01-nope.md).\n"
    corpus = load_corpus(site_with(tmp_path, {"2022-01-02-x.md": text}))
    found = check(corpus, SiteFiles(), today=dt.date(2024, 1, 1), hygiene=False)
    assert [(p.line, p.field, p.severity) for p in found] == [
        (1, "summary", "error"),  # the file's own error, which stops the build
        (7, "body", "warning"),  # and, in the same run, the link it would fail on next
    ]


def test_the_annotated_example_in_the_writing_guide_has_no_cut_values() -> None:
    """The guide's example, comments and all, is front matter `check --strict` accepts:
    its text values are quoted, so no comment is read as a cut value."""
    from briefings.content import located_yaml
    from briefings.content.mistakes import cut_values

    guide = (Path(__file__).parent.parent / "docs" / "writing.md").read_text(encoding="utf-8")
    front = guide.split("```yaml\n---\n", 1)[1].split("---\n```", 1)[0]
    lines = front.split("\n")
    doc = located_yaml.load(front)
    assert doc.data["title"] == "Moscow will deliver missiles to Belarus"
    assert list(cut_values(doc, lines, "docs/writing.md")) == []
