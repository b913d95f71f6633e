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
        assert f'{BROKEN}:{line}: body: warning: raw HTML' in built.stderr
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
        "<pre><a href=\"pre.md\">x</a></pre>\n"
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
