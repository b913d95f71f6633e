"""Where an HTML comment ends, as a browser's HTML5 tokeniser reads it."""

from __future__ import annotations

import re
from collections.abc import Callable


def comment_end(segment: str, start: int, find: Callable[[str, str, int, str], int]) -> int:
    """Where the comment at `start` ends as a browser reads it (HTML5): `<!-->` and
    `<!--->` are whole (empty) comments, and a comment ends at the first `-->` or `--!>`."""
    for empty in ("<!-->", "<!--->"):
        if segment.startswith(empty, start):
            return start + len(empty)
    close = find(segment, "-->", start + 4, "-->")
    bang = find(segment, "--!>", start + 4, "--!>")
    ends = [end + size for end, size in ((close, 3), (bang, 4)) if end >= 0]
    return min(ends) if ends else len(segment)


# Python-Markdown's inline `html` pattern for a comment (inlinepatterns.HTML_RE, DOTALL).
_INLINE_COMMENT = re.compile(r"<!--(?:(?!<!--|-->).)*-->", re.DOTALL)


def without_inline_comments(text: str) -> str:
    """`text` with each inline HTML comment blanked (same length). Python-Markdown stashes
    a comment with the links made inside it as raw HTML: links there are never checked by
    MkDocs (nor kept by the sanitiser)."""
    if "<!--" not in text:
        return text
    return _INLINE_COMMENT.sub(lambda m: " " * len(m.group()), text)
