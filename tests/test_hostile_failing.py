"""The hostile corpus that must fail: each case is a `path:line: field` problem, reported by
`briefings check` and by the strict build alike, with nothing read through a refused link.

The corpus is tests/hostile/failing/ (its expected problems in expected.txt); links, files
over the size limit and a file name with a newline are added at run time, as git would
carry them badly or not at all.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import build

pytestmark = [pytest.mark.timeout(300), pytest.mark.build]

CORPUS = Path(__file__).resolve().parent / "hostile" / "failing"
RUNTIME = [
    "briefings/2022-02-01-passwd.md:1: file",
    "briefings/2022-02-02-zero.md:1: file",
    "briefings/elsewhere:1: file",
    "briefings/2022-02-03-big.md:1: file",
    "briefings/big.png:1: file",
    "briefings/2022-02-04-a\\n::error::forged.md:1: file",  # a newline in a file name
    "docs/leak:1: file",
]
LINE = re.compile(r"^(.*?:\d+: [^:]+?): (warning: )?")


def expected() -> set[str]:
    lines = CORPUS.joinpath("expected.txt").read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")} | set(RUNTIME)


def keys(output: str) -> set[str]:
    found = set()
    for line in output.splitlines():
        # The build log prefixes its level and the plugin's name.
        match = LINE.match(line.split(" -  ", 1)[-1].removeprefix("briefings: "))
        if match:
            found.add(match.group(1) + (" warning" if match.group(2) else ""))
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("failing")
    site = root / "site"
    shutil.copytree(CORPUS, site)
    content = site / "briefings"
    (content / "2022-02-01-passwd.md").symlink_to("/etc/passwd")
    (content / "2022-02-02-zero.md").symlink_to("/dev/zero")
    (root / "outside").mkdir()
    (root / "outside" / "2022-02-05-secret.md").write_text("---\ntitle: secret\n---\n")
    (content / "elsewhere").symlink_to(root / "outside")
    front = "---\ntitle: Big\ndate: 2022-02-03\nsummary: S\nsources: [{name: A, note: N}]\n---\n"
    (content / "2022-02-03-big.md").write_text(front + "x" * 2_000_000)
    (content / "big.png").write_bytes(b"\x89PNG" + b"\0" * 2_000_000)
    (content / "2022-02-04-a\n::error::forged.md").write_text(front)
    (site / "docs" / "leak").symlink_to("/etc/passwd")
    return site


def check_output(site: Path) -> subprocess.CompletedProcess[str]:
    command = Path(sys.executable).parent / "briefings"
    return subprocess.run([str(command), "check", "--no-hygiene"], capture_output=True,
                          text=True, cwd=site, env={**os.environ, "NO_COLOR": "1"})  # fmt: skip


def assert_clean(output: str) -> None:
    assert "Traceback" not in output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e]", output)
    assert not [line for line in output.splitlines() if line.lstrip().startswith(("::", "##["))]
    assert "root:x:0:0" not in output  # /etc/passwd was never read


def test_check_reports_exactly_the_expected_problems(corpus: Path) -> None:
    result = check_output(corpus)
    assert result.returncode == 1
    assert_clean(result.stdout + result.stderr)
    assert keys(result.stdout) == expected()


def test_the_strict_build_stops_on_the_same_problems(corpus: Path) -> None:
    result = build(corpus, check=False)
    assert result.returncode != 0
    assert_clean(result.stdout + result.stderr)
    missing = expected() - keys(result.stderr)
    assert not missing, result.stderr[-3000:]
    assert not (corpus / "site" / "leak").exists()
    assert not (corpus / "site" / "briefings" / "elsewhere").exists()


def test_check_of_a_folder_still_reports_its_links(corpus: Path) -> None:
    command = Path(sys.executable).parent / "briefings"
    result = subprocess.run([str(command), "check", "--no-hygiene", "briefings/", "docs"],
                            capture_output=True, text=True, cwd=corpus)  # fmt: skip
    found = keys(result.stdout)
    assert {"briefings/2022-02-01-passwd.md:1: file", "docs/leak:1: file"} <= found
    link = subprocess.run([str(command), "check", "briefings/2022-02-02-zero.md"],
                          capture_output=True, text=True, cwd=corpus)  # fmt: skip
    assert keys(link.stdout) == {"briefings/2022-02-02-zero.md:1: file"}
