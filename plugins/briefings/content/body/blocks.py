"""Block level: each line of a body classified (code, text, HTML, heading...) with the
containers Python-Markdown would see, then the inline scan of each block."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown import Markdown

from briefings.content.body.blanks import Blanks
from briefings.content.body.inline import Inline
from briefings.content.body.model import TAB, BodyAnalysis, ref_label

_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)")
_LIST_ITEM = re.compile(r"(?:[*+-]|\d+\.)[ \t]+\S|(?:[*+-]|\d+\.)$")
_ADMONITION = re.compile(r"(?:!!!|\?\?\?\+?)[ \t]*[\w-]")
_FOOTNOTE_DEF = re.compile(r"\[\^([^\]\n]+)\]:[ \t]*")
_ATX = re.compile(r"(#{1,6})(?!#)(.*?)#*[ \t]*$")
_SETEXT = re.compile(r"(=+|-+)[ \t]*$")
_HR = re.compile(r"(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$")
_REF_DEF = re.compile(r"\[([^\[\]\n]*)\]:[ \t]*<?([^\s>]+)>?")
_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
# Python-Markdown's own block-level tags (a line starting with one opens a raw HTML block,
# whose text is not Markdown); `hr` is void: the rest of its line is Markdown again.
_BLOCK_TAGS = sorted(set(Markdown().block_level_elements) - {"hr"}, key=lambda t: (-len(t), t))
_HTML_BLOCK = re.compile(rf"<(/?)({'|'.join(map(re.escape, _BLOCK_TAGS))})\b", re.IGNORECASE)
_RAW_CODE_TAGS = ("pre", "code", "script", "style", "textarea")
_RAW_CODE_CLOSE = ("</pre", "</script", "</style", "</textarea")


@dataclass
class _Line:
    kind: str  # text | code | html | blank | heading | ref
    block: int  # paragraph group number (text lines of one block share it)


@dataclass
class _Heading:
    line: int  # 0-based
    start: int  # offset of the heading text
    end: int


class Scanner:
    """One pass over a body's lines: each line's block kind (code, heading, HTML, ...)
    as Python-Markdown reads it, then the analysis (`run`). Linear in the body's length."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.lines = body.split("\n")
        self.starts: list[int] = []
        offset = 0
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line) + 1
        self.kinds: list[_Line] = []
        self.headings: list[_Heading] = []
        self.refs: dict[str, str] = {}
        self.ref_lines: dict[str, int] = {}
        self.footnotes: list[tuple[str, int]] = []
        self.work = 0

    # Block pass: classify each line, tracking containers by indentation as
    # Python-Markdown does (everything nested is four spaces deeper).
    def classify(self) -> None:
        """Give every line its kind (`self.kinds`), headings, link references and
        footnotes, tracking containers and fences as Python-Markdown does."""
        stack: list[str] = []  # open containers: li | adm | fn
        block = 0
        fresh = True  # this line starts a block (after a blank line, a heading, a fence...)
        fence: tuple[str, int, int, int] | None = None  # (char, length, indent, floor)
        html_close: str | None = None  # closing marker of an open raw HTML block
        last = "blank"  # kind of the previous non-blank line
        list_block = False  # the current block is a list (its lines may start items)
        quote_depth = 0
        closers = _Closers(self.lines)
        for number, raw in enumerate(self.lines):
            line, depth = _strip_quotes(raw)
            if depth != quote_depth:
                stack, quote_depth = [], depth
                if stripped_quote := line.strip():
                    fresh = fresh or bool(stripped_quote)  # a quote starts a block
            expanded = line.expandtabs(TAB)
            stripped = expanded.lstrip(" ")
            indent = len(expanded) - len(stripped)
            if fence is not None:
                if _closes(stripped, indent, fence):
                    fence = None
                    block += 1
                    fresh, last = True, "code"
                self.kinds.append(_Line("code", block))
                continue
            if html_close is not None:
                kind = "code" if html_close in _RAW_CODE_CLOSE else "html"
                if html_close in line.lower():
                    html_close = None
                    block += 1
                    fresh, last = True, "html"
                self.kinds.append(_Line(kind, block))
                continue
            if not stripped:
                self.kinds.append(_Line("blank", block))
                fresh = True
                list_block = False
                block += 1
                continue
            # After a blank line, each four spaces enter the next open container; four
            # more make indented code (which goes on while lines stay that deep).
            if fresh or last == "code":
                level = 0
                while level < len(stack) and indent >= TAB * (level + 1):
                    level += 1
                rel = indent - TAB * level
                if rel >= TAB:
                    del stack[level:]
                    self.kinds.append(_Line("code", block))
                    fresh, last = False, "code"
                    continue
                del stack[level:]
                if last == "code" and not fresh:
                    block += 1
                    fresh = True
            else:
                level = min(len(stack), indent // TAB)
                rel = indent - TAB * level
            start_of_block = fresh
            fresh = False
            text = stripped
            if text[0].isalpha():  # no block marker is a letter: a paragraph's line
                if start_of_block:
                    block += 1
                self.kinds.append(_Line("text", block))
                last = "text" if not list_block else "li"
                continue
            opened = _FENCE_OPEN.match(text) if rel < TAB else None
            if opened and not (opened.group(1)[0] == "`" and "`" in opened.group(2)):
                spec = (opened.group(1)[0], len(opened.group(1)), indent, TAB * level)
                if closers.has_closer(number, spec):
                    fence = spec
                    block += 1
                    self.kinds.append(_Line("code", block))
                    continue
            if indent <= 3 and depth == 0:
                html_start = _html_block(text)
                if html_start is not None:
                    closes_here = html_start in text.lower()[1:]
                    if html_start == "-->":
                        closes_here = "-->" in text[4:]
                    block += 1
                    kind = "code" if html_start in _RAW_CODE_CLOSE else "html"
                    self.kinds.append(_Line(kind, block))
                    if closes_here:
                        block += 1
                        fresh, last = True, "html"
                    else:
                        html_close = html_start
                    continue
            if (
                rel < TAB
                and last == "text"
                and not list_block
                and _SETEXT.match(text)
                and self.kinds[-1].kind == "text"
                and (number < 2 or self.kinds[-2].block != self.kinds[-1].block)
            ):
                previous = self.lines[number - 1]
                start = self.starts[number - 1] + len(previous) - len(previous.lstrip())
                self.headings.append(_Heading(number - 1, start, start + len(previous.strip())))
                self.kinds[-1].kind = "heading"
                self.kinds.append(_Line("blank", block))
                block += 1
                fresh, last = True, "heading"
                continue
            if rel < TAB and _HR.match(text):
                del stack[level:]
                self.kinds.append(_Line("blank", block))
                block += 1
                fresh, last, list_block = True, "hr", False
                continue
            if rel < TAB and _LIST_ITEM.match(text) and (start_of_block or list_block):
                del stack[level:]
                stack.append("li")
                if start_of_block:
                    block += 1
                list_block = True
                self.kinds.append(_Line("text", block))
                last = "li"
                continue
            if rel < TAB and _ADMONITION.match(text):
                del stack[level:]
                stack.append("adm")
                block += 1
                self.kinds.append(_Line("text", block))
                block += 1
                fresh, last, list_block = True, "adm", False  # its body starts a block
                continue
            footnote = _FOOTNOTE_DEF.match(text) if rel < TAB else None
            if footnote:
                del stack[level:]
                stack.append("fn")
                self.footnotes.append((footnote.group(1), number))
                block += 1
                self.kinds.append(_Line("text", block))
                last, list_block = "fn", False
                continue
            if rel < TAB and text.startswith("#") and _ATX.match(text):
                block += 1
                start = self.starts[number] + len(raw) - len(text)
                self.headings.append(_Heading(number, start, start + len(text)))
                self.kinds.append(_Line("heading", block))
                block += 1
                fresh, last, list_block = True, "heading", False
                continue
            ref = _REF_DEF.match(text) if rel < TAB else None
            if ref:
                label = ref_label(ref.group(1))
                if label and label not in self.refs:
                    self.refs[label] = ref.group(2)
                    self.ref_lines[label] = number
                self.kinds.append(_Line("ref", block))
                last = "ref"
                continue
            if start_of_block:
                block += 1
            self.kinds.append(_Line("text", block))
            last = "text" if not list_block else "li"

    def run(self) -> BodyAnalysis:
        """The body's `BodyAnalysis`: links, ids, remote resources and text, with code
        and reference lines blanked."""
        self.classify()
        prose = Blanks()
        text = Blanks()
        for number, info in enumerate(self.kinds):
            if info.kind in ("code", "ref"):
                end = self.starts[number] + len(self.lines[number])
                if info.kind == "code":
                    prose.add(self.starts[number], end)
                text.add(self.starts[number], end)
        inline = Inline(self, prose, text)
        for start, end, kind in self._groups():
            prose.mark()
            text.mark()
            inline.scan(start, end, markdown=kind != "html")
        ids = inline.finish_ids()
        return BodyAnalysis(
            text=text.render(self.body),
            prose=prose.render(self.body),
            links=tuple(inline.links),
            ids=tuple(ids),
            resources=tuple(inline.resources),
            raw_links=tuple(inline.raw_links),
            work=self.work + inline.work,
            faults=tuple(inline.faults),
            text_blanks=tuple(text.ranges),
            prose_blanks=tuple(prose.ranges),
        )

    def _groups(self) -> Iterator[tuple[int, int, str]]:
        """(start, end, kind) of each run of text or html lines of one block."""
        current: tuple[int, int, int, str] | None = None  # start, end, block, kind
        for number, info in enumerate(self.kinds):
            if info.kind not in ("text", "html", "heading"):
                if current:
                    yield current[0], current[1], current[3]
                current = None
                continue
            kind = "html" if info.kind == "html" else "text"
            start = self.starts[number]
            end = start + len(self.lines[number])
            if current and current[2] == info.block and current[3] == kind:
                current = (current[0], end, current[2], kind)
            else:
                if current:
                    yield current[0], current[1], current[3]
                current = (start, end, info.block, kind)
        if current:
            yield current[0], current[1], current[3]

    def line_of(self, offset: int) -> int:
        """The 1-based line of character `offset` of the body."""
        return bisect.bisect_right(self.starts, offset)


class _Closers:
    """Where fences can close: per fence character, the lines that could close one and a
    suffix maximum of their lengths, so most unclosed fences are found out in O(1); a scan
    that fails is remembered per (character, length, indent), so it is not repeated."""

    def __init__(self, lines: list[str]) -> None:
        self.lines: dict[str, list[tuple[int, int, int]]] = {"`": [], "~": []}
        self.source = lines
        for number, line in enumerate(lines):
            if "```" not in line and "~~~" not in line:
                continue
            expanded = _strip_quotes(line)[0].expandtabs(TAB)
            text = expanded.strip()
            if len(text) >= 3 and text[0] in "`~" and set(text) == {text[0]}:
                indent = len(expanded) - len(expanded.lstrip(" "))
                self.lines[text[0]].append((number, len(text), indent))
        self.suffix_max: dict[str, list[int]] = {}
        for char, found in self.lines.items():
            best, maxima = 0, [0] * len(found)
            for i in range(len(found) - 1, -1, -1):
                best = max(best, found[i][1])
                maxima[i] = best
            self.suffix_max[char] = maxima
        self.failed: set[tuple[str, int, int, int]] = set()
        self._ends: dict[int, tuple[int, int]] = {}  # floor -> (from line, end line)

    def container_end(self, after: int, floor: int) -> int:
        """The first line after `after` that leaves a container whose content starts at
        column `floor` (a non-blank line indented less), or the number of lines. Results
        are reused while the scan moves on, so all queries together stay linear."""
        if floor == 0:
            return len(self.source)
        cached = self._ends.get(floor)
        if cached is not None and cached[0] <= after < cached[1]:
            return cached[1]
        end = after + 1
        while end < len(self.source):
            indent = _indent(self.source[end])
            if indent is not None and indent < floor:
                break
            end += 1
        self._ends[floor] = (after, end)
        return end

    def has_closer(self, after: int, fence: tuple[str, int, int, int]) -> bool:
        """Whether a line after `after` closes `fence`: same character, at least as long,
        indented no more than three spaces past the opener and not out of its container
        (`floor`)."""
        char, length, indent, floor = fence
        found = self.lines[char]
        i = bisect.bisect_right(found, (after, 1 << 30, 0))
        if i >= len(found) or self.suffix_max[char][i] < length or fence in self.failed:
            return False
        end = self.container_end(after, floor)
        for j in range(i, len(found)):
            number, size, where = found[j]
            if number >= end:
                break
            if size >= length and floor <= where <= indent + 3:
                return True
        self.failed.add(fence)
        return False


def _indent(line: str) -> int | None:
    expanded = _strip_quotes(line)[0].expandtabs(TAB)
    stripped = expanded.lstrip(" ")
    return len(expanded) - len(stripped) if stripped.strip() else None


def _closes(stripped: str, indent: int, fence: tuple[str, int, int, int]) -> bool:
    char, length, f_indent, floor = fence
    text = stripped.rstrip()
    fits = floor <= indent <= f_indent + 3
    return bool(text) and set(text) == {char} and len(text) >= length and fits


def _strip_quotes(line: str) -> tuple[str, int]:
    if ">" not in line[:4]:
        return line, 0
    depth = 0
    while True:
        match = _QUOTE.match(line)
        if not match:
            return line, depth
        line = line[match.end() :]
        depth += 1


def _html_block(text: str) -> str | None:
    """The closing marker of a raw HTML block starting `text`, or None."""
    if text.startswith("<!--"):
        return "-->"
    match = _HTML_BLOCK.match(text)
    if match is None or match.group(1):
        return None
    return f"</{match.group(2).lower()}"
