"""The build cache (plugins/briefings/content/cache.py): reused only when it may be, never
trusted blindly, and a warm build is byte-identical to a cold one."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

from briefings.adapters.mkdocs_plugin.site_config import load_site_config
from briefings.content import cache as build_cache
from briefings.content.body import analyse
from briefings.content.cache import FILE_NAME, STATS_NAME, BuildCache
from briefings.content.loader import Corpus, load_corpus
from briefings.graph.graph import BriefingGraph
from briefings.model.settings import RelatedSettings, Settings
from briefings.tools.check_memo import MEMO_NAME

from .helpers import build, tree
from .sites import SEED_SLUG, briefing, write_site

# A briefing whose problems depend on the load: an unknown field with a did-you-mean.
MISSPELT = briefing("Misspelt field", "2022-07-02", "Putin spoke.", sumnary="x")
# One with problems of its own (an unknown story), warnings and a body with code.
FAULTY = briefing(
    "Faulty", "2022-07-03", "Text `code` and <img src='https://example.org/x.png'>.",
    stories=["no-such-story"],
)  # fmt: skip


@pytest.fixture(autouse=True)
def _user_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The signing key lives in a user cache folder of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv(build_cache.KEY_ENV, raising=False)


def _site(tmp_path: Path, **briefings: str | None) -> Path:
    extra = {"2022-07-02-misspelt.md": MISSPELT, "2022-07-03-faulty.md": FAULTY}
    return write_site(tmp_path / "site", briefings={**extra, **briefings})


def _settings(root: Path) -> Settings:
    """The site's own settings, as mkdocs.yml gives them (the extra kind `equipment`)."""
    return load_site_config(root / "mkdocs.yml").settings


def _load(root: Path, cache: BuildCache | None) -> Corpus:
    return load_corpus(_settings(root), cache=cache)


def _open(root: Path, settings: Settings | None = None) -> BuildCache:
    context = build_cache.content_context(settings or _settings(root))
    return build_cache.reuse(None, root / ".cache/briefings", context)


def _snapshot(corpus: Corpus) -> Any:
    """Everything a load returns, as comparable data."""
    return (
        corpus.problems,
        [dataclasses.asdict(b) for b in corpus.briefings],
        [(f.path, f.slug, f.src_uri, f.draft, f.doc.data, f.doc.lines, f.doc.problems,
          f.body.text, f.body.first_line, f.body.analysis) for f in corpus.files],
        corpus.stories,
        corpus.entities,
    )  # fmt: skip


def _stats(root: Path) -> dict[str, Any]:
    return json.loads((root / ".cache/briefings" / STATS_NAME).read_text())


def test_a_warm_load_equals_a_cold_one_and_parses_only_what_changed(tmp_path: Path) -> None:
    root = _site(tmp_path)
    cold = _snapshot(_load(root, None))
    first = _open(root)
    assert _snapshot(_load(root, first)) == cold
    first.save()
    files = len(cold[2])
    # The misspelt file asked for a suggestion: it is parsed every time, never cached.
    assert (first.stats.hits["file"], first.stats.misses["file"]) == (0, files)
    second = _open(root)
    assert second.stats.loaded == "loaded"
    assert _snapshot(_load(root, second)) == cold
    assert (second.stats.hits["file"], second.stats.misses["file"]) == (files - 1, 1)
    # Analyses come from the cache whole: equal to a fresh scan of the body.
    warm = _load(root, second)
    for item in warm.files:
        assert (item.body.known is None) == (item.slug == "2022-07-02-misspelt")
        assert item.body.analysis == analyse(item.body.text)
    # One edited body: that file is parsed again, the others come from the cache.
    second.save()
    seed = root / "briefings" / f"{SEED_SLUG}.md"
    seed.write_text(seed.read_text() + "\nOne more sentence about Minsk.\n")
    third = _open(root)
    edited = _load(root, third)
    assert _snapshot(edited) == _snapshot(_load(root, None))
    assert (third.stats.hits["file"], third.stats.misses["file"]) == (files - 2, 2)


