"""Heading ids as the toc extension makes them: the slug of the heading's text, unique."""

from __future__ import annotations

import html
import re

from briefings.content.body.model import ATTR_LIST

_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")
_EM_UNDER = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_TAGS = re.compile(r"<[^<>]{0,4096}>")
_IDCOUNT = re.compile(r"^(.*)_([0-9]+)$")


def unique(slug: str, used: set[str]) -> str:
    """toc's `unique`: append `_1`, `_2`, ... until unused."""
    while slug in used or not slug:
        match = _IDCOUNT.match(slug)
        slug = f"{match.group(1)}_{int(match.group(2)) + 1}" if match else f"{slug}_1"
    return slug


def heading_text(source: str) -> str:
    """The text toc slugifies for a heading written as `source` (one Markdown line)."""
    text = source.strip()
    if text.startswith("#"):
        text = text.lstrip("#")
        text = re.sub(r"[ \t]#+[ \t]*$|^#+$", "", text.rstrip())
    text = ATTR_LIST.sub("", text).strip()
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    text = re.sub(r"\[\^[^\]]+\]", "", text)
    text = re.sub(r"(`+)(.+?)\1", lambda m: m.group(2).strip(), text)
    text = _TAGS.sub("", text)
    for _ in range(3):
        text = _STRONG.sub(r"\2", text)
        text = _EM_STAR.sub(r"\1", text)
        text = _EM_UNDER.sub(r"\1", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!])", r"\1", text)
    return html.unescape(text)
