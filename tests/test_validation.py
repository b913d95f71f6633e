"""The loader reports every problem at once as `path:line: field: message`."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.content.loader import load_corpus
from briefings.content.schema import check_kinds
from briefings.model.problems import format_text
from briefings.model.settings import Settings

from .helpers import REPO
from .sites import ENTITIES, NUCLEAR, STORIES, briefing, dump_yaml

BROKEN: dict[str, bytes | str] = {
    "2022-01-01-missing.md": "---\ntitle: Only a title\n---\nBody.\n",
    "2022-01-02-types.md": """---
title: [a, b]
date: 2022-13-45
summary: ""
sources:
  - name: Outlet
    url: ftp://example.org/a
    language: no
  - name: No address
stories: [russia-belarus-nuclear-sharng]
people: [vladimir-putn]
places: [narnia]
related: [2022-01-01-missng]
events:
  - date: 2022-06
    title: Fine
  - date: 22-06-2022
    title: Bad date
  - date: 2022-07-05
    end: 2022-07-01
    title: Backwards
colour: blue
---
Body.
""",
    "2022-01-03-dupkeys.md": """---
title: Duplicate keys
date: 2022-01-03
date: 2022-01-04
summary: S.
sources: [{name: A, note: N}]
slug: shared-slug
---
""",
    "2022-01-04-other.md": """---
title: Other
date: 2022-01-04
summary: S.
slug: shared-slug
sources: [{name: A, note: N}]
---
""",
    "2022-01-05-badyaml.md": """---
