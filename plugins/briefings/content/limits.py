"""Input limits: what one content file may ask of the parsers, checked before they run.

Content comes from strangers' pull requests, and Python-Markdown is neither linear nor
iterative on every input: lists nested a few hundred deep end in `RecursionError`, and each
`[` or HTML start tag that is not closed soon makes it rescan the rest of the paragraph (or
of the page), which is quadratic. These checks are linear in the size of the file and turn
such input into `path:line: field: message` problems (documented in docs/writing.md).

Lengths of text fields and of lists are JSON Schema `maxLength`/`maxItems` in the shipped
schemas; YAML nesting is checked while the YAML is read (`located_yaml.MAX_DEPTH`); the file
size limit is the plugin option `max_file_size` (`files.DEFAULT_MAX_FILE_BYTES`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from briefings.content.located_yaml import Located, field_name
from briefings.model.problems import BIDI_CONTROLS, Problem

#: How deep lists, block quotes, admonitions and `markdown` HTML blocks may nest in a body.
MAX_NESTING = 20
#: Characters the Markdown and HTML parsers may scan for brackets and tags, per character of
#: body, plus a fixed allowance for short bodies (see `scan_work`).
SCAN_PER_CHARACTER = 8
SCAN_ALLOWANCE = 100_000
#: Characters of a placeholder Python-Markdown puts where an escape, a code span, an entity
#: or inline HTML was (STX, `klzzwxh:`, a number of up to 5 digits, ETX).
PLACEHOLDER = 16
#: Python-Markdown's patterns that scan from every `[` for its `]`: link, reference and
#: short reference (or, after `!`, their image forms).
BRACKET_PATTERNS = 3
#: Inline markup Python-Markdown may turn into elements, per character of body, plus a fixed
#: allowance (see `inline_work`): each element it makes copies the rest of its paragraph.
INLINE_PER_CHARACTER = 500
INLINE_ALLOWANCE = 20_000_000
#: The characters that can start an inline element: code spans, emphasis (`*`, `_`, and the
#: `~`/`^` of pymdownx), raw HTML and autolinks, entities, escapes, links and footnotes.
#: Footnote definitions and references per body: Python-Markdown's footnotes take time
#: that grows with their square (10,000 took 24 s to build, 20,000 two minutes).
MAX_FOOTNOTES = 1_000
_FOOTNOTE_DEF = re.compile(r"^[ ]{0,3}\[\^[^\]\n]+\]:", re.MULTILINE)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\n]+\](?!:)")
INLINE_MARKERS = "`*_~^<&\\["


# One container marker after optional indentation: a block quote, a list item, an
# admonition or collapsible block (`!!!`, `???`, `???+`), a content tab (`===`).
_MARKER = re.compile(
    r"(?:>|[-*+](?=[ \t]|\Z)|[0-9]{1,9}[.)](?=[ \t]|\Z)|(?:!!!|\?\?\?\+?|===)(?=[ \t]))"
)
_HTML_MD_OPEN = re.compile(r"[ \t]*<[A-Za-z][^>]*\smarkdown(?:\s*=|[\s>/])")
_HTML_CLOSE = re.compile(r"[ \t]*</[A-Za-z]")


def body_problems(body: str, first_line: int, path: str) -> list[Problem]:
    """Problems of a briefing body whose first line is line `first_line` of file `path`.
    At most one problem per limit: the first line nested too deep, and the paragraph that
    needs the most bracket and tag scanning when the whole body needs too much."""
    problems, deep = [], too_deep(body)
    if deep is not None:
        depth, line = deep
        problems.append(
            Problem(path, first_line + line, "body",
                    f"lists, quotes or blocks are nested {depth} deep here; the limit is "
                    f"{MAX_NESTING}")
        )  # fmt: skip
    work = scan_work(body)
    budget = SCAN_PER_CHARACTER * len(body) + SCAN_ALLOWANCE
    if work.total > budget:
        problems.append(
            Problem(path, first_line + work.worst_line, "body",
                    f"too many '[', '](' or '<tag' that are not closed soon: Markdown would "
                    f"scan {work.total:,} characters to match them (limit {budget:,}); close "
                    "them, or write them as \\[ and &lt;")
        )  # fmt: skip
    allowed = INLINE_PER_CHARACTER * len(body) + INLINE_ALLOWANCE
    markers = sum(body.count(c) for c in INLINE_MARKERS) + body.count("  \n")  # every run's
    inline = inline_work(body) if markers * len(body) > allowed else None  # can sum no more
    if inline is not None and inline.total > allowed:
        problems.append(
            Problem(path, first_line + inline.worst_line, "body",
                    f"too much inline markup in one paragraph: {inline.markers:,} of "
                    f"{' '.join(INLINE_MARKERS)} (or line breaks) in {inline.length:,} "
                    f"characters; Markdown's work grows with their product "
                    f"({inline.total:,} for the body, limit {allowed:,}); split the "
                    "paragraph, or escape the characters that are not markup")
        )  # fmt: skip
    for what, pattern, limit in (
        ("definitions", _FOOTNOTE_DEF, MAX_FOOTNOTES),
        ("references", _FOOTNOTE_REF, 2 * MAX_FOOTNOTES),
    ):
        found = pattern.finditer(body)
        over = next((m for i, m in enumerate(found) if i == limit), None)
        if over is not None:
            line = body.count("\n", 0, over.start())
            problems.append(
                Problem(path, first_line + line, "body",
                        f"more than {limit:,} footnote {what} in one briefing (the limit): "
                        "Markdown's work grows with their square; split the briefing")
            )  # fmt: skip
    return problems


def too_deep(body: str, limit: int = MAX_NESTING) -> tuple[int, int] | None:
    """(depth, 0-based line) of the first line nested deeper than `limit`, if any."""
    return next(((depth, line) for line, depth in _depths(body) if depth > limit), None)


def _depths(body: str) -> Iterator[tuple[int, int]]:
    html, line, counted = 0, 0, 0
    for match in _CANDIDATE.finditer(body):
        start = match.start()
        line += body.count("\n", counted, start)
        counted = start
        end = body.find("\n", start)
        text = body[start : end if end >= 0 else len(body)]
        if match.group(1):  # a line starting with `<`
            if _HTML_MD_OPEN.match(text):
                html += 1
            elif html and _HTML_CLOSE.match(text):
                html -= 1
            yield line, html
        else:
            yield line, html + _line_depth(text)


def _line_depth(text: str) -> int:
    depth, pos, end = 0, 0, len(text)
    while pos < end:
        column = 0
        while pos < end and text[pos] in " \t":
            column = column + 4 - column % 4 if text[pos] == "\t" else column + 1
            pos += 1
        match = _MARKER.match(text, pos)
        if match is None:
            break
        depth += 1 + column // 4
        pos = match.end()
    return depth


# Lines that may open containers: a marker, or `<`, after optional indentation.
_CANDIDATE = re.compile(r"^[ \t]*(?:(<)|[>*+=!?0-9-])", re.MULTILINE)


@dataclass(frozen=True)
class ScanWork:
    """An upper bound of the characters scanned to match brackets and tags in a body."""

    total: int
    worst_line: int  # 0-based line of the paragraph that contributes most


def scan_work(body: str) -> ScanWork:
    """Estimate, in linear time, the scanning Python-Markdown and `html.parser` will do.

    Python-Markdown's link and image patterns scan from each `[` to its matching `]` (to the
    end of the paragraph when there is none), and from each `](` to its matching `)`, once
    per pattern (`BRACKET_PATTERNS`); the
    raw-HTML pass scans from each `<` + letter to the next `>` (to the end of the text when
    there is none). The sum of those distances is what this returns: normal text costs at
    most a few characters per character, while unclosed openers cost a whole paragraph each.
    Backslash-escaped brackets are skipped, as Markdown does. A link whose target holds a
    quote before its `)` is read as having a title: from that quote, the scan ignores
    parentheses up to a `)` right after a quote (`_title_work`).
    """
    total, worst, worst_line = 0, -1, 0
    next_gt = -1  # the next `>` after the last tag start seen; tag starts come in order
    for start, end, block_line in _blocks(body):
        work = BRACKET_PATTERNS * _bracket_work(body, start, end) + _title_work(body, start, end)
        for match in _TAG_START.finditer(body, start, end):
            if next_gt < match.start():
                next_gt = body.find(">", match.start())
                if next_gt < 0:
                    next_gt = len(body)
            work += next_gt - match.start()
        total += work
        if work > worst:
            worst, worst_line = work, block_line
    return ScanWork(total, worst_line)


_TAG_START = re.compile(r"<[A-Za-z]")


@dataclass(frozen=True)
class InlineWork:
    """Markers times length, summed over the inline runs of a body, and its worst run."""

    total: int
    worst_line: int  # 0-based first line of the run that contributes most
    markers: int  # inline markers in that run
    length: int  # characters in that run


def inline_work(body: str) -> InlineWork:
    """Estimate, in linear time, the copying Python-Markdown's inline pass will do.

    Python-Markdown turns the text of each paragraph, list item, table row or heading (an
    inline run) into elements one match at a time, and each match rebuilds the run's text
    and walks its placeholders again: a run of length L with m markers costs about m * L.
    That sum is returned; markers are `INLINE_MARKERS` and hard line breaks (two spaces
    before a newline). Runs are split at blank lines and before lines that start a list
    item, a table row (`|`) or a heading, which over-estimates nothing and under-estimates
    only for tables written without a leading `|`."""
    total, worst, where, worst_markers, worst_length = 0, -1, 0, 0, 0
    for start, end, line in _inline_runs(body):
        markers = sum(body.count(c, start, end) for c in INLINE_MARKERS)
        markers += body.count("  \n", start, end)
        work = markers * (end - start)
        total += work
        if work > worst:
            worst, where, worst_markers, worst_length = work, line, markers, end - start
    return InlineWork(total, where, worst_markers, worst_length)


def _inline_runs(body: str) -> Iterator[tuple[int, int, int]]:
    start, line = 0, 0
    for cut in _RUN_CUT.finditer(body):
        yield start, cut.start(), line
        line += body.count("\n", start, cut.end())
        start = cut.end()
    yield start, len(body), line


_RUN_CUT = re.compile(r"\n(?:[ \t]*\n)+|\n(?=[ \t]*(?:[-*+][ \t]|[0-9]{1,9}[.)][ \t]|[|#]))")


def _blocks(body: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, 0-based line) of each paragraph: text between blank lines."""
    start, line = 0, 0
    for gap in _GAP.finditer(body):
        yield start, gap.start(), line
        line += body.count("\n", start, gap.end())
        start = gap.end()
    yield start, len(body), line


