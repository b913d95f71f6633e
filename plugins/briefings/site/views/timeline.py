"""Timelines as pages show them: the global timeline (`timeline.html`), a story's or an
entity's part of its timeline, and the global timeline's data files.

The global timeline is one page at any size: its newest entries are HTML (the
`timeline_html` setting), the rest are data files of `DATA_CHUNK` entries each, which the
page's script loads with `<script>` elements (so it works from `file://`) and renders as
the reader scrolls, filters or jumps to a year. A data file is compact: a table of the
dates it uses, one row per briefing it names (address, headline, stories, entities by
number), then one short row per entry; nothing long is repeated.

Data file `N` (`timeline/data/N.js`, from the URL table) is one statement,
`(window.bfTimelineData=window.bfTimelineData||{})[N]={...};`, whose object holds:

- `d`: dates, `[iso, text, flags]` (flags: 1 approximate, 2 range);
- `m`: group headings, `[key, text]` (`key` is `YYYY-MM`, or `YYYY` for year-only dates);
- `b`: briefings, `[address part, headline, [story numbers], [entity numbers]]`, the
  address being `prefix + part + suffix` (`href` in the page's JSON);
- `e`: entries, newest first, `[date, briefing, kind, title]` (kind 0: the briefing, whose
  `title` is its merged same-day event's title or ''; 1: an event) and, where the entry is
  about other stories or entities than its briefing, `[story numbers]`, `[entity numbers]`
  (null: the briefing's).

Story and entity numbers index the `stories` and `entities` lists of the page's JSON.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from briefings.graph.timeline import Entry
from briefings.model.content import Briefing
from briefings.model.dates import PartialDate
from briefings.site.urls import FileKind, Links, PageKind
from briefings.site.views.pages import TimelineView
from briefings.site.views.parts import Link, TimelinePart, YearLink

if TYPE_CHECKING:
    from briefings.site.pages import PageSpec
    from briefings.site.views.builder import ViewBuilder

#: Entries per data file of the global timeline.
DATA_CHUNK = 1000
_UNSAFE = re.compile(r"[<>&\u2028\u2029]")


def script_json(value: Any) -> str:
    """`value` as compact JSON that is safe inside a `<script>` element and as a
    JavaScript expression (`<`, `>`, `&`, U+2028 and U+2029 escaped)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# -- a story's or an entity's timeline ---------------------------------------------------
def term_timeline(
    views: ViewBuilder, key: tuple[str, str], spec: PageSpec, links: Links
) -> TimelinePart:
    """This page's part of the timeline of story (`("stories", slug)`) or entity
    (`(kind, slug)`) `key`, with a jump-to-year link for every year of the whole timeline
    (to this page's heading, or to the page holding the year's newest entry)."""
    from briefings.site.views.listings import by_year_and_month

    timeline = views.graph.term_timeline(key)
    number = spec.location.number
    shown = timeline.page(number)
    keyed = [((e.date.year, e.date.month), views.entry(e, links)) for e in shown]
    jump = []
    for year, page in timeline.years:
        if page == number:
            href = f"#bf-y{year}"
        else:
            href = views.href(views.table.paginated(spec.listing, page), links, f"bf-y{year}")
        jump.append(YearLink(year, href))
    return TimelinePart(by_year_and_month(keyed), tuple(jump), len(timeline.entries))


