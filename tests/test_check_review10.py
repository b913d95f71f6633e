"""`briefings check` and the strict build agree on what an outside review of issue 10 found
them disagreeing on: each case is a real `check` run and a real strict build of a small site
(`test_check_parity.make_site`), and no build may end in a traceback."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from .helpers import build
from .test_check_parity import FRONT, OTHER, Case, make_site, run_check

pytestmark = [pytest.mark.build, pytest.mark.timeout(300)]

BROKEN = "briefings/2022-01-02-broken.md"
SHARED = {"2022-01-05-shared.md": FRONT.format(title="Shared", slug="s", summary="S.", extra="")}


def _front(extra: str = "", title: str = "Broken", summary: str = "A short summary.") -> str:
    return FRONT.format(title=title, slug="broken", extra=extra, summary=summary)


#: name -> (case, the (line, field) check must report, whether it is an error)
CASES: dict[str, tuple[Case, tuple[int, str], bool]] = {
    # 1. A year past what the sitemap's gzip timestamp can hold: an error, not a traceback.
    "date far in the future": (Case(title="Far"), (3, "date"), True),
    "updated far in the future": (Case(extra="updated: 2202-06-25\n"), (8, "updated"), True),
    "correction far in the future": (
        Case(extra="corrections:\n  - date: 9999-12-31\n    text: Fixed.\n"),
        (9, "corrections[0].date"),
        True,
    ),
    # 2. Characters XML 1.0 forbids, written as YAML escapes, in any text field.
    "U+FFFE in the title": (Case(title='"Nonchar \\uFFFE title"'), (2, "title"), True),
    "U+FFFF in the summary": (Case(summary="Two \\uFFFF words"), (4, "summary"), True),
    "U+FFFF in a tag": (Case(extra='tags: ["x\\uFFFF"]\n'), (8, "tags[0]"), True),
    "U+FFFE in a source name": (
        Case(extra='curator: "A \\uFFFE B"\n'),
        (8, "curator"),
        True,
    ),
    # 3. Ids the build rewrites into safe ones (and warns about).
    "raw HTML id with a space": (Case('<div id="has space">a</div>\n'), (10, "body"), False),
    "attr_list id with a slash": (Case("Para.\n{: #x/y }\n"), (11, "body"), False),
    "heading attr_list id with an ampersand": (
        Case("## Head {: #a&b }\n"),
        (10, "body"),
        False,
    ),
    # Empty ids, which the build leaves out (and warns about, with the line).
    "empty attr_list id on a heading": (
        Case('Intro.\n\n## Heading {: id="" }\n'),
        (12, "body"),
        False,
    ),
    "valueless attr_list id on a paragraph": (Case("Para\n{: id }\n"), (11, "body"), False),
    "empty raw HTML id": (Case('Intro.\n\n<div id="">y</div>\n'), (12, "body"), False),
    # Python-Markdown's toc raises on these: an error naming the line, not a traceback.
    "valueless id on a heading": (Case("## Heading {: id }\n"), (10, "body"), True),
    "valueless toc label on a heading": (
        Case("Intro.\n\n## Heading {: data-toc-label }\n"),
        (12, "body"),
        True,
    ),
    # 7. `related:` naming a draft, which the build leaves out of the list.
    "related naming a draft": (
        Case(
            extra="related: [2022-01-03-draft]\n",
            files={
                "2022-01-03-draft.md": FRONT.format(
                    title="Draft", slug="d", summary="S.", extra="status: draft\n"
                )
                + "Draft.\n"
            },
        ),
        (8, "related[0]"),
        False,
    ),
    # 4. Anchors of headings whose toc slug is empty (the build names them section, ...).
    "cyrillic headings: missing _1": (
        Case("## Новости\n\nA.\n\n## Новости\n\nSee [b](#_1).\n"),
        (16, "body"),
        False,
    ),
    "symbol-only heading: missing _1 in another briefing": (
        Case(
            "See [it](2022-01-05-shared.md#_1).\n",
            files={"2022-01-05-shared.md": SHARED["2022-01-05-shared.md"] + "## ***\n\nX.\n"},
        ),
        (10, "body"),
        False,
    ),
}

FIXES = {
    "date far in the future": ("date: 2022-01-02", "date: 2202-06-25"),
}

#: Sites both must pass: the anchors the build really writes.
VALID = {
    "cyrillic headings twice": Case(
        "## Новости\n\nA.\n\n## Новости\n\nSee [a](#section) and [b](#section_1).\n"
    ),
    "greek and japanese headings": Case(
        "## Ειδήσεις\n\n## ニュース\n\nSee [a](#section), [b](#section_1).\n"
    ),
    "symbol-only heading in another briefing": Case(
        "See [it](2022-01-05-shared.md#section).\n",
        files={"2022-01-05-shared.md": SHARED["2022-01-05-shared.md"] + "## ***\n\nX.\n"},
    ),
    "safe ids and links to them": Case(
        '<div id="box-1">a</div>\n\nPara.\n{: #para.2 }\n\nSee [a](#box-1), [b](#para.2).\n'
    ),
}


def _site(root: Path, name: str, case: Case) -> Path:
    site = make_site(root, case)
    if name in FIXES:
        path = site / BROKEN
        old, new = FIXES[name]
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return site


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_reports_what_the_strict_build_stops_on(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    case, (line, field), error = CASES[name]
    root = _site(tmp_path / "site", name, case)
    strict_code, records = run_check(root, capsys, "--strict")
    plain_code, _ = run_check(root, capsys)
    assert strict_code == 1, records
    where = [(r["path"], r["line"], r["field"]) for r in records]
    assert (BROKEN, line, field) in where, records
    assert plain_code == (1 if error else 0), records
    built = build(root, check=False)
    output = built.stdout + built.stderr
    assert built.returncode != 0, textwrap.shorten(output, 2000)
    assert "Traceback" not in output, output
    assert BROKEN in output, output
    if not name.startswith(("cyrillic", "symbol")):  # MkDocs' anchor warnings have no line
        assert f"{BROKEN}:{line}" in output, output  # the build names the line too


@pytest.mark.parametrize("name", sorted(VALID))
def test_both_pass(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = make_site(tmp_path / "site", VALID[name])
    code, records = run_check(root, capsys, "--strict")
    assert (code, records) == (0, [])
    built = build(root, check=False)
    assert built.returncode == 0, built.stdout + built.stderr


@pytest.mark.parametrize("directory_urls", [True, False])
def test_anchor_parity_without_directory_urls(
    directory_urls: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    """The same anchors exist whatever `use_directory_urls` says."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    case = Case(f"See [it]({OTHER}#section) and [me](#section_1).\n\n## Ω\n\n## Ω\n")
    root = make_site(tmp_path / "site", case)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + f"use_directory_urls: {str(directory_urls).lower()}\n",
        encoding="utf-8",
    )
    code, records = run_check(root, capsys, "--strict")
    assert (code, records) == (0, [])
    built = build(root, check=False)
    assert built.returncode == 0, built.stdout + built.stderr


