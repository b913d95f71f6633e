"""The briefing format: field names, reserved names, entity kinds and the JSON Schema."""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterator
from importlib import resources
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators
from jsonschema.protocols import Validator

from briefings.model.dates import is_full_date, is_partial_date

BUILTIN_KINDS: dict[str, str] = {
    "people": "People",
    "places": "Places",
    "organizations": "Organizations",
}
#: Top-level URL names the site already uses for its own pages.
RESERVED_NAMES = frozenset(
    {
        "briefings",
        "stories",
        "tags",
        "timeline",
        "archive",
        "corrections",
        "feeds",
        "search",
        "assets",
    }
)
#: Slugs that would collide with the index page of their section.
RESERVED_SLUGS = frozenset({"index"})
#: Validating patterns are anchored with `\Z` (Python's `$` also matches before a final
#: newline, so `^...$` would let a slug or URL end in one).
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
KIND_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
STORIES_FILE = "stories.yml"
ENTITIES_FILE = "entities.yml"


def _read_json(name: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def _base_schema() -> dict[str, Any]:
    return _read_json("briefing.schema.json")


@functools.cache
def registries_schema() -> dict[str, Any]:
    return _read_json("registries.schema.json")


def core_fields() -> frozenset[str]:
    return frozenset(_base_schema()["properties"])


def check_kinds(extra: dict[str, str]) -> list[str]:
    """Config errors for extra entity kinds (names clashing with pages or fields)."""
    errors = []
    for kind in extra:
        if not KIND_RE.match(kind):
            errors.append(f"entity kind '{kind}' must be lowercase letters, digits or '_'")
        elif kind in RESERVED_NAMES:
            errors.append(f"entity kind '{kind}' is a name the site uses for its own pages")
        elif kind in BUILTIN_KINDS:
            errors.append(f"entity kind '{kind}' is built in; do not declare it")
        elif kind in core_fields():
            errors.append(f"entity kind '{kind}' is already a briefing field")
        elif kind in _base_schema()["$defs"]["event"]["properties"]:
            errors.append(f"entity kind '{kind}' is already a field of events")
    return errors


def all_kinds(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Built-in kinds followed by configured ones, slug -> display title."""
    return {**BUILTIN_KINDS, **(extra or {})}


def briefing_schema(kinds: tuple[str, ...] = ()) -> dict[str, Any]:
    """The site's JSON Schema: the shipped one plus a slug-list field per extra kind, on
    the briefing and on its events."""
    schema = copy.deepcopy(_base_schema())
    event = schema["$defs"]["event"]["properties"]
    for kind in kinds:
        if kind not in schema["properties"]:
            schema["properties"][kind] = {
                "$ref": "#/$defs/slugList",
                "description": f"Slugs of kind `{kind}` in briefings/entities.yml.",
            }
        if kind not in event:
            event[kind] = {
                "$ref": "#/$defs/slugList",
                "description": f"The event's `{kind}`; when absent, the briefing's.",
            }
    return schema


# No whitespace, control characters or characters a URL must percent-encode (<>"`{}|\^),
# nor invisible format characters (zero-width, bidirectional controls, BOM).
_URL_CHAR = r"[^\s\x00-\x1f\x7f-\x9f<>\"`{}|\\^\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
_URL_RE = re.compile(rf"https?://(?:(?![/?#@]){_URL_CHAR})+(?:[/?#]{_URL_CHAR}*)?\Z", re.IGNORECASE)


def is_http_url(value: object) -> bool:
    """An absolute http(s) address with a host and nothing a URL cannot hold as it is."""
    return isinstance(value, str) and _URL_RE.match(value) is not None


#: The schema's custom formats, shared by both validators.
FORMATS = {"date": is_full_date, "partial-date": is_partial_date, "http-url": is_http_url}


def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker


_DOLLAR = re.compile(r"(?<!\\)\$")


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """A JSON Schema `pattern` with ECMA-262's `$` (the end, never before a final newline).

    fastjsonschema compiles patterns this way; jsonschema uses Python's `re` as it is, so
    both validators are given the same meaning here.
    """
    return re.compile(_DOLLAR.sub(r"\\Z", pattern))


def _pattern(validator: Validator, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    if isinstance(instance, str) and not ecma_regex(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


#: Draft 2020-12 with `pattern` read as ECMA-262 (and fastjsonschema) read it.
SchemaValidator = validators.extend(Draft202012Validator, {"pattern": _pattern})


@functools.cache
def briefing_validator(kinds: tuple[str, ...] = ()) -> Validator:
    return SchemaValidator(briefing_schema(kinds), format_checker=format_checker())


@functools.cache
def fast_briefing_check(kinds: tuple[str, ...] = ()):
    """A compiled yes/no check of the same schema: most files are valid, and this is ~40x
    faster than `briefing_validator`, which then only runs to describe the problems."""
    return fastjsonschema.compile(briefing_schema(kinds), formats=FORMATS)


@functools.cache
def registry_validator(name: str) -> Validator:
    schema = {**registries_schema(), "$ref": f"#/$defs/{name}"}
    return SchemaValidator(schema, format_checker=format_checker())
