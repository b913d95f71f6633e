"""Pasted plain text: the first non-empty line is the headline, each further line a block.

Consecutive list lines (`- item`, `* item`, `• item` or `1. item`, with no blank line or
only blank lines between them) stay one list; a lone bullet line stays a paragraph.
"""

from __future__ import annotations

import re

from briefings.tools.importer.article import Article, Block, ItemList

_BULLET = re.compile(r"^[-*•‣◦▪–]\s+(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+(?P<text>\S.*)$")


def parse_text(text: str) -> Article:
    """A pasted article as an `Article`; raises ValueError when `text` is empty."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise ValueError("the input is empty")
    return Article(lines[0], group_lists(lines[1:]))


def group_lists(lines: list[str]) -> list[Block]:
    """Runs of two or more list lines of one kind become one `ItemList`."""
    blocks: list[Block] = []
    run: list[str] = []
    kind: re.Pattern[str] | None = None

    def close() -> None:
        if len(run) >= 2:
            items = tuple(m["text"] for line in run if (m := _match(kind, line)))
            blocks.append(ItemList(items, ordered=kind is _NUMBERED))
        else:
            blocks.extend(run)
        run.clear()

    for line in lines:
        line_kind = _BULLET if _BULLET.match(line) else _NUMBERED if _NUMBERED.match(line) else None
        if line_kind is not kind or line_kind is None:
            close()
        kind = line_kind
        if line_kind is None:
            blocks.append(line)
        else:
            run.append(line)
    close()
    return blocks


def _match(kind: re.Pattern[str] | None, line: str) -> re.Match[str] | None:
    return kind.match(line) if kind else None
