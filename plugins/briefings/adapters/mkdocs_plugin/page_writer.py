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

A page the child cannot write (a folder where the file goes, no permission, a full disk)
fails the build at its end (`on_post_build`, `PluginError`) with the child's message naming
the first such file and how many more failed; the child writes every other page. So does a
child that wrote fewer pages than it was sent (it counts them), or that stopped. A child
that does not start, or does not say it is ready within `READY_SECONDS`, leaves the
writing to the engine. The child ends with the build, whether it succeeds, fails or is
interrupted: its input closes; it finishes the page it is writing when the build gets
Ctrl-C or SIGTERM, and a page cut short in the pipe is not written.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import struct
import subprocess
import sys
import time
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
#: The child: says "ready", then writes one file per frame from standard input until its
#: input ends (a frame cut short, the build killed while sending it, is not written). A
#: file it cannot write is reported ("failed <path>: <reason>", the first one) and skipped:
#: the others are still written. At the end it says how many it wrote ("written N"). Ctrl-C
#: and SIGTERM are the build's to handle: the child finishes the page it writes and those
#: it was sent, and ends when its input does (the build gone).
WRITER = r"""
import os, signal, struct, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
head, read, made, written, failed = struct.Struct("<II"), sys.stdin.buffer.read, set(), 0, 0
def say(text):
    try:
        print(text, flush=True)
    except BrokenPipeError:  # the build is gone
        os._exit(1)
say("ready")
while True:
    frame = read(8)
    if len(frame) < 8:
        break
    size, length = head.unpack(frame)
    name, data = read(size), read(length)
    if len(name) < size or len(data) < length:
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
        if not failed:
            say(f"failed {path}: {exc.strerror or exc}")
        failed += 1
        continue
    written += 1
say(f"written {written} failed {failed}")
os._exit(0)
"""
#: Seconds the child may take to say "ready" (else the engine writes the pages itself).
READY_SECONDS = 10.0
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
        self._taken: set[str] = set()  # the pages sent (their source URIs)
        self._said = b""  # what the child said after "ready" while `start` read it

    def start(self) -> None:
        """Start the child; when it cannot start or does not say "ready" within
        `READY_SECONDS`, nothing (the engine writes the pages as usual)."""
        self.stop()
        try:
            child = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", WRITER],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True,
            )  # fmt: skip
        except OSError as exc:
            log.debug(f"pages are written by the build itself: {exc}")
            return
        assert child.stdin is not None and child.stdout is not None
        self._child = child
        said = _line(child.stdout.fileno(), time.monotonic() + READY_SECONDS)
        if said is None or not said.startswith(b"ready\n"):
            log.debug("pages are written by the build itself: the page writer did not start")
            self.stop()
            return
        self._said = said.removeprefix(b"ready\n")
        _widen(child.stdin.fileno())
        self._pipe = child.stdin
        self._taken = set()
        logfilter.writer_pages(self._taken)
        log.debug("pages are written by a child process (page_writer)")

    def take(self, output: str, page: Page) -> str | None:
        """Send `page`'s `output` to the child and return "" (the engine writes nothing);
        None (the engine writes it) when inactive, when `output` is blank, and from the
        moment the child stopped (`finish()` reports why)."""
        if self._pipe is None or not output.strip():
            return None
        path = os.fsencode(page.file.abs_dest_path)
        data = output.encode("utf-8", errors="xmlcharrefreplace")
        try:
            self._pipe.write(HEADER.pack(len(path), len(data)))
            self._pipe.write(path)
            self._pipe.write(data)
        except BrokenPipeError:  # it failed on an earlier page: the engine writes the rest
            self._pipe = None
            return None
        self._taken.add(page.file.src_uri)
        return ""

    def finish(self) -> None:
        """Wait until every page sent is written; `PluginError` naming the file when one
        could not be, or when the child wrote fewer pages than it was sent."""
        child = self._child
        if child is None:
            return
        if self._pipe is not None:
            with contextlib.suppress(BrokenPipeError):  # it failed: its message follows
                self._pipe.close()
            self._pipe = None
        assert child.stdout is not None
        said = (self._said + child.stdout.read()).decode("utf-8", errors="replace")
        status = child.wait()
        self.stop()
        lines = said.strip().splitlines()
        first = next((line[len("failed ") :] for line in lines if line.startswith("failed ")), "")
        count = re.fullmatch(r"written (\d+) failed (\d+)", lines[-1] if lines else "")
        written, failed = (int(count[1]), int(count[2])) if count else (-1, 0)
        if status == 0 and written == len(self._taken) and not failed:
            return
        if first:
            more = f" ({failed - 1} more pages could not be written either)" if failed > 1 else ""
            raise PluginError(f"A page could not be written: {first}{more}")
        raise PluginError(
            f"A page could not be written: the page writer stopped (status {status}) after "
            f"{said.strip() or 'no answer'}; {len(self._taken)} pages were sent"
        )

    def stop(self) -> None:
        """End the child without waiting for the pages it was sent (a failed build)."""
        child, self._child, self._pipe = self._child, None, None
        logfilter.writer_pages(frozenset())
        if child is None:
            return
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None and not stream.closed:
                with contextlib.suppress(BrokenPipeError):
                    stream.close()


def _line(fd: int, deadline: float) -> bytes | None:
    """Bytes read from `fd` up to and past its first newline (None: none before
    `deadline`, `time.monotonic()` seconds, or before the end of the output)."""
    said = b""
    while b"\n" not in said:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 256)
        if not chunk:
            return None
        said += chunk
    return said


def _widen(fd: int) -> None:
    """Let the pipe hold `PIPE_BYTES` where the system allows (Linux)."""
    import fcntl  # POSIX only, like the writer

    setsize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setsize is not None:
        with contextlib.suppress(OSError):  # above /proc/sys/fs/pipe-max-size: as it was
            fcntl.fcntl(fd, setsize, PIPE_BYTES)
