"""What the MkDocs adapter hands the theme is safe: text stays text, HTML is sanitised.

MkDocs' Jinja environment does not autoescape, and Material prints page titles, nav titles,
descriptions, table-of-contents titles and edit URLs as they are. This module, with the
theme overrides in `overrides/`, keeps one contract for each value:

- `page.title` is plain text on every page (MkDocs makes a title from a page's first `# `
  heading as HTML; it is decoded here) and the overrides escape it where they print it;
- table-of-contents titles are HTML by MkDocs' contract: each becomes escaped text, and
  each id a safe one (`briefings.site.sanitize`);
- ids in the body are made safe in Python-Markdown and again in the body HTML;
- edit links and other URLs made from file names are percent-encoded;
- Material's search index gets each title as HTML (its UI inserts titles as HTML).

`Safety` is made fresh for each build (in `on_config`), so `mkdocs serve` keeps no state.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from markdown.extensions.toc import slugify as default_slugify

from briefings.content.body import explicit_ids
from briefings.content.ids import unsafe_id_message
from briefings.site.sanitize import (
    IdChange,
    IdChanges,
    SafeIdExtension,
    SafeSlugify,
    safe_id,
    safe_ids,
    sanitize,
    toc_title,
)
from briefings.site.urls import MATERIAL_SEARCH_INDEX

if TYPE_CHECKING:
    import logging

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink

    from briefings.content.loader import ContentFile

#: Characters that reorder text (Unicode bidirectional controls): U+061C, U+200E, U+200F,
#: U+202A-U+202E, U+2066-U+2069.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"
TOC_NAMES = ("toc", "markdown.extensions.toc")


def url_path(path: str) -> str:
    """A '/'-separated path percent-encoded for use in a URL (`a "b".md` -> `a%20%22b%22.md`)."""
    return quote(path, safe="/")


#: Characters that open an isolate (LRI, RLI, FSI); each is closed by a PDI (U+2069).
ISOLATE_INITIATORS = frozenset("\u2066\u2067\u2068")
#: Characters that end a bidirectional paragraph, and with it every isolate open in it.
_PARAGRAPH_ENDS = str.maketrans(dict.fromkeys("\n\r\x1c\x1d\x1e\x85\u2029", " "))


def isolate(text: object) -> str:
    """`text` wrapped in U+2068 ... U+2069 when it holds bidi controls, else unchanged.

    For plain-text places (`<title>`) where no `<bdi>` can isolate a value from the text
    after it; the value is escaped after this. The wrapper cannot be closed early: a PDI
    (U+2069) in the value that closes no isolate of its own is dropped, an isolate the
    value leaves open is closed before the wrapper's PDI (embeddings and overrides, U+202A
    to U+202E, end with it by Unicode's rule X6a), and paragraph separators, which end all
    isolates, become spaces.
    """
    value = "" if text is None else str(text)
    if BIDI_CONTROLS.isdisjoint(value):
        return value
    kept: list[str] = []
    depth = 0
    for char in value.translate(_PARAGRAPH_ENDS):
        if char in ISOLATE_INITIATORS:
            depth += 1
        elif char == POP_DIRECTIONAL_ISOLATE:
            if not depth:
                continue  # would close the wrapper
            depth -= 1
        kept.append(char)
    closing = POP_DIRECTIONAL_ISOLATE * (depth + 1)
    return f"{FIRST_STRONG_ISOLATE}{''.join(kept)}{closing}"


class Safety:
    """The adapter's escaping and sanitising, one method per MkDocs event it serves."""

    def __init__(self, log: logging.Logger | logging.LoggerAdapter) -> None:
        self.log = log
        self.ids = IdChanges()
        self.titles: dict[str, str] = {}  # page URL -> the title Material's search may use
        self.bodies: dict[str, tuple[str, int]] = {}  # src URI -> (path, body's first line)

    def locate(self, files: Iterable[ContentFile]) -> None:
        """Where the briefings' bodies are, so warnings name the file line of an id."""
        self.bodies = {f.src_uri: (f.path, f.body.first_line) for f in files}

    # -- on_config ---------------------------------------------------------------------
    def configure(self, config: MkDocsConfig) -> None:
        """Adds the id extension and wraps toc's `slugify` so every id is safe."""
        config.markdown_extensions.append(SafeIdExtension(self.ids))  # type: ignore[arg-type]
        configs = config.mdx_configs
        names = [n for n in TOC_NAMES if n in configs] or ["toc"]
        for name in names:
            options = configs.setdefault(name, {})
            slugify = options.get("slugify", default_slugify)
            if not isinstance(slugify, SafeSlugify):
                options["slugify"] = SafeSlugify(slugify)

    # -- on_files ----------------------------------------------------------------------
    @staticmethod
    def quote_edit_uris(files: Files) -> None:
        """Edit links of hand-written pages: MkDocs joins the file name into the URL as is."""
        for file in files.documentation_pages():
            if file.generated_by is None and file.edit_uri:
                file.edit_uri = url_path(file.edit_uri)

    # -- on_page_content ---------------------------------------------------------------
    def body(self, html_text: str, page: Page, *, sanitise: bool) -> str:
        """The HTML of a page's body: sanitised (briefings), or with only its ids made safe
        (hand-written pages; briefings under `sanitize: false`)."""
        changes: list[IdChange] = []
        out = sanitize(html_text, changes) if sanitise else safe_ids(html_text, changes)
        self._report(page, changes)
        return out

    def clean_page(self, page: Page) -> None:
        """Any page, once rendered: plain-text title, safe TOC, id rewrites reported."""
        _plain_title(page)
        _clean_toc(page.toc)
        self.titles[page.url] = str(page.meta.get("title", page.title))
        self._report(page, self.ids.drain())

    def _report(self, page: Page, changes: Iterable[IdChange]) -> None:
        changes = dict.fromkeys(changes)
        path, first = self.bodies.get(page.file.src_uri, (page.file.src_uri, 0))
        lines = _id_lines(page, first) if changes else {}
        for given, written in changes:
            line = lines.get(given)
            where = f"{path}:{line}" if line else path
            self.log.warning(f"{where}: {unsafe_id_message(given, written)}")

    # -- on_env ------------------------------------------------------------------------
    @staticmethod
    def template_helpers(env: Environment) -> None:
        """Filters and values the theme overrides use."""
        env.filters["bf_isolate"] = isolate
        env.globals["bf_material_version"] = _version("mkdocs-material")

    # -- on_post_build -----------------------------------------------------------------
    def escape_search_index(self, site_dir: str) -> None:
        """Material's search index takes a page's title as the title of the part before
        its first heading, unescaped, and its UI inserts titles as HTML: escape those."""
        escaped = {url: html.escape(t, quote=False) for url, t in self.titles.items()}
        raw = {url: t for url, t in self.titles.items() if escaped[url] != t}
        path = Path(site_dir, MATERIAL_SEARCH_INDEX)
        if not raw or not path.is_file():
            return  # no title with <, > or &: nothing to read (large sites)
        data = json.loads(path.read_text(encoding="utf-8"))
        changed = False
        for entry in _entries(data):
            location = entry.get("location", "")
            if location in raw and entry.get("title") == raw[location]:
                entry["title"] = escaped[location]
                changed = True
        if changed:  # Material's own separators
            path.write_text(json.dumps(data, separators=(",", ":"), default=str), "utf-8")


def _id_lines(page: Page, first: int) -> dict[str, int]:
    """File line of each id written in the page's Markdown source (the body scanner's).
    `first`: the file line of a generated page's first line (0: the page is a file)."""
    try:
        text = page.file.content_string
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    found: dict[str, int] = {}
    for item, line in explicit_ids(text, first):
        found.setdefault(item.source, line)
    return found


def _entries(data: Any) -> Iterable[dict[str, Any]]:
    docs = data.get("docs") if isinstance(data, dict) else None
    return [d for d in docs if isinstance(d, dict)] if isinstance(docs, list) else []


def _plain_title(page: Page) -> None:
    """A title MkDocs took from the first `# ` heading is HTML with its tags stripped and
    its entities kept (`Q&amp;A`): decode it, so every title is text."""
    if "title" in page.meta or "title" in vars(page):
        return  # front matter or nav: text already
    rendered = getattr(page, "_title_from_render", None)
    if isinstance(rendered, str) and rendered:
        page.title = html.unescape(rendered)


def _clean_toc(items: Iterable[AnchorLink]) -> None:
    for item in items:
        item.title = toc_title(item.title)
        item.id = safe_id(item.id) or "section"
        _clean_toc(item.children)


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""
