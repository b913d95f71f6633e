"""Slug rules shared by briefings, registries and tags: one reserved-slug rule.

Tag slugs and tag spellings live in `model/tags.py` (`tag_slug`, `tag_key`), which uses
the same reserved names.
"""

from __future__ import annotations

from briefings.content.schema import RESERVED_SLUGS
from briefings.model.tags import tag_key, tag_slug


def reserved_message(slug: str) -> str | None:
    """The problem message when `slug` would overwrite its section's index page, else None."""
    if slug in RESERVED_SLUGS:
        return f"'{slug}' is reserved for index pages; choose another slug"
    return None


__all__ = ["reserved_message", "tag_key", "tag_slug"]
