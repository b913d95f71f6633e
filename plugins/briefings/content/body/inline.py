"""Inline level: code spans, links, images, autolinks, raw HTML, attribute lists and
footnotes of one block at a time, and the ids of headings (toc's slugs)."""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from dataclasses import replace
from typing import TYPE_CHECKING

from markdown import Markdown
from markdown.extensions.toc import slugify
from markdown.inlinepatterns import LINK_RE, LinkInlineProcessor

from briefings.content.body.comments import comment_end, without_inline_comments
from briefings.content.body.headings import heading_text, unique
from briefings.content.body.model import (
    ATTR_LIST,
    MAX_TAG,
    MAX_TARGET,
    VALUELESS_HEADING_ATTR,
    BodyId,
    BodyLink,
    BodyResource,
    RawLink,
    attr_list_id,
    attr_list_value,
    ref_label,
    written_id,
)
from briefings.content.body.resources import attribute_urls, is_local, is_remote
from briefings.content.ids import safe_slug

if TYPE_CHECKING:
    from briefings.content.body.blanks import Blanks
    from briefings.content.body.blocks import Scanner

_RAW_CODE_TAGS = ("pre", "code", "script", "style", "textarea")


_BACKTICKS = re.compile(r"`+")
_ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!<>|:\"']")
_AUTOLINK = re.compile(
    r"<((?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:|www\.)[^<>\s]*|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>"
)
_TAG_START = re.compile(r"<(!--|/?[A-Za-z][A-Za-z0-9-]*)")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_FOOTNOTE_REF = re.compile(r"\[\^([^\]\n]+)\]")
_PLAIN_TARGET = re.compile(r"[ \t\n]*[^\s<\"'(][^\"'(]*|[ \t\n]*")
_STASHED = "\x01\x01"  # an escape's stand-in: two characters that are not syntax


class _LinkReader(LinkInlineProcessor):
    """Python-Markdown's reading of an inline link's `(target "title")`, on plain text."""

    def unescape(self, text: str) -> str:
        return text  # the scanner's text holds no stash placeholders


_LINK_READER = _LinkReader(LINK_RE, Markdown())


