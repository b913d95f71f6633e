"""`briefings check` is the strict build's twin: a table of broken inputs, each failing both
`briefings check --strict` and `mkdocs build --strict`, with check naming file:line: field;
and inputs that pass both (links in code, existing anchors)."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from briefings.adapters.cli import main
from briefings.content.placeholders import PLACEHOLDER_SUMMARY

from .helpers import build
from .sites import NEWS, write_site

pytestmark = [pytest.mark.build, pytest.mark.timeout(300)]

OTHER = "2022-01-01-other.md"
FRONT = """---
title: {title}
date: 2022-01-02
summary: "{summary}"
sources:
  - name: Example
    url: https://example.org/{slug}
{extra}---

"""


@dataclass(frozen=True)
class Case:
    body: str = "Text.\n"
    extra: str = ""  # more front matter lines
    files: dict[str, str] = field(default_factory=dict)  # more files in briefings/
    expect: tuple[int, str] | None = None  # (line, field) check reports; None: all pass
    error: bool = False  # an error (plain `check` fails too), not a warning
    title: str = "Broken"
    summary: str = "A short summary."


CASES = {
    "link to a missing file": Case("See [it](2022-01-01-nope.md).\n", expect=(10, "body")),
    # attr_list gives an id to the inline element right before it, not to plain text
    "attr list after plain brackets": Case(
        "[a](#custom) [para]{: #custom }\n", expect=(10, "body")
    ),
    "attr list after a code span": Case("[a](#c3) `code`{: #c3 } and *em*{: #c4 } [b](#c4)\n"),
    "attr list after a reference link": Case(
        "[r][ref]{: #c5 } [b](#c5)\n\n[ref]: https://example.org/\n"
    ),
    "link to a draft": Case(
        "See [it](2022-01-03-draft.md).\n",
        files={
            "2022-01-03-draft.md": FRONT.format(
                title="Draft", slug="d", summary="S.", extra="status: draft\n"
            )
            + "Draft.\n"
        },
        expect=(10, "body"),
    ),
    # An HTML file beside a briefing is refused (not copied): an error of its own, and
    # the link to it a warning.
    "file beside the briefing": Case(
        "![map](map.html)\n", files={"map.html": "<p>x</p>"}, expect=(10, "body"), error=True
    ),
    # MkDocs checks no anchor of a file that is not a page (a PDF's `#page=3`)
    "anchor of a file beside the briefing": Case(
        "[p3](report.pdf#page=3)\n", files={"report.pdf": "%PDF-1.4 not really"}, expect=None
    ),
    # Python-Markdown's own block-level tags: text in <center> is raw, in <dialog> Markdown
    "link in a dialog element": Case(
        "<dialog>[map](missing-map.md)</dialog>\n", expect=(10, "body")
    ),
    "link after an hr on its line": Case("<hr>[map](missing-map.md)</hr>\n", expect=(10, "body")),
    # an inline comment is stashed whole, with the link made inside it: never checked
    "link in an inline comment": Case("Last <!-- TODO: [link](todo.md) --> here.\n"),
    # attr_list after a link or image sets the address that is published (and checked)
    "attr_list href over a link's target": Case(
        f'[ok]({OTHER}){{: href="missing-attr.md" }}\n', expect=(10, "body")
    ),
    "attr_list src over an image's": Case(
        f'![m]({OTHER}){{: src="missing-src.png" }}\n', expect=(10, "body")
    ),
    "attr_list href to a page that exists": Case(f'[ok](missing.md){{: href="{OTHER}" }}\n'),
    "link in a center element": Case("<center>[old](missing-old.md)</center>\n"),
    "image beside the briefing": Case(
        "![map](map.png)\n", files={"map.png": "not really a png"}, expect=None
    ),
    # Python-Markdown's reading of a target: spaces allowed, the title is the last quoted
    # part right before `)`, an escaped character belongs to the target.
    "target split at a quote": Case("![i](x\" onerror=\"y('z'))\n", expect=(10, "body")),
    "target with a space": Case("See [it](2022-01-01 nope.md).\n", expect=(10, "body")),
    "escaped parenthesis in a target": Case(
        "See [it](2022-01-01-nope\\).md).\n", expect=(10, "body")
    ),
    "title with both quotes": Case(f"See [it]({OTHER} \"The 'other' one\").\n"),
    # attr_list keeps the last id of a list: `#a` is no anchor.
    "two ids in one attr_list": Case("## H {: #a #b }\n\nSee [x](#a).\n", expect=(12, "body")),
    "missing anchor in another briefing": Case(f"See [it]({OTHER}#nope).\n", expect=(10, "body")),
    "missing anchor on the page": Case("## Here\n\nSee [it](#nope).\n", expect=(12, "body")),
    "missing anchor in a docs page": Case("See [it](../guide.md#nope).\n", expect=(10, "body")),
    "absolute link": Case("See [it](/briefings/other/).\n", expect=(10, "body")),
    "unrecognized link": Case("See [it](2022-01-01-other).\n", expect=(10, "body")),
    "theme id in raw HTML": Case('<div id="__config">x</div>\n', expect=(10, "body"), error=True),
    "theme id from a heading": Case("## __search\n", expect=(10, "body"), error=True),
    "theme id from attr_list": Case("## Fine {#__drawer}\n", expect=(10, "body"), error=True),
    "remote image": Case("![p](https://tracker.example/p.gif)\n", expect=(10, "body")),
    "remote iframe": Case('<iframe src="https://v.example/x"></iframe>\n', expect=(10, "body")),
    "unknown optional field": Case(extra="colour: red\n", expect=(8, "colour")),
    "value cut by a comment": Case(extra="curator: Desk #4 team\n", expect=(8, "curator")),
    "tags sharing a slug": Case(
        extra="tags: [C++]\n",
        files={
            "2022-01-04-c.md": FRONT.format(title="C", slug="c", extra="tags: [C#]\n", summary="S.")
            + "C.\n"
        },
        expect=(8, "tags[0]"),
        error=True,
    ),
    "placeholder summary": Case(summary=PLACEHOLDER_SUMMARY, expect=(4, "summary"), error=True),
    "valid links and anchors": Case(
        f"## Part one\n\nSee [it]({OTHER}#section), [here](#part-one) and "
        "[the guide](../guide.md#fields).\n"
    ),
    "links and ids in code": Case(
        '`[x](nope.md)` and\n\n    <div id="__config">[y](nope.md)</div>\n\n'
        "```\n![p](https://tracker.example/p.gif)\n```\n"
    ),
}


#: The sample site's Markdown and link validation (mkdocs.yml), which the parity is about.
SITE_CONFIG = {
    "markdown_extensions": [
        {"toc": {"permalink": True}}, "admonition", "attr_list", "footnotes", "tables",
        "pymdownx.superfences",
    ],
    "validation": {"links": {"absolute_links": "warn", "unrecognized_links": "warn",
                             "anchors": "warn"}},
}  # fmt: skip


def make_site(root: Path, case: Case) -> Path:
    """A small site: the test site's registries and docs plus a guide page, two briefings
    (the case's and `OTHER`), the sample site's extensions and validation levels."""
    other = FRONT.format(title="Other", slug="other", extra="", summary="S.")
    head = FRONT.format(title=case.title, slug="broken", extra=case.extra, summary=case.summary)
    files = {OTHER: other + "## Section\n\nOther.\n", "2022-01-02-broken.md": head + case.body}
    guide = "# Guide\n\n## Fields\n\nText.\n"
    data = replace(NEWS, briefings={**files, **case.files})
    return write_site(root, data, docs={"guide.md": guide}, config=SITE_CONFIG)


def run_check(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list]:
    code = main(["check", "--config-file", str(root / "mkdocs.yml"), "--format", "json",
                 "--no-hygiene", *args])  # fmt: skip
    return code, json.loads(capsys.readouterr().out or "[]")


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_and_the_strict_build_agree(name: str, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    case = CASES[name]
    root = make_site(tmp_path / "site", case)
    strict_code, records = run_check(root, capsys, "--strict")
    plain_code, _ = run_check(root, capsys)
    built = build(root, check=False)
    if case.expect is None:
        assert (strict_code, records) == (0, []), records
        assert built.returncode == 0, built.stderr
        return
    assert strict_code == 1
    where = [(r["path"], r["line"], r["field"]) for r in records]
    assert ("briefings/2022-01-02-broken.md", *case.expect) in where, records
    assert plain_code == (1 if case.error else 0)
    assert built.returncode != 0, textwrap.shorten(built.stderr, 2000)


DOCS_CASES = {
    "a docs page links a missing page": ("See [it](nowhere.md).\n", 5),
    "a docs page links a missing anchor": ("See [it](guide.md#no-such-part).\n", 5),
    "a docs page links its own missing anchor": ("See [it](#nope).\n", 5),
    "a docs page links a missing briefing": ("See [it](briefings/2022-01-09-gone.md).\n", 5),
    "a docs page links a draft's anchor past its front matter": (
        "---\ntitle: Notes\n---\n\n# Notes\n\nSee [it](guide.md#nope).\n", 7),
    "a docs page links what exists": ("[a](guide.md#fields) [b](briefings/2022-01-01-other.md)"
                                      " [c](#notes) [d](briefings/2022-01-01-other.md#section)\n",
                                      None),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(DOCS_CASES))
def test_check_reports_the_links_of_docs_pages_the_strict_build_stops_on(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    text, line = DOCS_CASES[name]
    if not text.startswith("---"):
        text = "# Notes\n\nIntro.\n\n" + text
    root = make_site(tmp_path / "site", Case())
    (root / "docs" / "notes.md").write_text(text, encoding="utf-8")
    code, records = run_check(root, capsys, "--strict")
    built = build(root, check=False)
    if line is None:
        assert (code, records) == (0, []), records
        assert built.returncode == 0, built.stderr
        return
    assert code == 1
    assert [(r["path"], r["line"], r["field"]) for r in records] == [
        ("docs/notes.md", line, "body")
    ]
    assert built.returncode != 0 and "notes.md" in built.stderr, built.stderr


@pytest.mark.parametrize("suffix", [".markdown", ".mkd", ".mdown", ".mkdn"])
def test_check_reads_docs_pages_of_every_markdown_suffix_as_the_build(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = make_site(tmp_path / "site", Case())
    page = root / "docs" / f"notes{suffix}"
    page.write_text("# Notes\n\n## Second\n\n[a](#second) [b](guide.md#fields)\n", encoding="utf-8")
    (root / "docs" / "more.md").write_text(
        f"# More\n\n[c](notes{suffix}#second)\n", encoding="utf-8"
    )
    assert run_check(root, capsys, "--strict") == (0, [])  # its anchors are found
    assert build(root, check=False).returncode == 0
    page.write_text("# Notes\n\n[a](#nope)\n", encoding="utf-8")  # the memo sees the edit
    code, records = run_check(root, capsys, "--strict")
    where = sorted((r["path"], r["line"]) for r in records)
    assert (code, where) == (1, [("docs/more.md", 3), (f"docs/notes{suffix}", 3)]), records
    assert build(root, check=False).returncode != 0


def test_a_docs_page_that_is_not_utf8_is_an_error_of_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path / "site", Case())
    (root / "docs" / "bad.md").write_bytes(b"# Bad \xff\n")
    code, records = run_check(root, capsys)
    assert code == 1
    assert [(r["path"], r["field"], r["severity"]) for r in records] == [
        ("docs/bad.md", "file", "error")
    ], records
