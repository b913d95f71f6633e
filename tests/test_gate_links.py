"""Gate: LinkChecker (PyPI `linkchecker`) finds no broken internal link or anchor.

The built site is served on 127.0.0.1 under site_url's path (`/briefings/`, as on GitHub
Pages), so a link that only works at the root of a domain, or only from `file://`, is
broken here too. LinkChecker starts at the home page and the 404 page (which nothing
links to), follows every internal link, and checks each `#anchor` against the target
page (its AnchorCheck plugin). External addresses (the canonical `site_url` ones, the
sources' outlets) are checked for syntax only: the machine has no network.

A second test breaks a copy of the site on purpose, so the gate is proved to fail.
"""

from __future__ import annotations

import csv
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from .gates import build_gate_site, linkchecker_command, run_tool, serve
from .sites import SEED_SLUG

pytestmark = pytest.mark.build

CONFIG = """\
[checking]
threads=4
# our own server: no pause between requests
maxrequestspersecond=1000
[filtering]
checkextern=0
[AnchorCheck]
"""


@dataclass(frozen=True)
class Checked:
    url: str
    parent: str
    line: str
    result: str
    warning: str
    valid: bool

    def __str__(self) -> str:
        problem = " ".join(f"{self.result} {self.warning}".split())
        return f"{self.url} (linked from {self.parent or '-'}, line {self.line}): {problem}"


def linkcheck(site: Path, tmp: Path) -> list[Checked]:
    """Every URL LinkChecker checked, starting at the home and 404 pages of `site`."""
    config = tmp / "linkcheckerrc"
    config.write_text(CONFIG, encoding="utf-8")
    with serve(site) as base:
        command = [*linkchecker_command(), "-f", str(config), "--no-status", "-o", "csv"]
        result = run_tool([*command, "--verbose", base, base + "404.html"])
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter=";"))
    if not rows or result.returncode not in {0, 1}:
        raise AssertionError(f"LinkChecker gave no report:\n{result.stdout}\n{result.stderr}")
    prefix = re.compile(re.escape(base))
    return [
        Checked(
            url=prefix.sub("/", r["url"] or r["urlname"]),
            parent=prefix.sub("/", r["parentname"] or ""),
            line=r["line"] or "",
            result=r["result"] or "",
            warning=r["warningstring"] or "",
            valid=r["valid"] == "True",
        )
        for r in rows
    ]


def problems(checked: list[Checked]) -> list[Checked]:
    """Errors and warnings (a missing anchor is a warning of AnchorCheck's)."""
    return [c for c in checked if not c.valid or c.warning]


@pytest.fixture(scope="module")
def gate_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_gate_site(tmp_path_factory.mktemp("gate-links"))


def test_no_broken_internal_link_or_anchor(gate_site: Path, tmp_path: Path) -> None:
    checked = linkcheck(gate_site, tmp_path)
    found = problems(checked)
    assert not found, f"{len(found)} broken link(s):\n" + "\n".join(map(str, found))
    # Every page was reached by following links from the home page (or is the 404 page),
    # so the check covered the whole site, not a corner of it.
    reached = {c.url.split("#")[0] for c in checked if c.result.startswith("200")}
    pages = sorted(gate_site.rglob("*.html"))
    missing = []
    for path in pages:
        route = "/" + path.relative_to(gate_site).as_posix()
        if route.removesuffix("index.html") not in reached and route not in reached:
            missing.append(route)
    assert not missing, f"pages LinkChecker never reached: {missing}"
    assert any("#" in c.url for c in checked), "no anchor was checked"


def test_the_gate_reports_a_broken_page_link_and_a_broken_anchor(
    gate_site: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "site"
    shutil.copytree(gate_site, broken)
    page = broken / "briefings" / SEED_SLUG / "index.html"
    text = page.read_text(encoding="utf-8")
    bad = (
        '<p><a href="../../timeline/#no-such-anchor">a</a>'
        ' <a href="../no-such-briefing/">b</a></p></article>'
    )
    assert "</article>" in text
    page.write_text(text.replace("</article>", bad, 1), encoding="utf-8")
    found = {c.url for c in problems(linkcheck(broken, tmp_path))}
    assert found == {"/timeline/#no-such-anchor", "/briefings/no-such-briefing/"}, found