class Inline:
    """Inline scanning of one block at a time; writes blanks into `prose` and `text`."""

    def __init__(self, scanner: Scanner, prose: Blanks, text: Blanks) -> None:
        self.s = scanner
        self.body = scanner.body
        self.prose = prose
        self.text = text
        self.links: list[BodyLink] = []
        self.resources: list[BodyResource] = []
        self.raw_links: list[RawLink] = []
        self.explicit: list[BodyId] = []
        self.footnote_refs: dict[str, int] = {}
        self.faults: list[tuple[int, str]] = []
        self._link_end: dict[int, int] = {}  # body position after a link -> its index
        self._closes: list[int] = []  # positions of `)` in the block `_links` reads
        self._budget = 0
        self.work = 0
        self._no_close: set[str] = set()
        self._raw_html: set[int] = set()  # indexes in `explicit` of ids from raw HTML
        self._found: dict[str, int] = {}
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
            raw = self.text.view(self.body, start, end) if changed else segment
            view = raw
            if "\\" in view:
                view = _ESCAPE.sub("  ", view)  # escaped characters are never syntax
            if "[" in view:
                raw = without_inline_comments(raw)  # stashed with their links
                # Python-Markdown stashes an escaped character: never syntax, never a space.
                self._links(_ESCAPE.sub(_STASHED, raw) if "\\" in raw else raw, start, raw)
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
        self._found = {}
        next_gt = -2
        skip_to = 0
        for index, match in enumerate(candidates):
            s = match.start()
            if s < skip_to:
                continue
            name = match.group(1).lower()
            if name == "!--":
                stop = comment_end(segment, s, self._find)
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
        known = self._found.get(key, -1)
        if known >= start:  # searches start in order: the last hit may still be the next
            return known
        found = segment.find(needle, start)
        if found < 0:
            self._no_close.add(key)
        else:
            self._found[key] = found
        return found

    def _attributes(self, tag: str, source: str, line: int) -> None:
        attrs: dict[str, str] = {}
        for match in _ATTR.finditer(source):
            key = match.group(1).lower()
            value = next((g for g in match.groups()[1:] if g is not None), "")
            attrs.setdefault(key, html.unescape(value))
        if "id" in attrs:
            self._raw_html.add(len(self.explicit))
            self.explicit.append(written_id(attrs["id"], line))
        if tag == "a" and "name" in attrs:
            self._raw_html.add(len(self.explicit))
            self.explicit.append(BodyId(attrs["name"], line, True))  # not an id: kept
        for key, url, fetched in attribute_urls(tag, attrs):
            if fetched and is_remote(url):
                self.resources.append(BodyResource(url, line, tag))
            elif is_local(url) and key != "style":
                self.raw_links.append(RawLink(url, line, tag, key))

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

    def _links(self, view: str, base: int, raw: str) -> None:
        """Inline and reference links: brackets paired with a stack, each target found by
        bisection among the block's `)` and read within a bounded window."""
        if "[" not in view or "]" not in view:
            return
        self._closes = [m.start() for m in re.finditer(r"\)", view)]
        self._budget = 4 * len(view) + MAX_TARGET  # for Python-Markdown's title reading
        brackets = [m.start() for m in re.finditer(r"[\[\]]", view)]
        pairs: list[tuple[int, int]] = []
        stack: list[int] = []
        for position in brackets:
            if view[position] == "[":
                stack.append(position)
            elif stack:
                pairs.append((stack.pop(), position))
        pairs.sort()
        taken_until = -1
        for open_, close in pairs:
            if open_ < taken_until:
                continue
            if view.startswith("^", open_ + 1):
                continue  # footnote reference
            image = open_ > 0 and view[open_ - 1] == "!"
            start = open_ - 1 if image else open_
            after = close + 1
            target: str | None = None
            stop = after
            if after < len(view) and view[after] == "(":
                parsed = self._inline_target(view, after + 1, raw)
                if parsed is not None:
                    target, stop = parsed
            elif after < len(view) and view[after] == "[":
                ref_close = view.find("]", after + 1, min(after + 1 + MAX_TARGET, len(view)))
                if ref_close >= 0:
                    label = ref_label(view[after + 1 : ref_close]) or ref_label(
                        view[open_ + 1 : close]
                    )
                    if label in self.s.refs:
                        target, stop = self.s.refs[label], ref_close + 1
            else:
                label = ref_label(view[open_ + 1 : close])
                if label in self.s.refs:
                    target, stop = self.s.refs[label], after
            if target is None:
                continue
            line = self.s.line_of(base + start)
            self._link_end[base + stop] = len(self.links)
            self.links.append(BodyLink(target, line, "image" if image else "link"))
            taken_until = stop
            if image:
                if is_remote(target):
                    self.resources.append(BodyResource(target, line, "img"))
                self.text.add(base + start, base + stop)
            else:
                self.text.add(base + open_, base + open_ + 1)
                self.text.add(base + close, base + stop)

    def _inline_target(self, view: str, at: int, raw: str) -> tuple[str, int] | None:
        """Read `target "title")` from `at` (just after the `(`) as Python-Markdown does;
        None if it is not a link target. `raw` is `view` with its backslash escapes kept.

        Python-Markdown's own reading (`LinkInlineProcessor.getLink`: a target may hold
        spaces, a title is the last quoted part right before the `)`) runs on a window of
        `MAX_TARGET` characters, only when the target is not plain, and within the block's
        budget (`_links`), so the scans of successive links stay linear in its length.
        """
        end = min(len(view), at + MAX_TARGET)
        found = bisect_left(self._closes, at)
        close = self._closes[found] if found < len(self._closes) else -1
        close = close if close < end else -1
        if close >= 0 and _PLAIN_TARGET.fullmatch(view, at, close):
            self.work += close - at + 1  # no quote, `(` or `<`: the target ends at `)`
            written = view[at:close]
            href = written.strip()
            offset, stop = at + len(written) - len(written.lstrip()), close + 1
        elif (close < 0 and end < len(view)) or self._budget <= 0:
            return None  # no `)` in reach (the title never resolves), or a hostile block
        else:
            window = view[at - 1 : end]
            self._budget -= len(window)
            href, _title, stop, handled = _LINK_READER.getLink(window, 0)
            self.work += len(window)
            if not handled or (stop < 0 and end < len(view)):
                return None
            if stop < 0:  # Python-Markdown's unresolved title: all but the last character
                stop = len(window) - 1
            offset = at - 1 + window.find(href, 1) if href else at
            stop += at - 1
        source = raw[offset : offset + len(href)]
        return _ESCAPE.sub(lambda m: m.group(0)[1:], source), stop

    def _attr_lists(self, view: str, base: int) -> None:
        """attr_list where it applies: alone on a block's last line, at the end of a
        heading, or right after an inline element (`*em*{: #id}`)."""
        if "{" not in view:
            return
        heading = self.s.line_of(base) - 1 in self._heading_lines
        last_line = view.rfind("\n") + 1
        for match in ATTR_LIST.finditer(view):
            s, e = match.start(), match.end()
            line_start = view.rfind("\n", 0, s) + 1
            alone = not view[line_start:s].strip() and not view[e:].strip() and s >= last_line
            at_end = heading and not view[e:].strip() and s > 0 and view[s - 1] in " \t"
            after_inline = s > 0 and self._element_ends(view, base, s)
            if not (alone or at_end or after_inline):
                continue
            line = self.s.line_of(base + s)
            value, valueless = attr_list_id(match.group(1))
            if value is not None:
                self.explicit.append(written_id(html.unescape(value), line))
            if valueless and at_end:
                self.faults.append((line, VALUELESS_HEADING_ATTR))
            if (link := self._link_end.get(base + s)) is not None:  # `[a](x){: href=y }`: y
                kind = self.links[link].kind
                address = attr_list_value(match.group(1), "src" if kind == "image" else "href")
                if address is not None:
                    self.links[link] = replace(self.links[link], target=html.unescape(address))
                    if kind == "image" and is_remote(address):
                        self.resources.append(BodyResource(address, line, "img"))
            self.text.add(base + s, base + e)

    def _element_ends(self, view: str, base: int, at: int) -> bool:
        """Whether an inline element ends just before `at` (an attr_list there applies to
        it): emphasis, a code span (blanked in `view`, so read in the body), a link, or a
        reference link whose label is defined (`[text]` alone is text)."""
        before = view[at - 1]
        if before in "*_)" or self.body[base + at - 1] == "`":
            return True
        if before != "]":
            return False
        open_ = view.rfind("[", 0, at - 1)
        return open_ >= 0 and ref_label(view[open_ + 1 : at - 1]) in self.s.refs

    def finish_ids(self) -> list[BodyId]:
        """Explicit ids, then heading slugs made unique as toc does, then footnotes."""
        heading_explicit: dict[int, str] = {}
        for heading in self.s.headings:
            raw = self.body[heading.start : heading.end]
            found = ATTR_LIST.search(raw)
            if found:
                value, _valueless = attr_list_id(found.group(1))
                if value is not None:
                    heading_explicit[heading.line] = value
        # toc sees the Markdown tree's ids, not raw HTML's (stashed until the end).
        used = {i.id for n, i in enumerate(self.explicit) if n not in self._raw_html}
        result = list(self.explicit)
        for heading in self.s.headings:
            line = heading.line + 1
            if heading.line in heading_explicit:
                continue
            name = heading_text(self.body[heading.start : heading.end])
            raw = slugify(name, "-")
            slug = unique(safe_slug(raw), used)  # the build's SafeSlugify, then toc's unique
            used.add(slug)
            result.append(BodyId(slug, line, False, raw if raw != slug else ""))
        defined = {label for label, _ in self.s.footnotes}
        for label, number in self.s.footnotes:
            result.append(BodyId(f"fn:{label}", number + 1, False))
        for label, count in self.footnote_refs.items():
            if label in defined:
                result.append(BodyId(f"fnref:{label}", 1, False))
                result += [BodyId(f"fnref{n}:{label}", 1, False) for n in range(2, count + 1)]
        return result
