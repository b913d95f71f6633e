"""One policy for every piece of HTML that comes from content (strangers' pull requests).

What reaches a page from content, and what this module does with it:

- **body HTML** (Markdown output, raw HTML included): `sanitize` keeps Markdown's and
  Material's markup and drops scripts, event handlers, styles, frames, forms and every URL
  scheme but http, https and mailto (relative URLs stay). With the plugin option
  `sanitize: false` (trusted sites) only `safe_ids` runs over the body.
- **element ids** (attr_list `{: #x }`/`{: id=... }`, raw HTML, heading slugs): an id is
  safe when it is made of letters, digits, `_`, `-`, `.` and `:` and is not reserved: not
  starting with `__` (the theme's own ids: `__config`, `__search`, `__drawer`, ...), `bf-`,
  `bf_` or `bf` and a capital (the plugin's sections and script globals). `safe_id` turns any
  other value into a safe one; `SafeIdExtension` applies it in Python-Markdown before the
  table of contents is built, so body, TOC and skip link agree.
- **table-of-contents titles** (HTML from Markdown that the theme prints unescaped):
  `toc_title` reduces one to its text, escaped.
- **text fields** (titles, summaries, names, ...): never HTML; they are escaped where a
  template prints them (the package's autoescaped templates, the theme overrides).

The policy never depends on the page being well-formed: every output is either escaped
text or the serialisation of nh3's (html5ever's) parse.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import lxml.html
import nh3
from lxml import etree as lxml_etree
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from briefings.content.ids import is_safe_id, safe_id, safe_slug

EXTRA_TAGS = {
    "details", "summary", "div", "span", "figure", "figcaption", "mark", "time",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "sup", "sub", "hr", "br", "img", "dl", "dt", "dd", "abbr", "del", "ins", "small",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "cite", "q", "s", "u", "bdi", "bdo",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "rel", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "abbr": {"title"},
    "details": {"open"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
__all__ = ["is_safe_id", "safe_id"]  # the id rule lives in `briefings.content.ids`
TAGS = frozenset(nh3.ALLOWED_TAGS) | EXTRA_TAGS

#: Ids a pass rewrote: (given, written) pairs; written None: the id was left out.
IdChange = tuple[str, str | None]


def sanitize(html_text: str, changes: list[IdChange] | None = None) -> str:
    """Body HTML as a browser will see it, with only allow-listed tags, attributes and URL
    schemes left (`TAGS`, `ATTRIBUTES`, `URL_SCHEMES`) and every id made safe; rewritten
    ids are appended to `changes`."""

    def filter_attribute(tag: str, attribute: str, value: str) -> str | None:
        if attribute != "id" or is_safe_id(value):
            return value
        written = safe_id(value)
        if changes is not None:
            changes.append((value, written))
        return written

    return nh3.clean(
        html_text,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=filter_attribute,
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
    )


class _IdRewriter(HTMLParser):
    """Finds start tags whose `id` is unsafe and rewrites only those tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.edits: list[tuple[int, int, str]] = []  # (line, column, new tag); old tag length
        self.lengths: list[int] = []
        self.changes: list[IdChange] = []

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if not any(name == "id" and not is_safe_id(value or "") for name, value in attrs):
            return
        parts = [f"<{tag}"]
        for name, value in attrs:
            if name == "id":
                given, value = value or "", safe_id(value or "")
                if given != value:
                    self.changes.append((given, value))
                if value is None:
                    continue
            parts.append(f" {name}" if value is None else f' {name}="{html.escape(value)}"')
        parts.append(" />" if closed else ">")
        line, column = self.getpos()
        raw = self.get_starttag_text() or ""
        self.edits.append((line, column, "".join(parts)))
        self.lengths.append(len(raw))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)


def safe_ids(html_text: str, changes: list[IdChange] | None = None) -> str:
    """`html_text` unchanged except start tags with an unsafe `id` (for HTML that is not
    sanitised: hand-written pages, bodies under `sanitize: false`); rewritten ids are
    appended to `changes`. Python's HTML parser finds the tags to rewrite; when a browser's
    parse (`browser_ids`) would still find an unsafe id in the result, because the HTML
    reads differently to an HTML5 parser (`<!-->` ends a comment there), the HTML is
    sanitised instead (`sanitize`)."""
    out = _rewrite_ids(html_text, changes)
    if any(not is_safe_id(value) for value in browser_ids(out)):
        # a browser parses this HTML otherwise than Python's parser (`<!-->`, `--!>`,
        # `<![CDATA[`, `</ x>` ...): the ids it would see are not all safe, so the HTML is
        # sanitised after all, which makes every id safe as a browser reads it
        return sanitize(out, changes)
    return out


