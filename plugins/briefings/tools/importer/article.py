"""The raw material of an import: a headline and blocks of plain text, and their Markdown.

A block is a paragraph (`str`), a `Heading`, an `ItemList` or a `Quote`; all hold plain
text, never markup. `to_markdown` is the one place where that text becomes Markdown: line
starts that Markdown would read as syntax are escaped, so text stays text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’')\]]*\s+(?=[“\"‘'(\[]?[A-Z0-9])")
_CJK_SENTENCE_END = re.compile(r"(?<=[。！？])")
# Line starts Markdown reads as a block: heading, quote, list, admonition, rule, fence.
_BLOCK_START = re.compile(
    r"^(\s*)(?:([#>]|!!!|[+*-](?=\s|$))|(\d+)([.)])(?=\s|$)|([-_])(?=[-_\s]*$)|(~~~))"
)
# Inline syntax in plain text: backslashes, code, emphasis, raw HTML, entities, footnotes,
# attribute lists and the joints of inline and reference links.
_INLINE = re.compile(r"[\\`*]|(?<![^\W_])_|_(?![^\W_])|<|&(?=#|\w+;)|\[(?=\^)|(?<=\])[(\[]|\{")
_INLINE_ESCAPES = {"<": "&lt;", "&": "&amp;"}
SUMMARY_MAX = 400  # characters: the lead's first sentences up to this length
LEAD_MIN = 60  # characters: a shorter paragraph that ends no sentence is not the lead


class NotAnArticle(ValueError):
    """The input is not an article (a template, an index page, or next to no text)."""


@dataclass(frozen=True)
class Heading:
    """A subheading inside the article (rendered as `##`)."""

    text: str


@dataclass(frozen=True)
class ItemList:
    """A bulleted (or numbered) list: one plain-text string per item."""

    items: tuple[str, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Quote:
    """A block quotation."""

    text: str


Block = str | Heading | ItemList | Quote


@dataclass
class Article:
    """A headline and the article's blocks, with what the page said about itself.

    `url` is the page's canonical address and `published` its publication date, when the
    page declares them; `warnings` are doubts found while reading it, for the curator, and
    `removed` the lines dropped while reading it (a repeated headline, a kicker).
    """

    title: str
    paragraphs: list[Block]
    published: dt.date | None = None
    site_name: str | None = None
    url: str | None = None
    warnings: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # lines dropped while reading


def block_text(block: Block) -> str:
    """The plain text of one block (list items joined by newlines)."""
    if isinstance(block, str):
        return block
    if isinstance(block, ItemList):
        return "\n".join(block.items)
    return block.text


def escape_text(text: str) -> str:
    """`text` as Markdown that renders as exactly that text: inline syntax (`*`, `` ` ``,
    `<`, `[^`, `](`, `{:`) and a line start that Markdown reads as syntax (`# `, `- `,
    `1. `, `---`) are escaped."""
    text = _INLINE.sub(lambda m: _INLINE_ESCAPES.get(m[0], "\\" + m[0]), text)
    text = re.sub(r"^(\s*)\[(?=[^\]]*\]:)", r"\1\\[", text)  # a reference definition
    return _BLOCK_START.sub(_escape_block_start, text)


def _escape_block_start(match: re.Match[str]) -> str:
    indent, mark, number, dot, rule, fence = match.groups()
    if number:
        return f"{indent}{number}\\{dot}"
    return f"{indent}&#126;~~" if fence else f"{indent}\\{mark or rule}"


def to_markdown(blocks: Sequence[Block]) -> str:
    """Blocks as Markdown, one blank line apart; lists stay lists (two in a row apart, an
    empty HTML comment between them), the text stays text."""
    out: list[str] = []
    for previous, block in zip([None, *blocks], blocks, strict=False):
        if isinstance(block, str):
            out.append(escape_text(block))
        elif isinstance(block, Heading):
            heading = escape_text(block.text)  # a last "#" unescaped would close it
            out.append("## " + re.sub(r"(?<!\\)((?:\\\\)*)#$", r"\1\\#", heading))
        elif isinstance(block, Quote):
            out.append(f"> {escape_text(block.text)}")
        else:
            if out and isinstance(previous, ItemList):  # Markdown would join the two lists
                out.append("<!-- -->")
            marks = [f"{n}." for n in range(1, len(block.items) + 1)] if block.ordered else []
            out.append("\n".join(f"{marks[i] if marks else '-'} {escape_text(item)}"
                                 for i, item in enumerate(block.items)))  # fmt: skip
    return "\n\n".join(out)


def lead_summary(paragraphs: Sequence[Block]) -> str:
    """The first one to three sentences of the lead: the first paragraph of prose, that is
    one that ends a sentence or is `LEAD_MIN` characters long (not a byline or a label)."""
    texts = [b.strip() for b in paragraphs if isinstance(b, str) and b.strip()]
    lead = next((t for t in texts if len(t) >= LEAD_MIN or t[-1] in ".!?。！？…"), "")
    lead = lead or (texts[0] if texts else "")
    if not lead:
        return ""
    sentences = _SENTENCE_END.split(lead.strip())
    if len(sentences) == 1:
        sentences = [s for s in _CJK_SENTENCE_END.split(lead.strip()) if s]
    summary = sentences[0]
    for sentence in sentences[1:3]:
        joiner = "" if _CJK_SENTENCE_END.search(summary[-1:]) else " "
        if len(summary) + len(sentence) + len(joiner) > SUMMARY_MAX:
            break
        summary += joiner + sentence
    return summary
