"""A second outside review of issue 10: `briefings check` against the strict build, the
PR workflow's `briefings linkcheck` and the file policy; `check DIR` outside briefings/;
`briefings new` refusing what check refuses. Each case is a real `check` run and, where
the build has a say, a real build of a small site (`test_check_parity.make_site`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.adapters.cli import main
from briefings.content.body import analyse

from .helpers import build
from .test_check_parity import Case, make_site, run_check

BROKEN = "briefings/2022-01-02-broken.md"
RAW = (
    '<a href="nope-raw.md">raw</a> and <img src="missing-raw.png" alt="x"> and '
    '<a href="2022-01-01-other.md">valid md raw</a>\n\n'
    '<p><a href="../../guide/">the guide, as the online edition has it</a></p>\n'
)


@pytest.mark.build
@pytest.mark.timeout(300)
def test_local_addresses_in_raw_html_fail_check_and_the_strict_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    """Raw HTML is published as written: `.md` links stay `.md` and any relative address
    resolves from the page's URL, which differs between the online and offline editions.
    `check --strict` and the strict build stop on each, at its line; linkcheck agrees."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = make_site(tmp_path / "site", Case(RAW))
    code, records = run_check(root, capsys, "--strict")
    assert code == 1
    found = sorted((r["line"], r["message"].split(":")[0]) for r in records)
    assert found == [
        (10, 'raw HTML <a href="2022-01-01-other.md">'),
        (10, 'raw HTML <a href="nope-raw.md">'),
        (10, 'raw HTML <img src="missing-raw.png">'),
        (12, 'raw HTML <a href="../../guide/">'),
    ], records
    assert {(r["path"], r["field"], r["severity"]) for r in records} == {
        (BROKEN, "body", "warning")
    }
    by_url = {r["message"].split('"')[1]: r["message"] for r in records}
    assert by_url["nope-raw.md"].endswith("write a Markdown link: [text](nope-raw.md)")
    assert by_url["missing-raw.png"].endswith("![alt](missing-raw.png)")
    assert run_check(root, capsys)[0] == 0  # warnings only
    built = build(root, check=False)
    assert built.returncode != 0
    for line, url in ((10, "nope-raw.md"), (10, "missing-raw.png"), (12, "../../guide/")):
        assert f"{BROKEN}:{line}: body: warning: raw HTML" in built.stderr
        assert f'="{url}">' in built.stderr, built.stderr
    # Without --strict the site is built, and the workflow's link check finds the same.
    assert build(root, strict=False).returncode == 0
    assert main(["linkcheck", "--config-file", str(root / "mkdocs.yml")]) == 1
    out = capsys.readouterr().out
    for url in ("nope-raw.md", "missing-raw.png", "2022-01-01-other.md"):
        assert f"briefings/2022-01-02-broken/index.html: {url}" in out, out
    offline = build(root, strict=False, env={"OFFLINE": "true"}, out=tmp_path / "offline")
    assert offline.returncode == 0
    assert main(["linkcheck", str(tmp_path / "offline"), "--base-path", "/briefings/"]) == 1
    out = capsys.readouterr().out
    assert "briefings/2022-01-02-broken.html: ../../guide/" in out, out


