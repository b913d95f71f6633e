"""Hostile input: bounded work in the loader, escaped text output, anchored patterns.

Each limit is fed at a size where the code before the limit crashed or took tens of
seconds; the assertion is a clear `path:line: field` problem or a bounded operation count,
never a time (pytest-timeout only turns a hang into a failure).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown import htmlparser
from markdown.inlinepatterns import LinkInlineProcessor

from briefings.adapters.mkdocs_plugin.logfilter import EscapeContent, install
from briefings.content import limits
from briefings.content.files import DEFAULT_MAX_FILE_BYTES
from briefings.content.loader import load_corpus
from briefings.content.located_yaml import MAX_DEPTH, load
from briefings.content.schema import (
    SLUG_RE,
    briefing_validator,
    fast_briefing_check,
    is_http_url,
    registry_validator,
)
from briefings.model.dates import is_partial_date
from briefings.model.problems import Problem, escape_text, format_github, format_text
from briefings.model.settings import Settings

from .helpers import REPO

pytestmark = pytest.mark.timeout(120)

FRONT = "title: T\ndate: 2022-01-01\nsummary: S\nsources: [{name: A, note: N}]\n"
EXTENSIONS = ["admonition", "attr_list", "footnotes", "tables", "toc"]


def site(tmp_path: Path, files: dict[str, str]) -> Settings:
    folder = tmp_path / "briefings"
    folder.mkdir()
    for name in ("stories.yml", "entities.yml"):
        (folder / name).write_bytes((REPO / "briefings" / name).read_bytes())
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return Settings(root=tmp_path, entity_kinds={"equipment": "Equipment"})


def problems_of(tmp_path: Path, text: str, name: str = "2022-01-01-x.md") -> list[str]:
    corpus = load_corpus(site(tmp_path, {name: text}))
    return [str(p) for p in corpus.problems]


# -- YAML nesting ------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 999])
def test_deep_flow_yaml_is_a_problem_not_a_recursion_error(tmp_path: Path, depth: int) -> None:
    text = f"---\n{FRONT}tags: {'[' * depth}x{']' * depth}\n---\nBody.\n"
    found = problems_of(tmp_path, text)
    assert f"briefings/2022-01-01-x.md:6: tags: nested more than {MAX_DEPTH} levels deep" in found


@pytest.mark.parametrize("depth", [500, 999])
def test_deep_block_yaml_is_a_problem_not_a_recursion_error(tmp_path: Path, depth: int) -> None:
    nested = "".join("  " * i + "a:\n" for i in range(depth)) + "  " * depth + "b\n"
    found = problems_of(tmp_path, f"---\n{FRONT}{nested}---\n")
    assert any(":26: a: nested more than 20 levels deep" in p for p in found), found


def test_the_format_fits_well_inside_the_yaml_depth_limit() -> None:
    doc = load(f"{FRONT}events:\n  - {{date: '2022', title: T}}\n")
    assert doc.problems == []


# -- Markdown nesting and scanning -------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "".join("    " * i + "- item\n" for i in range(300)),  # RecursionError in Markdown
        "".join("> " + "    " * i + "- a\n" for i in range(300)),
        "".join("    " * i + "1. a\n" for i in range(300)),
        "<div markdown>\n" * 500 + "a\n" + "</div>\n" * 500,  # md_in_html recursion
    ],
    ids=["bullets", "quoted-lists", "numbers", "markdown-html"],
)
def test_deep_nesting_in_a_body_is_refused(tmp_path: Path, body: str) -> None:
    found = problems_of(tmp_path, f"---\n{FRONT}---\nIntro.\n\n{body}")
    nested = [p for p in found if ": body: lists, quotes or blocks are nested" in p]
    assert len(nested) == 1, found
    assert "the limit is 20" in nested[0]
    line = int(nested[0].split(":")[1])
    assert 8 <= line <= 8 + 25  # where the nesting passes the limit, not the whole file


def test_nesting_at_the_limit_renders_and_passes() -> None:
    body = "".join("    " * i + "- item\n" for i in range(limits.MAX_NESTING))
    assert limits.body_problems(body, 1, "x.md") == []
    assert markdown.markdown(body).count("<ul>") == limits.MAX_NESTING


@pytest.mark.parametrize(
    "body",
    [
        "[" * 20_000,  # ~200 s in Python-Markdown
        "[a " * 8_000,
        "[a](" * 8_000,
        "![x" * 8_000,
        "[" * 3_000 + "x" + "]" * 3_000,  # closed, but nested: quadratic too
        "<a " * 10_000,  # html.parser rescans to the end for every start tag
        "<a\n\n" * 10_000,  # ... across paragraphs
        "<http://a " * 6_000,
        '[a]("x)' * 4_000,  # ~25 s: a title that never closes reads to the paragraph's end
        "[a](x '(b)" * 3_000,
    ],
    ids=[
        "brackets",
        "spaced",
        "links",
        "images",
        "nested",
        "tags",
        "tag-paragraphs",
        "autolinks",
        "open-titles",
        "open-titles-parens",
    ],
)
def test_quadratic_bracket_and_tag_runs_are_refused(tmp_path: Path, body: str) -> None:
    work = limits.scan_work(body).total
    budget = limits.SCAN_PER_CHARACTER * len(body) + limits.SCAN_ALLOWANCE
    assert work > 20 * budget  # the operation count that made Markdown take tens of seconds
    found = problems_of(tmp_path, f"---\n{FRONT}---\n{body}\n")
    assert [p.split(": body: ")[0] for p in found if ": body: too many '['" in p] == [
        "briefings/2022-01-01-x.md:7"
    ]


def test_the_repository_bodies_cost_a_fraction_of_the_budget() -> None:
    for path in sorted((REPO / "briefings").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        assert limits.scan_work(body).total <= len(body), path.name
        assert limits.too_deep(body, limit=2) is None, path.name


class Counted:
    """Python-Markdown's scanners, counting the characters they go through."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.scanned = 0
        get_text, get_link = LinkInlineProcessor.getText, LinkInlineProcessor.getLink
        whole_tag = htmlparser.HTMLExtractor.check_for_whole_start_tag
        tag_end = htmlparser.htmlparser.locatestarttagend_tolerant

        def text(processor, data, index):
            result = get_text(processor, data, index)
            self.scanned += result[1] - index
            return result

        def link(processor, data, index):
            result = get_link(processor, data, index)
            if data.startswith("(", index):
                self.scanned += (result[2] if result[3] else len(data)) - index
            return result

        def tag(parser, i):
            match = tag_end.match(parser.rawdata, i)
            self.scanned += match.end() - i if match else 0
            return whole_tag(parser, i)

        monkeypatch.setattr(LinkInlineProcessor, "getText", text)
        monkeypatch.setattr(LinkInlineProcessor, "getLink", link)
        monkeypatch.setattr(htmlparser.HTMLExtractor, "check_for_whole_start_tag", tag)

    def render(self, body: str) -> int:
        self.scanned = 0
        markdown.markdown(body, extensions=EXTENSIONS)
        return self.scanned


