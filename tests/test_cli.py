"""The `briefings` command end to end, in a temporary NEWS test site (tests/sites.py)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from briefings.adapters.cli import main
from briefings.content.placeholders import (
    PLACEHOLDER_BODY,
    PLACEHOLDER_SOURCE_NAME,
    PLACEHOLDER_SOURCE_NOTE,
    PLACEHOLDER_SUMMARY,
)

from .helpers import build, fixture
from .sites import NUCLEAR as STORY
from .sites import SEED_SLUG, write_site

CLEAN = """---
title: {title}
date: 2023-02-01
summary: A short summary.
sources:
  - name: Example
    url: {url}
---

Body text.
"""


def console_script() -> str:
    found = Path(sys.executable).parent / "briefings"
    return str(found) if found.exists() else (shutil.which("briefings") or "briefings")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The NEWS test site (mkdocs.yml, docs/, briefings/), written for the test; the cwd."""
    root = write_site(tmp_path / "site-src")
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(site: Path, name: str, text: str) -> Path:
    path = site / "briefings" / name
    path.write_text(text, encoding="utf-8")
    return path


# -- new -------------------------------------------------------------------------------


@pytest.mark.build
def test_new_then_check_is_clean_and_the_file_builds(site: Path, capsys) -> None:
    code, out, _ = run(capsys, "new", "Talks: in Minsk?", "--date", "2023-02-01",
                       "--story", STORY)  # fmt: skip
    assert code == 0
    path = site / "briefings" / "2023-02-01-talks-in-minsk.md"
    assert out.strip() == "briefings/2023-02-01-talks-in-minsk.md"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Talks: in Minsk?"' in text
    assert f'stories: ["{STORY}"]' in text
    assert "equipment: []" in text  # the site's configured kind
    assert sum(line.startswith("# ") for line in text.splitlines()) >= 8  # explained fields

    # an untouched skeleton is refused: its placeholders are errors
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1
    assert [(r["line"], r["field"]) for r in json.loads(out)] == [
        (7, "summary"),
        (12, "sources[0].name"),
        (13, "sources[0].note"),
        (33, "body"),
    ]
    text = text.replace(PLACEHOLDER_SUMMARY, "Talks were held in Minsk.")
    text = text.replace(PLACEHOLDER_SOURCE_NAME, "Example News")
    text = text.replace(PLACEHOLDER_SOURCE_NOTE, "Print edition")
    path.write_text(text.replace(PLACEHOLDER_BODY, "The talks went on."), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 0, out
    assert json.loads(out) == []

    build(site, out=site.parent / "out")
    page = site.parent / "out" / "briefings" / "2023-02-01-talks-in-minsk" / "index.html"
    assert "Talks: in Minsk?" in page.read_text(encoding="utf-8")

    code, out, _ = run(capsys, "linkcheck", str(site.parent / "out"), "--base-path", "/briefings/")
    assert code == 0, out
    # Without --base-path the base comes from site_url: 404.html's absolute links resolve.
    code, out, _ = run(capsys, "linkcheck", str(site.parent / "out"))
    assert code == 0, out
    code, out, _ = run(capsys, "linkcheck", str(site.parent / "out"), "--base-path", "/")
    assert code == 1 and "404.html: /briefings/" in out


def test_new_never_overwrites(site: Path, capsys) -> None:
    assert run(capsys, "new", "Same title", "--date", "2023-02-01")[0] == 0
    path = site / "briefings" / "2023-02-01-same-title.md"
    path.write_text(path.read_text() + "\nEdited.\n")
    code, _, err = run(capsys, "new", "Same title", "--date", "2023-02-01")
    assert code == 1
    assert "exists; not overwritten" in err
    assert path.read_text().endswith("Edited.\n")
    assert run(capsys, "new", "Same title", "--date", "2023-02-01", "--force")[0] == 0
    assert not path.read_text().endswith("Edited.\n")


@pytest.mark.parametrize(
    "argv",
    [
        ["new", "X", "--story", "no-such-story"],
        ["new", "X", "--date", "2023-02-30"],
        ["new", "X", "--source-url", "ftp://example.org/x"],
        ["new"],
    ],
)
def test_new_usage_errors(site: Path, capsys, argv: list[str]) -> None:
    assert run(capsys, *argv)[0] == 2
    assert sorted(p.name for p in (site / "briefings").glob("*X*")) == []


def test_new_with_source_url(site: Path, capsys) -> None:
    url = "https://www.example.org/news/1"
    assert run(capsys, "new", "With a url", "--date", "2023-02-01", "--source-url", url)[0] == 0
    text = (site / "briefings" / "2023-02-01-with-a-url.md").read_text()
    assert f'url: "{url}"' in text and 'name: "example.org"' in text
    code, out, _ = run(capsys, "check", "briefings/2023-02-01-with-a-url.md", "--format", "json")
    assert code == 1  # the summary and the body are still the skeleton's
    assert [r["field"] for r in json.loads(out)] == ["summary", "body"]


# -- check -----------------------------------------------------------------------------

BROKEN = """---
title: Broken
date: "2022-13-45%0A::error::injected"
summary: ""
sources:
  - name: Example
    url: https://example.org/broken
"evil\\n::error::key": 1
stories: [no-such-story]
---
"""


def test_check_github_one_annotation_per_problem_escaped(site: Path, capsys) -> None:
    write(site, "2023-01-01-broken.md", BROKEN)
    code, out, _ = run(capsys, "check", "--format", "json")
    records = json.loads(out)
    assert code == 1
    code, out, _ = run(capsys, "check", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == len(records) == 4
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    by_field = {r["field"]: r for r in records}
    assert by_field["date"]["line"] == 3 and by_field["summary"]["line"] == 4
    assert by_field["stories[0]"]["line"] == 9
    assert "::error file=briefings/2023-01-01-broken.md,line=3,title=date::" in out
    assert "::error file=briefings/2023-01-01-broken.md,line=9,title=stories[0]::" in out
    # content cannot start a workflow command of its own
    assert "%250A::error::injected" in out
    assert "title=evil%0A%3A%3Aerror%3A%3Akey::" in out
    assert "unknown field 'evil%0A::error::key'" in out
    assert not any(line.startswith("::error::") for line in lines)


def test_check_text_and_json_records(site: Path, capsys) -> None:
    write(site, "2023-01-01-broken.md", BROKEN)
    code, out, err = run(capsys, "check")
    assert code == 1
    assert "briefings/2023-01-01-broken.md:4: summary: must not be empty" in out.splitlines()
    assert "3 error(s), 1 warning(s)" in err
    records = json.loads(run(capsys, "check", "--format", "json")[1])
    assert set(records[0]) == {"path", "line", "field", "severity", "message"}
    assert {r["severity"] for r in records} == {"error", "warning"}


def test_check_exit_codes(site: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    assert run(capsys, "check")[0] == 0  # the test site's content is clean
    write(site, "2023-01-01-http.md", CLEAN.format(title="Http", url="http://example.org/a"))
    code, out, _ = run(capsys, "check")
    assert code == 0 and "warning:" in out  # warnings alone pass
    assert run(capsys, "check", "--format", "yaml")[0] == 2
    assert run(capsys, "check", "briefings/missing.md")[0] == 2
    write(site, "2023-01-01-broken.md", BROKEN)
    assert run(capsys, "check")[0] == 1
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    monkeypatch.chdir(empty)
    code, _, err = run(capsys, "check")
    assert code == 2 and "no properdocs.yml or mkdocs.yml" in err
    assert run(capsys, "check", "--config-file", str(site / "mkdocs.yml"))[0] == 1


def test_check_paths_narrow_reports_but_references_resolve(site: Path, capsys) -> None:
    write(site, "2023-01-01-broken.md", BROKEN)
    good = CLEAN.format(title="Good", url="https://example.org/good").replace(
        "---\n\n", f"related: [{SEED_SLUG}]\n---\n\n"
    )
    write(site, "2023-01-02-good.md", good)
    code, out, _ = run(capsys, "check", "briefings/2023-01-02-good.md", "--format", "json")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run(capsys, "check", "briefings/2023-01-01-broken.md", "--format", "json")
    assert code == 1
    assert {r["path"] for r in json.loads(out)} == {"briefings/2023-01-01-broken.md"}
    assert run(capsys, "check", "docs")[0] == 0  # no briefing below docs/


def test_check_works_from_a_subfolder(site: Path, capsys, monkeypatch) -> None:
    write(site, "2023-01-01-broken.md", BROKEN)
    monkeypatch.chdir(site / "briefings")
    code, out, _ = run(capsys, "check", "2023-01-01-broken.md", "--format", "json")
    assert code == 1
    assert {r["path"] for r in json.loads(out)} == {"briefings/2023-01-01-broken.md"}


def test_check_source_hygiene(site: Path, capsys) -> None:
    tracked = "http://www.example.org/story/?utm_source=x&id=7&fbclid=abc"
    write(site, "2023-01-01-first.md", CLEAN.format(title="First", url=tracked))
    second = CLEAN.format(title="Second", url="https://example.org/story?id=7")
    write(site, "2023-01-02-second.md", second + "\nSee [this](http://example.com/x).\n")
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert all(r["severity"] == "warning" for r in records)
    found = sorted((r["path"], r["line"], r["field"], r["message"]) for r in records)
    first, second = "briefings/2023-01-01-first.md", "briefings/2023-01-02-second.md"
    assert [f[:3] for f in found] == [
        (first, 7, "sources[0].url"),  # tracking + http
        (first, 7, "sources[0].url"),  # duplicate
        (second, 7, "sources[0].url"),  # duplicate
        (second, 12, "body"),  # http
    ]
    messages = [f[3] for f in found]
    assert messages[0] == (
        "address has tracking parameters (utm_source, fbclid) and uses insecure http://; "
        "use https://www.example.org/story/?id=7"
    )
    assert messages[1] == (
        f"same source as {second} (likely duplicate coverage; update that briefing "
        "or link it under related:)"
    )
    assert messages[2].startswith(f"same source as {first} ")
    assert messages[3] == "address uses insecure http://; use https://example.com/x"
    code, out, _ = run(capsys, "check", "--no-hygiene", "--format", "json")
    assert json.loads(out) == []


def test_check_on_1000_briefings(site: Path, capsys) -> None:
    """Scale without a clock (timings are in bench/): every file is checked, none reported."""
    people = ["vladimir-putin", "alexander-lukashenko", "volodymyr-zelensky"]
    for i in range(1000):
        write(
            site,
            f"2022-01-01-generated-{i:04d}.md",
            f"""---
title: Generated briefing {i}
date: 2022-{1 + i % 12:02d}-{1 + i % 28:02d}
summary: Talks on grain and sanctions, number {i}.
sources:
  - name: Example News
    url: https://example.org/news/{i}
    published: 2022-01-01
stories: [{STORY}]
tags: [sanctions, diplomacy]
people: [{people[i % 3]}]
places: [belarus, russia]
key_points:
  - A first point.
---

Vladimir Putin met Alexander Lukashenko in Minsk, item {i}.
""",
        )
    code, out, _ = run(capsys, "check", "--strict")
    assert code == 0, out
    write(site, "2022-01-01-generated-0999.md", "---\ntitle: [\n---\n")
    code, out, _ = run(capsys, "check", "--format", "json")
    assert code == 1
    assert [r["path"] for r in json.loads(out)] == ["briefings/2022-01-01-generated-0999.md"]


# -- schema ----------------------------------------------------------------------------


def test_schema_includes_configured_kinds(site: Path, capsys) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0
    assert schema["properties"]["equipment"]["$ref"] == "#/$defs/slugList"
    assert {"title", "date", "summary", "sources"} <= set(schema["required"])


# -- import ----------------------------------------------------------------------------


def test_import_raw_article(site: Path, capsys) -> None:
    seed = fixture("raw-article.txt")
    code, out, _ = run(capsys, "import", str(seed), "--date", "2022-06-25", "--source", "Wire")
    assert code == 0
    path = (
        site
        / "briefings"
        / "2022-06-25-minsk-and-moscow-agree-on-a-cheaper-gas-price-for-belarus.md"
    )
    text = path.read_text(encoding="utf-8")
    assert 'title: "Minsk and Moscow agree on a cheaper gas price for Belarus"' in text
    assert "Also read" not in text and "Leave a Comment" not in text
    assert "removed: - Also read: Grain ships wait outside Istanbul" in out
    assert "removed: Leave a Comment" in out
    people = next(line for line in text.splitlines() if line.startswith("people:"))
    places = next(line for line in text.splitlines() if line.startswith("places:"))
    assert '"vladimir-putin"' in people and '"alexander-lukashenko"' in people
    assert '"belarus"' in places
    assert "suggested people: alexander-lukashenko, vladimir-putin" in out  # tie: first named
    assert 'summary: "Belarus will pay Russia less for natural gas from January' in text
    assert 'note: "The address was not recorded' in text
    code, out, _ = run(capsys, "check", str(path.relative_to(site)), "--format", "json")
    # the note is the skeleton's instruction: an error until the curator answers it
    assert (code, [r["field"] for r in json.loads(out)]) == (1, ["sources[0].note"])

    before = text
    code, _, err = run(capsys, "import", str(seed), "--date", "2022-06-25")
    assert code == 1 and "not overwritten" in err
    assert path.read_text(encoding="utf-8") == before


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Lukashenko receives Putin in Minsk | Example News</title>
<meta property="og:title" content="Lukashenko receives Putin in Minsk">
<meta property="og:site_name" content="Example News"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Lukashenko receives Putin in Minsk</h1>
<p>Alexander Lukashenko received Vladimir Putin in Minsk on Friday, the Belarusian
presidency said. The two leaders spoke for three hours about gas prices.</p>
<p>Also read: Something else entirely</p>
<p>Mr Putin said the talks had been useful and that both sides would meet again.</p>
<p>Promo: subscribe to our premium plan today</p>
<p>Share this article</p>
</article>
<footer><p>We use cookies to improve your experience. Accept cookies.</p></footer>
</body></html>
"""


def test_import_html_page_with_site_patterns(site: Path, capsys) -> None:
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - briefings:\n", "  - briefings:\n      import_boilerplate: ['^Promo:']\n"
        )
    )
    page = site.parent / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    out_dir = site.parent / "drafts"
    url = "https://example.org/world/minsk-talks"
    code, out, _ = run(capsys, "import", str(page), "--html", "--url", url,
                       "--date", "2023-03-03", "--out", str(out_dir))  # fmt: skip
    assert code == 0, out
    text = (out_dir / "2023-03-03-lukashenko-receives-putin-in-minsk.md").read_text()
    assert 'title: "Lukashenko receives Putin in Minsk"' in text
    assert f'url: "{url}"' in text
    for gone in ("Also read", "Promo:", "Share this article", "cookies", "Home"):
        assert gone not in text
    assert "removed: Promo: subscribe to our premium plan today" in out
    assert "Mr Putin said the talks had been useful" in text
    assert 'people: ["vladimir-putin", "alexander-lukashenko"]' in text  # most named first
    assert 'places: ["minsk"]' in text
    assert 'summary: "Alexander Lukashenko received Vladimir Putin in Minsk on Friday' in text


def test_import_from_stdin(site: Path, capsys, monkeypatch) -> None:
    article = "Shoigu visits Minsk\n\nSergei Shoigu arrived in Minsk. He met Viktor Khrenin.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(article.encode())))
    code, _, _ = run(capsys, "import", "-", "--date", "2023-04-04",
                       "--url", "https://example.org/shoigu")  # fmt: skip
    assert code == 0
    text = (site / "briefings" / "2023-04-04-shoigu-visits-minsk.md").read_text()
    assert 'people: ["sergei-shoigu", "viktor-khrenin"]' in text
    assert 'summary: "Sergei Shoigu arrived in Minsk. He met Viktor Khrenin."' in text
    assert run(capsys, "check", "--format", "json")[0] == 0


def test_import_usage_errors(site: Path, capsys, monkeypatch) -> None:
    assert run(capsys, "import", "no-such-file.txt")[0] == 2
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"   \n")))
    code, _, err = run(capsys, "import")
    assert code == 2 and "empty" in err
    assert run(capsys, "import", "--url", "javascript:alert(1)")[0] == 2


# -- linkcheck and the console script --------------------------------------------------


def test_linkcheck_reports_broken_links(tmp_path: Path, capsys) -> None:
    built = tmp_path / "built"
    (built / "a").mkdir(parents=True)
    (built / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/missing.html#x">bad</a><img src="/base/a/pic.png">'
        '<a href="https://example.org/">out</a><a href="#top">top</a><a href="mailto:x@y">m</a>'
    )
    (built / "a" / "index.html").write_text('<a href="../index.html">up</a><a href="../b/">b</a>')
    (built / "a" / "pic.png").write_bytes(b"")
    code, out, _ = run(capsys, "linkcheck", str(built), "--base-path", "/base/")
    assert code == 1
    assert out.splitlines() == ["a/index.html: ../b/", "index.html: a/missing.html#x"]
    (built / "a" / "missing.html").write_text("")
    (built / "b").mkdir()
    (built / "b" / "index.html").write_text("")
    assert run(capsys, "linkcheck", str(built), "--base-path", "/base/")[0] == 0


@pytest.mark.parametrize("base", ["/%E6%96%B0%E9%97%BB/", "/新闻/"])
def test_linkcheck_base_path_encoded_or_not(tmp_path: Path, capsys, base: str) -> None:
    """site_url's path as written (percent-encoded) or decoded: absolute links under it
    are the site's own either way (links are compared decoded)."""
    built = tmp_path / "built"
    (built / "css").mkdir(parents=True)
    (built / "css" / "a.css").write_text("")
    (built / "404.html").write_text('<link href="/%E6%96%B0%E9%97%BB/css/a.css" rel="stylesheet">'
                                    '<a href="/%E6%96%B0%E9%97%BB/css/missing.css">x</a>')  # fmt: skip
    code, out, _ = run(capsys, "linkcheck", str(built), "--base-path", base)
    assert (code, out.splitlines()[:1]) == (1, ["404.html: /%E6%96%B0%E9%97%BB/css/missing.css"])


def test_console_script_from_a_subfolder(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([console_script(), "check", "--format", "json"],
                            cwd=site / "docs", capture_output=True, text=True, env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
    result = subprocess.run([console_script(), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for command in ("new", "check", "schema", "import", "bundle", "linkcheck"):
        assert command in result.stdout
    result = subprocess.run([console_script(), "frobnicate"], capture_output=True, text=True)
    assert result.returncode == 2


def test_bundle_packs_a_built_site(tmp_path: Path, site: Path, capsys) -> None:
    from briefings.tools.bundle import OFFLINE_MARKER

    built = tmp_path / "built"
    (built / OFFLINE_MARKER).parent.mkdir(parents=True)
    (built / OFFLINE_MARKER).write_text("{}")
    (built / "index.html").write_text("<p>hi</p>")
    out = tmp_path / "edition.zip"
    code, printed, _ = run(capsys, "bundle", "--site-dir", str(built), "--out", str(out))
    assert code == 0 and out.is_file() and printed.strip().endswith("edition.zip")
    assert run(capsys, "bundle", "--site-dir", str(built), "--out", str(out))[0] == 1
    assert run(capsys, "bundle", "--site-dir", str(tmp_path / "none"))[0] == 2
    shutil.copytree(built, site / "site")
    code, printed, _ = run(capsys, "bundle")  # defaults: the config's site_dir, beside mkdocs.yml
    assert code == 0
    with zipfile.ZipFile(site / "briefings-offline.zip") as archive:
        assert archive.namelist() == [
            f"briefings-offline/{OFFLINE_MARKER}",
            "briefings-offline/index.html",
        ]


@pytest.mark.parametrize("command", ["new", "check", "schema", "import", "bundle", "linkcheck"])
def test_every_command_has_help(command: str, capsys) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and "--config-file" in out