BODY_FAULTS = "## __config\n\nSee [it](2022-01-01-nope.md) and [here](#nope).\n"


@pytest.mark.parametrize(
    "front",
    [
        "---\ntitle: Broken: a colon\ndate: 2022-01-02\n---\n\n",  # a YAML syntax error
        "---\n- a list\n- not fields\n---\n\n",  # YAML, but not a mapping
        "---\ntitle: Bad date\ndate: 2022-02-30\n---\n\n",  # fields with errors
    ],
)
def test_the_body_is_checked_whatever_the_front_matter_says(
    front: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every body problem is reported in the same run as a front matter error."""
    root = make_site(tmp_path / "site", Case())
    (root / BROKEN).write_text(front + BODY_FAULTS, encoding="utf-8")
    code, records = run_check(root, capsys, "--strict")
    assert code == 1
    body = {
        (r["line"], r["severity"]) for r in records if r["path"] == BROKEN and r["field"] == "body"
    }
    assert body == {(6, "error"), (8, "warning")}, records
    assert any(r["field"] != "body" for r in records if r["path"] == BROKEN), records


def _registry_site(root: Path, stories: dict | None = None, entities: dict | None = None) -> Path:
    from .sites import ENTITIES, NEWS, STORIES, write_site

    data_stories = {**STORIES, **(stories or {})}
    data_entities = {kind: dict(items) for kind, items in ENTITIES.items()}
    for kind, items in (entities or {}).items():
        data_entities.setdefault(kind, {}).update(items)
    return write_site(root, NEWS, stories=data_stories, entities=data_entities)


@pytest.mark.parametrize(
    ("registry", "stories", "entities", "field", "suggested"),
    [
        ("stories.yml", {"battle-of-donbas": {"title": "Battle of Donbas", "descripton": "x"}},
         None, "battle-of-donbas.descripton", "description"),
        ("entities.yml", None,
         {"people": {"vladimir-putin": {"name": "Vladimir Putin", "descripion": "x"}}},
         "people.vladimir-putin.descripion", "description"),
    ],
)  # fmt: skip
def test_an_unknown_registry_field_is_a_warning_and_keeps_the_registry(
    registry: str, stories, entities, field: str, suggested: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str], monkeypatch,
) -> None:  # fmt: skip
    """One misspelt optional field: a warning with a did-you-mean, every entry kept (no
    "unknown story" cascade), the plain check and the non-strict build pass."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = _registry_site(tmp_path / "site", stories, entities)
    code, records = run_check(root, capsys)
    assert code == 0, records
    assert [(r["path"], r["field"], r["severity"]) for r in records] == [
        (f"briefings/{registry}", field, "warning")
    ], records
    assert f"did you mean '{suggested}'" in records[0]["message"]
    strict_code, _ = run_check(root, capsys, "--strict")
    assert strict_code == 1
    assert build(root, check=False, strict=False).returncode == 0
    strict_build = build(root, check=False)
    assert strict_build.returncode != 0
    assert "Traceback" not in strict_build.stderr


def test_one_bad_registry_entry_drops_only_that_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A story without a title is an error at its line; the briefings naming other stories
    are not reported."""
    root = _registry_site(tmp_path / "site", {"battle-of-donbas": {"description": "No title."}})
    code, records = run_check(root, capsys)
    assert code == 1
    fields = {(r["path"], r["field"]) for r in records if r["severity"] == "error"}
    stories_errors = {f for f in fields if f[0] == "briefings/stories.yml"}
    assert stories_errors == {("briefings/stories.yml", "battle-of-donbas.title")}, records
    others = [r for r in records if "unknown story" in r["message"]]
    assert all("battle-of-donbas" in r["message"] for r in others), others


def test_unsafe_ids_in_docs_pages_are_reported_by_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = make_site(tmp_path / "site", Case())
    (root / "docs" / "bad.md").write_text(
        '---\ntitle: Bad\n---\n# Bad\n\n<p id="a b">x</p>\n', encoding="utf-8"
    )
    code, records = run_check(root, capsys, "--strict")
    assert code == 1
    assert [(r["path"], r["line"], r["field"]) for r in records] == [("docs/bad.md", 6, "body")]
    built = build(root, check=False)
    assert built.returncode != 0
    assert "bad.md:6: id 'a b' is not a safe id" in built.stderr, built.stderr


def test_huge_names_and_values_are_shortened_in_the_report(tmp_path: Path, capsys) -> None:
    """A pasted paragraph as a key or a value: one readable line with its start and end,
    not 50,000 characters (text and CI formats; `--format json` keeps every character)."""
    from briefings.adapters.cli import main

    for name, extra, size in (
        ("value", f"stories: [{'s' * 50_000}]\n", 50_000),
        ("key", f"{'k' * 50_000}: 1\n", 50_000),
    ):  # the message quoting the value, the field naming the key
        root = make_site(tmp_path / name, Case(extra=extra))
        args = ["check", "--config-file", str(root / "mkdocs.yml"), "--no-hygiene"]
        for output in ([], ["--format", "github"]):
            main([*args, *output])
            lines = capsys.readouterr().out.splitlines()
            problems = [line for line in lines if "broken.md" in line]
            assert problems, lines
            assert all(len(line) < 2_500 for line in problems), [len(x) for x in problems]
            assert any(re.search(r" … \(5\d(,|%2C)\d{3} characters\) … ", x) for x in problems), (
                name,
                output,
                [x[:150] for x in problems],
            )
        _code, records = run_check(root, capsys)
        assert any(len(r["field"]) + len(r["message"]) > size for r in records), name
