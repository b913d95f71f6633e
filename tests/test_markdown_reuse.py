"""One Markdown converter per build for generated pages (adapters/mkdocs_plugin/
markdown_reuse.py): the site is the same, byte for byte, as when the engine makes a new
converter for every page, also with extensions that keep per-document state (footnotes,
the table of contents) and links the engine validates."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .helpers import build, engine, engine_python, tree
from .sites import briefing, write_site

# Loaded before the plugin's on_nav runs: the engine's own render for every page.
ENGINE_RENDER_HOOK = """
from briefings.adapters.mkdocs_plugin import markdown_reuse
markdown_reuse.KNOWN_RENDERS = frozenset()
"""

# Records the class of every page the engine builds (beside the site, not in it).
RECORD_HOOK = """
import pathlib
seen = []

def on_post_page(output, page, config):
    seen.append(f"{page.file.src_uri} {type(page).__name__}")
    return output

def on_post_build(config):
    pathlib.Path(config.config_file_path).with_name("classes.txt").write_text("\\n".join(seen))
"""

# Extensions with per-document state (footnotes, abbreviations, the TOC, fences' stash).
EXTENSIONS = [{"toc": {"permalink": True}}, "admonition", "attr_list", "footnotes", "abbr",
              "tables", "pymdownx.superfences"]  # fmt: skip

STATEFUL = {
    "2024-05-01-notes.md": briefing(
        "Notes with footnotes",
        "2024-05-01",
        "## First heading {: #first }\n\nA claim.[^1] See [below](#second) and "
        "[the other](2024-05-02-more.md#later).\n\n[^1]: The first note.\n\n"
        "!!! note\n    An admonition.\n\n## Second heading {: #second }\n\n"
        '<div id="raw-anchor">raw</div>\n\n```python\nprint("x")\n```\n',
    ),
    "2024-05-02-more.md": briefing(
        "More notes",
        "2024-05-02",
        "A second claim.[^a] And a third.[^b]\n\n[^a]: Note a.\n[^b]: Note b.\n\n"
        "## Later {: #later }\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThe UN met.\n\n"
        "*[UN]: United Nations\n",
    ),
}


def _build(root: Path, hooks: list[str]) -> tuple[dict[str, bytes], list[str]]:
    site = write_site(root, briefings=STATEFUL, plugin={"workers": 1},
                      config={"hooks": hooks, "markdown_extensions": EXTENSIONS})  # fmt: skip
    (site / "record_hook.py").write_text(RECORD_HOOK, encoding="utf-8")
    (site / "engine_render.py").write_text(ENGINE_RENDER_HOOK, encoding="utf-8")
    build(site)
    classes = (site / "classes.txt").read_text(encoding="utf-8").splitlines()
    return tree(site / "site"), classes


@pytest.mark.build
@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_generated_pages_are_what_the_engines_own_render_makes(
    tmp_path: Path, offline: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if offline:
        monkeypatch.setenv("OFFLINE", "true")
    engine_site, engine_classes = _build(
        tmp_path / "engine", ["engine_render.py", "record_hook.py"]
    )
    shared_site, shared_classes = _build(tmp_path / "shared", ["record_hook.py"])
    # The shared converter ran for the generated pages, and only there.
    assert not any(line.endswith(" GeneratedPage") for line in engine_classes)
    shared = {line.split(" ")[0] for line in shared_classes if line.endswith(" GeneratedPage")}
    assert {"briefings/2024-05-01-notes.md", "briefings/2024-05-02-more.md"} <= shared
    assert "index.md" not in shared
    assert sorted(shared_site) == sorted(engine_site)
    different = [name for name in engine_site if engine_site[name] != shared_site[name]]
    assert different == []
    suffix = ".html" if offline else "/index.html"
    notes = shared_site["briefings/2024-05-01-notes" + suffix].decode("utf-8")
    more = shared_site["briefings/2024-05-02-more" + suffix].decode("utf-8")
    assert 'class="footnote"' in notes and "The first note." in notes
    assert "Note a." not in notes and "United Nations" not in notes  # state reset
    assert "<abbr" in more and "Note a." in more


@pytest.mark.build
def test_the_engines_render_is_one_this_project_copies() -> None:
    """An engine release that changes `Page.render` fails here (the copy falls back to
    the engine's render, correct but slower): compare and add its digest."""
    code = (
        "import importlib, sys\n"
        "from briefings.adapters.mkdocs_plugin.markdown_reuse import KNOWN_RENDERS, render_digest\n"
        "page = importlib.import_module(sys.argv[1] + '.structure.pages').Page\n"
        "print(render_digest(page) in KNOWN_RENDERS)\n"
    )
    result = subprocess.run([engine_python(), "-c", code, engine()], capture_output=True,
                            text=True, check=True)  # fmt: skip
    assert result.stdout.strip() == "True"