_GAP = re.compile(r"\n(?:[ \t]*\n)+")


def _bracket_work(text: str, start: int, end: int) -> int:
    """Bracket scanning in one paragraph, in the coordinates of Markdown's inline pass.

    Before links are matched, Markdown replaces escapes, code spans, entities and inline
    HTML with placeholders of up to `PLACEHOLDER` characters, so each `\\`, `&`, `<` (and
    half of each code span's backticks) counts that much more than one character, and it
    expands tabs to four spaces.
    """
    if text.find("[", start, end) < 0:  # parentheses count only after a link's `]`
        return 0
    work = 0
    brackets: list[int] = []
    parens: list[tuple[int, bool]] = []  # (position, opened right after a link's `]`)
    closed_link = -1  # position of the last `]` that closed a `[`
    escaped = -1  # position of a character escaped by a backslash
    grown = 0  # how much longer the text is so far in Markdown's inline pass
    spans = iter(_code_spans(text, start, end))
    span = next(spans, (end, end))  # the next code span: its brackets are hidden
    for match in _SPECIAL.finditer(text, start, end):
        index = match.start()
        if index == escaped:
            continue
        char = text[index]
        at = index + grown
        while index >= span[1]:
            span = next(spans, (end, end))
        if span[0] < index < span[1] - 1 and char in "[]()":
            continue  # inside a code span (already a placeholder when links are matched)
        if char == "[":
            brackets.append(at)
        elif char == "]":
            if brackets:
                work += at - brackets.pop()
                closed_link = index
        elif char == "(":
            parens.append((at, closed_link == index - 1))
        elif char == ")":
            if parens:
                opened, is_link = parens.pop()
                if is_link:
                    work += at - opened
        else:
            grown += _GROWTH[char]
            if char == "\\":
                escaped = index + 1
    last = end + grown
    work += sum(last - opened for opened in brackets)
    work += sum(last - opened for opened, is_link in parens if is_link)
    return work


