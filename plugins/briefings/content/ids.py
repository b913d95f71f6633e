"""Element ids: one rule for what an id on a page may be, and one heading slug function.

Used by the build (`site/sanitize.py`: the body HTML, Python-Markdown's tree and toc's
`slugify`) and by the body scanner (`content/body/`), so `briefings check` knows the ids
the build writes: which it rewrites (reported by both) and which anchors exist.

An id is safe when it is made of letters, digits, `_`, `-`, `.` and `:` and does not
start with `__` (the theme's own ids: `__config`, `__search`, `__drawer`, ...) or with
`bf-`, `bf_` or `bf` and a capital (the plugin's sections and script globals).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown.extensions.toc import slugify as toc_slugify

SAFE_ID = re.compile(r"[\w.:-]+")  # with fullmatch; \w is Unicode letters, digits and _
#: Ids content may not use: Material's (`__config`, `__search`, ...) and the plugin's
#: (`bf-related`, `bf_x`, and `bf` + a capital: script globals such as `bfTimelineData`).
RESERVED_ID = re.compile(r"__|bf[-_A-Z]")
_UNSAFE_ID_CHARS = re.compile(r"[^\w.:-]+")
#: What a heading whose text gives an empty or unsafe slug is called (`## Новости`).
EMPTY_SLUG = "section"
#: The rule as the build's warning and `check` state it.
SAFE_ID_RULE = (
    "letters, digits, '_', '-', '.', ':'; not starting with '__', 'bf-', 'bf_' "
    "or 'bf' and a capital"
)


def reserved_id_owner(value: str) -> str | None:
    """Whose id `value` is, when content may not use it: "the theme" or "the plugin"."""
    match = RESERVED_ID.match(value)
    if match is None:
        return None
    return "the theme" if match.group() == "__" else "the plugin"


def unsafe_id_message(given: str, written: str | None) -> str:
    """What the build and `check` say about an id written in a body that is not safe."""
    instead = f"written as '{written}'" if written else "left out"
    return f"id {given!r} is not a safe id ({SAFE_ID_RULE}); {instead}"


def is_safe_id(value: str) -> bool:
    """True when `value` may be an element id on a page (see the module docstring)."""
    return bool(SAFE_ID.fullmatch(value)) and RESERVED_ID.match(value) is None


def safe_id(value: str) -> str | None:
    """`value` when it is a safe id, else a safe id made from it; None when nothing is left.

    Unsafe characters become `-`; a reserved id (`RESERVED_ID`) gets an `x-` prefix
    (`__config` -> `x-__config`). Deterministic, so the same content gives the same ids.
    """
    if is_safe_id(value):
        return value
    cleaned = _UNSAFE_ID_CHARS.sub("-", value).strip("-")
    if not cleaned:
        return None
    return f"x-{cleaned}" if RESERVED_ID.match(cleaned) else cleaned


def safe_slug(slug: str) -> str:
    """A slug made by toc's `slugify` (or the site's own) turned into a safe id: unchanged
    when safe, else cleaned (`__init__` -> `init`), `EMPTY_SLUG` when nothing is left."""
    if is_safe_id(slug):
        return slug
    return safe_id(slug.lstrip("_")) or EMPTY_SLUG


def heading_slug(text: str, separator: str = "-",
                 slugify: Callable[[str, str], str] = toc_slugify) -> str:  # fmt: skip
    """The id the build gives a heading whose text is `text`, before toc makes it unique
    (`Part one` -> `part-one`, `Новости` -> `section`)."""
    return safe_slug(slugify(text, separator))
