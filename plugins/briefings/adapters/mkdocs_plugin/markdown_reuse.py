"""One Markdown converter per build for the generated pages.

The engine's `Page.render` builds a new `markdown.Markdown` for every page: it imports
and configures every extension again (deep copies of their settings included), which at
10,000 briefings is more time than converting their bodies. Generated pages convert with
one instance per build instead, reset between pages (Python-Markdown's contract for
reuse: an extension keeps per-document state only until `reset()`), with the engine's own
per-page processors (raw HTML anchors, anchor and link validation, the title) made new
for each page and registered under their names, so they replace the last page's. A page
whose Markdown is empty (section, story, entity and tag pages) is not converted at all:
Python-Markdown returns "" for it without running anything.

The conversion is the engine's own code path, line for line; it is used only while the
engine's `Page.render` is one whose source this module knows (`KNOWN_RENDERS`: MkDocs
1.6.1, ProperDocs 1.6.7), and otherwise the engine renders as usual. The output is the same
byte for byte as the engine's (tests/test_markdown_reuse.py).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import inspect
import logging
from types import ModuleType
from typing import TYPE_CHECKING, Any

import markdown

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

#: SHA-256 of the engine's `Page.render` source for which `render` below is its copy.
KNOWN_RENDERS = frozenset({
    "320529348f7a8af152073d0a3ab02960ccce91f9204716144e51b20931983cc6",  # MkDocs 1.6.1
    "ee04724746238ac17c0004482b10be71d084369ec5be615642eedee83a9f6171",  # ProperDocs 1.6.7
})  # fmt: skip


class SharedMarkdown:
    """The build's one `markdown.Markdown` (made at first use, reset before each page)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self._md: markdown.Markdown | None = None

    def fresh(self) -> markdown.Markdown:
        """The instance, reset for a new document."""
        if self._md is None:
            self._md = markdown.Markdown(
                extensions=self.config["markdown_extensions"],
                extension_configs=self.config["mdx_configs"] or {},
            )
        else:
            self._md.reset()
        return self._md


def _engine_pages(page: Page) -> ModuleType:
    """The engine's `structure.pages` module (MkDocs' or ProperDocs'), by the page's class."""
    for cls in type(page).__mro__:
        if cls.__name__ == "Page" and cls.__module__.endswith(".structure.pages"):
            return importlib.import_module(cls.__module__)
    raise TypeError(f"not an engine page: {type(page).__name__}")


def render_digest(page_class: Any) -> str:
    """SHA-256 (hex) of `page_class.render`'s source, as `KNOWN_RENDERS` lists them."""
    return hashlib.sha256(inspect.getsource(page_class.render).encode("utf-8")).hexdigest()


@functools.cache
def _reusable(module: ModuleType) -> type | None:
    """The generated-page class for the engine `module`'s Page (None: its render is not
    one this module copies)."""
    base: type = module.Page
    if render_digest(base) not in KNOWN_RENDERS:
        return None
    return type("GeneratedPage", (base,), {"render": _render, "__module__": __name__})


def share_markdown(pages: list[Page], shared: SharedMarkdown) -> int:
    """Make `pages` (generated ones) convert with `shared`; returns how many do (0 when
    the engine's render is not a known one)."""
    done = 0
    for page in pages:
        cls = _reusable(_engine_pages(page))
        if cls is None:
            return done
        page.__class__ = cls
        page.shared_markdown = shared  # type: ignore[attr-defined]
        done += 1
    return done


def _render(self: Any, config: MkDocsConfig, files: Files) -> None:
    """The engine's `Page.render` with the build's shared converter (see the module
    docstring); `self` is a page `share_markdown` gave a converter."""
    engine = _engine_pages(self)
    if self.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    if not self.markdown.strip():  # Markdown.convert returns "" before any processor
        self.content = ""
        self.toc = engine.get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        if _keeps_links(engine):
            self.links_to_anchors = {}
        return
    md = self.shared_markdown.fresh()
    raw_html_ext = engine._RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = engine._ExtractAnchorsTreeprocessor(self.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = engine._RelativePathTreeprocessor(self.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = engine._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)
    self.content = md.convert(self.markdown)
    self.toc = engine.get_toc(getattr(md, "toc_tokens", []))
    self._title_from_render = extract_title_ext.title
    self.present_anchor_ids = (
        extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    )
    if _keeps_links(engine):
        self.links_to_anchors = relative_path_ext.links_to_anchors


def _keeps_links(engine: ModuleType) -> bool:
    """Whether the engine records links to anchors (MkDocs: unless logging at DEBUG)."""
    if engine.__name__.startswith("properdocs."):
        return True
    return bool(engine.log.getEffectiveLevel() > logging.DEBUG)
