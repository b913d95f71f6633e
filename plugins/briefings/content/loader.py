"""Files -> validated briefings + every problem found, in one pass over the content."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefings.content import located_yaml as yamlsource
from briefings.content.files import FileProblem, read_text, split_front_matter
from briefings.content.located_yaml import Located
from briefings.content.located_yaml import Path as Path_
from briefings.content.registries import Registries, load_registries
from briefings.content.rules import schema_problems
from briefings.content.schema import (
    ENTITIES_FILE,
    RESERVED_SLUGS,
    SLUG_RE,
    STORIES_FILE,
    briefing_validator,
    fast_briefing_check,
)
from briefings.model.content import Briefing, Correction, Entity, Event, Source, Story
from briefings.model.dates import PartialDate, parse_full
from briefings.model.problems import Problem, Severity, sort_problems
from briefings.model.settings import Settings


@dataclass
class Corpus:
    """Everything loaded from a site's content folder."""

    settings: Settings
    briefings: list[Briefing] = field(default_factory=list)
    stories: dict[str, Story] = field(default_factory=dict)
    entities: dict[str, dict[str, Entity]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, Located] = field(default_factory=dict)  # path -> parsed front matter

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass
class _Parsed:
    """A briefing file after parsing, before cross-file checks."""

    rel: str
    doc: Located
    slug: str
    briefing: Briefing | None  # None when the file has errors of its own


def briefing_files(settings: Settings) -> list[Path]:
    """Briefing files: every .md below the content folder, minus `_*` files and folders."""
    root = settings.source_dir
    if not root.is_dir():
        return []
    files = []
    for path in root.rglob("*.md"):
        parts = path.relative_to(root).parts
        if any(part.startswith(("_", ".")) for part in parts):
            continue
        files.append(path)
    return sorted(files)


def load_corpus(settings: Settings) -> Corpus:
    """Load registries and briefings and report every problem at once."""
    reg = load_registries(settings)
    corpus = Corpus(settings, stories=reg.stories, entities=reg.entities)
    problems = list(reg.problems)
    parsed: list[_Parsed] = []
    for file in briefing_files(settings):
        item, found = _parse_file(settings, file)
        problems.extend(found)
        if item is not None:
            parsed.append(item)
    problems.extend(_check_slugs(parsed))
    known = _Known.of(settings, reg, {p.slug for p in parsed})
    for item in parsed:
        problems.extend(_check_references(item, known))
    corpus.briefings = sorted(
        (p.briefing for p in parsed if p.briefing is not None),
        key=lambda b: (b.date, b.slug),
        reverse=True,
    )
    corpus.problems = sort_problems(problems)
    corpus.documents = {item.rel: item.doc for item in parsed}
    return corpus


def _parse_file(settings: Settings, file: Path) -> tuple[_Parsed | None, list[Problem]]:
    rel = settings.relative(file)
    try:
        split = split_front_matter(read_text(file))
        doc = yamlsource.load(split.front_matter, split.front_line)
    except FileProblem as exc:
        return None, [exc.problem(rel)]
    except yamlsource.YamlError as exc:
        return None, [Problem(rel, exc.line, "file", exc.message)]
    doc.lines.setdefault((), 1)
    doc.lines[()] = 1  # a missing key is reported at the opening '---'
    problems = [
        Problem(rel, line, yamlsource.field_name(where) or "file", message)
        for line, where, message in doc.problems
    ]
    if not isinstance(doc.data, dict):
        problems.append(Problem(rel, 1, "file", "front matter must be a mapping of fields"))
        return None, problems
    kinds = tuple(settings.entity_kinds)
    severity: Severity = "error" if settings.unknown_fields == "error" else "warning"
    problems.extend(
        schema_problems(
            briefing_validator(kinds), doc, rel, severity, fast=fast_briefing_check(kinds)
        )
    )
    problems.extend(_check_semantics(doc, rel))
    given = doc.data.get("slug")
    slug: str = given if isinstance(given, str) else file.stem
    if slug in RESERVED_SLUGS:
        problems.append(
            Problem(rel, doc.line_of(("slug",)), "slug",
                    f"'{slug}' is reserved for index pages; choose another slug")
        )  # fmt: skip
    elif not SLUG_RE.match(slug):
        problems.append(
            Problem(
                rel,
                doc.line_of(("slug",)),
                "slug",
                f"file name '{file.name}' is not a valid slug; rename the file "
                "(lowercase a-z, 0-9 and hyphens) or set slug:",
            )
        )
    briefing = None
    if not any(p.is_error for p in problems):
        inner = file.relative_to(settings.source_dir).as_posix()
        src_uri = f"{settings.briefings_dir.strip('/')}/{inner}"
        briefing = _build(settings, doc.data, slug, rel, src_uri, split.body)
    return _Parsed(rel, doc, slug, briefing), problems


