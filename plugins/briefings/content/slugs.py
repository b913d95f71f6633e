"""Slug rules shared by briefings, registries and tags: one reserved-slug rule, one tag slug."""

from __future__ import annotations

import re

from slugify import slugify

from briefings.content.schema import RESERVED_SLUGS


def reserved_message(slug: str) -> str | None:
    """The problem message when `slug` would overwrite its section's index page, else None."""
    if slug in RESERVED_SLUGS:
        return f"'{slug}' is reserved for index pages; choose another slug"
    return None


def tag_slug(tag: str) -> str:
    """URL slug of a tag: lowercased, ASCII-folded, hyphenated; reserved or empty slugs get
    a `tag-` prefix (`index` -> `tag-index`, `+++` -> `tag-untitled`)."""
    slug = slugify(tag)
    return slug if slug and reserved_message(slug) is None else f"tag-{slug or 'untitled'}"


_SPACES = re.compile(r"[\s\-‐‑–—]+")


def tag_key(tag: str) -> str:
    """What makes two spellings one tag: case-folded, runs of spaces and hyphens as one
    space (`Nuclear weapons` = `nuclear-weapons` = `NUCLEAR  WEAPONS`)."""
    return _SPACES.sub(" ", tag.casefold()).strip()