@pytest.mark.build
@pytest.mark.timeout(300)
def test_markdown_links_and_other_raw_html_pass_all_three(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    """The advice followed (Markdown links and images), and raw HTML whose addresses are
    remote, the page itself or in code: check, the strict build and linkcheck all pass."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    body = (
        "[raw](2022-01-01-other.md) and ![x](pic.png) and [g](../guide.md)\n\n"
        '<a href="https://example.org/x">out</a> <a href="#top">top</a> '
        '<a href="mailto:desk@example.org">mail</a> <a href="?q=1">q</a>\n\n'
        '`<a href="nope.md">in code</a>`\n\n    <img src="missing.png">\n'
    )
    root = make_site(tmp_path / "site", Case(body, files={"pic.png": "not really a png"}))
    assert run_check(root, capsys, "--strict") == (0, [])
    assert build(root, check=False).returncode == 0
    assert main(["linkcheck", "--config-file", str(root / "mkdocs.yml")]) == 0


@pytest.mark.core
def test_the_scanner_reads_every_local_address_of_raw_html() -> None:
    """href, src, srcset, poster, data and form actions, on any tag; not remote ones, not
    fragments, not schemes, not code."""
    body = (
        '<video poster="p.jpg" src="v.mp4"></video> <img srcset="a.png 1x, b.png 2x">\n'
        '<object data="d.pdf"></object> <form action="../x/"></form> <area href="/abs">\n'
        '<a href="https://e.org/">r</a> <a href="#x">f</a> <a href="tel:1">t</a>\n'
        '<img src="data:image/png;base64,AA"> `<a href="code.md">`\n'
        '<pre><a href="pre.md">x</a></pre>\n'
    )
    found = [(link.line, link.tag, link.attr, link.url) for link in analyse(body).raw_links]
    assert found == [
        (1, "video", "src", "v.mp4"),
        (1, "video", "poster", "p.jpg"),
        (1, "img", "srcset", "a.png"),
        (1, "img", "srcset", "b.png"),
        (2, "object", "data", "d.pdf"),
        (2, "form", "action", "../x/"),
        (2, "area", "href", "/abs"),
    ]


# -- 9, 10, 11: files of the site, and what check says of a file that is not one --------


@pytest.mark.build
@pytest.mark.timeout(300)
def test_the_themes_files_are_files_of_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    """Material's favicon and the plugin's stylesheet are in the build's file collection:
    links to them pass check and the strict build; a missing one fails both."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    body = (
        "[icon](../assets/images/favicon.png) and "
        "[css](../assets/briefings/stylesheets/briefings.css)\n"
    )
    root = make_site(tmp_path / "ok", Case(body))
    assert run_check(root, capsys, "--strict") == (0, [])
    assert build(root, check=False).returncode == 0
    root = make_site(tmp_path / "missing", Case("[icon](../assets/images/nope.png)\n"))
    code, records = run_check(root, capsys, "--strict")
    assert code == 1
    assert [(r["line"], r["message"]) for r in records] == [
        (10, "link '../assets/images/nope.png': no page or file of the site is at "
         "'assets/images/nope.png'")
    ]  # fmt: skip
    built = build(root, check=False)
    assert built.returncode != 0
    assert "assets/images/nope.png" in built.stderr