TOKENS = ["[", "]", "(", ")", "](", "![", "<a ", "<b x='", '"', "'", ">", " ", "x", "\\", "\n",
          "\n\n", "- ", "> ", "`", "<!--", "-->"]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=300).map("".join))
@example("[`]`")  # a `]` inside a code span closes nothing
@example("`\\`[[`")  # a backslash does not escape a closing backtick: the `[` are outside
@example("\\\\`a`[[")  # two backslashes are one, escaped: the backtick opens a span
@example("`\n> [[`")  # a quote line splits the paragraph: no code span across it
@example("`a[0]` " * 40)  # brackets inside code spans are hidden: no unclosed `[`
def test_the_estimate_bounds_what_markdown_scans(body: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        scanned = Counted(patch).render(body)
    assert scanned <= limits.scan_work(body).total + len(body)


@pytest.mark.parametrize("count", [50, 200, 400])
def test_markdown_scanning_grows_as_estimated(monkeypatch, count: int) -> None:
    counted = Counted(monkeypatch)
    hidden = "`\\`" + "[" * count + "`"  # looks like one code span, is a short one
    for body in ("[" * count, "<a " * count, "[a](" * count, "[" * count + "]" * count, hidden):
        scanned = counted.render(body)
        assert scanned >= count * count / 4  # quadratic in Markdown ...
        assert scanned <= limits.scan_work(body).total + len(body)  # ... and foreseen


# -- text fields -------------------------------------------------------------------------


def test_a_long_title_and_too_many_events_are_refused(tmp_path: Path) -> None:
    events = "".join(f"  - {{date: '2022', title: E{i}}}\n" for i in range(1000))
    text = f"---\ntitle: {'T' * 100_000}\ndate: 2022-01-01\nsummary: S\n"
    text += f"sources: [{{name: A, note: N}}]\nevents:\n{events}---\n"
    assert problems_of(tmp_path, text) == [
        "briefings/2022-01-01-x.md:2: title: is too long: 100,000 characters (the limit is 300)",
        "briefings/2022-01-01-x.md:6: events: has too many items: 1,000 (the limit is 100)",
    ]


def test_registry_texts_have_limits_too(tmp_path: Path) -> None:
    settings_ = site(tmp_path, {})
    (tmp_path / "briefings" / "entities.yml").write_text(
        f"people:\n  x:\n    name: X\n    aliases: [{'a' * 400}]\n", encoding="utf-8"
    )
    assert [str(p) for p in load_corpus(settings_).problems] == [
        "briefings/entities.yml:4: people.x.aliases[0]: is too long: 400 characters (the limit is 300)"
    ]


def test_control_characters_are_errors_and_bidi_controls_warnings(tmp_path: Path) -> None:
    text = '---\ntitle: "Red \\e[31m alert"\ndate: 2022-01-01\nsummary: "Abc \\u202e cba"\n'
    text += "sources: [{name: A, note: N}]\n---\n"
    assert problems_of(tmp_path, text) == [
        "briefings/2022-01-01-x.md:2: title: contains the control character U+001B; remove it",
        "briefings/2022-01-01-x.md:4: summary: warning: contains the invisible bidirectional "
        "control U+202E (RIGHT-TO-LEFT OVERRIDE), which can reorder the text around it; "
        "remove it unless the text needs it",
    ]


# -- patterns ----------------------------------------------------------------------------

TRAILING = ["abc\n", "2022-01-01\n", "https://example.org/\n", "en\n"]


def test_no_validating_pattern_accepts_a_trailing_newline() -> None:
    assert not SLUG_RE.match("abc\n")
    assert not is_http_url("https://example.org/\n")
    assert not is_partial_date("2022-06\n")
    assert not is_partial_date("２０２２")  # other scripts' digits
    assert not is_http_url('https://example.org/"><script>')
    assert is_http_url("https://example.org/a?b=1&c=%20#d")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('slug: "abc\\n"', "slug: must be a slug (lowercase a-z, 0-9 and hyphens): 'abc\\n'"),
        (
            'updated: "2022-01-02\\n"',
            "updated: must be a real date written YYYY-MM-DD: '2022-01-02\\n'",
        ),
        (
            'updated: " 2022-01-02"',
            "updated: must be a real date written YYYY-MM-DD: ' 2022-01-02'",
        ),
        ('status: "draft\\n"', "status: must be one of published, draft, not 'draft\\n'"),
        ('curator: "\\x00"', "curator: contains the control character U+0000; remove it"),
    ],
)
def test_both_validators_refuse_a_trailing_newline(tmp_path: Path, line: str, message: str) -> None:
    found = problems_of(tmp_path, f"---\n{FRONT}{line}\n---\n")
    assert found == [f"briefings/2022-01-01-x.md:6: {message}"]


