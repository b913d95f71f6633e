"""Bytes that stand for a value, for hashing what a cached result was computed from."""

from __future__ import annotations

import io
import pickle


def value_bytes(value: object) -> bytes:
    """`value` as bytes that depend on its value only: pickled without the memo, so
    objects shared or not (one parsed, one restored from the cache) give the same bytes.
    For values without sets (their order varies between processes) or cycles
    (ValueError)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True  # no memo: a value's bytes never refer back to an earlier object
    pickler.dump(value)
    return buffer.getvalue()