def test_hints_from_the_shared_budget_are_the_same_warm_and_cold(tmp_path: Path) -> None:
    misspelt = {
        f"2022-08-{day:02d}-m{day}.md": briefing(f"M {day}", f"2022-08-{day:02d}", "x", sumnary="y")
        for day in range(1, 61)
    }  # more unknown fields than the did-you-mean budget (SUGGESTION_LIMIT)
    root = _site(tmp_path, **misspelt)
    cold = _load(root, None).problems
    cache = _open(root)
    _load(root, cache)
    cache.save()
    # Fix the first ten: later files now get hints they did not get before.
    for day in range(1, 11):
        path = root / "briefings" / f"2022-08-{day:02d}-m{day}.md"
        path.write_text(path.read_text().replace("sumnary: y\n", ""))
    assert _load(root, _open(root)).problems == _load(root, None).problems != cold


def test_the_graph_takes_mentions_from_the_cache(tmp_path: Path) -> None:
    root = _site(tmp_path)
    corpus = _load(root, None)
    cold = BriefingGraph.build(corpus.settings, corpus.briefings, corpus.stories, corpus.entities)
    cache = _open(root)
    for expected_hits in (0, len(corpus.briefings)):
        warm = BriefingGraph.build(
            corpus.settings, corpus.briefings, corpus.stories, corpus.entities, cache=cache
        )
        assert cache.stats.hits["mentions"] == expected_hits
        assert warm.mentions == cold.mentions
        assert warm.entities_of == cold.entities_of
        assert {k: [b.slug for b in v] for k, v in warm.related.items()} == {
            k: [b.slug for b in v] for k, v in cold.related.items()
        }
        cache.save()
        cache = _open(root)


