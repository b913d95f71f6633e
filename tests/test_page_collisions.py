"""A hand-written page whose output path is a generated page's: the hand-written page is
kept, the generated one is not written, and the build and `briefings check` say so in the
same words, whether the two share the source URI (`people/index.md`) or only the output
path (`people.md` with directory URLs, `people/README.md` without)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings.adapters.cli import main
from briefings.site.pages import PageSpec, docs_dest, hidden_pages
from briefings.site.urls import Location, PageKind, UrlTable

from .helpers import build
from .sites import SITE_URL, write_site

HAND = "# HAND-WRITTEN\n\nA page written by hand.\n"
BRIEFING = "briefings/2023-06-16-first-nuclear-warheads-belarus"

# (docs file, directory URLs, generated page hidden, output path both have)
CASES = [
    ("people.md", True, "people/index.md", "people/index.html"),
    ("archive.md", True, "archive/index.md", "archive/index.html"),
    ("timeline.md", True, "timeline/index.md", "timeline/index.html"),
    ("stories.md", True, "stories/index.md", "stories/index.html"),
    ("people/README.md", False, "people/index.md", "people/index.html"),
    ("people/index.md", True, "people/index.md", "people/index.html"),
    ("people/index.md", False, "people/index.md", "people/index.html"),
    ("stories/battle-of-donbas/index.md", True, "stories/battle-of-donbas.md",
     "stories/battle-of-donbas/index.html"),
    (f"{BRIEFING}/index.md", True, f"{BRIEFING}.md", f"{BRIEFING}/index.html"),
]  # fmt: skip


def _message(docs: str, page: str, dest: str) -> str:
    return (
        f"docs/{docs} is written to {dest}, the address of the generated page {page}; "
        f"the generated page is not written (rename or move docs/{docs})"
    )


@pytest.mark.build
@pytest.mark.parametrize(("docs", "directory_urls", "page", "dest"), CASES)
def test_a_hand_written_page_at_a_generated_address_is_kept_and_reported(
    docs: str, directory_urls: bool, page: str, dest: str, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = {"site_url": SITE_URL, "use_directory_urls": directory_urls}
    root = write_site(tmp_path / "site", docs={docs: HAND}, config=config)
    message = _message(docs, page, dest)

    built = build(root, strict=False)
    assert message in built.stderr
    assert "HAND-WRITTEN" in (root / "site" / dest).read_text(encoding="utf-8")
    assert build(root, check=False).returncode != 0  # strict: the warning stops the build

    code = main(["check", "--config-file", str(root / "mkdocs.yml"), "--format", "json",
                 "--no-hygiene", "--strict"])  # fmt: skip
    records = json.loads(capsys.readouterr().out or "[]")
    assert code == 1
    where = f"{BRIEFING}.md" if page.startswith("briefings/") else f"docs/{docs}"
    assert {"path": where, "line": 1, "field": "file", "message": message,
            "severity": "warning"} in [{k: r[k] for k in ("path", "line", "field", "message",
                                                          "severity")} for r in records]  # fmt: skip


@pytest.mark.build
def test_a_docs_page_beside_a_generated_one_without_directory_urls_hides_nothing(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = {"site_url": SITE_URL, "use_directory_urls": False}
    root = write_site(tmp_path / "site", docs={"people.md": HAND}, config=config)
    build(root)  # strict, no warning
    assert "HAND-WRITTEN" in (root / "site" / "people.html").read_text(encoding="utf-8")
    assert "HAND-WRITTEN" not in (root / "site" / "people/index.html").read_text(encoding="utf-8")
    code = main(["check", "--config-file", str(root / "mkdocs.yml"), "--format", "json",
                 "--no-hygiene", "--strict"])  # fmt: skip
    assert (code, json.loads(capsys.readouterr().out or "[]")) == (0, [])


@pytest.mark.core
@pytest.mark.parametrize(
    ("src", "directory_urls", "dest"),
    [
        ("people.md", True, "people/index.html"),
        ("people.md", False, "people.html"),
        ("people/README.md", True, "people/index.html"),
        ("people/README.md", False, "people/index.html"),
        ("people/index.markdown", True, "people/index.html"),
        ("people.png", True, "people.png"),
    ],
)
def test_docs_files_get_the_output_paths_mkdocs_gives(
    src: str, directory_urls: bool, dest: str
) -> None:
    assert docs_dest(UrlTable(directory_urls), src) == dest


@pytest.mark.core
def test_hidden_pages_compare_source_uris_and_output_paths() -> None:
    table = UrlTable(True)
    spec = PageSpec(table.page(PageKind.ARCHIVE), "Archive")
    other = PageSpec(Location(PageKind.STORY, "stories/a.md", "stories/a.md"), "A")
    docs = {"archive.md": "archive/index.html", "stories/b.md": "stories/b/index.html"}
    [hidden] = hidden_pages([spec, other], table, docs)
    assert (hidden.spec, hidden.docs_uri, hidden.dest) == (spec, "archive.md", "archive/index.html")
    assert hidden_pages([spec], table, {"archive/index.md": "archive/index.html"})[0].docs_uri == (
        "archive/index.md"
    )
    assert hidden_pages([spec, other], table, {"about.md": "about/index.html"}) == []