def test_registry_keys_cannot_end_in_a_newline() -> None:
    assert list(registry_validator("stories").iter_errors({"abc\n": {"title": "T"}}))


slugish = st.text(st.sampled_from("ab-1\n "), max_size=6)


@settings(deadline=None)
@given(slugish, slugish)
def test_fast_and_detailed_validators_always_agree(slug: str, language: str) -> None:
    data = {
        "title": "T",
        "date": "2022-01-01",
        "summary": "S",
        "slug": slug,
        "sources": [{"name": "A", "note": "N", "language": language}],
    }
    try:
        fast_briefing_check()(data)
        fast = True
    except Exception:
        fast = False
    assert fast == (not list(briefing_validator().iter_errors(data)))


# -- text output -------------------------------------------------------------------------

NASTY = "bad\x1b[2J\x07\r\u202e\n::error file=x::forged\n##[warning]old"


def test_check_text_output_escapes_content() -> None:
    problem = Problem(f"briefings/{NASTY}.md", 3, f"title{NASTY}", NASTY)
    text = format_text([problem])
    assert "\n" not in text and "\x1b" not in text and "\r" not in text and "\u202e" not in text
    assert text.count("\\n::error") == 3  # path, field and message: readable, never a line
    assert "\\x1b[2J\\x07\\x0d\\u202e" in text
    github = format_github([problem])
    assert github.count("\n") == 0 and "\x1b" not in github and "\x07" not in github