title: Bad
date: 2022-01-05
summary: [unclosed
sources: []
---
""",
    "2022-01-06-nofm.md": "no front matter here\n",
    "2022-01-07-latin1.md": b"---\ntitle: caf\xe9\n---\n",
    "2022-01-08-unclosed.md": "---\ntitle: x\n",
    "2022-01-09-list.md": "---\n- a\n- b\n---\n",
    "2022-01-10-javascript-url.md": """---
title: Script address
date: 2022-01-10
summary: S.
sources:
  - name: A
    url: "javascript:alert(1)"
updated: 2022-01-09
---
""",
    "Bad Name.md": "---\ntitle: T\ndate: 2022-01-11\nsummary: S.\nsources: [{name: A, note: N}]\n---\n",
    "_template.md": "not a briefing: names starting with _ are skipped\n",
}

EXPECTED = """\
briefings/2022-01-01-missing.md:1: date: required field is missing
briefings/2022-01-01-missing.md:1: sources: required field is missing
briefings/2022-01-01-missing.md:1: summary: required field is missing
briefings/2022-01-02-types.md:2: title: must be text, not a list
briefings/2022-01-02-types.md:3: date: must be a real date written YYYY-MM-DD: '2022-13-45'
briefings/2022-01-02-types.md:4: summary: must not be empty
briefings/2022-01-02-types.md:7: sources[0].url: must be an http:// or https:// address: 'ftp://example.org/a'
briefings/2022-01-02-types.md:9: sources[1]: warning: a source without url needs a note saying why
briefings/2022-01-02-types.md:10: stories[0]: unknown story 'russia-belarus-nuclear-sharng' (add it to briefings/stories.yml); did you mean 'russia-belarus-nuclear-sharing'?
briefings/2022-01-02-types.md:11: people[0]: unknown people entry 'vladimir-putn' (add it under 'people:' in briefings/entities.yml); did you mean 'vladimir-putin'?
briefings/2022-01-02-types.md:12: places[0]: unknown places entry 'narnia' (add it under 'places:' in briefings/entities.yml)
briefings/2022-01-02-types.md:13: related[0]: unknown briefing '2022-01-01-missng' (no briefing has this slug); did you mean '2022-01-01-missing'?
briefings/2022-01-02-types.md:17: events[1].date: must be a real date written YYYY, YYYY-MM or YYYY-MM-DD: '22-06-2022'
briefings/2022-01-02-types.md:20: events[2].end: ends (2022-07-01) before it starts (2022-07-05)
briefings/2022-01-02-types.md:22: colour: warning: unknown field 'colour' (ignored)
briefings/2022-01-03-dupkeys.md:4: date: duplicate key 'date' (first at line 3)
briefings/2022-01-03-dupkeys.md:7: slug: duplicate slug 'shared-slug': also used by briefings/2022-01-04-other.md
briefings/2022-01-04-other.md:5: slug: duplicate slug 'shared-slug': also used by briefings/2022-01-03-dupkeys.md
briefings/2022-01-05-badyaml.md:4: summary: malformed YAML: while parsing a flow sequence; did not find expected ',' or ']' (the sequence began at line 4); hint: '[' at the start is read as a YAML list; put the value in quotes
briefings/2022-01-06-nofm.md:1: file: no front matter: the file must start with a '---' line
briefings/2022-01-07-latin1.md:2: file: is not UTF-8 text (byte 14)
briefings/2022-01-08-unclosed.md:1: file: front matter is not closed by a '---' line
briefings/2022-01-09-list.md:1: file: front matter must be a mapping of fields
briefings/2022-01-10-javascript-url.md:7: sources[0].url: must be an http:// or https:// address: 'javascript:alert(1)'
briefings/2022-01-10-javascript-url.md:8: updated: is earlier than the briefing's date (2022-01-10)
briefings/Bad Name.md:1: slug: file name 'Bad Name.md' is not a valid slug; rename the file (lowercase a-z, 0-9 and hyphens) or set slug:"""


def write_site(root: Path, files: dict[str, bytes | str], registries: bool = True) -> Settings:
    folder = root / "briefings"
    folder.mkdir(parents=True)
    if registries:  # the NEWS test site's (tests/sites.py)
        (folder / "stories.yml").write_text(dump_yaml(STORIES), encoding="utf-8")
        (folder / "entities.yml").write_text(dump_yaml(ENTITIES), encoding="utf-8")
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return Settings(root=root, entity_kinds={"equipment": "Equipment"})


def test_every_problem_is_reported_at_once_with_file_line_and_field(tmp_path: Path) -> None:
    corpus = load_corpus(write_site(tmp_path, BROKEN))
    assert format_text(corpus.problems) == EXPECTED
    # Files with errors of their own are not published.
    published = {b.path for b in corpus.briefings}
    assert "briefings/2022-01-02-types.md" not in published
    assert "briefings/2022-01-01-missing.md" not in published


def test_unknown_fields_can_be_errors(tmp_path: Path) -> None:
    settings = write_site(tmp_path, {"2022-01-02-x.md": BROKEN["2022-01-02-types.md"]})
    strict = Settings(root=settings.root, entity_kinds=settings.entity_kinds,
                      unknown_fields="error")  # fmt: skip
    found = [p for p in load_corpus(strict).problems if p.field == "colour"]
    assert [str(p) for p in found] == [
        "briefings/2022-01-02-x.md:22: colour: unknown field 'colour' (ignored)"
    ]


def test_nothing_is_coerced(tmp_path: Path) -> None:
    text = """---
title: 1984
date: 2022-06-25
summary: yes
sources: [{name: Outlet, note: On paper, language: no}]
events: [{date: 2022, title: Whole year}, {date: 2022-06, title: Month, approximate: true}]
---
Body
"""
    corpus = load_corpus(write_site(tmp_path, {"2022-06-25-x.md": text}))
    assert corpus.problems == []
    (b,) = corpus.briefings
    assert (b.title, b.summary, b.sources[0].language) == ("1984", "yes", "no")
    assert [e.date.iso() for e in b.events] == ["2022", "2022-06"]
    assert b.events[1].approximate is True


def test_yaml_booleans_must_be_true_or_false(tmp_path: Path) -> None:
    text = "---\ntitle: T\ndate: 2022-06-25\nsummary: S\nsources: [{name: A, note: B}]\n"
    text += "events: [{date: 2022, title: T, approximate: yes}]\n---\n"
    problems = load_corpus(write_site(tmp_path, {"2022-06-25-x.md": text})).problems
    assert [str(p) for p in problems] == [
        "briefings/2022-06-25-x.md:6: events[0].approximate: must be true or false, not 'yes'"
    ]


def test_alias_bombs_and_custom_tags_are_refused(tmp_path: Path) -> None:
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefg":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    bomb += "---\n"
    tagged = "---\ntitle: !!python/object:os.system echo\n---\n"
    files = {"2022-01-01-bomb.md": bomb, "2022-01-02-tag.md": tagged}
    problems = [str(p) for p in load_corpus(write_site(tmp_path, files)).problems]
    assert (
        "briefings/2022-01-01-bomb.md:1: file: document too large (too many values or aliases)"
    ) in problems
    tag = (
        "briefings/2022-01-02-tag.md:2: title: unsupported YAML tag "
        "'tag:yaml.org,2002:python/object:os.system': a value starting with '!' is read as "
        "a YAML tag; put the value in quotes"
    )
    assert tag in problems


def test_registry_problems_are_reported(tmp_path: Path) -> None:
    settings = write_site(tmp_path, {}, registries=False)
    (tmp_path / "briefings" / "stories.yml").write_text(
        "good-story: {title: Fine}\nBad Slug: {title: X}\nno-title: {description: D}\n"
    )
    (tmp_path / "briefings" / "entities.yml").write_text(
        "people:\n  someone: {name: Some One}\nweapons:\n  x: {name: X}\n"
        "organisations:\n  un: {name: UN}\n"
    )
    problems = [str(p) for p in load_corpus(settings).problems]
    assert problems == [
        "briefings/entities.yml:3: weapons: unknown entity kind 'weapons' (kinds: people, "
        "places, organizations, equipment; declare more with the plugin option entity_kinds "
        "in mkdocs.yml)",
        "briefings/entities.yml:5: organisations: unknown entity kind 'organisations' (did "
        "you mean 'organizations'? kinds: people, places, organizations, equipment; declare "
        "more with the plugin option entity_kinds in mkdocs.yml)",
        "briefings/stories.yml:2: Bad Slug: must be a slug (lowercase a-z, 0-9 and hyphens): "
        "'Bad Slug'",
        "briefings/stories.yml:3: no-title.title: required field is missing",
    ]


@pytest.mark.parametrize(
    ("kinds", "message"),
    [
        ({"timeline": "T"}, "entity kind 'timeline' is a name the site uses for its own pages"),
        ({"tags": "T"}, "entity kind 'tags' is a name the site uses for its own pages"),
        ({"people": "P"}, "entity kind 'people' is built in; do not declare it"),
        ({"summary": "S"}, "entity kind 'summary' is already a briefing field"),
        ({"Big Things": "B"}, "entity kind 'Big Things' must be lowercase letters, digits or '_'"),
    ],
)
def test_entity_kinds_may_not_take_reserved_names(kinds: dict[str, str], message: str) -> None:
    assert check_kinds(kinds) == [message]


def test_the_repository_content_is_clean() -> None:
    """The sample content shipped in briefings/ has no problem (whatever it holds)."""
    settings = Settings(root=REPO, entity_kinds={"equipment": "Equipment"})
    corpus = load_corpus(settings)
    assert corpus.problems == []


def test_reserved_slugs_and_symbolic_links(tmp_path: Path) -> None:
    ok = "---\ntitle: T\ndate: 2022-01-01\nsummary: S\nsources: [{name: A, note: N}]\n---\n"
    root = tmp_path / "repo"
    settings = write_site(root, {"index.md": ok}, registries=False)
    secret = tmp_path / "secret.txt"  # outside the repository
    secret.write_text("---\ntitle: secret\n---\n")
    (root / "briefings" / "2022-01-02-link.md").symlink_to(secret)
    (root / "briefings" / "stories.yml").write_text("index: {title: Clash}\n")
    (root / "briefings" / "entities.yml").write_text("people:\n  index: {name: Clash}\n")
    assert [str(p) for p in load_corpus(settings).problems] == [
        "briefings/2022-01-02-link.md:1: file: is a symbolic link to a path outside the repository; links are followed only to files inside it: commit the file itself",
        "briefings/entities.yml:2: people.index: 'index' is reserved for index pages; choose another slug",
        "briefings/index.md:1: slug: 'index' is reserved for index pages; choose another slug",
        "briefings/stories.yml:1: index: 'index' is reserved for index pages; choose another slug",
    ]


def test_an_empty_entity_kind_is_allowed(tmp_path: Path) -> None:
    settings = write_site(tmp_path, {}, registries=False)
    (tmp_path / "briefings" / "entities.yml").write_text("people:\nplaces: {}\n")
    corpus = load_corpus(settings)
    assert corpus.problems == []
    assert corpus.entities["people"] == {}


def _naming_unknowns(count: int) -> dict[str, str]:
    """`count` briefings, each naming a story and a person no registry has (in its front
    matter and in its event) besides a registered story."""
    event = {"date": "2022-01-01", "title": "E", "stories": ["no-such-story"],
             "people": ["no-such-person"]}  # fmt: skip
    return {
        f"2022-01-{i + 1:02d}-b{i}.md": briefing(
            f"B{i}",
            f"2022-01-{i + 1:02d}",
            "Body.",
            stories=["no-such-story", NUCLEAR],
            people=["no-such-person"],
            events=[event],
        )
        for i in range(count)
    }


@pytest.mark.parametrize("broken", ["stories.yml", "entities.yml"])
@pytest.mark.parametrize(
    "text", ["people: [unclosed\n", b"\xff\xfe not UTF-8\n", "- a list\n- not a mapping\n"]
)
def test_a_registry_that_cannot_be_read_is_one_error_not_one_per_reference(
    tmp_path: Path, broken: str, text: str | bytes
) -> None:
    """Every briefing names stories and entities; with one registry unreadable, its file's
    error is the one problem about it (and the other registry is still checked)."""
    settings = write_site(tmp_path, _naming_unknowns(5))
    target = tmp_path / "briefings" / broken
    target.write_bytes(text if isinstance(text, bytes) else text.encode())
    problems = [p for p in load_corpus(settings).problems if p.severity == "error"]
    about_broken = [p for p in problems if p.path.endswith(broken)]
    assert len(about_broken) == 1, problems
    other = "entities" if broken == "stories.yml" else "stories"
    unknown = [p for p in problems if "unknown" in p.message]
    if broken == "stories.yml":  # the people are still checked: 2 per briefing
        assert {p.field for p in unknown} == {"people[0]", "events[0].people[0]"}
    else:  # the stories are
        assert {p.field for p in unknown} == {"stories[0]", "events[0].stories[0]"}
    assert len(unknown) == 10 and all(other in p.message for p in unknown)


@pytest.mark.parametrize(
    ("broken", "text", "field"),
    [
        ("stories.yml", "no-such-story: 5\n", "stories"),  # an entry that is no mapping
        ("stories.yml", "no-such-story: {description: no title}\n", "stories"),
        ("entities.yml", "people:\n  no-such-person: {aliases: [X]}\n", "people"),  # no name
        ("entities.yml", "people: [no-such-person]\n", "people"),  # a kind that is a list
    ],
)
def test_a_reference_to_a_refused_registry_entry_is_not_called_unknown(
    tmp_path: Path, broken: str, text: str, field: str
) -> None:
    """The entry is written, and faulty: its own error is reported at its line; the
    briefings naming it are not told to add it (one more error each)."""
    settings = write_site(tmp_path, _naming_unknowns(3))
    target = tmp_path / "briefings" / broken
    kept = target.read_text(encoding="utf-8") if broken == "stories.yml" else ""
    target.write_text(kept + text, encoding="utf-8")  # entities.yml: this entry alone
    problems = [p for p in load_corpus(settings).problems if p.severity == "error"]
    assert [p for p in problems if p.path.endswith(broken)], problems
    unknown = [p for p in problems if "unknown" in p.message]
    assert not [p for p in unknown if p.field.split("[")[0].split(".")[-1] == field], unknown
    assert len(unknown) == 6  # the other registry's references are still judged
