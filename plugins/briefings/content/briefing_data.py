"""A validated briefing's front matter made into a `Briefing` (the loader's last step)."""

from __future__ import annotations

from collections.abc import Iterable

from briefings.model.content import Briefing, Correction, Event, Source
from briefings.model.dates import PartialDate, parse_full
from briefings.model.settings import Settings


def build_briefing(
    settings: Settings, data: dict, slug: str, rel: str, src_uri: str, body: str
) -> Briefing:
    """The briefing of front matter `data` that passed every check of the loader (a
    mapping of validated fields; `KeyError`/`ValueError` otherwise), with `slug`, its
    path `rel`, source URI `src_uri` and `body` text."""
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