@pytest.mark.parametrize(
    "line", ["::error::x", "  ::add-mask::secret", "::stop-commands::t", "##[group]x"]
)
def test_lines_that_look_like_workflow_commands_are_defused(line: str) -> None:
    escaped = escape_text(f"first\n{line}", newlines=True)
    second = escaped.split("\n")[1]
    assert not second.lstrip().startswith(("::", "##["))
    assert second.replace("\\", "", 1) == line


def test_the_log_filter_escapes_what_mkdocs_prints(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("mkdocs.structure.pages")
    handler = logging.StreamHandler()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        assert install() >= 1
        assert install() == 0  # once per handler
        record = logger.makeRecord("mkdocs.x", logging.WARNING, "f", 1,
                                   "Doc file '%s' links to a missing file", (NASTY,), None)  # fmt: skip
        for f in handler.filters:
            assert isinstance(f, EscapeContent)
            f.filter(record)
        message = record.getMessage()
        assert "\x1b" not in message and "\x07" not in message and "\r" not in message
        # the newlines are content: written \n, so no line starts with a command
        assert "\\n::error file=x::forged" in message and "\\n##[warning]" in message
        assert "\n" not in message
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)


def test_problem_lines_stay_lines_and_forged_records_do_not() -> None:
    from briefings.adapters.mkdocs_plugin.logfilter import _newlines

    ours = "2 content error(s):\nb/s.yml:18: new-story.title: missing\nb/s.yml:20: Bad Slug: slug"
    assert _newlines(ours) == ours  # a field may hold a space: still a problem line
    forged = "Doc file 'a\nWARNING -  x.md:1: body: forged\nINFO x:2: y: z' is missing"
    assert "\n" not in _newlines(forged)


# -- anything at all ---------------------------------------------------------------------

