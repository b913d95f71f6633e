"""`briefings check` after an edit re-reads only the edited briefing files
(`tools/check_files.py`): shown by what it recomputes (no clock), and always the report
of a check made from nothing, also when the edit makes or removes a problem across files
(a near-duplicate or a duplicate body, a broken anchor, a duplicate slug, a mention).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash, MinHashLSH

from briefings.adapters.cli import main
from briefings.content import minhash
from briefings.content.cache import FILE_NAME, STATS_NAME
from briefings.content.hygiene import NEAR_DUPLICATE, _Body, lsh_pairs
from briefings.tools.check_files import HIT, STATE_NAME
from briefings.tools.check_memo import MEMO_NAME

from .sites import SEED_SLUG, briefing, write_site

pytestmark = pytest.mark.core

PROSE = (
    "ministers met on tuesday to discuss the grain corridor and the talks on shipping "
    "insurance which officials said could resume within weeks if the guarantees offered by "
    "both sides hold through the winter months while ports along the coast stay open to "
    "merchant traffic and inspectors report no new incidents near the approaches"
)
WORDS = PROSE.split(" ")
LONG = " ".join(WORDS * 3)  # a long body (MinHash signature)
OTHER = " ".join(reversed(WORDS * 3))
FIRST = "2022-07-01-first.md"
SECOND = "2022-07-02-second.md"
LINKER = "2022-07-03-linker.md"
IMAGE = '"https://example.org/a.png"'


@pytest.fixture(autouse=True)
def _user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def _site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = write_site(
        tmp_path / "site",
        briefings={
            FIRST: briefing("First", "2022-07-01", f"## Talks\n\n{LONG}\n"),
            SECOND: briefing("Second", "2022-07-02", f"{OTHER}\n"),
            LINKER: briefing("Linker", "2022-07-03", f"See [the talks]({FIRST}#talks).\n"),
        },
        config={"validation": {"anchors": "warn"}},
    )
    monkeypatch.chdir(root)
    return root


def _check(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["check", "--format", "json"])
    out, err = capsys.readouterr()
    return code, out, err


def _stats(root: Path) -> dict[str, Any]:
    return json.loads((root / ".cache/briefings" / STATS_NAME).read_text())


def _cold(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """A check from nothing: no memo, no per-file state, no build cache."""
    for name in (MEMO_NAME, FILE_NAME, STATE_NAME):
        (root / ".cache/briefings" / name).unlink(missing_ok=True)
    return _check(capsys)


def _edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "briefings" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _messages(report: tuple[int, str, str]) -> list[str]:
    return [p["message"] for p in json.loads(report[1])]


#: edit -> (file, old text, new text, whether only that file is re-read, a message the
#: edit makes appear, or with "-" disappear)
EDITS: dict[str, tuple[str, str, str, bool, str]] = {
    "sentence added": (FIRST, LONG, LONG + "\n\nOne sentence more.", True, ""),
    "near duplicate made": (SECOND, OTHER, LONG + " and more", True, "nearly the same body as"),
    "duplicate body made": (SECOND, OTHER, "Talks.\n\n" + LONG, True, "the same body as"),
    "insecure address": (SECOND, OTHER, OTHER + " http://example.org/x", True, "insecure"),
    "remote image": (SECOND, OTHER, OTHER + f"\n\n<img src={IMAGE}>", True, "another site"),
    "anchor removed": (FIRST, "## Talks", "## Meetings", False, "has no anchor '#talks'"),
    "duplicate slug": (
        SECOND,
        "title: Second",
        f"title: Second\nslug: {FIRST[:-3]}",
        False,
        "duplicate slug",
    ),
    "mention added": (SECOND, OTHER, OTHER + " Vladimir Putin spoke.", False, ""),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_gives_the_report_of_a_check_from_nothing(
    edit: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, monkeypatch)
    name, old, new, alone, message = EDITS[edit]
    before = _check(capsys)
    assert not any("has no anchor" in m for m in _messages(before))
    _edit(root, name, old, new)
    after = _check(capsys)
    assert (_stats(root)["hits"].get(HIT) == 1) is alone  # only the edited file re-read
    if message:
        assert any(message in m for m in _messages(after))
        assert not any(message in m for m in _messages(before))
    assert after == _cold(root, capsys)  # the report of a check from nothing
    _edit(root, name, new, old)  # undone: the first report again, from the state just kept
    again = _check(capsys)
    assert again == before
    assert again == _cold(root, capsys)


def test_a_near_duplicate_made_by_an_edit_is_found_and_lost_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, monkeypatch)
    assert not any("the same body" in m for m in _messages(_check(capsys)))
    _edit(root, SECOND, OTHER, LONG + " and more")
    near = _check(capsys)
    assert _stats(root)["hits"].get(HIT) == 1
    found = [m for m in _messages(near) if "nearly the same body as" in m]
    assert len(found) == 2  # each names the other
    _edit(root, SECOND, LONG + " and more", OTHER + " and more")
    apart = _check(capsys)
    assert _stats(root)["hits"].get(HIT) == 1
    assert not any("the same body" in m for m in _messages(apart))
    assert apart == _cold(root, capsys)


def test_an_unusable_state_is_a_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, monkeypatch)
    _check(capsys)
    (root / ".cache/briefings" / STATE_NAME).write_bytes(b"briefings-check-files\nnonsense")
    _edit(root, FIRST, LONG, LONG + " More.")
    after = _check(capsys)
    assert _stats(root)["hits"].get(HIT) is None
    assert after == _cold(root, capsys)
    assert SEED_SLUG  # the sample site's briefings are checked too


def test_permutations_and_bands_are_datasketchs() -> None:
    a, b = minhash.permutations(np)
    theirs = MinHash(num_perm=minhash.NUM_PERM, seed=minhash.SEED, scheme=minhash.SCHEME)
    assert np.array_equal(a, theirs.permutations[0]) and np.array_equal(b, theirs.permutations[1])
    lsh = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=minhash.NUM_PERM)
    assert (lsh.b, lsh.r) == (minhash.BANDS, minhash.ROWS)


def test_candidates_and_jaccard_are_those_of_the_lsh_index() -> None:
    chooser = random.Random(7)
    base = np.array([chooser.randrange(1 << 32) for _ in range(minhash.NUM_PERM)], np.uint32)
    signatures: dict[str, bytes] = {}
    for n in range(300):  # variants of one signature: many share a band, some do not
        values = base.copy()
        for i in chooser.sample(range(minhash.NUM_PERM), chooser.randrange(0, 40)):
            values[i] = chooser.randrange(1 << 32)
        signatures[f"b{n}"] = values.tobytes()
    hashes = {
        key: LeanMinHash(seed=minhash.SEED, scheme=minhash.SCHEME,
                         hashvalues=np.frombuffer(value, dtype=np.uint32))
        for key, value in signatures.items()
    }  # fmt: skip
    index = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=minhash.NUM_PERM)
    for key, value in hashes.items():
        index.insert(key, value)
    shared = 0
    for key, value in list(hashes.items())[:60]:
        mine = minhash.candidates(signatures[key], signatures)
        assert sorted(mine) == sorted(index.query(value))
        shared += len(mine) > 1
        for other in mine:
            theirs = value.jaccard(hashes[other])
            assert minhash.jaccard(signatures[key], signatures[other]) == theirs
    assert 0 < shared < 60


def test_near_pairs_are_those_of_datasketchs_index() -> None:
    chooser = random.Random(11)
    base = [chooser.randrange(1 << 32) for _ in range(minhash.NUM_PERM)]
    bodies = {}
    for n in range(200):
        values = np.array(base, np.uint32)
        for i in chooser.sample(range(minhash.NUM_PERM), chooser.randrange(0, 30)):
            values[i] = chooser.randrange(1 << 32)
        bodies[f"b{n:03}"] = _Body(f"e{n}", 100, values.tobytes(), values.dtype.str)
    keys = sorted(bodies)
    exact = {frozenset(("b000", "b001")), frozenset(("b002", "b003"))}
    signatures = {key: body.signature or b"" for key, body in bodies.items()}
    ours = minhash.near_pairs(keys, signatures, exact, NEAR_DUPLICATE)
    assert ours == lsh_pairs(keys, bodies, exact)
    assert 10 < sum(len(near) for _, near in ours) < 200 * 199


@pytest.mark.parametrize("name", ["_notes.md", "2022-07-04-broken.md"])
def test_files_the_load_skips_or_cannot_read_give_the_report_of_a_check_from_nothing(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _site(tmp_path, monkeypatch)
    path = root / "briefings" / name
    path.write_text("---\ntitle: [unclosed\n---\n\nText with <img src=" + IMAGE + ">.\n")
    before = _check(capsys)
    path.write_text(path.read_text() + "\nMore text, <img src=" + IMAGE.replace("a", "b") + ">.\n")
    after = _check(capsys)
    broken = name[0] != "_"
    assert (_stats(root)["hits"].get(HIT) == 1) is broken  # a skipped file: a full check
    assert (after != before) is broken
    assert after == _cold(root, capsys)
