"""The built pages' files written by a small process beside the build.

The engine writes each page where it renders it (`utils.write_file`: make the folders,
open, write, close), five or more system calls per page in the build's one busy thread:
6.8% of a 10,000-briefing `mkdocs build` (5.9 s of 86 s, py-spy). A thread would not help:
after each call it waits for the interpreter lock the renderer holds. So in a `mkdocs build`
a child process does the writing (`WRITER`, the interpreter with `-I -S`: no site packages,
no environment, about 10 MB): the last `on_post_page` handler (this plugin's) sends it the
page's destination and its bytes, encoded as the engine encodes them (UTF-8, characters it
cannot encode as character references), through one pipe, and returns an empty page, whose
"Page skipped" line the log filter drops. The files are the same, byte for byte.

It is used only where nothing can read a page between its rendering and the end of the
writing, which waits at the start of this plugin's `on_post_build`:

- every `on_post_page` handler runs before this plugin's (the last gets the page);
- every `on_post_build` handler before this plugin's is a search plugin's (they write their
  index from what they gathered, not from the pages' files);
- the build is not `mkdocs serve` (its rebuilds keep the engine's own writing) and the
  system is POSIX.

A page the child cannot write (a folder where the file goes, no permission) fails the
build with the child's message naming the file (`PluginError`), as the engine's own write
would have. The child ends with the build, whether it succeeds, fails or is interrupted:
its input closes.
"""

from __future__ import annotations

import contextlib
import os
import struct
import subprocess
import sys
from typing import IO, TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from briefings.adapters.mkdocs_plugin import logfilter

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

#: A frame's header: the destination's length, then the content's, in bytes.
HEADER = struct.Struct("<II")
#: Handlers that may run before this plugin's `on_post_build` while pages are still written.
SAFE_POST_BUILD = (
    "material.plugins.search.", "mkdocs.contrib.search.", "properdocs.contrib.search.",
)  # fmt: skip
#: The child: frames from standard input, one file each, until its input ends (a frame cut
#: short, the build killed while sending it, is not written); the first failure is printed
#: ("<path>: <reason>") and ends it with status 1.
WRITER = r"""
import os, struct, sys
head, read, made = struct.Struct("<II"), sys.stdin.buffer.read, set()
while True:
    frame = read(8)
    if len(frame) < 8:
        break
    size, length = head.unpack(frame)
    name, data = read(size), read(length)
    if len(name) < size or len(data) < length:  # the build ended mid-frame: not a page
        break
    path = os.fsdecode(name)
    try:
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "wb") as file:
            file.write(data)
    except OSError as exc:
        print(f"{path}: {exc.strerror or exc}", flush=True)
        sys.exit(1)
"""
#: Bytes the pipe may hold (Linux: F_SETPIPE_SZ), so a page is rarely waited for.
PIPE_BYTES = 1 << 20

log = get_plugin_logger(__name__)


def usable(config: MkDocsConfig, plugin: object, *, serving: bool) -> bool:
    """Whether pages may be written by the child in this build (see the module docstring)."""
    if serving or os.name != "posix":
        return False
    post_page = config.plugins.events.get("post_page", [])
    if not post_page or getattr(post_page[-1], "__self__", None) is not plugin:
        return False
    for handler in config.plugins.events.get("post_build", []):
        owner = getattr(handler, "__self__", None)
        if owner is plugin:
            return True
        if owner is None or not (type(owner).__module__ + ".").startswith(SAFE_POST_BUILD):
            return False
    return False


class PageWriter:
    """`start()` once the pages are about to be built, `take()` from the last
    `on_post_page` handler, `finish()` before anything reads the site, `stop()` on failure."""

    def __init__(self) -> None:
        self._child: subprocess.Popen[bytes] | None = None
        self._pipe: IO[bytes] | None = None
        self._taken: set[str] = set()

    @property
    def active(self) -> bool:
        """Whether pages go to the child."""
        return self._pipe is not None

    def start(self) -> None:
        """Start the child (nothing if it cannot start: the engine writes as usual)."""
        self.stop()
        try:
            child = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", WRITER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                close_fds=True,
            )
        except OSError as exc:
            log.debug(f"pages are written by the build itself: {exc}")
            return
        assert child.stdin is not None
        _widen(child.stdin.fileno())
        self._child, self._pipe = child, child.stdin
        self._taken = set()
        logfilter.writer_pages(self._taken)
        log.debug("pages are written by a child process (page_writer)")

    def take(self, output: str, page: Page) -> str | None:
        """Send `page`'s `output` to the child and return "" (the engine writes nothing);
        None (the engine writes it) when inactive or when `output` is blank."""
        if self._pipe is None or not output.strip():
            return None
        path = os.fsencode(page.file.abs_dest_path)
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        self._taken.add(page.file.src_uri)
        try:
            self._pipe.write(HEADER.pack(len(path), len(data)))
            self._pipe.write(path)
            self._pipe.write(data)
        except BrokenPipeError:
            self._fail()
        return ""

    def finish(self) -> None:
        """Wait until every page is written; `PluginError` if one could not be."""
        if self._pipe is None or self._child is None:
            return
        with contextlib.suppress(BrokenPipeError):  # the child failed: its message follows
            self._pipe.close()
        self._pipe = None
        if self._child.wait() != 0:
            self._fail()
        self._close()

    def stop(self) -> None:
        """End the child without waiting for the pages it was sent (a failed build)."""
        if self._child is not None:
            self._child.kill()
            self._child.wait()
            self._close()
        self._pipe = None

    def _close(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            for stream in (child.stdin, child.stdout):
                if stream is not None and not stream.closed:
                    with contextlib.suppress(BrokenPipeError):
                        stream.close()

    def _fail(self) -> None:
        child = self._child
        message = ""
        if child is not None and child.stdout is not None:
            child.wait()
            message = child.stdout.read().decode("utf-8", errors="replace").strip()
        self._pipe = None
        self._close()
        raise PluginError(f"A page could not be written: {message or 'the writer stopped'}")


def _widen(fd: int) -> None:
    """Let the pipe hold `PIPE_BYTES` where the system allows (Linux)."""
    import fcntl  # POSIX only, like the writer

    setsize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setsize is not None:
        with contextlib.suppress(OSError):  # above /proc/sys/fs/pipe-max-size: as it was
            fcntl.fcntl(fd, setsize, PIPE_BYTES)
