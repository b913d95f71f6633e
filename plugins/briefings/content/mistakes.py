"""Mistakes YAML hides: values cut by ` #` or `&word`, syntax errors without a field or a
hint, misspelt names. Each finder returns problems; none changes what was loaded.

Bounded work: did-you-mean suggestions are computed for the first `SUGGESTION_LIMIT`
unknown names of a load only (each costs a comparison with every known name); later ones
are still reported, without a suggestion.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from briefings.content.located_yaml import Located, Path, YamlError, field_name
from briefings.model.problems import Problem

SUGGESTION_LIMIT = 50


class Suggestions:
    """Did-you-mean for one load, with a budget of `limit` searches (see module docstring)."""

    def __init__(self, limit: int = SUGGESTION_LIMIT) -> None:
        self.left = limit
        self.searches = 0
        self.asked = 0  # searches asked for, budget spent or not (the loader's cache)

    def close(self, value: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
        """The known name closest to `value`, or None (also once the budget is spent)."""
        self.asked += 1
        if self.left <= 0:
            return None
        self.left -= 1
        self.searches += 1
        found = difflib.get_close_matches(value, sorted(candidates), n=1, cutoff=cutoff)
        return found[0] if found else None

    def hint(self, value: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
        """`; did you mean 'x'?` or an empty string."""
        found = self.close(value, candidates, cutoff)
        return f"; did you mean '{found}'?" if found else ""


# -- values cut by a comment or an anchor ------------------------------------------------


def cut_values(doc: Located, lines: list[str], path: str) -> Iterator[Problem]:
    """Warnings for plain values that YAML cut short: text after ` #` became a comment, or
    a leading `&word` became an anchor name. `lines` are the file's lines (1-based lines in
    `doc` index them)."""
    suspects = {n for n, line in enumerate(lines, 1) if "#" in line or "&" in line}
    if not suspects:
        return
    for where, value in _strings(doc.data, ()):
        number = doc.lines.get(where)
        if number not in suspects:
            continue
        raw = _raw_value(lines[number - 1], where)
        if raw is None or raw[:1] in ("'", '"', "[", "{", "|", ">"):
            continue
        field = field_name(where)
        if raw.startswith("&") and re.match(r"&[^\s]+", raw):
            anchor = raw.split()[0]
            yield Problem(path, number, field,
                          f"the value starts with '{anchor}', which YAML reads as an anchor "
                          "name and drops; put the value in quotes", "warning")  # fmt: skip
            continue
        if isinstance(value, str) and value and "#" in raw:
            rest = raw[len(value) :] if raw.startswith(value) else None
            if rest is None or not re.match(r"[ \t]+#", rest):
                continue
            spaces = len(rest) - len(rest.lstrip(" \t"))
            comment = rest.lstrip(" \t")
            deliberate = spaces >= 2 and (len(comment) == 1 or comment[1] in " \t")
            if deliberate and _key_of(where) not in PROSE_FIELDS:
                continue  # a deliberate comment: two spaces before, `# ` after
            kept = value if len(value) <= 40 else value[:37] + "..."
            yield Problem(path, number, field,
                          f"the text after ' #' is a YAML comment, so the value is only "
                          f"{kept!r}; put the value in quotes", "warning")  # fmt: skip


#: Fields of prose, where even a comment written as one (`summary: Two  # 4 dead`) is text
#: the curator most likely meant to publish: warned about too.
PROSE_FIELDS = frozenset({"title", "summary", "key_points", "text", "name", "note",
                          "description", "aliases"})  # fmt: skip


def _key_of(where: Path) -> str:
    """The last key name of `where` (`key_points` for `key_points[2]`)."""
    return next((part for part in reversed(where) if isinstance(part, str)), "")


def _raw_value(line: str, where: Path) -> str | None:
    """The source text of the value on `line` for the key or item at `where`."""
    text = line.rstrip()
    if where and isinstance(where[-1], str):
        match = re.match(r"^[ ]*(?:-[ ]+)*" + re.escape(where[-1]) + r"[ ]*:[ ]+", text)
        if match is None:
            return None
        return text[match.end() :]
    match = re.match(r"^[ ]*(?:-[ ]+)+", text)
    return text[match.end() :] if match else None


def _strings(value: Any, where: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*where, index))
    elif where:
        yield where, value


# -- YAML syntax errors --------------------------------------------------------------------

_HINTS = {
    "@": "'@' cannot start a plain YAML value",
    "`": "'`' cannot start a plain YAML value",
    "%": "'%' at the start is read as a YAML directive",
    "*": "'*' at the start is read as a YAML alias",
    "&": "'&' at the start is read as a YAML anchor",
    "!": "'!' at the start is read as a YAML tag",
    "[": "'[' at the start is read as a YAML list",
    "{": "'{' at the start is read as a YAML mapping",
    "|": "'|' at the start is read as a YAML block of text",
    ">": "'>' at the start is read as a YAML block of text",
}


def yaml_problem(exc: YamlError, lines: list[str], path: str) -> Problem:
    """A YAML syntax error as a problem naming the field of its line (`file` when the line
    has none) with a hint for the common causes. `lines`: the file's lines. When the parser
    names where the faulty value began ("the sequence began at line 4"), that line is the
    one reported."""
    began = re.search(r"began at line (\d+)\)", exc.message)
    candidates = [int(began.group(1))] if began else []
    if "parsing a block mapping" in exc.message:  # where the parser stopped comes first,
        candidates = [exc.line, *candidates]  # unless a line above has a hint (a quote)
    candidates += [exc.line, exc.line - 1]
    field, hint, where = "file", "", exc.line
    for number in candidates:
        if not 0 < number <= len(lines):
            continue
        name = _field_of(lines, number)
        found = _hint(lines[number - 1])
        if found:
            field, hint, where = name or "file", found, number
            break
        if name and field == "file":
            field, where = name, number
    line = lines[where - 1] if 0 < where <= len(lines) else ""
    if not hint and "expected key" in exc.message and line.startswith("-"):
        field, hint = "file", _LIST_ITEM_HINT
    message = exc.message + (f"; hint: {hint}" if hint else "")
    return Problem(path, where, field, message)


def _hint(line: str) -> str:
    glued = _GLUED_KEY.match(line)
    if glued:
        return (f"'{glued.group(2)}:' has no space after the colon, so YAML reads the line as "
                f"one word; write '{glued.group(2)}: {glued.group(3)}'")  # fmt: skip
    if "\t" in line[: len(line) - len(line.lstrip())] or (
        "\t" in line and not line.lstrip().startswith("#")
    ):
        return "the line has a tab character; YAML indents with spaces only"
    match = re.match(r"^[ ]*(?:-[ ]+)*(?:[^\s:#'\"][^:#]*?[ ]*:[ ]+|-[ ]+)(?P<value>.*)$", line)
    value = match.group("value").strip() if match else ""
    if not value:
        return ""
    first = value[0]
    if first in "\"'":
        closing = value.find(first, 1)
        while first == '"' and closing > 0 and _escaped_at(value, closing):
            closing = value.find(first, closing + 1)
        if closing != -1 and value[closing + 1 :].strip():
            return (f"the value starts with a quote, so YAML reads only up to the next "
                    f"{first}; quote the whole value with the other quote character")  # fmt: skip
        if closing == -1:
            return (f"the value starts with {first} but does not end with one; quote the "
                    "whole value")  # fmt: skip
        if first == '"' and "\\" in value:
            return ("a backslash in double quotes starts an escape, and this one names no "
                    "character (\\uD800-\\uDFFF are halves of pairs, not characters); "
                    "write the character itself, or use single quotes")  # fmt: skip
        return ""
    if first in "[{" and " #" in value:
        return ("' #' starts a YAML comment, which cuts the list here; put the item in "
                "quotes")  # fmt: skip
    closer = "]" if first == "[" else "}"
    if first in "[{" and _balanced(value) and value.endswith(closer):
        return ""  # a whole list or mapping: the fault is elsewhere
    if first in "[{" and _balanced(value):
        return (f"'{first}' at the start is read as a YAML "
                f"{'list' if first == '[' else 'mapping'}, and text follows it; put the "
                "value in quotes")  # fmt: skip
    if first in _HINTS:
        return f"{_HINTS[first]}; put the value in quotes"
    if ": " in value or value.endswith(":"):
        return "the value contains ': ', which YAML reads as a new key; put the value in quotes"
    return ""


_LIST_ITEM_HINT = (
    "a list item where YAML expects 'field: value'; put the list under its field "
    "(key_points:, tags: ...), or remove the '-'"
)
# A key with its value glued to the colon (`curator:Desk`): YAML reads one plain word.
_GLUED_KEY = re.compile(r"^([ ]*)(?:-[ ]+)*([A-Za-z_][\w-]*):(?![/\\])(\S.*)$")
_KEY = re.compile(r"^[ ]*(?:-[ ]+)*[A-Za-z_][\w-]*[ ]*:(?:[ ]|$)")


def _escaped_at(value: str, index: int) -> bool:
    """Whether the character at `index` follows an odd number of backslashes."""
    slashes = len(value[:index]) - len(value[:index].rstrip("\\"))
    return slashes % 2 == 1


def _balanced(value: str) -> bool:
    depth = 0
    for char in value:
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
    return depth == 0


def _field_of(lines: list[str], number: int) -> str:
    """The dotted key path of line `number` from the indentation of the lines above it."""
    line = lines[number - 1]
    match = re.match(r"^([ ]*)(?:-[ ]+)*([A-Za-z_][\w-]*)[ ]*:(?:[ ]|$)", line)
    match = match or _GLUED_KEY.match(line)
    if match is None:  # a continuation line: the key above it
        above = [n for n in range(number - 1, 0, -1) if _KEY.match(lines[n - 1])]
        return _field_of(lines, above[0]) if above and number - above[0] <= 20 else ""
    names = [match.group(2)]
    indent = len(match.group(1))
    for previous in reversed(lines[: number - 1]):
        if indent == 0:
            break
        found = re.match(r"^([ ]*)(?:-[ ]+)*([A-Za-z_][\w-]*)[ ]*:(?:[ ]|$)", previous)
        if found and len(found.group(1)) < indent and not previous.lstrip().startswith("- "):
            names.append(found.group(2))
            indent = len(found.group(1))
    return ".".join(reversed(names))
