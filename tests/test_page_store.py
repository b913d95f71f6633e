"""`PageStore`: a generated page's HTML is kept out of memory (a temporary file, or
compressed where that file cannot be written) and comes back the same, character for
character."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import pytest

from briefings.adapters.mkdocs_plugin import page_store
from briefings.adapters.mkdocs_plugin.page_store import PageStore


@dataclass
class _File:
    src_uri: str


@dataclass
class _Page:
    uri: str
    content: str
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def file(self) -> _File:
        return _File(self.uri)


HTML = [
    "<p>caf\u00e9 \U0001f600 \udcff</p>" * 50,
    "<h1>x</h1>",
    '<p data-search-exclude="yes">y</p>',
]


def _keep(store: PageStore, pages: list[_Page]) -> None:
    for page in pages:
        store.hold(page)  # type: ignore[arg-type]
    store.release_pending()


def test_pages_come_back_as_they_were_from_the_temporary_file() -> None:
    store = PageStore()
    pages = [_Page(f"p{i}.md", html) for i, html in enumerate(HTML)]
    _keep(store, pages)
    assert all(page.content == "" for page in pages)  # nothing held in the page
    assert store.spill is not None and store.end > sum(len(h) for h in HTML)
    assert all(isinstance(v, tuple) for v in store.kept.values())
    assert store.plain == {"p0.md", "p1.md"}
    for page, html in zip(reversed(pages), reversed(HTML), strict=True):
        store.restore(page)  # type: ignore[arg-type]
        assert page.content == html
        store.drop(page)  # type: ignore[arg-type]
    assert store.kept == {} and store.plain == set()
    _keep(store, [_Page("again.md", "<p>z</p>")])  # nothing refers to the file: rewritten
    assert store.kept["again.md"] == (0, 8)
    spill = store.spill
    store.close()
    assert store.spill is None and spill is not None and spill.closed


def test_without_space_for_the_file_the_rest_is_kept_compressed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    real = os.pwrite

    def full(fd: int, data: bytes, offset: int) -> int:
        calls.append(offset)
        if len(calls) > 1:
            raise OSError(28, "No space left on device")
        return real(fd, data, offset)

    monkeypatch.setattr(page_store.os, "pwrite", full)
    store = PageStore()
    pages = [_Page(f"p{i}.md", html) for i, html in enumerate(HTML)]
    _keep(store, pages)
    assert isinstance(store.kept["p0.md"], tuple)
    assert isinstance(store.kept["p1.md"], bytes) and isinstance(store.kept["p2.md"], bytes)
    assert len(calls) == 2  # after a failure the file is not tried again in this build
    for page, html in zip(pages, HTML, strict=True):
        store.restore(page)  # type: ignore[arg-type]
        assert page.content == html


def test_a_forked_process_reads_the_same_file() -> None:
    store = PageStore()
    pages = [_Page(f"p{i}.md", html) for i, html in enumerate(HTML)]
    _keep(store, pages)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            store.restore(pages[0])  # type: ignore[arg-type]
            os.write(write, pages[0].content.encode("utf-8", "surrogatepass"))
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    got = b""
    while chunk := os.read(read, 1 << 16):
        got += chunk
    os.close(read)
    assert os.waitpid(pid, 0)[1] == 0
    assert got.decode("utf-8", "surrogatepass") == HTML[0]
    store.restore(pages[2])  # type: ignore[arg-type]  # this process's reads are unaffected
    assert pages[2].content == HTML[2]