# -- the global timeline ------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineData:
    """The global timeline split into its HTML part and its data files (one build).

    `stories` (by slug) and `entities` (by kind, then name) are the filter's choices in
    number order; `chunks` the data files' entries, newest first; `paths` their
    site-relative paths.
    """

    entries: Sequence[Entry]
    shown: int
    stories: tuple[str, ...]
    entities: tuple[tuple[str, str], ...]
    chunks: tuple[Sequence[Entry], ...]
    paths: tuple[str, ...]

    @classmethod
    def of(cls, views: ViewBuilder) -> TimelineData:
        """The global timeline of `views`' graph (made once per build)."""
        return views.per_term(("timeline-data",), lambda: cls._make(views))

    @classmethod
    def _make(cls, views: ViewBuilder) -> TimelineData:
        graph = views.graph
        entries = graph.timeline()
        shown = min(views.settings.timeline_html or len(entries), len(entries))
        stories = sorted({s for e in entries for s in e.stories if s in graph.stories})
        names = {}
        for ref in {r for e in entries for r in e.entities}:
            entity = graph.entity(ref)
            if entity is not None:
                names[ref] = entity.name.casefold()
        order = {kind: i for i, kind in enumerate(graph.entities)}
        entities = sorted(names, key=lambda r: (order.get(r[0], len(order)), names[r], r))
        rest = entries[shown:]
        chunks = tuple(rest[i : i + DATA_CHUNK] for i in range(0, len(rest), DATA_CHUNK))
        paths = tuple(
            views.table.file(FileKind.TIMELINE_DATA, slug=str(n)) for n in range(len(chunks))
        )
        return cls(entries, shown, tuple(stories), tuple(entities), chunks, paths)

    def links(self, views: ViewBuilder) -> Links:
        """Links from the timeline page (data files hold addresses relative to it)."""
        return views.table.links_from(views.table.page(PageKind.TIMELINE))


def timeline_view(views: ViewBuilder, spec: PageSpec, links: Links, body: Markup) -> TimelineView:
    """The timeline page: the newest `timeline_html` entries as HTML, the JSON of the
    filter and of the data files, a jump-to-year link for every year."""
    from briefings.site.views.listings import by_year_and_month

    data = TimelineData.of(views)
    head = data.entries[: data.shown]
    keyed = [((e.date.year, e.date.month), views.entry(e, links)) for e in head]
    html_years = {e.date.year for e in head}
    older = _older(views, data, links) if data.chunks else None
    jump = []
    for year in dict.fromkeys(e.date.year for e in data.entries):
        if year in html_years:
            jump.append(YearLink(year, f"#bf-y{year}"))
        else:
            fallback = _archive_year(views, year, links)
            jump.append(YearLink(year, fallback, data=True))
    return TimelineView(
        title=spec.title,
        years=by_year_and_month(keyed),
        jump=tuple(jump),
        total=len(data.entries),
        shown=data.shown,
        filter_data=Markup(script_json(_page_json(views, data, links))),
        older=Link(older, "the archive") if older else None,
    )


def _page_json(views: ViewBuilder, data: TimelineData, links: Links) -> dict[str, Any]:
    graph = views.graph
    entities = []
    for ref in data.entities:
        entity = graph.entity(ref)
        assert entity is not None
        entities.append([f"{ref[0]}/{ref[1]}", entity.name, views.kinds.get(ref[0], ref[0])])
    prefix, suffix = _affixes(views, data, links)
    return {
        "stories": [[s, graph.stories.terms[s].name] for s in data.stories],
        "entities": entities,
        "data": {
            "total": len(data.entries) - data.shown,
            "href": [prefix, suffix],
            "chunks": [
                {
                    "src": links.to(path),
                    "count": len(chunk),
                    "newest": chunk[0].date.year,
                    "oldest": chunk[-1].date.year,
                }
                for path, chunk in zip(data.paths, data.chunks, strict=True)
            ],
        },
    }


def _affixes(views: ViewBuilder, data: TimelineData, links: Links) -> tuple[str, str]:
    """The prefix and suffix every briefing address in the data files shares."""

    def make() -> tuple[str, str]:
        hrefs = sorted({views.item(e.briefing, links).href for c in data.chunks for e in c})
        if not hrefs:
            return "", ""
        prefix = _common_prefix(hrefs)
        rests = sorted(h[len(prefix) :][::-1] for h in hrefs)
        return prefix, _common_prefix(rests)[::-1]

    return views.per_term(("timeline-affixes", links.depth), make)


