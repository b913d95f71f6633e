"""Checks across the loaded briefing files: duplicate slugs, and references (stories,
entities, related briefings, events' own fields) that name nothing registered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefings.content.located_yaml import Path as Path_
from briefings.content.mistakes import Suggestions
from briefings.content.registries import Registries
from briefings.content.schema import ENTITIES_FILE, STORIES_FILE
from briefings.model.problems import Problem
from briefings.model.settings import Settings

if TYPE_CHECKING:
    from briefings.content.loader import _Parsed


def duplicate_slugs(parsed: list[_Parsed]) -> Iterable[Problem]:
    """Both files of every slug used twice, each naming the other."""
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
class Known:
    """What references may name, computed once per load."""

    stories: frozenset[str]
    entities: dict[str, frozenset[str]]
    briefings: frozenset[str]
    stories_file: str
    entities_file: str
    # Registries whose file could not be read: its one problem is the cause, and a
    # reference to it would be one more error per briefing (thousands), so none is made.
    unchecked: frozenset[str] = frozenset()
    # Field (`stories`, an entity kind) -> slugs of entries the registry's schema refused
    # (`Registries.refused`): reported there; a reference to one is not "unknown".
    skip: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, settings: Settings, reg: Registries, slugs: set[str]) -> Known:
        """What `reg` registers and `slugs` (the loaded briefings' slugs) name. Entity
        kinds that cannot be judged (an unreadable file, a kind that is no mapping) are
        left out of `entities`: references to them are not checked."""
        skip: dict[str, set[str]] = {}  # field -> refused slugs
        for entry in reg.refused:  # ("stories", slug), ("entities", kind[, slug])
            if entry[0] == "stories" and len(entry) == 2:
                skip.setdefault("stories", set()).add(entry[1])
            elif entry[0] == "entities" and len(entry) == 3:
                skip.setdefault(entry[1], set()).add(entry[2])
        kinds = [] if "entities" in reg.broken else settings.kinds
        return cls(
            stories=frozenset(reg.stories),
            entities={
                k: frozenset(reg.entities.get(k, {}))
                for k in kinds
                if ("entities", k) not in reg.refused
            },
            briefings=frozenset(slugs),
            stories_file=settings.relative(settings.source_dir / STORIES_FILE),
            entities_file=settings.relative(settings.source_dir / ENTITIES_FILE),
            unchecked=frozenset(reg.broken),
            skip={key: frozenset(found) for key, found in skip.items()},
        )


def unknown_references(item: _Parsed, known: Known, suggest: Suggestions) -> Iterable[Problem]:
    """`item`'s stories, entities, related briefings and its events' own references that
    name nothing `known` (with a did-you-mean from `suggest`)."""
    hint = f"add it to {known.stories_file}"
    if "stories" not in known.unchecked:
        yield from _unknown_slugs(item, "stories", known.stories, hint, suggest, skip=known.skip)
    for kind, slugs in known.entities.items():
        hint = f"add it under '{kind}:' in {known.entities_file}"
        yield from _unknown_slugs(item, kind, slugs, hint, suggest, skip=known.skip)
    yield from _unknown_slugs(
        item, "related", known.briefings, "no briefing has this slug", suggest, noun="briefing"
    )
    yield from _event_references(item, known, suggest)


def related_drafts(parsed: list[_Parsed]) -> Iterable[Problem]:
    """`related` naming a draft, which the build leaves out (and so drops from the list)."""
    drafts = {p.slug for p in parsed if p.doc.data.get("status") == "draft"}
    for item in parsed:
        values = item.doc.data.get("related")
        if not drafts or item.slug in drafts or not isinstance(values, list):
            continue
        for i, value in enumerate(values):
            if isinstance(value, str) and value in drafts and value != item.slug:
                yield Problem(item.rel, item.doc.line_of(("related", i)), f"related[{i}]",
                              f"'{value}' is a draft (status: draft), which the build leaves "
                              "out, so it is not listed; publish it first, or set "
                              "include_drafts", "warning")  # fmt: skip


def _event_references(item: _Parsed, known: Known, suggest: Suggestions) -> Iterable[Problem]:
    """An event's own `stories` and entity fields name registered slugs, like the
    briefing's (reported as `events[i].stories[j]`)."""
    events = item.doc.data.get("events")
    for i, event in enumerate(events if isinstance(events, list) else ()):
        if not isinstance(event, dict):
            continue
        where: Path_ = ("events", i)
        if "stories" not in known.unchecked:
            yield from _unknown_slugs(
                item, "stories", known.stories, f"add it to {known.stories_file}", suggest,
                within=where, values=event.get("stories"), skip=known.skip,
            )  # fmt: skip
        for kind, slugs in known.entities.items():
            hint = f"add it under '{kind}:' in {known.entities_file}"
            yield from _unknown_slugs(
                item, kind, slugs, hint, suggest, within=where, values=event.get(kind),
                skip=known.skip,
            )  # fmt: skip


def _unknown_slugs(
    item: _Parsed,
    key: str,
    known: frozenset[str],
    hint: str,
    suggest: Suggestions,
    noun: str = "",
    within: Path_ = (),
    values: object = None,
    skip: Mapping[str, frozenset[str]] | None = None,
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
    refused = (skip or {}).get(key, frozenset())  # entries the registry refused
    for i, value in enumerate(values):
        if not isinstance(value, str):
            continue
        if key == "related" and value == item.slug:
            message = "a briefing cannot be related to itself"
        elif value in known or value in refused:
            continue
        else:
            message = f"unknown {label} '{value}' ({hint})"
            candidates = known - {item.slug} if key == "related" else known
            message += suggest.hint(value, candidates)
        yield Problem(item.rel, item.doc.line_of((*within, key, i)), f"{name}[{i}]", message)
