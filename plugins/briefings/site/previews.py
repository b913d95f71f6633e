"""Link previews: the summary or description behind each link to a briefing, story or entity,
embedded in the page that links to it, so a preview needs no request (works from `file://`).

`PreviewIndex` knows every previewable page of one build by its site-relative URL. For one
rendered page, `PreviewIndex.script(html, page_url)` finds the page's links (`href="..."`,
as the templates and Markdown write them), resolves each against the page's URL, and returns
a `<script type="application/json" id="bf-previews">` element with the previews of the
pages it links to: `{href as written: {"kind", "title", "date", "text"}}`, at most
`PREVIEW_LIMIT` of them (the first in the page), texts cut at `PREVIEW_CHARS`. The page's
script (`assets/javascripts/previews.js`) shows them on hover and on keyboard focus.

Linear in the page's HTML; the index is built once per build, linear in its pages.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from briefings.site.embed import script_json
from briefings.site.urls import PageKind

if TYPE_CHECKING:
    from briefings.site.i18n import Messages
    from briefings.site.pages import PagePlan

#: Most previews one page carries (the first links of the page; the rest have none).
PREVIEW_LIMIT = 120
#: Characters of a summary or description a preview shows; longer texts end in "…".
PREVIEW_CHARS = 280
#: The element id the page's script reads.
ELEMENT_ID = "bf-previews"

#: An `href` attribute's quoted value; it counts after white space only (`_hrefs`).
_HREF = re.compile(r"""href=(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class Preview:
    """What a link's preview shows: `kind` (`briefing`, `story` or an entity kind), the
    linked page's `title`, its `date` (briefings; '' else) and `text` (summary or
    description, cut at `PREVIEW_CHARS`; '' when there is none)."""

    kind: str
    title: str
    date: str
    text: str

    def as_json(self) -> dict[str, str]:
        """The preview as the page's script reads it."""
        return {"kind": self.kind, "title": self.title, "date": self.date, "text": self.text}

    @functools.cached_property
    def json(self) -> str:
        """`as_json()` as `script_json` writes it (made once)."""
        return str(script_json(self.as_json()))


class PreviewIndex:
    """The previews of one build's briefing, story and entity pages (page 1 of each)."""

    def __init__(self, plan: PagePlan, messages: Messages) -> None:
        table = plan.table
        self.previews: dict[str, Preview] = {}
        kinds = (PageKind.BRIEFING, PageKind.STORY, PageKind.ENTITY)
        for spec in plan:
            if spec.kind not in kinds or spec.location.number != 1:
                continue
            if spec.briefing is not None:
                b = spec.briefing
                found = Preview("briefing", b.title, messages.date(b.date), cut(b.summary))
            elif spec.term is not None:
                item = spec.term.item
                kind = "story" if spec.kind == PageKind.STORY else getattr(item, "kind", "")
                found = Preview(kind, spec.title, "", cut(spec.description))
            else:
                continue
            self.previews[_key(table.url(spec.location))] = found

    def __len__(self) -> int:
        return len(self.previews)

    def for_page(self, page_html: str, page_url: str) -> dict[str, Preview]:
        """The previews of the pages `page_html` links to, by `href` as written (decoded
        from HTML), in the page's order; the page's own address is left out."""
        folder = page_url.rpartition("/")[0]
        own = _key(page_url)
        found: dict[str, Preview] = {}
        seen: set[str] = set()  # hrefs as written: a page repeats most of its links
        for written in _hrefs(page_html):
            if written in seen:
                continue
            seen.add(written)
            href = html.unescape(written)
            if href in found:
                continue
            target = _resolve(href, folder)
            if target is None or target == own:
                continue
            preview = self.previews.get(target)
            if preview is not None:
                found[href] = preview
                if len(found) >= PREVIEW_LIMIT:
                    break
        return found

    def script(self, page_html: str, page_url: str) -> str:
        """The `<script>` element of the previews `page_html` needs ('' for none)."""
        found = self.for_page(page_html, page_url)
        if not found:
            return ""
        # `script_json` of the whole mapping, from each preview's JSON made once per build
        # (JSON's punctuation is never escaped, so the parts join as the whole would be).
        data = ",".join(f"{_href_json(href)}:{p.json}" for href, p in found.items())
        data = "{" + data + "}"
        # A plain str: `str + Markup` would escape the page it is appended to.
        return f'<script type="application/json" id="{ELEMENT_ID}">{data}</script>\n'


def cut(text: str, limit: int = PREVIEW_CHARS) -> str:
    """`text` with white space collapsed, cut at the last word boundary before `limit`
    characters (then ending in "…")."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:.") + "…"


def _hrefs(page_html: str) -> Iterator[str]:
    """The values of `page_html`'s `href` attributes, as written, in order: the matches of
    `\\shref=...` a regular expression scan finds, found faster from the literal `href=`
    (a match after anything but white space is passed over one character at a time)."""
    search, start = _HREF.search, 0
    while (match := search(page_html, start)) is not None:
        at = match.start()  # (a match ends in a quote: the space before it is not taken)
        if at and page_html[at - 1].isspace():
            yield match.group(1) or match.group(2) or ""
            start = match.end()
        else:
            start = at + 1


@functools.lru_cache(maxsize=1 << 16)
def _href_json(href: str) -> str:
    """`script_json(href)`, remembered: most pages link the same addresses."""
    return str(script_json(href))


def _key(url: str) -> str:
    """A site-relative page URL in one form: no trailing slash, './' is ''."""
    path = posixpath.normpath(url) if url not in ("", ".", "./") else ""
    return "" if path == "." else path


def _resolve(href: str, folder: str) -> str | None:
    """The site-relative page `href` points to from a page in `folder` (None: another
    site, an anchor on this page, or outside the site).

    Most links of a generated page climb to the site's root first (`../../tags/x/`):
    where it climbs exactly the folder's depth, the answer does not depend on the
    folder's names and is remembered by (href, depth)."""
    depth = folder.count("/") + 1 if folder else 0
    if depth and href.startswith("../" * depth) and not href.startswith("../" * (depth + 1)):
        return _from_root(href, depth)
    return _resolved(href, folder)


@functools.lru_cache(maxsize=8192)
def _from_root(href: str, depth: int) -> str | None:
    return _resolved(href, "/".join(["x"] * depth))


def _resolved(href: str, folder: str) -> str | None:
    if not href or href.startswith("#"):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
    if path.startswith(".."):
        return None
    if path.endswith("/index.html"):
        path = path.removesuffix("/index.html")
    return "" if path in (".", "index.html") else path