@pytest.mark.build
@pytest.mark.timeout(300)
def test_a_file_of_a_refused_type_gets_advice_that_matches_the_file_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    """An SVG or JSON file beside a briefing is refused from briefings/ and from docs/
    alike: the advice says so (not "put it in docs/"), and docs/x.svg is refused indeed."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    files = {"x.svg": "<svg/>", "data.json": "{}", "_notes.png": "png", "ok.png": "png"}
    body = "![d](x.svg) [j](data.json) ![n](_notes.png) ![o](ok.png)\n"
    root = make_site(tmp_path / "site", Case(body, files=files))
    code, records = run_check(root, capsys)
    assert code == 1  # the refused files are errors
    links = {r["message"].split("'")[1]: r["message"] for r in records if r["field"] == "body"}
    assert sorted(links) == ["_notes.png", "data.json", "x.svg"], records
    assert (
        "not copied into the site: .svg files are not copied from briefings/ nor from docs/"
        in links["x.svg"]
    )
    assert ".json files are not copied" in links["data.json"]
    assert "which copy only these types: .avif, .csv" in links["x.svg"]
    assert "names starting with '_' or '.' in briefings/ are skipped" in links["_notes.png"]
    assert not any("docs/ and link" in m for m in links.values())
    refused = {r["path"] for r in records if r["field"] == "file"}
    assert refused == {"briefings/x.svg", "briefings/data.json"}
    # The advice is true: docs/x.svg is refused by the build too.
    (root / "briefings" / "x.svg").unlink()
    (root / "briefings" / "data.json").unlink()
    (root / "docs" / "x.svg").write_text("<svg/>", encoding="utf-8")
    built = build(root, check=False)
    assert built.returncode != 0
    assert "docs/x.svg:1: file: is not a type that is copied into the site from docs/" in (
        built.stderr
    )


@pytest.mark.build
@pytest.mark.timeout(300)
def test_a_file_beside_a_briefing_outside_briefings_is_not_called_uncopied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path / "site", Case())
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "pic.png").write_text("png", encoding="utf-8")
    text = (root / BROKEN).read_text(encoding="utf-8").replace("Text.\n", "![p](pic.png)\n")
    (outside / "2022-08-03-out.md").write_text(text, encoding="utf-8")
    code, records = run_check(root, capsys, "--strict", str(outside / "2022-08-03-out.md"))
    assert code == 1
    assert [(r["line"], r["message"]) for r in records] == [
        (10, "'pic.png' exists beside this file, which is outside briefings/: it is checked as "
         "if it were in briefings/, where there is no 'pic.png'; move the file into "
         "briefings/ with it, keeping its place beside the briefing")
    ], records  # fmt: skip
    (root / "briefings" / "pic.png").write_text("png", encoding="utf-8")
    assert run_check(root, capsys, "--strict", str(outside / "2022-08-03-out.md")) == (0, [])


# -- 4: check DIR outside briefings/ ---------------------------------------------------


@pytest.mark.build
def test_check_a_folder_outside_briefings_checks_its_briefings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(tmp_path / "site", Case())
    incoming = root / "incoming2"
    (incoming / "sub").mkdir(parents=True)
    (incoming / "_skipped").mkdir()
    bad = "---\ntitle: Bad\ndate: 2022-02-30\n---\n\nSee [it](2022-01-01-nope.md).\n"
    for name in ("2022-03-01-a.md", "sub/2022-03-02-b.md", "_skipped/2022-03-03-c.md",
                 "_note.md"):  # fmt: skip
        (incoming / name).write_text(bad, encoding="utf-8")
    (incoming / "notes.txt").write_text("x", encoding="utf-8")
    code, records = run_check(root, capsys, str(incoming))
    assert code == 1
    paths = {r["path"] for r in records}
    assert paths == {"incoming2/2022-03-01-a.md", "incoming2/sub/2022-03-02-b.md"}, records
    assert {(r["path"], r["field"]) for r in records} >= {
        ("incoming2/2022-03-01-a.md", "date"), ("incoming2/2022-03-01-a.md", "body"),
    }  # fmt: skip
    # The site's own folders keep their meaning: docs/ is not read as briefings.
    assert run_check(root, capsys, str(root / "docs")) == (0, [])
    assert run_check(root, capsys, str(root / "briefings")) == (0, [])
    # A path naming nothing checkable is an error saying so.
    empty = tmp_path / "empty"
    empty.mkdir()
    for path, says in ((empty, "no briefing (.md file) in this folder"),
                       (incoming / "notes.txt", "not a briefing (.md)")):  # fmt: skip
        code = main(["check", "--config-file", str(root / "mkdocs.yml"), str(path)])
        captured = capsys.readouterr()
        assert code == 2
        assert f"briefings: error: {path}: nothing to check: {says}" in captured.err


# -- 12: `new` refuses what check refuses, and warns as check does ---------------------


@pytest.mark.build
@pytest.mark.parametrize(
    ("title", "date", "says"),
    [
        ("", "2023-02-01", "title: must not be empty"),
        ("   ", "2023-02-01", "title: must not be empty"),
        ("\t", "2023-02-01", "title: must not be empty"),
        ("Far", "2142-01-01", "date: 2142-01-01 is after the year 2100"),
    ],
)
def test_new_refuses_a_title_or_date_check_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch, title: str, date: str,
    says: str,
) -> None:  # fmt: skip
    root = make_site(tmp_path / "site", Case())
    monkeypatch.chdir(root)
    before = sorted((root / "briefings").iterdir())
    assert main(["new", title, "--date", date]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"briefings: error: nothing written: {says}"), err
    assert len(err.strip().splitlines()) == 1
    assert sorted((root / "briefings").iterdir()) == before


@pytest.mark.build
def test_new_with_a_far_future_date_prints_checks_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    import datetime as dt

    root = make_site(tmp_path / "site", Case())
    monkeypatch.chdir(root)
    assert main(["new", "Far", "--date", "2042-01-01"]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "briefings/2042-01-01-far.md"
    days = (dt.date(2042, 1, 1) - dt.date.today()).days
    expected = (
        f"briefings/2042-01-01-far.md:5: date: warning: 2042-01-01 is {days} days after today "
        f"({dt.date.today().isoformat()}); a typo? (dates up to 7 days ahead pass)"
    )
    assert err.strip() == expected
    _code, records = run_check(root, capsys, "briefings/2042-01-01-far.md")
    warnings = [r for r in records if r["severity"] == "warning"]
    assert [(r["line"], r["field"]) for r in warnings] == [(5, "date")]
    assert expected.endswith(warnings[0]["message"])
    # A near date gives no warning.
    assert main(["new", "Near", "--date", dt.date.today().isoformat()]) == 0
    assert capsys.readouterr().err == ""


# -- 14: did-you-mean at any depth, for prefixes and abbreviations ---------------------

NESTED = """sources:
  - name: Example
    url: https://example.org/broken
    lang: en
    pub: 2022-01-01
    langauge: en
