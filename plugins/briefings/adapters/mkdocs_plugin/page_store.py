"""Generated pages' HTML kept compressed while MkDocs holds every page.

`PageStore` keeps each generated page's HTML compressed (zlib) from the end of its
`on_page_content` handlers (the start of the next page's) until `on_page_context`, and
drops it after `on_post_page`: at 10,000 briefings MkDocs would otherwise hold every page's
HTML until the end of the build.

Material's search plugin, in `on_page_context`, strips `data-search-*="..."` attributes
from every page's HTML, a regular expression tried at every character, even on pages
it does not index. A page with no such attribute (`plain`) that no other handler reads
there may get its HTML back after that handler instead of before (`PageStore.late`).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

#: zlib level of the kept HTML: 1 compresses these pages about 4:1, several times faster
#: than the default level.
LEVEL = 1
#: What Material's search plugin removes from a page's HTML in `on_page_context`.
SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')


@dataclass
class PageStore:
    """Generated pages' HTML, compressed between their `on_page_content` and their
    `on_page_context`; see the module docstring."""

    kept: dict[str, bytes] = field(default_factory=dict)
    pending: Page | None = None
    plain: set[str] = field(default_factory=set)  # kept pages without SEARCH_ATTRIBUTE

    def hold(self, page: Page) -> None:
        """`page`'s handlers are running: compress the previous page's HTML now."""
        self.release_pending()
        self.pending = page

    def release_pending(self) -> None:
        """Compress the last page held (its `on_page_content` handlers all ran)."""
        page, self.pending = self.pending, None
        if page is None or not isinstance(page.content, str) or not page.content:
            return
        self.kept[page.file.src_uri] = _pack(page.content)
        if SEARCH_ATTRIBUTE.search(page.content) is None:
            self.plain.add(page.file.src_uri)
        page.content = ""

    def late(self, page: Page) -> bool:
        """Whether `page` may get its HTML after Material's search handler: kept, plain,
        and out of Material's index (`search: exclude`)."""
        search = page.meta.get("search")
        excluded = isinstance(search, dict) and search.get("exclude") is True
        return excluded and page.file.src_uri in self.plain and page.file.src_uri in self.kept

    def restore(self, page: Page) -> None:
        """Give `page` its HTML back for the theme (`on_page_context`)."""
        packed = self.kept.get(page.file.src_uri)
        if packed is not None:
            page.content = _unpack(packed)

    def drop(self, page: Page) -> None:
        """`page` is written: forget its HTML (`on_post_page`)."""
        self.plain.discard(page.file.src_uri)
        if self.kept.pop(page.file.src_uri, None) is not None:
            page.content = ""

    def forget(self, uris: Iterable[str]) -> None:
        """Pages a worker writes: this process no longer needs their HTML."""
        for uri in uris:
            self.kept.pop(uri, None)
            self.plain.discard(uri)


def _pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), LEVEL)


def _unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")
