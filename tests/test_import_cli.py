"""`briefings import` and the CLI's small faults, end to end in a copy of the repo's site."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefings.adapters.cli import build_parser, main

from .sites import write_site

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_site(tmp_path / "site-src")
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def briefings(
    *argv: str, stdout: int | None = subprocess.PIPE, **kwargs
) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **kwargs.pop("env", {})}
    return subprocess.run([sys.executable, "-m", "briefings.adapters.cli", *argv], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env=env, **kwargs)  # fmt: skip


def test_html_page_imports_into_a_clean_briefing(site: Path, capsys) -> None:
    code, out, _ = run(capsys, "import", str(FIXTURES / "en-kicker.html"), "--date", "2023-02-05")
    assert code == 0, out
    path = site / "briefings" / "2023-02-05-port-strike-halts-grain-exports-for-a-second-day.md"
    text = path.read_text(encoding="utf-8")
    assert 'url: "https://www.example-courier.test/world/2023/02/01/port-strike"' in text
    assert "published: 2023-02-01" in text and 'name: "The Example Courier"' in text
    assert "removed: • Also read: Harbour pay talks stall" in out
    code, out, _ = run(capsys, "check", str(path.relative_to(site)), "--format", "json")
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize("name", ["template.html", "section-index.html", "too-short.html"])
def test_a_page_that_is_not_an_article_is_refused(site: Path, capsys, name: str) -> None:
    before = sorted((site / "briefings").iterdir())
    code, out, err = run(capsys, "import", str(FIXTURES / name), "--date", "2023-02-05")
    assert code == 1 and out == ""
    assert err.startswith(f"briefings: error: {FIXTURES / name}: not an article: ")
    assert err.endswith("; nothing written\n") and err.count("\n") == 1
    assert sorted((site / "briefings").iterdir()) == before


def test_non_utf8_text_gives_one_line(site: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Titre\nLe café est fermé.\n".encode("latin-1"))
    code, _, err = run(capsys, "import", str(latin))
    assert code == 2
    assert err == (f"briefings: error: {latin}: not UTF-8 text (byte 0xe9 at line 2, column 7); "
                   "save it as UTF-8 and retry\n")  # fmt: skip
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(latin.read_bytes())))
    code, _, err = run(capsys, "import", "-")
    assert code == 2 and err.startswith("briefings: error: -: not UTF-8 text (byte 0xe9")


def test_html_in_a_declared_legacy_charset(site: Path, tmp_path: Path, capsys) -> None:
    page = (FIXTURES / "ja-prefix.html").read_text(encoding="utf-8")
    saved = tmp_path / "page.htm"
    saved.write_bytes(page.replace('charset="utf-8"', 'charset="shift_jis"').encode("shift_jis"))
    code, out, _ = run(capsys, "import", str(saved), "--date", "2023-02-05", "--out", str(tmp_path))
    assert code == 0, out
    assert "title: 港のストライキで小麦の輸出が止まる" in out


@pytest.mark.parametrize("command", ["new", "import"])
@pytest.mark.parametrize("value", ["20230201", "2023-W05-3", "2023-02-30", "2023-02"])
def test_dates_use_the_model_parser(site: Path, capsys, command: str, value: str) -> None:
    argv = ["new", "Title"] if command == "new" else ["import", str(FIXTURES / "wire-article.txt")]
    code, _, err = run(capsys, *argv, "--date", value)
    assert code == 2
    assert f"argument --date: not a date written YYYY-MM-DD: '{value}'" in err
    assert not any(
        p.name.endswith(".md") and "title" in p.name for p in (site / "briefings").iterdir()
    )


def test_out_must_be_a_folder(site: Path, tmp_path: Path, capsys) -> None:
    file = tmp_path / "a-file"
    file.write_text("keep")
    code, _, err = run(capsys, "import", str(FIXTURES / "wire-article.txt"), "--out", str(file))
    assert code == 2 and "not a folder" in err
    assert file.read_text() == "keep"


def test_piping_into_a_closed_reader_is_quiet(site: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written: every write fails
    try:
        result = briefings("schema", stdout=write, cwd=site)
    finally:
        os.close(write)
    assert result.returncode == 1
    assert result.stderr == ""  # no BrokenPipeError, no "Exception ignored" at exit


def test_a_missing_html_package_gives_one_line(site: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "lxml_html_clean" or name == "lxml.html.clean":
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
                return None
        sys.meta_path.insert(0, Block())
    """)
    )
    env = {"PYTHONPATH": os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")])}
    result = briefings("import", str(FIXTURES / "en-kicker.html"), cwd=site, env=env)
    assert result.returncode == 2
    assert result.stderr == (
        "briefings: error: reading HTML pages needs lxml_html_clean, which is not installed "
        "(pip install lxml_html_clean, or reinstall briefings)\n"
    )
    assert result.stdout == ""


def test_help_says_what_each_flag_does() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name, command in commands.items():
        text = command.format_help()
        assert "see the bundle module" not in text.lower(), name
        assert "never overwrites" not in text.lower(), name
        for action in command._actions:
            assert action.help, f"{name} {action.option_strings or action.dest} has no help"
    assert "unless --force" in commands["import"].description
    assert "unless --force" in commands["new"].description
    assert "OFFLINE=true mkdocs build" in commands["bundle"].description
