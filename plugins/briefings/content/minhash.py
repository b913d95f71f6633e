"""Words, word shingles and MinHash signatures of many texts at once (numpy).

What `hygiene` finds near-duplicate bodies with, vectorised over `CHUNK_BYTES` of text at
a time: no Python loop runs per word. Linear in the texts' size.

A word is a run of word bytes of the case-folded UTF-8 text (`_WORD_BYTES`): ASCII letters
and digits, and every non-ASCII character except the punctuation and spaces of the blocks
U+0080-U+00BF, U+2000-U+206F (dashes, quotes, ellipsis) and U+3000-U+303F (CJK), so `_`,
`“`, `—` and `«` separate words as spaces do, while combining marks stay in their word
(a regular expression's word class cuts Devanagari words at their vowel signs) and so do
other symbols (`€5` is one word). Each word is hashed by a polynomial hash of
its bytes mod 2^64; each 3-shingle combines three word hashes (`shingles`); a signature is
datasketch's `affine32` MinHash of the shingles (`signatures`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

NUM_PERM = 64  # MinHash permutations
SEED = 1  # datasketch's default seed for its permutations
SCHEME = "affine32"  # datasketch's MinHash scheme the signatures are made with
SHINGLES = "utf8-poly64-mix64"  # how words and shingles are hashed (in cache keys)
#: Which bytes of case-folded UTF-8 text belong to words (see the module docstring; the
#: punctuation blocks' bytes are cleared by `_word_mask`).
_WORD_BYTES = bytes(
    1 if (chr(c).isascii() and chr(c).isalnum()) or c >= 0x80 else 0 for c in range(256)
)
#: Bytes of text whose words are hashed at once (a longer body is hashed alone).
CHUNK_BYTES = 1 << 20
#: The odd multiplier of the words' polynomial hash (mod 2^64), and its inverse.
_POLY = 0x100000001B3
_POLY_INVERSE = pow(_POLY, -1, 1 << 64)


def words(texts: Sequence[str], np: Any) -> Iterator[tuple[Any, bytes]]:
    """For each of `texts`, in order: the hashes of its words (a uint64 array: a polynomial
    hash of each word's bytes mod 2^64, the same for the same word anywhere) and its
    normalised text (its words, one space between them, as UTF-8). `np`: numpy, which the
    caller imports (it costs a tenth of a second)."""
    chunk: list[bytes] = []
    size = 0
    for text in texts:
        chunk.append(text.casefold().encode("utf-8", "surrogatepass"))
        size += len(chunk[-1])
        if size >= CHUNK_BYTES:
            yield from _chunk_words(chunk, np)
            chunk, size = [], 0
    if chunk:
        yield from _chunk_words(chunk, np)


def _chunk_words(encoded: list[bytes], np: Any) -> Iterator[tuple[Any, bytes]]:
    data = np.frombuffer(b"\n".join(encoded), dtype=np.uint8)  # "\n": no word crosses it
    word = _word_mask(data, np)
    edges = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    size = len(data)
    power = np.full(size + 1, _POLY, dtype=np.uint64)
    power[0] = 1
    np.cumprod(power, out=power)
    prefix = np.zeros(size + 1, dtype=np.uint64)
    np.cumsum(data.astype(np.uint64) * power[:size], out=prefix[1:])
    inverse = np.full(size + 1, _POLY_INVERSE, dtype=np.uint64)
    inverse[0] = 1
    np.cumprod(inverse, out=inverse)
    hashes = (prefix[ends] - prefix[starts]) * inverse[starts]
    # Normalised text: word bytes, and a space for the first byte of each gap between words.
    gap = ~word
    gap[1:] &= word[:-1]
    gap[:1] = False
    keep = np.flatnonzero(word | gap)  # where each byte of `spaced` comes from
    spaced = np.where(word, data, np.uint8(32))[keep].tobytes()
    bounds = np.cumsum([len(e) + 1 for e in encoded]) - 1  # each text's "\n" (or end)
    first = np.searchsorted(starts, np.concatenate(([0], bounds[:-1])))
    last = np.searchsorted(starts, bounds)
    some = first < last
    begin = np.zeros(len(encoded), dtype=np.int64)
    end = np.zeros(len(encoded), dtype=np.int64)
    begin[some] = np.searchsorted(keep, starts[first[some]])
    end[some] = np.searchsorted(keep, ends[last[some] - 1])
    for lo, hi, a, b in zip(first.tolist(), last.tolist(), begin.tolist(), end.tolist(),
                            strict=True):  # fmt: skip
        yield hashes[lo:hi], spaced[a:b]


def _word_mask(data: Any, np: Any) -> Any:
    """Which of the UTF-8 bytes `data` (uint8) are word bytes (module docstring)."""
    word = np.frombuffer(_WORD_BYTES, dtype=np.uint8).astype(bool)[data]
    lead, second = data[:-1], data[1:]
    blocks = (lead == 0xC2) | ((lead == 0xE2) & ((second & 0xFE) == 0x80))
    blocks |= (lead == 0xE3) & (second == 0x80)
    at = np.flatnonzero(blocks)
    word[at] = False
    word[at + 1] = False
    three = at[data[at] != 0xC2] + 2
    word[three[three < len(data)]] = False
    return word


#: The MurmurHash3 32-bit finalizer's shifts and multipliers (what datasketch's affine32
#: scheme mixes each input hash with before its permutations).
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
#: Odd multipliers that combine three word hashes into one shingle hash (mod 2^64).
_SHINGLE_MIX = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F)


def signatures(bodies: Sequence[Any]) -> list[tuple[bytes, str]]:
    """MinHash signatures of `bodies`, each given by its shingles' hashes (`shingles`), with
    their type: datasketch's `affine32` MinHash of those hashes (its permutations, seed
    `SEED`), computed for all shingles of a body at once with numpy: equal to
    `MinHash.update_batch` of the same hashes (tests/test_check_speed.py compares them),
    without its call per value (nor datasketch imported: `permutations`)."""
    if not bodies:
        return []
    import numpy as np

    a, b = permutations(np)
    s1, m1, s2, m2, s3 = (np.uint32(c) for c in _FMIX32)
    found = []
    for hv in bodies:
        hv = hv ^ (hv >> s1)
        hv = hv * m1
        hv = hv ^ (hv >> s2)
        hv = hv * m2
        hv = hv ^ (hv >> s3)
        values = (hv[:, None] * a + b).min(axis=0)
        found.append((values.tobytes(), values.dtype.str))
    return found


def shingles(hashes: Any, np: Any) -> Any:
    """The hashes (uint32) of the word 3-shingles of a body given by its words' `hashes`
    (uint64, from `words`): three combined by odd multipliers mod 2^64, folded to 32 bits."""
    k1, k2 = np.uint64(_SHINGLE_MIX[0]), np.uint64(_SHINGLE_MIX[1])
    x = hashes[:-2] * k1 + hashes[1:-1] * k2 + hashes[2:]
    return ((x ^ (x >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def permutations(np: Any) -> tuple[Any, Any]:
    """The multipliers and offsets (two uint32 arrays of `NUM_PERM`) of datasketch's
    `affine32` permutations for seed `SEED`, made as `MinHash._init_permutations` makes
    them (tests/test_check_files.py compares them), without importing datasketch (which
    loads scipy: most of a second)."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


