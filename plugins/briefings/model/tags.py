"""Tag names: when two spellings are one tag, and the URL slug of a tag.

Spellings equal after case-folding and treating runs of spaces and hyphens alike are one
tag (`Nuclear Weapons`, `nuclear-weapons`, `nuclear  weapons`); its display name is the
spelling most briefings use (`display_name`). Different spellings that still share a slug
(`C++` and `C#`) are a content error, reported by the loader.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from slugify import slugify

from briefings.content.schema import RESERVED_SLUGS

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―]+")


@lru_cache(maxsize=1 << 16)  # pure, and asked for each tag of each page (28,000 at 1k)
def tag_slug(name: str) -> str:
    """URL slug of a tag: lowercased, ASCII-folded, hyphenated (`Sécurité` -> `securite`).

    Never empty and never a reserved slug (`index`, the section's own page): those become
    `tag-...`.
    """
    slug = slugify(name)
    return slug if slug and slug not in RESERVED_SLUGS else f"tag-{slug or 'untitled'}"


def tag_key(name: str) -> str:
    """The spelling-insensitive form of a tag: case-folded, spaces and hyphens alike."""
    return _SEPARATORS.sub(" ", name.casefold()).strip()


def display_name(spellings: Iterable[str]) -> str:
    """The most used of `spellings` (one item per use); ties go to the first by code point.

    Raises ValueError when `spellings` is empty.
    """
    counts = Counter(spellings)
    if not counts:
        raise ValueError("a tag needs at least one spelling")
    return min(counts, key=lambda name: (-counts[name], name))
