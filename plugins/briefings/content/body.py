"""One analysis of a briefing body: what the build, the graph and `check` need from it.

A line scanner that reads Markdown as the site's Python-Markdown does (the extensions of
the sample `mkdocs.yml`: toc, admonition, attr_list, footnotes, tables, pymdownx.superfences)
without rendering it, in time linear in the body's length. `tests/test_body.py` compares it
with Python-Markdown's own output on a table of cases.

Code is one rule, used for everything below: fenced blocks (backticks or tildes, also nested
in admonitions, lists, footnotes and block quotes), indented code blocks (four spaces beyond
the enclosing block's content; text indented inside admonitions and lists is *not* code),
inline code spans, and raw HTML `<pre>`, `<code>`, `<script>`, `<style>` elements.

What an analysis holds (`BodyAnalysis`), all outside code:
- `links`: targets of Markdown links and images (inline, reference-style, autolinks), with
  their line: what MkDocs rewrites and validates;
- `ids`: element ids of the rendered body: headings (toc's slugs, made unique as toc does),
  attr_list ids, raw HTML `id`/`<a name>`, footnote ids;
- `resources`: what a reader's browser would fetch from a remote host (`<img src="https://…">`,
  `![](https://…)`, iframes, media, scripts, styles, `srcset`, protocol-relative `//host/…`);
- `text`: the body with code, link targets, images, tags, comments and attribute lists
  blanked (same length and lines as the body), for entity mentions;
- `prose`: the body with only code blanked, for bare addresses.

Limits: a link target or title longer than `MAX_TARGET` characters is not read as one (such
a link is left as text), and raw HTML tags longer than `MAX_TAG` are not read as tags.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from urllib.parse import urlsplit

from markdown.extensions.toc import slugify

MAX_TARGET = 2048  # characters of one link target or title
MAX_TAG = 4096  # characters of one raw HTML tag
TAB = 4  # Python-Markdown's tab_length

LinkKind = Literal["link", "image"]


@dataclass(frozen=True)
class BodyLink:
    """A Markdown link or image target as written (`target`), on 1-based body `line`."""

    target: str
    line: int
    kind: LinkKind = "link"


@dataclass(frozen=True)
class BodyId:
    """An element id of the rendered body; `explicit`: written in the body, not a heading slug."""

    id: str
    line: int
    explicit: bool


@dataclass(frozen=True)
class BodyResource:
    """A remote resource: `url` fetched by a `tag` (`img`, `iframe`, ...) on body `line`."""

    url: str
    line: int
    tag: str


@dataclass(frozen=True)
class BodyAnalysis:
    """Everything read from one body; see the module docstring. Lines are 1-based."""

    text: str
    prose: str
    links: tuple[BodyLink, ...] = ()
    ids: tuple[BodyId, ...] = ()
    resources: tuple[BodyResource, ...] = ()
    work: int = 0  # characters examined by the bounded matchers (an operation count)

    @property
    def id_set(self) -> frozenset[str]:
        return frozenset(i.id for i in self.ids)

    def link_targets(self) -> Iterator[str]:
        """Targets of links (not images), in order."""
        return (link.target for link in self.links if link.kind == "link")


@lru_cache(maxsize=20_000)
def analyse(body: str) -> BodyAnalysis:
    """The analysis of `body` (Markdown text). Cached: each body is analysed once per process."""
    return _Scanner(body).run()


# -- block level -----------------------------------------------------------------------

_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)")
_LIST_ITEM = re.compile(r"(?:[*+-]|\d+\.)[ \t]+\S|(?:[*+-]|\d+\.)$")
_ADMONITION = re.compile(r"(?:!!!|\?\?\?\+?)[ \t]*[\w-]")
_FOOTNOTE_DEF = re.compile(r"\[\^([^\]\n]+)\]:[ \t]*")
_ATX = re.compile(r"(#{1,6})(?!#)(.*?)#*[ \t]*$")
_SETEXT = re.compile(r"(=+|-+)[ \t]*$")
_HR = re.compile(r"(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$")
_REF_DEF = re.compile(r"\[([^\[\]\n]*)\]:[ \t]*<?([^\s>]+)>?")
_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
_HTML_BLOCK = re.compile(
    r"<(/?)(address|article|aside|blockquote|canvas|details|dialog|div|dl|fieldset|"
    r"figcaption|figure|footer|form|h[1-6]|header|hr|iframe|li|main|nav|noscript|ol|p|pre|"
    r"script|section|style|summary|table|tbody|td|tfoot|th|thead|tr|ul|video|audio|object|"
    r"math|svg)\b",
    re.IGNORECASE,
)
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


class _Scanner:
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
        stack: list[str] = []  # open containers: li | adm | fn
        block = 0
        fresh = True  # this line starts a block (after a blank line, a heading, a fence...)
        fence: tuple[str, int, int] | None = None  # (char, length, indent)
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
            opened = _FENCE_OPEN.match(text) if rel < TAB else None
            if opened and not (opened.group(1)[0] == "`" and "`" in opened.group(2)):
                spec = (opened.group(1)[0], len(opened.group(1)), indent)
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
                label = _label(ref.group(1))
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
        self.classify()
        prose = _Blanks()
        text = _Blanks()
        for number, info in enumerate(self.kinds):
            if info.kind in ("code", "ref"):
                end = self.starts[number] + len(self.lines[number])
                if info.kind == "code":
                    prose.add(self.starts[number], end)
                text.add(self.starts[number], end)
        inline = _Inline(self, prose, text)
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
            work=self.work + inline.work,
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
        return bisect.bisect_right(self.starts, offset)


class _Closers:
    """Where fences can close: per fence character, the lines that could close one and a
    suffix maximum of their lengths, so most unclosed fences are found out in O(1); a scan
    that fails is remembered per (character, length, indent), so it is not repeated."""

    def __init__(self, lines: list[str]) -> None:
        self.lines: dict[str, list[tuple[int, int, int]]] = {"`": [], "~": []}
        for number, line in enumerate(lines):
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
        self.failed: set[tuple[str, int, int]] = set()

    def has_closer(self, after: int, fence: tuple[str, int, int]) -> bool:
        char, length, indent = fence
        found = self.lines[char]
        i = bisect.bisect_right(found, (after, 1 << 30, 0))
        if i >= len(found) or self.suffix_max[char][i] < length or fence in self.failed:
            return False
        for j in range(i, len(found)):
            _, size, where = found[j]
            if size >= length and where <= indent + 3:
                return True
        self.failed.add(fence)
        return False


def _closes(stripped: str, indent: int, fence: tuple[str, int, int]) -> bool:
    char, length, f_indent = fence
    text = stripped.rstrip()
    return bool(text) and set(text) == {char} and len(text) >= length and indent <= f_indent + 3


def _strip_quotes(line: str) -> tuple[str, int]:
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


def _label(text: str) -> str:
    return " ".join(text.split()).lower()


_NOT_NEWLINE = re.compile(r"[^\n]")


class _Blanks:
    """Ranges of a body to blank (newlines kept, so offsets and lines stay), added in
    order of blocks; `view` applies those of the current block (since `mark`)."""

    def __init__(self) -> None:
        self.ranges: list[tuple[int, int]] = []
        self._mark = 0

    def add(self, start: int, end: int) -> None:
        if end > start:
            self.ranges.append((start, end))

    def mark(self) -> None:
        self._mark = len(self.ranges)

    def view(self, body: str, start: int, end: int) -> str:
        """`body[start:end]` with this block's ranges blanked."""
        return _apply(body, start, end, self.ranges[self._mark :])

    def render(self, body: str) -> str:
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
        pieces.append(_NOT_NEWLINE.sub(" ", body[s:e]))
        cursor = e
    pieces.append(body[cursor:end])
    return "".join(pieces)


