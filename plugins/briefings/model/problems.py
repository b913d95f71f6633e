"""The problem record shared by the build, the CLI, CI annotations and the tests."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


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
        return self.severity == "error"

    def __str__(self) -> str:
        label = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {self.field}: {label}{self.message}"


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Deterministic order: by file, then line, then field."""
    return sorted(set(problems))


def format_text(problems: Iterable[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: Iterable[Problem]) -> str:
    """GitHub Actions workflow commands, escaped so content cannot inject commands."""
    lines = []
    for p in problems:
        props = ",".join(
            f"{key}={_escape_property(value)}"
            for key, value in (("file", p.path), ("line", str(p.line)), ("title", p.field))
        )
        lines.append(f"::{p.severity} {props}::{_escape_data(p.message)}")
    return "\n".join(lines)


def format_json(problems: Iterable[Problem]) -> str:
    return json.dumps(
        [{k: v for k, v in asdict(p).items()} for p in problems], ensure_ascii=False, indent=2
    )