_QUOTE, _CLOSE, _TITLE_END = re.compile("[\"']"), re.compile(r"\)"), re.compile("[\"'][ \t\n]*\\)")


def _title_work(text: str, start: int, end: int) -> int:
    """The scanning of link titles in one paragraph: Python-Markdown's link reader, at a
    quote after `](` and before the first `)`, ignores parentheses until a `)` that follows
    a quote (or the paragraph's end). Linear: sorted positions and bisection."""

    part = text[start:end]
    quotes = [m.start() for m in _QUOTE.finditer(part)] if "](" in part else []
    if not quotes:  # no link target, or no quote: nothing to scan
        return 0
    closes, title_ends = ([m.start() for m in p.finditer(part)] for p in (_CLOSE, _TITLE_END))
    work = 0
    for at in (m.start() + 2 for m in re.finditer(r"\]\(", part)):
        q, c = bisect_left(quotes, at), bisect_left(closes, at)
        if q == len(quotes) or (c < len(closes) and closes[c] < quotes[q]):
            continue  # no quote, or the target ends before it
        t = bisect_right(title_ends, quotes[q])
        work += (closes[bisect_left(closes, title_ends[t])] + 1 if t < len(title_ends)
                 else end - start) - quotes[q]  # fmt: skip
    return work


_SPECIAL = re.compile(r"[\\\[\]()`<&\t]")
_GROWTH = {"\\": PLACEHOLDER, "<": PLACEHOLDER, "&": PLACEHOLDER, "`": PLACEHOLDER // 2, "\t": 3}
_RUNS = re.compile("`+")
_BLOCK_LINE = re.compile(r"\n[ ]{0,3}[>#*_-]")  # a quote, heading or rule may start there


def _code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each code span in a paragraph as Markdown finds them, or fewer (never
    more, so no hidden `[` is missed): a run of backticks (less one escaped by a backslash)
    up to the next run of as many, crossing no `_BLOCK_LINE`. Linear: a list per length."""
    runs = [(m.start(), m.end()) for m in _RUNS.finditer(text, start, end)]
    breaks = [m.start() for m in _BLOCK_LINE.finditer(text, start, end)]  # where blocks split
    by_length: dict[int, list[int]] = {}
    for i, (a, b) in enumerate(runs):
        by_length.setdefault(b - a, []).append(i)
    seen, spans, i = dict.fromkeys(by_length, 0), [], 0
    while i < len(runs):
        a, b = runs[i]
        k = a  # the backslashes just before the run (each before one run only: linear)
        while k > start and text[k - 1] == "\\":
            k -= 1
        a += (a - k) % 2  # an odd count escapes the first backtick; two are one backslash
        later, p = by_length.get(b - a, []), seen.get(b - a, 0)  # (no run is of length 0)
        while p < len(later) and later[p] <= i:
            p += 1
        seen[b - a] = p
        ok = p < len(later) and bisect_left(breaks, a) == bisect_left(breaks, runs[later[p]][0])
        spans += [(a, runs[later[p]][1])] if ok else []
        i = later[p] + 1 if ok else i + 1
    return spans


# -- text fields ---------------------------------------------------------------------------


def text_problems(doc: Located, path: str, source: str | None = None) -> Iterator[Problem]:
    """Control and bidirectional characters in the text values of a parsed YAML document.

    Control characters (other than tab and newline) and what XML 1.0 forbids (U+FFFE,
    U+FFFF, lone surrogates) are errors: no text needs them, they reach terminals and logs,
    and feeds cannot hold them. Bidirectional controls are warnings: they can reorder
    the text around them, but right-to-left writing sometimes needs a mark. With the YAML
    `source` given, a document that has neither such a character nor a backslash (YAML's
    escapes) is passed over without walking its values.
    """
    if source is not None and "\\" not in source and not _CONTROL_OR_BIDI.search(source):
        return
    for where, value in _strings(doc.data, ()):
        if _CONTROL_OR_BIDI.search(value) is None:
            continue
        control = _CONTROL.search(value) or _NOT_XML.search(value)
        bidi = _BIDI.search(value)
        name = field_name(where) or "file"
        line = doc.line_of(where)
        if control is not None:
            yield Problem(path, line, name,
                          f"contains {_named(control.group())}; remove it")  # fmt: skip
        if bidi is not None:
            yield Problem(path, line, name,
                          f"contains the invisible bidirectional control {_named(bidi.group())}, "
                          "which can reorder the text around it; remove it unless the "
                          "text needs it", "warning")  # fmt: skip


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # Unicode's Cc, minus tab and newline
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
#: What XML 1.0 forbids besides control characters (its `Char` production): the
#: non-characters U+FFFE and U+FFFF and lone surrogates (YAML's "\\uFFFE", "\\ud800").
#: Feeds and the sitemap are XML, so such a value cannot be written.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_CONTROL_OR_BIDI = re.compile(f"{_CONTROL.pattern}|{_BIDI.pattern}|{_NOT_XML.pattern}")


def _named(char: str) -> str:
    if _CONTROL.match(char):
        name = unicodedata.name(char, "")
        return f"the control character U+{ord(char):04X}" + (f" ({name})" if name else "")
    if "\ud800" <= char <= "\udfff":
        return f"U+{ord(char):04X} (a lone surrogate, not a character)"
    if char in "\ufffe\uffff":
        return f"U+{ord(char):04X} (a non-character, which XML forbids)"
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def _strings(value: Any, where: tuple[str | int, ...]) -> Iterator[tuple[tuple, str]]:
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, where)]
    while stack:
        item, at = stack.pop()
        if isinstance(item, str):
            yield at, item
        elif isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str):
                    yield (*at, key), key
                stack.append((child, (*at, key)))
        elif isinstance(item, list):
            stack.extend((child, (*at, index)) for index, child in enumerate(item))
