"""What makes `briefings check` fast, shown by what it reads and recomputes (no clock):
the whole result comes from its memo (`tools/check_memo.py`) only when no input changed,
and it always equals a check made from nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from briefings.adapters.cli import main
from briefings.content.cache import FILE_NAME, STATS_NAME
from briefings.tools import check_memo
from briefings.tools.check_memo import MEMO_NAME

from .sites import SEED_SLUG, briefing, write_site

pytestmark = pytest.mark.core

LINKED = briefing(
    "Linked",
    "2022-07-05",
    "See [the notes](../notes/report.pdf) and [the guide](../index.md#usage).",
)


@pytest.fixture(autouse=True)
def _user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def _site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_site(
        tmp_path / "site",
        briefings={"2022-07-05-linked.md": LINKED},
        docs={"index.md": "# Home\n\n## Usage\n\nText.\n"},
        config={"validation": {"anchors": "warn"}},
    )
    monkeypatch.chdir(root)
    return root


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _stats(root: Path) -> dict[str, Any]:
    return json.loads((root / ".cache/briefings" / STATS_NAME).read_text())


def _cold(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """A check from nothing: no memo, no build cache."""
    for name in (MEMO_NAME, FILE_NAME):
        (root / ".cache/briefings" / name).unlink(missing_ok=True)
    return _check(capsys)


def test_an_unchanged_tree_answers_from_the_memo_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, monkeypatch)
    first = _check(capsys)
    assert "no page or file of the site is at 'notes/report.pdf'" in first[1]
    assert _stats(root)["misses"]["file"] > 0
    again = _check(capsys)
    assert again == first
    stats = _stats(root)
    # No briefing parsed, the build cache not even read.
    assert stats["hits"] == {"check": 1} and stats["misses"] == {}
    assert stats["loaded"] == "not read"
    assert _check(capsys, "briefings/2022-07-05-linked.md")[1] == first[1]  # a scope too


@pytest.mark.parametrize("edit", ["body", "docs anchor", "new file", "probed file", "asset"])
def test_every_input_that_changes_the_report_misses_the_memo(
    edit: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = _site(tmp_path, monkeypatch)
    before = _check(capsys)
    linked = root / "briefings" / "2022-07-05-linked.md"
    if edit == "body":
        linked.write_text(linked.read_text() + "\nAnd [a gap](#nowhere).\n")
    elif edit == "docs anchor":
        (root / "docs" / "index.md").write_text("# Home\n\nNo usage here.\n")
    elif edit == "new file":
        (root / "briefings" / "2022-07-06-other.md").write_text("no front matter\n")
    elif edit == "probed file":  # beside the briefing's folder, outside the site
        (root / "notes").mkdir()
        (root / "notes" / "report.pdf").write_bytes(b"%PDF-1.4\n")
    else:
        (root / "briefings" / "data.svg").write_text("<svg/>")
    after = _check(capsys)
    assert after != before
    assert _stats(root)["hits"].get("check") is None
    assert _cold(root, capsys) == after  # the same report as a check from nothing
    assert _check(capsys) == after and _stats(root)["hits"] == {"check": 1}


def test_file_hashes_are_reused_by_stat_signature_and_redone_when_it_differs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(check_memo, "RACY_NS", -(10**12))  # trust even fresh files
    root = _site(tmp_path, monkeypatch)
    hashed: list[str] = []
    real = check_memo.file_hash
    monkeypatch.setattr(check_memo, "file_hash", lambda path: hashed.append(path) or real(path))
    first = _check(capsys)
    files = len(hashed)
    assert files >= 3  # every briefing and docs page
    hashed.clear()
    assert _check(capsys) == first and hashed == []  # stat signatures alone
    seed = root / "briefings" / f"{SEED_SLUG}.md"
    os.utime(seed)  # touched, unchanged: hashed again, still the memo's answer
    assert _check(capsys) == first and len(hashed) == 1
    assert _stats(root)["hits"] == {"check": 1}
    # Same size, mtime put back: the ctime still differs, so the change is seen.
    linked = root / "briefings" / "2022-07-05-linked.md"
    info = linked.stat()
    linked.write_text(linked.read_text().replace("#usage", "#usagf"))
    os.utime(linked, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert linked.stat().st_size == info.st_size
    changed = _check(capsys)
    assert "has no anchor '#usagf'" in changed[1]
    assert _cold(root, capsys) == changed


def test_far_future_dates_are_judged_on_the_day_of_each_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, monkeypatch)
    (root / "briefings" / "2022-07-07-late.md").write_text(briefing("Late", "2031-01-01"))
    now = _check(capsys)
    assert "days after today" in now[1]

    class Past(dt.date):
        @classmethod
        def today(cls) -> Past:
            return cls(2031, 1, 1)

    monkeypatch.setattr("briefings.adapters.cli.dt.date", Past)
    later = _check(capsys)
    assert _stats(root)["hits"] == {"check": 1}  # from the memo, judged today
    assert "days after today" not in later[1]


def test_a_corrupt_or_foreign_memo_is_a_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, monkeypatch)
    first = _check(capsys)
    memo = root / ".cache/briefings" / MEMO_NAME
    data = memo.read_bytes()
    memo.write_bytes(data[:-10] + b"0123456789")  # signature no longer matches
    assert _check(capsys) == first and "check" not in _stats(root)["hits"]
    memo.write_bytes(b"junk")
    assert _check(capsys) == first and "check" not in _stats(root)["hits"]


def test_a_symbolic_link_in_the_content_folder_is_never_memoised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, monkeypatch)
    (root / "briefings" / "linked-copy.md").symlink_to(root / "briefings" / "2022-07-05-linked.md")
    first = _check(capsys)
    assert _check(capsys) == first and "check" not in _stats(root)["hits"]


def test_body_signatures_equal_datasketchs_minhash_of_the_same_shingles() -> None:
    import numpy as np
    from datasketch import MinHash

    from briefings.content import minhash

    texts = [" ".join(f"w{i % 97}" for i in range(400)), " ".join(f"v{i % 13}" for i in range(60))]
    bodies = [minhash.shingles(hashes, np) for hashes, _ in minhash.words(texts, np)]
    assert [len(b) for b in bodies] == [398, 58]
    for body, (signature, dtype) in zip(bodies, minhash.signatures(bodies), strict=True):
        reference = MinHash(num_perm=minhash.NUM_PERM, seed=minhash.SEED, scheme=minhash.SCHEME,
                            hashfunc=lambda h: h)  # fmt: skip
        reference.update_batch([int(h) for h in body])
        assert (signature, dtype) == (
            reference.hashvalues.tobytes(),
            reference.hashvalues.dtype.str,
        )


@pytest.mark.parametrize("cached", [False, True])
def test_a_load_in_forked_processes_equals_one_in_this_process(
    cached: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefings.content import cache as build_cache
    from briefings.content import forked, loader

    from .test_cache import FAULTY, MISSPELT, _settings, _snapshot

    # Hints have a budget per load: misspelt files are spread among the others.
    files = {f"2022-07-{day:02d}-b{day}.md": briefing(f"B {day}", f"2022-07-{day:02d}", "Text.")
             for day in range(1, 29)}  # fmt: skip
    for day in (3, 9, 17, 25):
        files[f"2022-07-{day:02d}-b{day}.md"] = MISSPELT.replace("2022-07-02", f"2022-07-{day:02d}")
    files["2022-07-29-faulty.md"] = FAULTY.replace("2022-07-03", "2022-07-29")
    root = write_site(tmp_path / "site", briefings=files)
    settings = _settings(root)

    def load() -> Any:
        cache = None
        if cached:
            context = build_cache.content_context(settings)
            cache = build_cache.BuildCache.open(root / ".cache/briefings", context)
        corpus = loader.load_corpus(settings, cache=cache)
        if cache is not None:
            cache.save()
        return _snapshot(corpus)

    alone = load()
    forks: list[int] = []
    real = forked._Child
    monkeypatch.setattr(loader, "PARALLEL_MINIMUM", 2)
    monkeypatch.setattr(forked, "processes", lambda: 3)
    monkeypatch.setattr(forked, "_Child", lambda *a: forks.append(1) or real(*a))
    (root / ".cache/briefings" / FILE_NAME).unlink(missing_ok=True)
    assert load() == alone
    assert len(forks) == 2  # two children beside this process
    if cached:  # the misspelt files are never cached (their hints depend on the load)
        assert load() == alone


def test_hygiene_in_a_forked_process_reports_and_caches_as_in_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefings.tools import check

    text = " ".join(f"word{i}" for i in range(200))
    files = {
        "2022-01-02-a.md": briefing("A", "2022-01-02", text),
        "2022-01-04-c.md": briefing("C", "2022-01-04", text.replace("word100 word101", "x y")),
    }
    root = write_site(tmp_path / "site", briefings=files)
    monkeypatch.chdir(root)
    alone = _cold(root, capsys)
    assert "nearly the same body as briefings/2022-01-02-a.md" in alone[1]
    forks: list[int] = []
    real = check.fork_map

    def counted(*args: Any, **kwargs: Any) -> Any:
        results = real(*args, **kwargs)
        forks.append(len({part[0] for part in results[1:]} - {os.getpid()}))
        return results

    monkeypatch.setattr(check, "PARALLEL_HYGIENE", 1)
    monkeypatch.setattr(check, "processes", lambda: 2)
    monkeypatch.setattr(check, "fork_map", counted)
    assert _cold(root, capsys) == alone and forks == [1]  # made in another process
    stats = _stats(root)
    bodies = len(list((root / "briefings").glob("*.md")))
    assert stats["misses"]["hygiene-body"] == bodies  # and counted here
    (root / ".cache/briefings" / MEMO_NAME).unlink()
    assert _check(capsys) == alone
    stats = _stats(root)  # what the child made was kept in the build cache
    assert stats["hits"]["hygiene-body"] == bodies and stats["hits"]["hygiene-near"] == 1
