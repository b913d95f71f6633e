"""`content/minhash.py`: words found in many texts at once (numpy) are the words a regular
expression finds one text at a time, hashed the same wherever they are."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.content import minhash

#: Letters and digits of several scripts, and separators: ASCII punctuation, `_`, spaces,
#: and punctuation of the blocks minhash treats as separators (U+00A0-U+00BF but its
#: letter-like ª µ º ¹ ² ³ ¼ ½ ¾, U+2000-U+206F, U+3000-U+303F but 々 〆 〇).
ALPHABET = (
    "abcxyzABCXYZ0189éüßÉÖçñøÆœıſﬁКиевЁё中文日本語한국어ΣσςΩ"
    " \t\n.,;:!?'\"()[]{}<>/\\|@#$%^&*+=~`-_"
    "\u00a0«»·¡¿©®°±§¶\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u2009\u200b\u3000、。「」"
)
WORD = re.compile(r"[^\W_]+")


def _expected(text: str) -> list[str]:
    return WORD.findall(text.casefold())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=80), min_size=1, max_size=12))
def test_words_are_the_regular_expressions_words_hashed_by_value(texts: list[str]) -> None:
    found = list(minhash.words(texts, np))
    assert len(found) == len(texts)
    by_word: dict[str, int] = {}
    for text, (hashes, normal) in zip(texts, found, strict=True):
        expected = _expected(text)
        assert normal == " ".join(expected).encode("utf-8", "surrogatepass"), text
        assert len(hashes) == len(expected) and hashes.dtype == np.uint64
        for word, value in zip(expected, hashes.tolist(), strict=True):
            assert by_word.setdefault(word, value) == value, word  # same word, same hash
    assert len(set(by_word.values())) == len(by_word)  # no two words share one here


def test_combining_marks_and_other_symbols_stay_in_their_word() -> None:
    # Unlike `\w`, which would cut Devanagari words at their vowel signs.
    texts = ["हिन्दी भाषा", "İstanbul", "€5 × 3"]
    found = [normal.decode() for _, normal in minhash.words(texts, np)]
    assert found == ["हिन्दी भाषा", "i\u0307stanbul", "€5 × 3"]


def test_texts_are_split_at_their_own_ends_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(minhash, "CHUNK_BYTES", 16)  # many chunks, and texts longer than one
    texts = ["", "alpha", "beta gamma — delta", "", "x" * 40, "εψιλον «ζήτα»", "__", "end"]
    found = [normal.decode() for _, normal in minhash.words(texts, np)]
    assert found == ["", "alpha", "beta gamma delta", "", "x" * 40, "εψιλον ζήτα", "", "end"]


def test_a_nul_or_a_lone_surrogate_is_text_like_any_other() -> None:
    texts = ["a\x00b", "c\ud800d e"]
    found = [normal for _, normal in minhash.words(texts, np)]
    assert found == [b"a b", "c\ud800d e".encode("utf-8", "surrogatepass")]


def test_near_copies_share_most_of_their_signature() -> None:
    base = " ".join(f"word{i}" for i in range(300))
    near = base.replace("word150", "changed")
    other = " ".join(f"other{i}" for i in range(300))
    hashes = [minhash.shingles(h, np) for h, _ in minhash.words([base, near, other], np)]
    values = [np.frombuffer(s, dtype=d) for s, d in minhash.signatures(hashes)]
    assert (values[0] == values[1]).mean() > 0.8
    assert (values[0] == values[2]).mean() < 0.2