def _older(views: ViewBuilder, data: TimelineData, links: Links) -> str:
    """The archive page of the newest briefing whose own entry is past the HTML part."""
    for entry in data.entries[data.shown :]:
        if entry.kind == "briefing":
            return _archive_page(views, entry.briefing, links)
    return _archive_page(views, views.graph.briefings[-1], links)


def _common_prefix(ordered: Sequence[str]) -> str:
    """The longest text every string of `ordered` (sorted) starts with."""
    first, last = ordered[0], ordered[-1]
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def _archive_page(views: ViewBuilder, briefing: Briefing, links: Links) -> str:
    """The archive page listing `briefing`, at its year's heading."""
    position = views.per_term(
        ("archive-positions",), lambda: {b.slug: i for i, b in enumerate(views.graph.briefings)}
    )[briefing.slug]
    number = position // views.settings.pagination_size + 1
    listing = views.table.page(PageKind.ARCHIVE)
    location = views.table.paginated(listing, number)
    return views.href(location, links, f"bf-y{briefing.date.year}")


def _archive_year(views: ViewBuilder, year: int, links: Links) -> str:
    """Where readers without scripts find the briefings of `year`: the archive page of
    the newest briefing published in or before it (else of the oldest briefing)."""
    briefings = views.graph.briefings  # newest first
    years = views.per_term(("archive-years",), lambda: [-b.date.year for b in briefings])
    i = min(bisect.bisect_left(years, -year), len(briefings) - 1)
    return _archive_page(views, briefings[i], links)


def timeline_files(views: ViewBuilder) -> dict[str, bytes]:
    """The global timeline's data files: site-relative path -> bytes (see the module's
    docstring for the format); empty when every entry is HTML."""
    data = TimelineData.of(views)
    links = data.links(views)
    story_ids = {s: i for i, s in enumerate(data.stories)}
    entity_ids = {r: i for i, r in enumerate(data.entities)}
    prefix, suffix = _affixes(views, data, links)
    files = {}
    for number, (path, chunk) in enumerate(zip(data.paths, data.chunks, strict=True)):
        body = _chunk(views, chunk, links, story_ids, entity_ids, prefix, suffix)
        text = f"(window.bfTimelineData=window.bfTimelineData||{{}})[{number}]={body};\n"
        files[path] = text.encode("utf-8")
    return files


def _chunk(
    views: ViewBuilder,
    chunk: Sequence[Entry],
    links: Links,
    story_ids: dict[str, int],
    entity_ids: dict[tuple[str, str], int],
    prefix: str,
    suffix: str,
) -> str:
    dates: dict[tuple[str, str, int], int] = {}
    months: dict[str, str] = {}
    briefings: dict[str, int] = {}
    rows: list[list[Any]] = []
    table: list[list[Any]] = []

    def ids(stories: Sequence[str], refs: Sequence[tuple[str, str]]) -> tuple[list, list]:
        return (
            [story_ids[s] for s in stories if s in story_ids],
            [entity_ids[r] for r in refs if r in entity_ids],
        )

    for entry in chunk:
        b = entry.briefing
        flags = int(entry.approximate) | int(entry.is_range) << 1
        date = (entry.date.iso(), entry.label, flags)
        d = dates.setdefault(date, len(dates))
        month = PartialDate(entry.date.year, entry.date.month)
        months.setdefault(month.iso(), month.human())
        if b.slug not in briefings:
            briefings[b.slug] = len(table)
            href = views.item(b, links).href
            own = ids(b.stories, b.entity_refs())
            table.append([href[len(prefix) : len(href) - len(suffix)], b.title, *own])
        row: list[Any] = [d, briefings[b.slug]]
        row += [0, entry.event_title] if entry.kind == "briefing" else [1, entry.title]
        stories, refs = ids(entry.stories, entry.entities)
        base = table[briefings[b.slug]]
        if stories != base[2] or refs != base[3]:
            row += [stories if stories != base[2] else None, refs if refs != base[3] else None]
        rows.append(row)
    return script_json(
        {
            "d": [list(k) for k in dates],
            "m": [[k, v] for k, v in months.items()],
            "b": table,
            "e": rows,
        }
    )
