"""Generated pages' HTML kept out of memory while MkDocs holds every page.

`PageStore` keeps each generated page's HTML from the end of its `on_page_content`
handlers (the start of the next page's) until `on_page_context`, and drops it after
`on_post_page`: at 10,000 briefings MkDocs would otherwise hold every page's HTML (0.8 GB)
until the end of the build. The HTML is written to an anonymous temporary file (the
`tempfile` module's folder; gone when the build ends, or the process), as Sphinx keeps its
doctrees on disk between reading and writing: the operating system's file cache holds it,
which the build's process never counts as its own. Where that file cannot be written (no
space), the rest is kept in memory, compressed (zlib level `LEVEL`, about 4:1).
Forked page workers read the same file (`os.pread`: no shared position).

Material's search plugin, in `on_page_context`, strips `data-search-*="..."` attributes
from every page's HTML, a regular expression tried at every character, even on pages
it does not index. A page with no such attribute (`plain`) that no other handler reads
there may get its HTML back after that handler instead of before (`PageStore.late`).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

#: zlib level of the kept HTML: 1 compresses these pages about 4:1, several times faster
#: than the default level.
LEVEL = 1
#: Whether pages are kept in a temporary file: `os.pread` and `os.pwrite` (not Windows) read
#: and write it at an offset, so forked workers share it safely.
SPILL = hasattr(os, "pread") and hasattr(os, "pwrite")
#: What Material's search plugin removes from a page's HTML in `on_page_context`.
SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')


@dataclass
class PageStore:
    """Generated pages' HTML, kept between their `on_page_content` and their
    `on_page_context`; see the module docstring."""

    kept: dict[str, tuple[int, int] | bytes] = field(default_factory=dict)  # (offset, size)
    pending: Page | None = None
    plain: set[str] = field(default_factory=set)  # kept pages without SEARCH_ATTRIBUTE
    spill: IO[bytes] | None = None  # the temporary file
    end: int = 0  # its size
    in_memory: bool = False  # it could not be written: the rest is kept compressed

    def hold(self, page: Page) -> None:
        """`page`'s handlers are running: put the previous page's HTML away now."""
        self.release_pending()
        self.pending = page

    def release_pending(self) -> None:
        """Put away the last page held (its `on_page_content` handlers all ran)."""
        page, self.pending = self.pending, None
        if page is None or not isinstance(page.content, str) or not page.content:
            return
        self.kept[page.file.src_uri] = self._put(page.content.encode("utf-8", "surrogatepass"))
        if SEARCH_ATTRIBUTE.search(page.content) is None:
            self.plain.add(page.file.src_uri)
        page.content = ""

    def _put(self, data: bytes) -> tuple[int, int] | bytes:
        if not self.kept and self.end:  # nothing refers to the file: start it again
            self._truncate()
        if not self.in_memory and SPILL:
            try:
                if self.spill is None:
                    self.spill = tempfile.TemporaryFile(prefix="briefings-pages-")  # noqa: SIM115 - open until close()
                written = os.pwrite(self.spill.fileno(), data, self.end)
                if written == len(data):
                    self.end += written
                    return (self.end - written, written)
            except OSError:
                pass
            self.in_memory = True
        return zlib.compress(data, LEVEL)

    def _truncate(self) -> None:
        self.end = 0
        self.in_memory = False
        if self.spill is not None:
            with contextlib.suppress(OSError):
                self.spill.truncate(0)

    def late(self, page: Page) -> bool:
        """Whether `page` may get its HTML after Material's search handler: kept, plain,
        and out of Material's index (`search: exclude`)."""
        search = page.meta.get("search")
        excluded = isinstance(search, dict) and search.get("exclude") is True
        return excluded and page.file.src_uri in self.plain and page.file.src_uri in self.kept

    def restore(self, page: Page) -> None:
        """Give `page` its HTML back for the theme (`on_page_context`). Raises OSError
        when the temporary file cannot be read back."""
        kept = self.kept.get(page.file.src_uri)
        if isinstance(kept, bytes):
            page.content = zlib.decompress(kept).decode("utf-8", "surrogatepass")
        elif kept is not None:
            assert self.spill is not None
            offset, size = kept
            data = os.pread(self.spill.fileno(), size, offset)
            if len(data) != size:
                raise OSError(f"the kept HTML of {page.file.src_uri} was cut short")
            page.content = data.decode("utf-8", "surrogatepass")

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

    def close(self) -> None:
        """Forget every page and remove the temporary file (the build ended)."""
        self.kept.clear()
        self.plain.clear()
        self.pending = None
        spill, self.spill = self.spill, None
        self.end, self.in_memory = 0, False
        if spill is not None:
            with contextlib.suppress(OSError):
                spill.close()
