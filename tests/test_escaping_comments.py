"""Ids are read as a browser reads the HTML, also under `sanitize: false`.

Python's HTML parser reads `<!--><div id="__config">...</div>-->` as one comment; Chromium
reads `<!-->` as a whole empty comment, so the div replaced Material's configuration while
`briefings check` and the build passed. The body scanner (check) and the build's id pass
now follow HTML5's comment rules; the build double-checks with HTML5 parsers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings.adapters.cli import main
from briefings.content.body import analyse
from briefings.site.sanitize import browser_ids, is_safe_id, safe_ids

from .browser import chromium
from .helpers import build
from .sites import briefing, write_site

CONFIG = '{"base": ".", "features": [], "search": "x", "translations": {}}'
FORMS = {
    "empty-comment": f'<!--><div id="__config" hidden>{CONFIG}</div>-->',
    "dash-comment": '<!---><div id="__search">x</div>-->',
    "bang-close": '<!-- a --!><div id="__drawer">x</div>-->',
    "cdata": '<![CDATA[ > <div id="__toc">x</div> ]]>',
    "bogus-end-tag": '</ x><p id="__consent">x</p>',
    "processing": '<?x > <p id="__palette_0">x</p> ?>',
    "custom-element": '<x-box id="__config">x</x-box>',
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_the_id_pass_leaves_no_unsafe_id_a_browser_would_see(name: str) -> None:
    changes: list = []
    out = safe_ids(FORMS[name], changes)
    assert browser_ids(FORMS[name]), "the payload has an id a browser sees"
    assert all(is_safe_id(value) for value in browser_ids(out)), out
    assert changes and all(not is_safe_id(given) for given, _ in changes)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_check_sees_the_ids_a_browser_sees(name: str) -> None:
    found = [i.source for i in analyse(FORMS[name]).ids]
    assert any(value.startswith("__") for value in found), found


def test_comments_a_browser_keeps_closed_hide_their_ids() -> None:
    body = '<!-- <div id="__config"> --> text <!-- x --!> after'
    assert [i.id for i in analyse(body).ids] == []
    assert safe_ids(body) == body


def _site(tmp_path: Path) -> Path:
    body = "Intro.\n\n" + FORMS["empty-comment"] + "\n\nAfter.\n"
    return write_site(tmp_path / "site", plugin={"sanitize": False}, briefings={
        "2022-07-01-config.md": briefing("Config", "2022-07-01", body)})  # fmt: skip


@pytest.mark.build
def test_check_and_the_strict_build_stop_on_the_comment_splice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    site = _site(tmp_path)
    code = main(["check", "--config-file", str(site / "mkdocs.yml"), "--format", "json",
                 "--no-hygiene"])  # fmt: skip
    records = json.loads(capsys.readouterr().out or "[]")
    assert code != 0
    found = [r for r in records if "'__config'" in r["message"]]
    assert [(r["path"], r["field"]) for r in found] == [("briefings/2022-07-01-config.md", "body")]
    result = build(site, check=False)
    assert result.returncode != 0
    line = found[0]["line"]
    assert f"briefings/2022-07-01-config.md:{line}: body: id '__config'" in result.stderr


@pytest.mark.build
@pytest.mark.browser
def test_chromium_finds_only_the_themes_own_config(tmp_path: Path) -> None:
    """A hand-written page is not checked by the loader: the build's id pass alone."""
    page = "# Notes\n\nIntro.\n\n" + FORMS["empty-comment"] + "\n\nAfter.\n"
    site = write_site(tmp_path / "site", docs={"notes.md": page})
    result = build(site, strict=False)
    assert "'__config' is not a safe id" in result.stderr
    with chromium() as browser:
        tab = browser.new_page()
        tab.goto((site / "site" / "notes" / "index.html").as_uri())
        found = tab.evaluate(
            "() => [...document.querySelectorAll('[id=\"__config\"]')].map(e => e.tagName)"
        )
        text = tab.evaluate("() => document.body.innerText")
    assert found == ["SCRIPT"]
    assert "After." in text
