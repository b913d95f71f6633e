"""The placeholder texts of a new briefing (`briefings new`, `briefings import`), defined once.

`tools/scaffold.py` writes them; the loader reports any that is still there as an error, so
an untouched skeleton never reaches the site.
"""

from __future__ import annotations

PLACEHOLDER_SUMMARY = "One to three plain sentences: what happened, where, and who said so."
PLACEHOLDER_BODY = "Write the briefing here, in Markdown; link other briefings by file name."
PLACEHOLDER_SOURCE_NAME = "Source name (outlet or author)"
PLACEHOLDER_SOURCE_NOTE = "The address was not recorded; add url: when it is known."

#: field -> (placeholder text, what to write instead)
PLACEHOLDERS: dict[str, tuple[str, str]] = {
    "summary": (PLACEHOLDER_SUMMARY, "write the summary"),
    "sources.name": (PLACEHOLDER_SOURCE_NAME, "name the outlet or author"),
    "sources.note": (
        PLACEHOLDER_SOURCE_NOTE,
        "give the source's url:, or say in note: why there is none (e.g. Print edition)",
    ),
    "body": (PLACEHOLDER_BODY, "write the briefing's text"),
}


def is_placeholder(field: str, value: object) -> bool:
    """Whether `value` of `field` ("summary", "sources.name", "sources.note" or "body") is still the
    skeleton's text (the body: contains it)."""
    text, _ = PLACEHOLDERS[field]
    if not isinstance(value, str):
        return False
    return text in value if field == "body" else value.strip() == text
