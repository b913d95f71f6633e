"""A logging filter that escapes content quoted in the build log.

MkDocs' own warnings quote content (file names, link targets, anchors), and so do ours. A
control character (ESC, BEL, CR) could rewrite the terminal, and a line that starts with
`::error::` or `::add-mask::` is a command to GitHub's runner. The filter goes on the
handlers of MkDocs' (and ProperDocs') logger, so it sees every record they print, whichever
module logged it, and rewrites the message with `briefings.model.problems.escape_text`.
"""

from __future__ import annotations

import logging

from briefings.model.problems import escape_text

LOGGER_NAMES = ("mkdocs", "properdocs")


class EscapeContent(logging.Filter):
    """Escapes control characters and workflow-command lines in a record's message."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite `record` so its message is escaped (its arguments merged in);
        always True: no record is dropped."""
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: logging reports it itself
            return True
        safe = escape_text(message, newlines=True)
        if safe != message:
            record.msg, record.args = safe, None
        return True


def install(names: tuple[str, ...] = LOGGER_NAMES) -> int:
    """Add the filter to every handler of the `names` loggers (once); returns how many."""
    added = 0
    for name in names:
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, EscapeContent) for f in handler.filters):
                handler.addFilter(EscapeContent())
                added += 1
    return added