def _check_semantics(doc: Located, rel: str) -> Iterable[Problem]:
    """Rules a schema cannot say: sources need url or note; ranges run forwards."""
    data = doc.data
    for i, source in enumerate(_list(data.get("sources"))):
        if isinstance(source, dict) and "url" not in source and "note" not in source:
            yield Problem(
                rel,
                doc.line_of(("sources", i)),
                f"sources[{i}]",
                "a source without url needs a note saying why",
                "warning",
            )
    for i, event in enumerate(_list(data.get("events"))):
        if not isinstance(event, dict):
            continue
        try:
            start = PartialDate.parse(event["date"])
            end = PartialDate.parse(event["end"])
        except (KeyError, ValueError, TypeError):
            continue
        if end < start:
            yield Problem(
                rel,
                doc.line_of(("events", i, "end")),
                f"events[{i}].end",
                f"ends ({end}) before it starts ({start})",
            )
    updated, date = data.get("updated"), data.get("date")
    try:
        if updated is not None and date is not None and parse_full(updated) < parse_full(date):
            yield Problem(
                rel,
                doc.line_of(("updated",)),
                "updated",
                f"is earlier than the briefing's date ({date})",
            )
    except (ValueError, TypeError):
        pass


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _check_slugs(parsed: list[_Parsed]) -> Iterable[Problem]:
    first: dict[str, _Parsed] = {}
    for item in parsed:
        if item.slug in first:
            other = first[item.slug]
            line = item.doc.line_of(("slug",))
            yield Problem(
                item.rel, line, "slug", f"duplicate slug '{item.slug}': also used by {other.rel}"
            )
            yield Problem(
                other.rel,
                other.doc.line_of(("slug",)),
                "slug",
                f"duplicate slug '{item.slug}': also used by {item.rel}",
            )
        else:
            first[item.slug] = item


@dataclass(frozen=True)
class _Known:
    """What references may name, computed once per load."""

    stories: frozenset[str]
    entities: dict[str, frozenset[str]]
    briefings: frozenset[str]
    stories_file: str
    entities_file: str

    @classmethod
    def of(cls, settings: Settings, reg: Registries, slugs: set[str]) -> _Known:
        return cls(
            stories=frozenset(reg.stories),
            entities={k: frozenset(reg.entities.get(k, {})) for k in settings.kinds},
            briefings=frozenset(slugs),
            stories_file=settings.relative(settings.source_dir / STORIES_FILE),
            entities_file=settings.relative(settings.source_dir / ENTITIES_FILE),
        )


def _check_references(item: _Parsed, known: _Known) -> Iterable[Problem]:
    yield from _unknown_slugs(item, "stories", known.stories, f"add it to {known.stories_file}")
    for kind, slugs in known.entities.items():
        hint = f"add it under '{kind}:' in {known.entities_file}"
        yield from _unknown_slugs(item, kind, slugs, hint)
    yield from _unknown_slugs(
        item, "related", known.briefings, "no briefing has this slug", noun="briefing"
    )
    yield from _event_references(item, known)


def _event_references(item: _Parsed, known: _Known) -> Iterable[Problem]:
    """An event's own `stories` and entity fields name registered slugs, like the
    briefing's (reported as `events[i].stories[j]`)."""
    for i, event in enumerate(_list(item.doc.data.get("events"))):
        if not isinstance(event, dict):
            continue
        where: Path_ = ("events", i)
        yield from _unknown_slugs(
            item, "stories", known.stories, f"add it to {known.stories_file}", within=where,
            values=event.get("stories"),
        )  # fmt: skip
        for kind, slugs in known.entities.items():
            hint = f"add it under '{kind}:' in {known.entities_file}"
            yield from _unknown_slugs(item, kind, slugs, hint, within=where, values=event.get(kind))


def _unknown_slugs(
    item: _Parsed,
    key: str,
    known: frozenset[str],
    hint: str,
    noun: str = "",
    within: Path_ = (),
    values: Any = None,
) -> Iterable[Problem]:
    """`within`: the path of the mapping holding `key` (an event), whose `values` are
    given; top-level fields are read from the document."""
    if not within:
        values = item.doc.data.get(key)
    if not isinstance(values, list):
        return
    prefix = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in within).lstrip(".")
    name = f"{prefix}.{key}" if prefix else key
    label = noun or ("story" if key == "stories" else f"{key} entry")
    for i, value in enumerate(values):
        if not isinstance(value, str):
            continue
        if key == "related" and value == item.slug:
            message = "a briefing cannot be related to itself"
        elif value in known:
            continue
        else:
            message = f"unknown {label} '{value}' ({hint})"
            candidates = sorted(known - {item.slug}) if key == "related" else sorted(known)
            close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
            if close:
                message += f"; did you mean '{close[0]}'?"
        yield Problem(item.rel, item.doc.line_of((*within, key, i)), f"{name}[{i}]", message)


def _build(
    settings: Settings, data: dict, slug: str, rel: str, src_uri: str, body: str
) -> Briefing:
    return Briefing(
        slug=slug,
        path=rel,
        src_uri=src_uri,
        title=data["title"].strip(),
        date=parse_full(data["date"]),
        summary=data["summary"].strip(),
        sources=tuple(_source(s) for s in data["sources"]),
        body=body,
        stories=_unique(data.get("stories", ())),
        tags=_unique(t.strip() for t in data.get("tags", ())),
        entities={kind: _unique(data.get(kind, ())) for kind in settings.kinds},
        key_points=tuple(p.strip() for p in data.get("key_points", ())),
        events=tuple(_event(e, settings.kinds) for e in data.get("events", ())),
        related=_unique(data.get("related", ())),
        updated=parse_full(data["updated"]) if data.get("updated") else None,
        status=data.get("status", "published"),
        curator=data.get("curator"),
        corrections=tuple(
            Correction(parse_full(c["date"]), c["text"].strip())
            for c in data.get("corrections", ())
        ),
    )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _source(data: dict) -> Source:
    return Source(
        name=data["name"].strip(),
        url=data.get("url"),
        note=data.get("note"),
        published=parse_full(data["published"]) if data.get("published") else None,
        language=data.get("language"),
    )


def _event(data: dict, kinds: Iterable[str]) -> Event:
    stories = data.get("stories")
    return Event(
        date=PartialDate.parse(data["date"]),
        title=data["title"].strip(),
        end=PartialDate.parse(data["end"]) if data.get("end") else None,
        approximate=bool(data.get("approximate", False)),
        stories=None if stories is None else _unique(stories),
        entities=tuple((k, _unique(data[k])) for k in kinds if data.get(k) is not None),
    )
