"""A logging filter that escapes content quoted in the build log.

MkDocs' own warnings quote content (file names, link targets, anchors), and so do ours. A
control character (ESC, BEL, CR) could rewrite the terminal, and a line that starts with
`::error::` or `::add-mask::` is a command to GitHub's runner. The filter goes on the
handlers of MkDocs' (and ProperDocs') logger, so it sees every record they print, whichever
module logged it, and rewrites the message with `briefings.model.problems.escape_text`.

A newline inside a record is content too (a file name or value that holds one could forge
a `WARNING -` line or a workflow command at the start of a line), so it becomes `\n`,
except where a message of several lines continues by design: before an indented line
(MkDocs' lists) or before a `path:line: field:` problem line (ours, already escaped).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection

from briefings.model.problems import escape_text

LOGGER_NAMES = ("mkdocs", "properdocs")
#: A line that may follow a newline inside a message: indented, or a problem line
#: (`path:line: field: `, the field may hold spaces: `Bad Slug`), never one that starts
#: like a log record of its own.
_CONTINUATION = re.compile(
    r"[ \t]|(?!(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\b)\S[^\n]*?:[0-9]+: [^:\n]+: "
)


class EscapeContent(logging.Filter):
    """Escapes control characters and workflow-command lines in a record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite `record` so its message is escaped (its arguments merged in);
        always True: no record is dropped."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: logging reports it itself
            return True
        safe = escape_text(_newlines(message), newlines=True)
        if safe != message:
            record.msg, record.args = safe, None
        return True


def _newlines(message: str) -> str:
    """`message` with each newline written `\\n`, but for those before a continuation."""
    if "\n" not in message:
        return message
    first, *rest = message.split("\n")
    parts = [first]
    for line in rest:
        parts += ["\n" if _CONTINUATION.match(line) else "\\n", line]
    return "".join(parts)


class WorkerPages(logging.Filter):
    """Drops the engine's INFO line for a page a worker process wrote or the page
    writer writes ("Page skipped: 'x'. Generated empty output.": this process rendered it
    empty or handed it over, see `parallel` and `page_writer`); every other record passes."""

    PREFIX = "Page skipped: '"

    def __init__(self) -> None:
        super().__init__()
        self.uris: frozenset[str] = frozenset()
        self.written: Collection[str] = frozenset()  # `page_writer`'s, filled as it goes

    def filter(self, record: logging.LogRecord) -> bool:
        """False only for the skipped-page line of a page in `uris`."""
        if record.levelno != logging.INFO or not (self.uris or self.written):
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        if not message.startswith(self.PREFIX):
            return True
        uri = message[len(self.PREFIX) :].partition("'")[0]
        return uri not in self.uris and uri not in self.written


#: The one filter on the engines' page-building loggers.
WORKER_PAGES = WorkerPages()
#: The loggers the engines' `_build_page` logs with.
BUILD_LOGGERS = tuple(f"{name}.commands.build" for name in LOGGER_NAMES)


def worker_pages(uris: frozenset[str]) -> None:
    """Drop the skipped-page lines of `uris` from now on (an empty set: none), on the
    engines' page-building loggers."""
    WORKER_PAGES.uris = uris
    for name in BUILD_LOGGERS:
        logger = logging.getLogger(name)
        if WORKER_PAGES not in logger.filters:
            logger.addFilter(WORKER_PAGES)


def writer_pages(uris: Collection[str]) -> None:
    """Drop the skipped-page lines of `uris` (a set the page writer fills) from now on."""
    WORKER_PAGES.written = uris
    worker_pages(WORKER_PAGES.uris)


def install(names: tuple[str, ...] = LOGGER_NAMES) -> int:
    """Add the filter to every handler of the `names` loggers (once); returns how many."""
    added = 0
    for name in names:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, EscapeContent) for f in handler.filters):
                handler.addFilter(EscapeContent())
                added += 1
    return added