@pytest.mark.parametrize(
    "change",
    ["entities", "stories", "setting", "code"],
)
def test_a_changed_context_starts_an_empty_cache(
    tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    cache = _open(root)
    _load(root, cache)
    cache.save()
    settings = _settings(root)
    if change == "entities":
        path = root / "briefings/entities.yml"
        path.write_text(path.read_text().replace("President of Russia.", "Russia's president."))
    elif change == "stories":
        path = root / "briefings/stories.yml"
        path.write_text(path.read_text().replace("Battle of Donbas", "The battle of Donbas"))
    elif change == "setting":
        settings = dataclasses.replace(settings, related=RelatedSettings(count=3))
    else:
        monkeypatch.setattr(build_cache, "code_fingerprint", lambda: "another version")
    again = build_cache.reuse(
        None, root / ".cache/briefings", build_cache.content_context(settings)
    )
    assert again.stats.loaded == "ignored: another context"
    corpus = load_corpus(settings, cache=again)
    assert again.stats.hits["file"] == 0
    assert again.stats.misses["file"] == len(corpus.files)


def _marker_pickle(marker: Path) -> bytes:
    """A pickle that creates `marker` when loaded: what an attacker would commit."""

    class Exploit:
        def __reduce__(self) -> tuple:
            return (Path.touch, (marker,))

    return pickle.dumps({"format": build_cache.FORMAT, "entries": Exploit(), "pages": {}})


@pytest.mark.parametrize(
    "content",
    ["empty", "garbage", "truncated", "unsigned", "signed-elsewhere", "bad-entry"],
)
def test_a_foreign_or_damaged_cache_file_is_ignored(tmp_path: Path, content: str) -> None:
    root = _site(tmp_path)
    expected = _snapshot(_load(root, None))
    cache = _open(root)
    _load(root, cache)
    cache.save()
    path = root / ".cache/briefings" / FILE_NAME
    good = path.read_bytes()
    marker = tmp_path / "pwned"
    head = len(build_cache.MAGIC) + 32
    if content == "empty":
        path.write_bytes(b"")
    elif content == "garbage":
        path.write_bytes(b"\x80\x04garbage" * 100)
    elif content == "truncated":
        path.write_bytes(good[: len(good) // 2])
    elif content == "unsigned":  # a committed file: the magic line, no valid signature
        path.write_bytes(build_cache.MAGIC + b"\0" * 32 + _marker_pickle(marker))
    elif content == "signed-elsewhere":  # signed with another machine's key
        import hashlib
        import hmac

        payload = _marker_pickle(marker)
        signature = hmac.new(b"k" * 32, payload, hashlib.sha256).digest()
        path.write_bytes(build_cache.MAGIC + signature + payload)
    else:  # a valid file whose entries do not load: each is a miss
        loaded = pickle.loads(good[head:])
        loaded["entries"] = {key: b"not a pickle" for key in loaded["entries"]}
        payload = pickle.dumps(loaded)
        import hashlib
        import hmac

        key = build_cache.signing_key()
        assert key is not None
        path.write_bytes(build_cache.MAGIC + hmac.new(key, payload, hashlib.sha256).digest()
                         + payload)  # fmt: skip
    again = _open(root)
    assert again.stats.loaded.startswith("ignored") or content == "bad-entry"
    assert _snapshot(_load(root, again)) == expected
    assert again.stats.hits["file"] == 0
    assert not marker.exists()
    again.save()  # and the next save replaces it with a good one
    assert _open(root).stats.loaded == "loaded"


def test_the_key_may_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    monkeypatch.setenv(build_cache.KEY_ENV, "ab" * 32)
    cache = _open(root)
    _load(root, cache)
    cache.save()
    assert _open(root).stats.loaded == "loaded"
    monkeypatch.setenv(build_cache.KEY_ENV, "cd" * 32)  # another machine's (CI) key
    assert _open(root).stats.loaded == "ignored: not signed with this machine's key"
    stats = root / ".cache" / "briefings" / build_cache.STATS_NAME
    for given, why in (("not hex", "is not hexadecimal"), ("00112233", "is shorter than 16")):
        monkeypatch.setenv(build_cache.KEY_ENV, given)
        cache = _open(root)
        assert not cache.enabled
        assert cache.stats.loaded.startswith(f"disabled: {build_cache.KEY_ENV} {why}")
        cache.save()  # last-build.json says why, not what the last build found
        assert json.loads(stats.read_text())["loaded"] == cache.stats.loaded


def test_a_cache_that_cannot_be_written_says_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _site(tmp_path)
    (root / ".cache").write_text("a file where the cache folder's parent would be")
    cache = _open(root)
    _load(root, cache)
    with caplog.at_level("WARNING"):
        cache.save()
    said = [r.getMessage() for r in caplog.records if "build cache" in r.getMessage()]
    assert len(said) == 1 and "not written to" in said[0] and "starts cold" in said[0], said
    assert (root / ".cache").read_text().startswith("a file")  # nothing replaced


def test_the_warning_names_the_file_that_could_not_be_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _site(tmp_path)
    (root / ".cache" / "briefings" / build_cache.FILE_NAME).mkdir(parents=True)
    cache = _open(root)
    _load(root, cache)
    with caplog.at_level("WARNING"):
        cache.save()
    said = [r.getMessage() for r in caplog.records if "not written to" in r.getMessage()]
    assert len(said) == 1 and build_cache.FILE_NAME in said[0], said


def test_files_of_the_cache_folder_are_replaced_never_written_through_a_link(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path)
    folder = root / ".cache" / "briefings"
    folder.mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.write_text("VICTIM")
    (folder / build_cache.STATS_NAME).symlink_to(victim)
    (folder / ".gitignore").symlink_to(tmp_path / "made-through-a-link")  # dangling
    cache = _open(root)
    _load(root, cache)
    cache.save()
    assert victim.read_text() == "VICTIM"
    assert not (tmp_path / "made-through-a-link").exists()
    stats = folder / build_cache.STATS_NAME
    assert not stats.is_symlink() and json.loads(stats.read_text())["loaded"]
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: ")


def test_no_user_cache_folder_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _site(tmp_path)
    for name in ("XDG_CACHE_HOME", "HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    cache = _open(root)
    assert not cache.enabled
    assert _snapshot(_load(root, cache)) == _snapshot(_load(root, None))
    cache.save()
    assert not (root / ".cache").exists()


def test_the_cache_folder_is_ignored_by_git_and_holds_only_current_content(tmp_path: Path) -> None:
    root = _site(tmp_path)
    cache = _open(root)
    _load(root, cache)
    cache.save()
    folder = root / ".cache/briefings"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172")
    assert (folder / FILE_NAME).stat().st_mode & 0o077 == 0  # readable by the user only
    entries = len(cache.entries)
    (root / "briefings/2022-07-03-faulty.md").unlink()
    again = _open(root)
    _load(root, again)
    again.save()
    assert len(_open(root).entries) == entries - 1  # the deleted file's entry is gone


# -- real builds -----------------------------------------------------------------------


@pytest.mark.build
def test_a_warm_build_is_byte_identical_to_a_cold_one(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    env = {"XDG_CACHE_HOME": str(tmp_path / "user-cache")}
    build(root, env=env, out=tmp_path / "cold")
    assert _stats(root)["misses"]["file"] == 10
    build(root, env=env, out=tmp_path / "warm")
    stats = _stats(root)
    assert (stats["loaded"], stats["hits"]["file"], stats["misses"]) == ("loaded", 10, {})
    cold, warm = tree(tmp_path / "cold"), tree(tmp_path / "warm")
    assert len(cold) > 100
    assert [
        name for name in sorted(cold.keys() | warm.keys()) if cold.get(name) != warm.get(name)
    ] == []
    # One body edited (a new mention too): warm and cold builds agree again.
    seed = root / "briefings" / f"{SEED_SLUG}.md"
    seed.write_text(seed.read_text() + "\nIstanbul was mentioned as a venue.\n")
    build(root, env=env, out=tmp_path / "warm-edited")
    stats = _stats(root)
    assert (stats["hits"]["file"], stats["misses"]["file"]) == (9, 1)
    assert (stats["hits"]["mentions"], stats["misses"]["mentions"]) == (9, 1)
    (root / ".cache/briefings" / FILE_NAME).unlink()
    build(root, env=env, out=tmp_path / "cold-edited")
    assert _stats(root)["misses"]["file"] == 10
    cold, warm = tree(tmp_path / "cold-edited"), tree(tmp_path / "warm-edited")
    assert [
        name for name in sorted(cold.keys() | warm.keys()) if cold.get(name) != warm.get(name)
    ] == []
    assert "was mentioned as a venue" in warm[f"briefings/{SEED_SLUG}/index.html"].decode()


@pytest.mark.build
def test_cache_false_keeps_nothing(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site", plugin={"cache": False})
    build(root, env={"XDG_CACHE_HOME": str(tmp_path / "user-cache")})
    assert not (root / ".cache").exists()
    assert not (tmp_path / "user-cache").exists()


def test_check_shares_the_cache_with_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefings.adapters.cli import main

    root = _site(tmp_path)
    monkeypatch.chdir(root)
    outputs = []
    for _ in range(2):
        code = main(["check"])
        outputs.append((code, *capsys.readouterr()))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1  # FAULTY has an error
    # Nothing changed: the second check answered from its memo, the build cache unread.
    assert _stats(root)["hits"] == {"check": 1} and _stats(root)["loaded"] == "not read"
    (root / ".cache/briefings" / MEMO_NAME).unlink()
    code = main(["check"])
    assert (code, *capsys.readouterr()) == outputs[0]
    stats = _stats(root)
    assert stats["loaded"] == "loaded"
    assert stats["hits"]["file"] == len(list((root / "briefings").glob("*.md"))) - 1


@pytest.mark.parametrize("link", [".cache", ".cache/briefings"])
def test_a_cache_folder_that_is_a_link_is_never_written_into(link: str, tmp_path: Path) -> None:
    root = _site(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(elsewhere, target_is_directory=True)
    cache = _open(root)
    assert not cache.enabled and "symbolic link" in cache.stats.loaded
    _load(root, cache)
    cache.save()
    assert list(elsewhere.rglob("*")) == []  # nothing written where the link points