def browser_ids(html_text: str) -> list[str]:
    """The element ids a browser finds in `html_text`, read by two HTML5 parsers.

    nh3's html5ever is the HTML5 tokeniser (comments, bogus comments, raw text); libxml2
    (lxml) adds elements of any name (custom elements, which nh3 drops without reading).
    """
    if "id" not in html_text.lower():
        return []
    found: list[str] = []

    def keep(tag: str, attribute: str, value: str) -> str | None:
        found.append(value)
        return None

    nh3.clean(html_text, tags=set(HTML_ELEMENTS), clean_content_tags={"script", "style"},
              attributes={"*": {"id"}}, attribute_filter=keep, link_rel=None)  # fmt: skip
    try:
        root = lxml.html.fragment_fromstring(html_text, create_parent="div")
    except (lxml_etree.ParserError, ValueError):
        return found
    found += [str(e.get("id")) for e in root.iter() if isinstance(e.tag, str) and e.get("id")]
    return found


#: Every element of the HTML standard but `script` and `style` (whose content is text).
HTML_ELEMENTS = frozenset({
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo",
    "blockquote", "body", "br", "button", "canvas", "caption", "cite", "code", "col",
    "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt",
    "em", "embed", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input", "ins",
    "kbd", "label", "legend", "li", "link", "main", "map", "mark", "menu", "meta", "meter",
    "nav", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture",
    "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "search", "section", "select",
    "slot", "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "template", "textarea", "tfoot", "th", "thead", "time", "title", "tr", "track", "u",
    "ul", "var", "video", "wbr", "svg", "math", "image", "font", "center", "marquee", "frame",
    "frameset", "noframes", "noembed", "xmp", "listing", "plaintext", "acronym", "big", "tt",
    "strike", "dir", "applet", "basefont", "blink"
})  # fmt: skip


def _rewrite_ids(html_text: str, changes: list[IdChange] | None) -> str:
    parser = _IdRewriter()
    parser.feed(html_text)
    parser.close()
    if changes is not None:
        changes.extend(parser.changes)
    if not parser.edits:
        return html_text
    starts = [0]  # HTMLParser counts lines at "\n" only
    for text_line in html_text.split("\n"):
        starts.append(starts[-1] + len(text_line) + 1)
    out: list[str] = []
    cursor = 0
    for (line, column, new), length in zip(parser.edits, parser.lengths, strict=True):
        offset = starts[line - 1] + column
        out += [html_text[cursor:offset], new]
        cursor = offset + length
    out.append(html_text[cursor:])
    return "".join(out)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment: tags and comments dropped, entities decoded, runs of
    white space collapsed to one space."""
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


def toc_title(fragment: str) -> str:
    """A table-of-contents title (HTML from Markdown) as escaped text, safe to print raw."""
    return html.escape(html_to_text(fragment), quote=True)


# -- Python-Markdown: ids safe before the table of contents reads them --------------------
@dataclass
class IdChanges:
    """Ids `SafeIdExtension` rewrote in the page being rendered: (given, written) pairs."""

    changed: list[IdChange] = field(default_factory=list)

    def drain(self) -> list[IdChange]:
        """The changes recorded since the last call, and forget them."""
        found, self.changed = self.changed, []
        return found


class _SafeIdProcessor(Treeprocessor):
    def __init__(self, md: Markdown, changes: IdChanges) -> None:
        super().__init__(md)
        self.changes = changes

    def _given(self, value: str) -> str:
        """The id as written (raw HTML the inline parser stashed put back)."""

        def put_back(match: re.Match) -> str:
            index = int(match.group(1))
            blocks = self.md.htmlStash.rawHtmlBlocks
            block = blocks[index] if index < len(blocks) else ""
            return block if isinstance(block, str) else etree.tostring(block, "unicode")

        return HTML_PLACEHOLDER_RE.sub(put_back, value)

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            value = element.get("id")
            if value is None or is_safe_id(value):
                continue
            given = self._given(value)
            written = safe_id(given)
            if written is None:
                del element.attrib["id"]
            else:
                element.set("id", written)
            self.changes.changed.append((given, written))


class SafeIdExtension(Extension):
    """Makes every element id in the Markdown tree safe (`safe_id`).

    Runs after attr_list (priority 8) has set ids and before toc (5) reads them, so the
    body, its headerlinks, the table of contents and the theme's skip link use one id.
    Ids toc makes up from heading text are made safe by `safe_slugify`.
    """

    def __init__(self, changes: IdChanges | None = None) -> None:
        super().__init__()
        self.changes = changes or IdChanges()

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the tree processor that makes ids safe (priority
        7: before the table of contents, 5, reads them)."""
        md.treeprocessors.register(_SafeIdProcessor(md, self.changes), "briefings_safe_ids", 7)


@dataclass(frozen=True)
class SafeSlugify:
    """Wraps toc's `slugify` so a heading's own id is safe too (`## __init__` -> `init`)."""

    slugify: Callable[[str, str], str]

    def __call__(self, value: str, separator: str) -> str:
        return safe_slug(self.slugify(value, separator))
