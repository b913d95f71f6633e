"""Turn JSON Schema errors into readable problems that name a field and a line."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fastjsonschema import JsonSchemaException
from jsonschema.exceptions import ValidationError
from jsonschema.protocols import Validator

from briefings.content.located_yaml import Located, Path, field_name
from briefings.content.mistakes import Suggestions
from briefings.model.problems import Problem, Severity

_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
}
_FORMAT_MESSAGES = {
    "date": "must be a real date written YYYY-MM-DD",
    "partial-date": "must be a real date written YYYY, YYYY-MM or YYYY-MM-DD",
    "http-url": "must be an http:// or https:// address",
}


def schema_problems(
    validator: Validator,
    doc: Located,
    path: str,
    unknown: Severity = "warning",
    fast: Callable[[Any], Any] | None = None,
    suggest: Suggestions | None = None,
) -> Iterator[Problem]:
    """Every schema problem of `doc` (a file at `path`), one per offending field.

    `fast`, a compiled check of the same schema, skips the detailed pass for valid files.
    `suggest` gives unknown field names a did-you-mean (`sumary` -> `summary`).
    """
    suggest = suggest if suggest is not None else Suggestions()
    if fast is not None:
        try:
            fast(doc.data)
        except JsonSchemaException:
            pass
        else:
            return
    for error in validator.iter_errors(doc.data):
        yield from _problems(error, doc, path, unknown, suggest)


def _problems(
    error: ValidationError, doc: Located, path: str, unknown: Severity, suggest: Suggestions
) -> Iterator[Problem]:
    location: Path = tuple(error.absolute_path)
    instance: Any = error.instance
    schema: Any = error.schema
    if "propertyNames" in error.schema_path:  # the key itself is wrong
        location = (*location, instance)
    if error.validator == "additionalProperties":
        allowed = set(schema.get("properties", {}))
        for key in sorted(k for k in instance if k not in allowed):
            where = (*location, key)
            message = _unknown(key) + did_you_mean(str(key), allowed, suggest)
            yield Problem(path, doc.line_of(where), field_name(where), message, unknown)
        return
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        where = (*location, missing)
        yield Problem(path, doc.line_of(location), field_name(where), "required field is missing")
        return
    field = field_name(location) or "file"
    yield Problem(path, doc.line_of(location), field, _message(error))


def _unknown(key: str) -> str:
    return f"unknown field '{key}' (ignored)"


#: Longest name `field_guess` compares (a pasted paragraph as a key gets no guess).
GUESS_MAX = 64


def did_you_mean(key: str, allowed: Iterable[str], suggest: Suggestions) -> str:
    """`; did you mean 'x'?` for an unknown field name `key` among `allowed` (at any depth:
    `sources[].lang` -> `language`), or an empty string: first `field_guess`, then the
    closest spelling (`sumary` -> `summary`, within the load's budget)."""
    allowed = sorted(allowed)
    found = field_guess(key, allowed)
    if found is not None:
        return f"; did you mean '{found}'?"
    return suggest.hint(key.lower(), allowed, cutoff=0.7)


def field_guess(key: str, allowed: Iterable[str]) -> str | None:
    """The known name that `key` writes otherwise, or None: the same name in another case
    or with other separators (`keyPoints`, `key-points` -> `key_points`), a prefix of
    three letters or more (`lang` -> `language`, `desc` -> `description`), or an
    abbreviation keeping its first letter and the others in order (`aprox` ->
    `approximate`, `txt` -> `text`). Among several, the closest spelling."""
    name = _plain(key)
    if not 3 <= len(name) <= GUESS_MAX:
        return None
    plain = {_plain(a): a for a in sorted(allowed)}
    if name in plain:
        return plain[name] if plain[name] != key else None
    matches = [a for p, a in plain.items() if p.startswith(name)]
    if not matches:
        matches = [a for p, a in plain.items() if p[0] == name[0] and _in_order(name, p)]
    if not matches:
        return None
    return max(matches, key=lambda a: (difflib.SequenceMatcher(None, name, _plain(a)).ratio(),
                                       -len(a), a))  # fmt: skip


def _plain(name: str) -> str:
    return "".join(c for c in name.casefold() if c not in "_- ")


def _in_order(letters: str, word: str) -> bool:
    rest = iter(word)
    return all(letter in rest for letter in letters)


def _message(error: ValidationError) -> str:
    kind = error.validator
    value = error.instance
    expected: Any = error.validator_value
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        shown = " or ".join(_TYPE_NAMES.get(str(n), str(n)) for n in names)
        return f"must be {shown}, not {_shown(value)}"
    if kind == "format":
        return f"{_FORMAT_MESSAGES.get(expected, 'is malformed')}: {_shown(value)}"
    if kind == "pattern":
        if expected == "\\S":
            return "must not be empty"
        if expected.startswith("^[a-z0-9]"):
            return f"must be a slug (lowercase a-z, 0-9 and hyphens): {_shown(value)}"
        if expected.startswith("^[A-Za-z]{2,3}"):
            return f"must be a language tag such as en, fr or pt-BR: {_shown(value)}"
        return f"is malformed: {_shown(value)}"
    if kind == "minLength":
        return "must not be empty"
    if kind == "minItems":
        return f"needs at least {expected} item(s)"
    if kind == "maxLength":
        return f"is too long: {len(str(value)):,} characters (the limit is {expected:,})"
    if kind == "maxItems":
        count = len(value) if isinstance(value, list) else 0
        return f"has too many items: {count:,} (the limit is {expected:,})"
    if kind == "enum":
        options = ", ".join(str(v) for v in expected)
        return f"must be one of {options}, not {_shown(value)}"
    return error.message  # pragma: no cover - schema keywords not used by the format


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return repr(text)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)  # pragma: no cover
