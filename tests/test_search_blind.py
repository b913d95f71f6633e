"""A generated page whose HTML Material's search plugin would leave as it is gets its HTML
after that plugin's `on_page_context` (adapters/mkdocs_plugin/page_store.py): the site is
the same, byte for byte, as when every page gets it before; a page with a
`data-search-*="..."` attribute, and any other plugin's handler, still see the HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import build, tree
from .sites import briefing, write_site

pytestmark = pytest.mark.build

# Every generated page gets its HTML before Material's search handler, as without the rule.
EARLY_HOOK = """
from briefings.adapters.mkdocs_plugin.page_store import PageStore
PageStore.late = lambda self, page: False
"""

# Another plugin reading generated pages' HTML in on_page_context (beside the site).
READER_HOOK = """
import pathlib
seen = []

def on_page_context(context, page, config, nav):
    if page.file.generated_by is not None:
        seen.append(f"{page.file.src_uri} {len(page.content or '')}")
    return context

def on_post_build(config):
    pathlib.Path(config.config_file_path).with_name("seen.txt").write_text("\\n".join(seen))
"""

BRIEFINGS = {
    "2024-06-01-boost.md": briefing(
        "Boosted",
        "2024-06-01",
        'Text.\\n\\n<div data-search-boost="2" markdown="1">\\nBoosted *words*.\\n</div>\\n',
    ),
}


def _site(root: Path, hooks: list[str]) -> Path:
    site = write_site(root, briefings=BRIEFINGS, plugin={"workers": 1, "sanitize": False},
                      config={"hooks": hooks})  # fmt: skip
    (site / "early.py").write_text(EARLY_HOOK, encoding="utf-8")
    (site / "reader.py").write_text(READER_HOOK, encoding="utf-8")
    return site


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_late_html_changes_no_file(tmp_path: Path, offline: bool,
                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    if offline:
        monkeypatch.setenv("OFFLINE", "true")
    early = _site(tmp_path / "early", ["early.py"])
    late = _site(tmp_path / "late", [])
    build(early)
    build(late)
    before, after = tree(early / "site"), tree(late / "site")
    assert sorted(before) == sorted(after)
    assert [name for name in before if before[name] != after[name]] == []
    suffix = ".html" if offline else "/index.html"
    page = after["briefings/2024-06-01-boost" + suffix].decode("utf-8")
    assert "Boosted <em>words</em>" in page and "data-search-boost" not in page


def test_another_handler_sees_every_generated_page_html(tmp_path: Path) -> None:
    site = _site(tmp_path / "reader", ["reader.py"])
    build(site)
    seen = (site / "seen.txt").read_text(encoding="utf-8").splitlines()
    assert len(seen) > 20
    assert [line for line in seen if line.endswith(" 0")] == []