values = st.recursive(
    st.none() | st.booleans() | st.text(max_size=30) | st.sampled_from(["2022-01-01", "x\n"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
fields = st.dictionaries(
    st.sampled_from(["title", "date", "summary", "sources", "slug", "tags", "events", "people",
                     "related", "status", "updated", "key_points", "corrections", "odd"]),
    values, max_size=8,
)  # fmt: skip
bodies = st.lists(st.sampled_from([*TOKENS, "    ", "1. ", "!!! note", "<div markdown>"]),
                  max_size=200).map("".join)  # fmt: skip


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(fields, bodies)
def test_generated_files_give_problems_never_exceptions(tmp_path_factory, data, body) -> None:
    root = tmp_path_factory.mktemp("gen")
    front = yaml.safe_dump(data, allow_unicode=True)
    corpus = load_corpus(site(root, {"2022-01-01-x.md": f"---\n{front}---\n{body}"}))
    for problem in corpus.problems:
        assert problem.path in ("briefings/2022-01-01-x.md",)
        assert problem.line >= 1 and problem.field
    assert corpus.briefings or corpus.errors


# -- the documented limits are the real ones ---------------------------------------------


def test_writing_guide_states_the_limits_in_force() -> None:
    text = (REPO / "docs" / "writing.md").read_text(encoding="utf-8")
    table = text.split("## Limits", 1)[1].split("\n\n", 3)[2]
    rows = dict(line.strip("|").rsplit("|", 1) for line in table.splitlines()[2:])
    limits_ = {k.strip(): v.strip() for k, v in rows.items()}
    schema = json.loads(
        (REPO / "plugins/briefings/content/schema/briefing.schema.json").read_text()
    )
    defs, props = schema["$defs"], schema["properties"]
    assert f"{DEFAULT_MAX_FILE_BYTES // 1_000_000} MB" in next(
        v for k, v in limits_.items() if k.startswith("a file")
    )
    assert (
        limits_[next(k for k in limits_ if k.startswith("one-line"))]
        == f"{defs['line']['maxLength']} characters"
    )
    assert (
        limits_[next(k for k in limits_ if k.startswith("longer"))]
        == f"{defs['text']['maxLength']:,} characters"
    )
    assert limits_["slugs"] == f"{defs['slug']['maxLength']} characters"
    assert limits_["`events`"] == str(props["events"]["maxItems"])
    slug_lists = limits_["`stories`, `related`, and each entity kind"]
    assert slug_lists == f"{defs['slugList']['maxItems']} slugs each"
    assert limits_["`key_points`"] == str(props["key_points"]["maxItems"])
    assert (
        limits_["`sources`, `tags`"]
        == f"{props['sources']['maxItems']} each"
        == f"{props['tags']['maxItems']} each"
    )
    assert limits_["YAML nesting (lists and mappings inside each other)"] == f"{MAX_DEPTH} levels"
    nesting = next(v for k, v in limits_.items() if k.startswith("Markdown nesting"))
    assert nesting == f"{limits.MAX_NESTING} levels"
    scanning = limits_["bracket and tag scanning (see below)"]
    assert (
        scanning
        == f"{limits.SCAN_PER_CHARACTER} characters per character of body, plus {limits.SCAN_ALLOWANCE:,}"
    )


@pytest.mark.build
def test_the_build_log_escapes_content_that_mkdocs_quotes(tmp_path: Path) -> None:
    from .helpers import build
    from .sites import write_site

    site = write_site(tmp_path / "site")
    name = "2022-01-01-a\n::error file=x::forged\n##[warning]b.md"  # a valid slug: is set
    text = f"---\n{FRONT}slug: forged-name\n---\nSee [that](gone.md).\n"
    (site / "briefings" / name).write_text(text, encoding="utf-8")
    docs = write_site(tmp_path / "docs-site", docs={
        "notes.md": "# Notes\n\nSee [this](missing\x1b[2J\u202e.md) and [that](gone.md).\n"})  # fmt: skip
    for built in (site, docs):
        result = build(built, check=False)
        assert result.returncode != 0  # a refused name; broken links fail strict
        log = result.stdout + result.stderr
        assert not [line for line in log.splitlines() if line.lstrip().startswith(("::", "##["))]
        assert "\x1b" not in log and "\u202e" not in log
    assert "contains a link 'gone.md'" in log  # MkDocs' own warning, quoting content
    assert "missing\\x1b[2J\\u202e.md" in log
    assert result.returncode != 0


def test_import_prints_the_article_text_escaped(tmp_path: Path, monkeypatch, capsys) -> None:
    from briefings.adapters.cli import main

    from .sites import write_site

    site = write_site(tmp_path / "site")
    article = tmp_path / "article.txt"
    article.write_text("Headline \x1b]0;owned\x07 here\n\nA first paragraph of the article.\n"
                       "\nSecond paragraph, long enough to be kept as text.\n")  # fmt: skip
    monkeypatch.chdir(site)
    code = main(["import", str(article), "--source", "Outlet", "--date", "2022-01-01"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "\x1b" not in out and "\x07" not in out
    assert "title: Headline \\x1b]0;owned\\x07 here" in out