# -- inline level ----------------------------------------------------------------------

_BACKTICKS = re.compile(r"`+")
_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!<>|:\"']")
_AUTOLINK = re.compile(
    r"<((?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:|www\.)[^<>\s]*|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>"
)
_TAG_START = re.compile(r"<(!--|/?[A-Za-z][A-Za-z0-9-]*)")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^}\n ][^}\n]*)[ \t]*\}")
_ATTR_ID = re.compile(r"""(?:^|\s)#([^\s}]+)|(?:^|\s)id=(?:"([^"]*)"|'([^']*)'|([^\s"'}]+))""")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\n]+)\]")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM_STAR = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")
_EM_UNDER = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_TAGS = re.compile(r"<[^<>]{0,4096}>")

#: Attributes that make a browser fetch something, per tag ("*": any tag).
RESOURCE_ATTRS = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "picture": ("srcset",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "script": ("src",),
    "link": ("href",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "*": ("background",),
}
_STYLE_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]{1,2048})", re.IGNORECASE)


def is_remote(url: str) -> bool:
    """Whether `url` names another host: a scheme with a host, or protocol-relative `//`."""
    value = url.strip()
    if value.startswith(("//", "\\\\")):
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(parts.scheme and parts.netloc)


class _Inline:
    """Inline scanning of one block at a time; writes blanks into `prose` and `text`."""

    def __init__(self, scanner: _Scanner, prose: _Blanks, text: _Blanks) -> None:
        self.s = scanner
        self.body = scanner.body
        self.prose = prose
        self.text = text
        self.links: list[BodyLink] = []
        self.resources: list[BodyResource] = []
        self.explicit: list[BodyId] = []
        self.footnote_refs: dict[str, int] = {}
        self.work = 0
        self._no_close: set[str] = set()
        self._heading_lines = {h.line for h in scanner.headings}

    def scan(self, start: int, end: int, markdown: bool) -> None:
        """One block: code spans, then links, autolinks and raw HTML, in Python-Markdown's
        order of inline patterns (each sees what the earlier ones left)."""
        segment = self.body[start:end]
        if not markdown:
            if "<" in segment:
                self._html(segment, start)
            return
        changed = False
        if "`" in segment:
            self._code_spans(segment, start)
            changed = True
        if "[" in segment or "{" in segment or "<" in segment:
            view = self.text.view(self.body, start, end) if changed else segment
            if "\\" in view:
                view = _ESCAPE.sub("  ", view)  # escaped characters are never syntax
            if "[" in view:
                self._links(view, start)
                self._footnote_refs(view, start)
            if "{" in view:
                self._attr_lists(view, start)
            if "<" in view:
                view = self.text.view(self.body, start, end)
                if "\\" in view:
                    view = _ESCAPE.sub("  ", view)
                self._autolinks(view, start)
                self._html(self.text.view(self.body, start, end), start)

    def _footnote_refs(self, view: str, start: int) -> None:
        for match in _FOOTNOTE_REF.finditer(view):
            if view.startswith(":", match.end()):
                continue  # the definition itself
            label = match.group(1)
            self.footnote_refs[label] = self.footnote_refs.get(label, 0) + 1
            self.text.add(start + match.start(), start + match.end())

    def _code_spans(self, segment: str, base: int) -> None:
        """Python-Markdown's rule: a run of n backticks up to the next run of exactly n."""
        runs: list[tuple[int, int]] = []
        for match in _BACKTICKS.finditer(segment):
            s, e = match.start(), match.end()
            slashes = 0
            while s - slashes - 1 >= 0 and segment[s - slashes - 1] == "\\":
                slashes += 1
            if slashes % 2:
                s += 1
                if s == e:
                    continue
            runs.append((s, e))
        by_length: dict[int, list[int]] = {}
        for index, (s, e) in enumerate(runs):
            by_length.setdefault(e - s, []).append(index)
        pointer = dict.fromkeys(by_length, 0)
        i = 0
        while i < len(runs):
            s, e = runs[i]
            same = by_length[e - s]
            p = pointer[e - s]
            while p < len(same) and same[p] <= i:
                p += 1
            pointer[e - s] = p
            if p < len(same):
                close = same[p]
                self.prose.add(base + s, base + runs[close][1])
                self.text.add(base + s, base + runs[close][1])
                i = close + 1
            else:
                i += 1

    def _html(self, segment: str, base: int) -> None:
        """Raw HTML: tags blanked from `text`; ids and remote resources read; comments and
        code-like elements blanked from both views."""
        if "<" not in segment:
            return
        candidates = list(_TAG_START.finditer(segment))
        lowered = segment.lower()
        self._no_close = set()
        next_gt = -2
        skip_to = 0
        for index, match in enumerate(candidates):
            s = match.start()
            if s < skip_to:
                continue
            name = match.group(1).lower()
            if name == "!--":
                close = self._find(segment, "-->", s + 4, "-->")
                stop = len(segment) if close < 0 else close + 3
                self.prose.add(base + s, base + stop)
                self.text.add(base + s, base + stop)
                skip_to = stop
                continue
            if next_gt < s:
                next_gt = segment.find(">", s)
                if next_gt < 0:
                    return
            following = candidates[index + 1].start() if index + 1 < len(candidates) else None
            if (following is not None and following < next_gt) or next_gt - s > MAX_TAG:
                continue
            stop = next_gt + 1
            self.work += stop - s
            tag_text = segment[match.end() : next_gt]
            self.text.add(base + s, base + stop)
            skip_to = stop
            if name.startswith("/"):
                continue
            line = self.s.line_of(base + s)
            self._attributes(name, tag_text, line)
            if name in _RAW_CODE_TAGS and not tag_text.rstrip().endswith("/"):
                close = self._find(lowered, f"</{name}", stop, name)
                if close >= 0:
                    self.prose.add(base + stop, base + close)
                    self.text.add(base + stop, base + close)
                    skip_to = close

    def _find(self, segment: str, needle: str, start: int, key: str) -> int:
        """`segment.find(needle, start)`, remembering misses so each needle is searched
        for to the end at most once per segment."""
        if key in self._no_close:
            return -1
        found = segment.find(needle, start)
        if found < 0:
            self._no_close.add(key)
        return found

    def _attributes(self, tag: str, source: str, line: int) -> None:
        attrs: dict[str, str] = {}
        for match in _ATTR.finditer(source):
            key = match.group(1).lower()
            value = next((g for g in match.groups()[1:] if g is not None), "")
            attrs.setdefault(key, html.unescape(value))
        if "id" in attrs:
            self.explicit.append(BodyId(attrs["id"], line, True))
        if tag == "a" and "name" in attrs:
            self.explicit.append(BodyId(attrs["name"], line, True))
        for key in (*RESOURCE_ATTRS.get(tag, ()), *RESOURCE_ATTRS["*"]):
            value = attrs.get(key)
            if not value:
                continue
            urls = [u.strip().split()[0] for u in value.split(",") if u.strip()] if (
                key.endswith("srcset")) else [value]  # fmt: skip
            for url in urls:
                if is_remote(url):
                    self.resources.append(BodyResource(url, line, tag))
        for match in _STYLE_URL.finditer(attrs.get("style", "")):
            if is_remote(match.group(1)):
                self.resources.append(BodyResource(match.group(1), line, tag))

    def _autolinks(self, view: str, base: int) -> None:
        if "<" not in view:
            return
        for match in _AUTOLINK.finditer(view):
            target = match.group(1)
            if "@" in target and ":" not in target:
                target = f"mailto:{target}"
            line = self.s.line_of(base + match.start())
            self.links.append(BodyLink(target, line, "link"))
            self.text.add(base + match.start(), base + match.end())

    def _links(self, view: str, base: int) -> None:
        """Inline and reference links: brackets paired with a stack, each target read within
        a bounded window that ends at the next bracket (linear in the block's length)."""
        if "[" not in view or "]" not in view:
            return
        brackets = [m.start() for m in re.finditer(r"[\[\]]", view)]
        pairs: list[tuple[int, int]] = []
        stack: list[int] = []
        for position in brackets:
            if view[position] == "[":
                stack.append(position)
            elif stack:
                pairs.append((stack.pop(), position))
        pairs.sort()
        bracket_after = {p: brackets[i + 1] for i, p in enumerate(brackets[:-1])}
        taken_until = -1
        for open_, close in pairs:
            if open_ < taken_until:
                continue
            if view.startswith("^", open_ + 1):
                continue  # footnote reference
            image = open_ > 0 and view[open_ - 1] == "!"
            start = open_ - 1 if image else open_
            after = close + 1
            limit = bracket_after.get(close, len(view))
            target: str | None = None
            stop = after
            if after < len(view) and view[after] == "(":
                parsed = self._inline_target(view, after + 1, min(limit, len(view)))
                if parsed is not None:
                    target, stop = parsed
            elif after < len(view) and view[after] == "[":
                ref_close = view.find("]", after + 1, min(after + 1 + MAX_TARGET, len(view)))
                if ref_close >= 0:
                    label = _label(view[after + 1 : ref_close]) or _label(view[open_ + 1 : close])
                    if label in self.s.refs:
                        target, stop = self.s.refs[label], ref_close + 1
            else:
                label = _label(view[open_ + 1 : close])
                if label in self.s.refs:
                    target, stop = self.s.refs[label], after
            if target is None:
                continue
            line = self.s.line_of(base + start)
            self.links.append(BodyLink(target, line, "image" if image else "link"))
            taken_until = stop
            if image:
                if is_remote(target):
                    self.resources.append(BodyResource(target, line, "img"))
                self.text.add(base + start, base + stop)
            else:
                self.text.add(base + open_, base + open_ + 1)
                self.text.add(base + close, base + stop)

    def _inline_target(self, view: str, at: int, limit: int) -> tuple[str, int] | None:
        """Read `target "title")` from `at`; None if it is not a link target."""
        end = min(len(view), at + MAX_TARGET, max(limit, at))
        # A target may contain brackets in real Markdown; here the window ends at the next
        # one, which keeps the scan linear (such links are read up to the bracket).
        if limit < len(view):
            end = min(len(view), at + MAX_TARGET)
        i = at
        while i < end and view[i] in " \t\n":
            i += 1
        if i < end and view[i] == "<":
            close = view.find(">", i + 1, end)
            if close < 0 or "\n" in view[i:close]:
                self.work += end - at
                return None
            target = view[i + 1 : close]
            i = close + 1
        else:
            depth = 0
            j = i
            while j < end:
                c = view[j]
                if c in " \t\n":
                    break
                if c == "(":
                    depth += 1
                elif c == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif c in "[]" and j >= limit:
                    break
                j += 1
            self.work += j - at + 1
            if j >= end and j < len(view):
                return None
            target = view[i:j]
            i = j
        while i < end and view[i] in " \t\n":
            i += 1
        if i < end and view[i] in "\"'(":
            quote = ")" if view[i] == "(" else view[i]
            close = view.find(quote + ")", i + 1, end + 1)
            if close < 0:
                close = view.find(quote, i + 1, end)
                if close < 0:
                    self.work += end - i
                    return None
                i = close + 1
                while i < end and view[i] in " \t":
                    i += 1
            else:
                i = close + 1
        self.work += i - at
        if i < len(view) and view[i] == ")":
            return target, i + 1
        return None

    def _attr_lists(self, view: str, base: int) -> None:
        """attr_list where it applies: alone on a block's last line, at the end of a
        heading, or right after an inline element (`*em*{: #id}`)."""
        if "{" not in view:
            return
        heading = self.s.line_of(base) - 1 in self._heading_lines
        last_line = view.rfind("\n") + 1
        for match in _ATTR_LIST.finditer(view):
            s, e = match.start(), match.end()
            line_start = view.rfind("\n", 0, s) + 1
            alone = not view[line_start:s].strip() and not view[e:].strip() and s >= last_line
            at_end = heading and not view[e:].strip() and s > 0 and view[s - 1] in " \t"
            after_inline = s > 0 and view[s - 1] in "*_`)]"
            if not (alone or at_end or after_inline):
                continue
            line = self.s.line_of(base + s)
            for found in _ATTR_ID.finditer(match.group(1)):
                value = next(g for g in found.groups() if g is not None)
                self.explicit.append(BodyId(html.unescape(value), line, True))
            self.text.add(base + s, base + e)

    def finish_ids(self) -> list[BodyId]:
        """Explicit ids, then heading slugs made unique as toc does, then footnotes."""
        heading_explicit: dict[int, str] = {}
        for heading in self.s.headings:
            raw = self.body[heading.start : heading.end]
            found = _ATTR_LIST.search(raw)
            if found:
                ids = [next(g for g in m.groups() if g is not None)
                       for m in _ATTR_ID.finditer(found.group(1))]  # fmt: skip
                if ids:
                    heading_explicit[heading.line] = ids[-1]
        used = {i.id for i in self.explicit}
        result = list(self.explicit)
        for heading in self.s.headings:
            line = heading.line + 1
            if heading.line in heading_explicit:
                continue
            name = heading_text(self.body[heading.start : heading.end])
            slug = _unique(slugify(name, "-"), used)
            used.add(slug)
            result.append(BodyId(slug, line, False))
        defined = {label for label, _ in self.s.footnotes}
        for label, number in self.s.footnotes:
            result.append(BodyId(f"fn:{label}", number + 1, False))
        for label, count in self.footnote_refs.items():
            if label in defined:
                result.append(BodyId(f"fnref:{label}", 1, False))
                result += [BodyId(f"fnref{n}:{label}", 1, False) for n in range(2, count + 1)]
        return result


_IDCOUNT = re.compile(r"^(.*)_([0-9]+)$")


def _unique(slug: str, used: set[str]) -> str:
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
    text = _ATTR_LIST.sub("", text).strip()
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


__all__ = [
    "MAX_TAG",
    "MAX_TARGET",
    "BodyAnalysis",
    "BodyId",
    "BodyLink",
    "BodyResource",
    "analyse",
    "heading_text",
    "is_remote",
]
