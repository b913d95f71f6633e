"""Inline markup is bounded: one paragraph of many code spans or emphasis markers.

Python-Markdown rebuilds a paragraph's text for every inline element it makes, and the
autolink tree processor searched the child list for every child with a tail: both were
quadratic in the elements of one paragraph (`"`a" * 25_000`, 50 KB, took 32 s to build;
`* 100_000` over five minutes). The first is now a documented input limit, the second
linear. Sizes below are where the old code took minutes; the timeout only turns a hang into
a failure, no test measures time.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
import pytest

from briefings.adapters.cli import main
from briefings.content import limits
from briefings.content.loader import load_corpus
from briefings.graph.mentions import Matcher
from briefings.model.content import Entity
from briefings.model.settings import Settings
from briefings.site.markdown import AutolinkExtension, AutolinkProcessor, AutolinkState

from .helpers import REPO, build
from .sites import briefing, write_site

pytestmark = pytest.mark.timeout(120)

FRONT = "---\ntitle: T\ndate: 2022-01-01\nsummary: S\nsources: [{name: A, note: N}]\n---\n"
INLINE = "too much inline markup in one paragraph"


def _processor(mode: str = "every") -> AutolinkProcessor:
    state = AutolinkState()
    state.activate(Matcher([Entity("places", "zed", "Zed")]), mode,  # type: ignore[arg-type]
                   lambda key: f"/{key[1]}/", lambda key: key[1])  # fmt: skip
    return AutolinkProcessor(markdown.Markdown(extensions=[AutolinkExtension(state)]), state)


def test_autolink_is_linear_in_the_children_of_a_paragraph() -> None:
    count = 150_000  # the old list(element).index(child) per tail: minutes at this size
    root = etree.Element("div")
    paragraph = etree.SubElement(root, "p")
    paragraph.text = "Zed first "
    for _ in range(count):
        etree.SubElement(paragraph, "code").tail = " then Zed "
    _processor().run(root)
    tags = [child.tag for child in paragraph]
    assert len(tags) == 2 * count + 1
    assert tags[0] == "a" and tags[1::2] == ["code"] * count and set(tags[2::2]) == {"a"}
    assert paragraph.text == "" and paragraph[0].tail == " first "
    assert all(child.tail == " then " for child in paragraph[1::2])


def test_autolink_order_and_first_mode_are_kept() -> None:
    root = etree.fromstring("<div><p>a <em>Zed</em> b Zed <code>Zed</code> Zed</p></div>")
    _processor("first").run(root)
    assert etree.tostring(root, encoding="unicode") == (
        '<div><p>a <em><a href="/zed/" class="bf-mention" title="zed">Zed</a></em> b Zed '
        "<code>Zed</code> Zed</p></div>"
    )
    root = etree.fromstring("<div><p>Zed <b>x</b> Zed <i>Zed</i>.</p></div>")
    _processor("every").run(root)
    assert [e.tag for e in root.iter()] == ["div", "p", "a", "b", "a", "i", "a"]
    assert "".join(root.itertext()) == "Zed x Zed Zed."


def _problems(tmp_path: Path, body: str) -> list[str]:
    folder = tmp_path / "briefings"
    folder.mkdir()
    for name in ("stories.yml", "entities.yml"):
        (folder / name).write_bytes((REPO / "briefings" / name).read_bytes())
    (folder / "2022-01-01-x.md").write_text(FRONT + body + "\n", encoding="utf-8")
    settings = Settings(root=tmp_path, entity_kinds={"equipment": "Equipment"})
    return [str(p) for p in load_corpus(settings).problems]


@pytest.mark.parametrize(
    "body",
    [
        "`a" * 25_000,  # 32 s to build
        "*a" * 50_000,  # 42 s
        "`x`y" * 30_000,  # over 200 s with autolink, 42 s without
        "_a" * 50_000,
        "**a" * 40_000,
        "&amp;a" * 20_000,
        "\\*a" * 40_000,
        "a  \n" * 30_000,  # hard line breaks
        "Intro.\n\n" + "<b>a" * 20_000,
    ],
    ids=[
        "ticks",
        "emphasis",
        "code-spans",
        "underscores",
        "strong",
        "entities",
        "escapes",
        "breaks",
        "html",
    ],
)
def test_paragraphs_of_many_inline_elements_are_refused(tmp_path: Path, body: str) -> None:
    work = limits.inline_work(body)
    allowed = limits.INLINE_PER_CHARACTER * len(body) + limits.INLINE_ALLOWANCE
    assert work.total > 20 * allowed  # Markdown's copying: tens of seconds or more
    found = [p for p in _problems(tmp_path, body) if INLINE in p]
    line = 9 if body.startswith("Intro.") else 7
    assert [p.split(": body: ")[0] for p in found] == [f"briefings/2022-01-01-x.md:{line}"]


@pytest.mark.parametrize(
    "body",
    [
        "A `code` span, *emphasis*, **strong**, [a link](https://x.org) & more. " * 60,
        "| a | b |\n|---|---|\n" + "| `x` *y* | `z` **w** &amp; [l](u) |\n" * 3_000,
        "".join(
            f"- item `{n}` with *some* **markup** and [a link](x{n}.md)\n" for n in range(3000)
        ),
        "`a" * 2_000,
    ],
    ids=["paragraph", "long-table", "long-list", "short-run"],
)
def test_ordinary_markup_is_within_the_limit(body: str) -> None:
    work = limits.inline_work(body)
    assert work.total <= limits.INLINE_PER_CHARACTER * len(body) + limits.INLINE_ALLOWANCE
    assert limits.body_problems(body, 1, "x.md") == []


def test_the_repository_bodies_cost_a_fraction_of_the_limit() -> None:
    for path in sorted((REPO / "briefings").glob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[2]
        assert limits.inline_work(body).total <= 10 * len(body), path.name


@pytest.mark.build
def test_check_and_the_build_refuse_a_paragraph_of_code_spans(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    body = "Mentions Alexander Lukashenko.\n\n" + "`a" * 25_000
    site = write_site(tmp_path / "site", briefings={"2022-07-01-ticks.md": briefing(
        "Ticks", "2022-07-01", body)})  # fmt: skip
    code = main(["check", "--config-file", str(site / "mkdocs.yml"), "--format", "json",
                 "--no-hygiene"])  # fmt: skip
    records = json.loads(capsys.readouterr().out or "[]")
    assert code != 0
    found = [r for r in records if INLINE in r["message"]]
    assert [(r["path"], r["field"]) for r in found] == [("briefings/2022-07-01-ticks.md", "body")]
    result = build(site, check=False)
    assert result.returncode != 0
    line = found[0]["line"]
    assert f"briefings/2022-07-01-ticks.md:{line}: body: {INLINE}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "body",
    [
        "".join(f"x[^{i}]\n\n[^{i}]: y\n\n" for i in range(1_001)),  # 10,000: 24 s
        "Text " + "[^1] " * 2_001 + "\n\n[^1]: y\n",
    ],
    ids=["definitions", "references"],
)
def test_footnotes_beyond_the_limit_are_refused(tmp_path: Path, body: str) -> None:
    problems = _problems(tmp_path, body)
    assert any("footnote" in p and "limit" in p for p in problems), problems


def test_footnotes_within_the_limit_are_accepted(tmp_path: Path) -> None:
    body = "".join(f"x[^{i}]\n\n[^{i}]: y\n\n" for i in range(limits.MAX_FOOTNOTES))
    assert not [p for p in _problems(tmp_path, body) if "footnote" in p]
