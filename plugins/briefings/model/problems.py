"""The problem record shared by the build, the CLI, CI annotations and the tests."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]

#: Bidirectional formatting characters: invisible, and they reorder the text around them.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# What a terminal or a CI log must not receive raw: control characters (ESC, BEL, CR, ...),
# Unicode line separators, and bidirectional controls. Tab and newline are handled apart.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + "".join(sorted(BIDI_CONTROLS)) + "]"
)
# A line a CI runner reads as a command: GitHub's `::name ...::` (after any spaces) and the
# older `##[name]` form.
_COMMAND = re.compile(r"^([ \t]*)(::|##\[)", re.MULTILINE)


def escape_text(text: str, newlines: bool = False) -> str:
    """`text` made safe for a terminal or a CI log, visibly and reversibly enough to read.

    Control characters, line separators and bidirectional controls become `\\xNN` or
    `\\uNNNN`; a newline becomes `\\n` unless `newlines` is true (messages of several
    lines); and a line that a CI runner would take as a workflow command (`::error::`,
    `::add-mask::`, `::stop-commands::`, `##[...]`) gets a backslash in front.
    """
    if not newlines:
        text = text.replace("\n", "\\n")
    text = _UNSAFE.sub(_escaped, text)
    return _COMMAND.sub(r"\1\\\2", text)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


@dataclass(frozen=True, order=True)
class Problem:
    """One content problem: `path:line: field: message` (warnings add `warning: `)."""

    path: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        """Whether the problem stops the build (severity `error`)."""
        return self.severity == "error"

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {self.field}: {label}{self.message}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Deterministic order: by file, then line, then field."""
    return sorted(set(problems))


#: Characters of a field name and of a message shown in text and CI output; longer ones
#: (a pasted paragraph as a key, a huge value quoted) keep their start and end.
MAX_FIELD = 120
MAX_MESSAGE = 2_000


def shorten(text: str, limit: int) -> str:
    """`text`, or its start and end around `… (N characters) …` when over `limit`."""
    if len(text) <= limit:
        return text
    head, tail = limit * 2 // 3, limit // 4
    return f"{text[:head]} … ({len(text):,} characters) … {text[-tail:]}"


def _shortened(problem: Problem) -> Problem:
    if len(problem.field) <= MAX_FIELD and len(problem.message) <= MAX_MESSAGE:
        return problem
    return replace(problem, field=shorten(problem.field, MAX_FIELD),
                   message=shorten(problem.message, MAX_MESSAGE))  # fmt: skip


def format_text(problems: Iterable[Problem]) -> str:
    """One `path:line: field: message` line per problem, content escaped (`escape_text`);
    a field over `MAX_FIELD` or a message over `MAX_MESSAGE` characters is shortened."""
    return "\n".join(escape_text(str(_tabs_shown(_shortened(p)))) for p in problems)


def _tabs_shown(problem: Problem) -> Problem:
    """A tab in a file name is shown as `\\t` (in a message it is text, printed as is)."""
    if "\t" not in problem.path:
        return problem
    return replace(problem, path=problem.path.replace("\t", "\\t"))


def _escape_data(value: str) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _UNSAFE.sub(_escaped, value)  # ESC and the like, which the runner passes through


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands, escaped so content cannot inject commands."""
    lines = []
    for p in map(_shortened, problems):
        props = ",".join(
            f"{key}={_escape_property(value)}"
            for key, value in (("file", p.path), ("line", str(p.line)), ("title", p.field))
        )
        lines.append(f"::{p.severity} {props}::{_escape_data(p.message)}")
    return "\n".join(lines)


def format_json(problems: Iterable[Problem]) -> str:
    """The problems as a JSON list of records with `path`, `line`, `field`,
    `message` and `severity` (Unicode kept, indented)."""
    return json.dumps(
        [{k: v for k, v in asdict(p).items()} for p in problems], ensure_ascii=False, indent=2
    )
