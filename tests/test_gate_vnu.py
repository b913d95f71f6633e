"""Gate: the Nu HTML Checker (vnu.jar, with Java) finds no error on any generated page.

Errors it also reports on a plain Material site with the same theme settings (no
Briefings plugin) are Material's own: they are listed in BASELINE, each with its reason,
and a test proves each is still reported there, so the list cannot hide a fault of ours
or outlive Material's. Faults the issue names are checked whatever the baseline says.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import yaml
from lxml import html

from .gates import build_gate_site, run_tool, vnu_command
from .helpers import build
from .sites import NEWS, SEED_SLUG, write_site

pytestmark = pytest.mark.build


@dataclass(frozen=True)
class Known:
    """An error Material's own templates make, and why it is accepted here."""

    message: str  # a regular expression matched against the whole message
    reason: str


BASELINE = (
    Known(
        r"Attribute “autocomplete” is only allowed when the input type is .*",
        "Material's base.html gives its drawer and search toggles (`<input type=checkbox "
        'id="__drawer" autocomplete="off">`) an autocomplete attribute, so that Firefox '
        "does not restore their state on reload; the inputs are outside any template "
        "block, so only a copy of base.html could change them.",
    ),
)

PLAIN_PAGE = """# Reading the figures

Some text with [a link](index.md) and `code`.

## Figures

| System | Range |
|---|---|
| Iskander-M | 500 km |

!!! note "A note"
    Ranges are the makers' own figures.

### Details

> A quotation.
"""


@dataclass(frozen=True)
class Error:
    page: str
    line: int
    message: str
    extract: str

    def __str__(self) -> str:
        extract = " ".join(self.extract.split())[:160]
        return f"{self.page}:{self.line}: {self.message}\n    {extract}"


def vnu_errors(root: Path, files: list[Path]) -> list[Error]:
    """Every error vnu reports on `files` (paths relative to `root` in the result)."""
    assert files, f"no HTML files under {root}"
    result = run_tool([*vnu_command(), "--errors-only", "--format", "json", *map(str, files)])
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError) as exc:
        raise AssertionError(f"vnu gave no report:\n{result.stdout}\n{result.stderr}") from exc
    errors = []
    for m in messages:
        if m.get("type") not in {"error", "non-document-error"}:
            continue
        path = Path(m.get("url", "").removeprefix("file:"))
        page = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        errors.append(Error(page, m.get("lastLine", 0), m["message"], m.get("extract", "")))
    return errors


def known(error: Error) -> Known | None:
    return next((k for k in BASELINE if re.fullmatch(k.message, error.message)), None)


@pytest.fixture(scope="module")
def plain_material(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same theme settings as the gate site, with Material's search only."""
    root = tmp_path_factory.mktemp("plain-material")
    home = "# Home\n\nA plain page with a [second page](figures.md).\n\n## Latest\n\nText.\n"
    plain = replace(
        NEWS,
        docs={"index.md": home, "figures.md": PLAIN_PAGE},
        config={"plugins": ["search"], "nav": [{"Home": "index.md"}, {"Figures": "figures.md"}]},
    )
    site = write_site(root, plain)
    assert yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"] == [
        "search"
    ]
    build(site)
    return site / "site"


@pytest.fixture(scope="module")
def gate_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_gate_site(tmp_path_factory.mktemp("gate-vnu"))


def test_baseline_is_exactly_what_vnu_reports_on_plain_material(plain_material: Path) -> None:
    pages = sorted(plain_material.rglob("*.html"))
    errors = vnu_errors(plain_material, pages)
    unexplained = [e for e in errors if known(e) is None]
    assert not unexplained, "plain Material has errors the baseline does not explain:\n" + (
        "\n".join(map(str, unexplained))
    )
    stale = [k.message for k in BASELINE if not any(known(e) == k for e in errors)]
    assert not stale, f"baseline entries plain Material no longer shows: {stale}"


def test_no_errors_on_any_generated_page(gate_site: Path) -> None:
    pages = sorted(gate_site.rglob("*.html"))
    assert len(pages) > len(NEWS.briefings) + 20  # every page type, not a sample
    errors = [e for e in vnu_errors(gate_site, pages) if known(e) is None]
    assert not errors, f"{len(errors)} Nu HTML Checker error(s):\n" + "\n".join(map(str, errors))


def test_every_label_names_a_control_on_its_page(gate_site: Path) -> None:
    """Whatever the baseline says: `<label for=X>` needs a form control `#X` on the page
    (Material's table of contents wrote `for="__toc"` on pages outside the nav)."""
    controls = {"input", "select", "textarea", "button", "meter", "output", "progress"}
    dangling = []
    for path in sorted(gate_site.rglob("*.html")):
        tree = html.parse(str(path)).getroot()
        by_id = {e.get("id"): e for e in tree.iter() if isinstance(e.tag, str) and e.get("id")}
        for label in tree.iter("label"):
            target = label.get("for")
            if target is None:
                continue
            element = by_id.get(target)
            if element is None or element.tag not in controls:
                line = label.sourceline
                dangling.append(f"{path.relative_to(gate_site)}:{line}: for={target!r}")
    assert not dangling, "labels naming no control:\n" + textwrap.indent("\n".join(dangling), "  ")


def test_toc_title_names_the_toc_control_where_the_nav_has_one(tmp_path: Path) -> None:
    """Pages in the nav keep Material's `for="__toc"`; a section's index page under
    `navigation.indexes` and pages outside the nav (briefings) have no such control."""
    features = ["navigation.indexes", "navigation.tabs"]
    section = "# {0}\n\nText.\n\n## First part of {0}\n\nText.\n\n## Second part\n\nText.\n"
    site = write_site(
        tmp_path,
        docs={"news/index.md": section.format("News"), "news/more.md": section.format("More")},
        config={
            "nav": [{"Home": "index.md"}, {"News": ["news/index.md", "news/more.md"]}],
            "theme": {"name": "material", "font": False, "features": features},
        },
    )
    build(site)
    out = site / "site"

    def toc_label(page: str) -> tuple[str | None, bool]:
        tree = html.parse(str(out / page)).getroot()
        (label,) = tree.cssselect(".md-sidebar--secondary .md-nav--secondary > label.md-nav__title")
        return label.get("for"), bool(tree.cssselect("input#__toc"))

    assert toc_label("index.html") == ("__toc", True)  # in the nav
    assert toc_label("news/more/index.html") == ("__toc", True)
    assert toc_label("news/index.html") == (None, False)  # the section's index page
    assert toc_label(f"briefings/{SEED_SLUG}/index.html") == (None, False)  # outside the nav


def test_no_template_syntax_shows_on_any_page(gate_site: Path) -> None:
    """A Jinja comment or tag the theme failed to parse shows as text (the Nu checker
    cannot see it): none of `{#`, `#}`, `{%`, `%}`, `{{`, `}}` in any page's text."""
    leaks = []
    for path in sorted(gate_site.rglob("*.html")):
        tree = html.parse(str(path)).getroot()
        for element in tree.iter("script", "style", "template"):
            element.drop_tree()
        text = tree.text_content()
        for token in ("{#", "#}", "{%", "%}", "{{", "}}"):
            if token in text:
                at = text.index(token)
                leaks.append(f"{path.relative_to(gate_site)}: {text[at - 60 : at + 20]!r}")
    assert not leaks, "template syntax in page text:\n" + "\n".join(leaks)