#: datasketch's `MinHashLSH` bands and rows for threshold 0.8 and `NUM_PERM` (its
#: `_optimal_param`; tests/test_check_files.py compares them): two signatures are
#: candidates when the `ROWS` values of one of the first `BANDS` bands are all equal.
BANDS, ROWS = 5, 11


def candidates(signature: bytes, others: dict[str, bytes], width: int = 4) -> list[str]:
    """The keys of `others` (key -> signature bytes, `width` bytes a value) that share a
    band with `signature`: what `MinHashLSH.query` returns, computed without an index."""
    step = ROWS * width
    bands = [signature[i * step : (i + 1) * step] for i in range(BANDS)]
    found = []
    for key, other in others.items():
        if any(other[i * step : (i + 1) * step] == band for i, band in enumerate(bands)):
            found.append(key)
    return found


def jaccard(first: bytes, second: bytes) -> float:
    """The share of equal values of two signatures (bytes of native 32-bit values):
    `LeanMinHash.jaccard`, the same float."""
    one, two = memoryview(first).cast("I"), memoryview(second).cast("I")
    return float(sum(1 for x, y in zip(one, two, strict=True) if x == y)) / float(len(one))


def near_pairs(
    keys: Sequence[str], signatures: dict[str, bytes], exact: set[frozenset[str]],
    threshold: float,
) -> list[tuple[str, list[str]]]:  # fmt: skip
    """Each of `keys` with the sorted keys of its near duplicates: those sharing a band
    with it (`candidates`), not an `exact` pair with it, of `jaccard` at least
    `threshold`; keys without any are left out. What an index of datasketch's
    `MinHashLSH` (`BANDS`, `ROWS`) and `LeanMinHash.jaccard` give for the same
    signatures (native 32-bit values), with one dict per band instead."""
    step = ROWS * 4
    tables: list[dict[bytes, list[str]]] = [{} for _ in range(BANDS)]
    for key in keys:
        signature = signatures[key]
        for i, table in enumerate(tables):
            table.setdefault(signature[i * step : (i + 1) * step], []).append(key)
    result = []
    for key in keys:
        signature = signatures[key]
        found: set[str] = set()
        for i, table in enumerate(tables):
            found.update(table[signature[i * step : (i + 1) * step]])
        near = [other for other in sorted(found)
                if other != key and frozenset((key, other)) not in exact
                and jaccard(signature, signatures[other]) >= threshold]  # fmt: skip
        if near:
            result.append((key, near))
    return result