corrections:
  - date: 2022-01-03
    text: Fixed.
    txt: again
events:
  - date: 2022-01
    title: X
    aprox: true
keyPoints: [a]
colour: red
"""


@pytest.mark.build
def test_unknown_fields_get_a_did_you_mean_at_any_depth(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = Case()
    root = make_site(tmp_path / "site", case)
    path = root / BROKEN
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(
        "sources:\n  - name: Example\n    url: https://example.org/broken\n"
    )
    path.write_text(head + NESTED + rest, encoding="utf-8")
    code, records = run_check(root, capsys)
    assert code == 0, records  # unknown fields are warnings
    found = {(r["line"], r["field"]): r["message"] for r in records}
    mean = "unknown field '{}' (ignored); did you mean '{}'?"
    assert found == {
        (8, "sources[0].lang"): mean.format("lang", "language"),
        (9, "sources[0].pub"): mean.format("pub", "published"),
        (10, "sources[0].langauge"): mean.format("langauge", "language"),
        (14, "corrections[0].txt"): mean.format("txt", "text"),
        (18, "events[0].aprox"): mean.format("aprox", "approximate"),
        (19, "keyPoints"): mean.format("keyPoints", "key_points"),
        (20, "colour"): "unknown field 'colour' (ignored)",
    }, records


@pytest.mark.core
def test_field_guess() -> None:
    from briefings.content.rules import field_guess

    names = ["language", "name", "note", "published", "url", "approximate", "title", "date"]
    assert field_guess("lang", names) == "language"
    assert field_guess("LANG", names) == "language"
    assert field_guess("pubdate", names) is None  # not an abbreviation: letters out of order
    assert field_guess("appr", names) == "approximate"
    assert field_guess("ttl", names) == "title"
    assert field_guess("na", names) is None  # too short to guess
    assert field_guess("name", names) is None  # the name itself
    assert field_guess("x" * 100, names) is None


@pytest.mark.core
def test_the_raw_link_rule_knows_what_the_sanitiser_keeps() -> None:
    """With `sanitize: true` only addresses the sanitiser keeps reach the page; those are
    exactly the rule's `SANITIZED_LINKS`."""
    from briefings.content.body.resources import LINK_ATTRS, RESOURCE_ATTRS
    from briefings.content.file_rules import SANITIZED_LINKS
    from briefings.site.sanitize import ATTRIBUTES

    addresses = {*LINK_ATTRS, *(a for attrs in RESOURCE_ATTRS.values() for a in attrs)}
    kept = {(tag, a) for tag, attrs in ATTRIBUTES.items() for a in attrs if a in addresses}
    assert kept == SANITIZED_LINKS


@pytest.mark.build
@pytest.mark.timeout(300)
def test_without_the_sanitiser_every_local_address_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    """`<video poster>` is dropped by the sanitiser (no problem), kept with
    `sanitize: false` (a problem for check and the strict build)."""
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    body = '<video poster="p.jpg"></video>\n'
    root = make_site(tmp_path / "site", Case(body))
    assert run_check(root, capsys, "--strict") == (0, [])
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - briefings:\n", "  - briefings:\n      sanitize: false\n"),
                      encoding="utf-8")  # fmt: skip
    code, records = run_check(root, capsys, "--strict")
    assert code == 1
    assert [(r["line"], r["message"].split(":")[0]) for r in records] == [
        (10, 'raw HTML <video poster="p.jpg">')
    ]
    built = build(root, check=False)
    assert built.returncode != 0
    assert f'{BROKEN}:10: body: warning: raw HTML <video poster="p.jpg">' in built.stderr
