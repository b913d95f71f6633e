"""Blanking parts of a body (code, link references) while keeping every offset and line:
each character becomes a space, newlines stay."""

from __future__ import annotations

import re

_NOT_NEWLINE = re.compile(r"[^\n]")


class Blanks:
    """Ranges of a body to blank (newlines kept, so offsets and lines stay), added in
    order of blocks; `view` applies those of the current block (since `mark`)."""

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []
        self._mark = 0

    def add(self, start: int, end: int) -> None:
        """Blank `body[start:end]` (an empty range is ignored)."""
        if end > start:
            self.ranges.append((start, end))

    def mark(self) -> None:
        """Start a new block: `view` applies only ranges added from now on."""
        self._mark = len(self.ranges)

    def view(self, body: str, start: int, end: int) -> str:
        """`body[start:end]` with this block's ranges blanked."""
        return _apply(body, start, end, self.ranges[self._mark :])

    def render(self, body: str) -> str:
        """The whole body with every range blanked."""
        return _apply(body, 0, len(body), self.ranges)


def _apply(body: str, start: int, end: int, ranges: list[tuple[int, int]]) -> str:
    if not ranges:
        return body[start:end]
    pieces = []
    cursor = start
    for s, e in sorted(ranges):
        s, e = max(s, cursor), min(e, end)
        if e <= s:
            continue
        pieces.append(body[cursor:s])
        if body.find("\n", s, e) == -1:
            pieces.append(" " * (e - s))
        else:
            pieces.append(_NOT_NEWLINE.sub(" ", body[s:e]))
        cursor = e
    pieces.append(body[cursor:end])
    return "".join(pieces)
