"""Rules of one briefing file a schema cannot say, and one rule across files (tags).

- sources need a url or a note; ranges run forwards; `updated` is not before `date`;
- the skeleton's placeholders (`content/placeholders.py`) are errors;
- body ids starting with `__` (the theme's own) are errors; remote resources are warnings
  (errors with the option `remote_resources: error`); local addresses in raw HTML
  (`<a href="x.md">`, `<img src="p.png">`) are warnings: published as written, they are
  broken (see `raw_link_message`);
- different tags sharing a URL slug are errors naming both files.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from briefings.content.body import BodySource, RawLink
from briefings.content.ids import reserved_id_owner
from briefings.content.located_yaml import Located, field_name
from briefings.content.placeholders import PLACEHOLDERS, is_placeholder
from briefings.content.slugs import tag_key, tag_slug
from briefings.model.dates import PartialDate, parse_full
from briefings.model.problems import Problem, Severity
from briefings.model.settings import Settings


def semantic_problems(doc: Located, rel: str) -> Iterable[Problem]:
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
    yield from _date_range_problems(doc, rel)
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


#: The last year a briefing's full dates may name. They become the pages' modification
#: times (`Briefing.last_changed`), which MkDocs writes into `sitemap.xml.gz` as a 32-bit gzip
#: timestamp (the last one is in February 2106): a later year cannot be built, and is a
#: typo anyway (2202 for 2022).
MAX_YEAR = 2100


def _date_range_problems(doc: Located, rel: str) -> Iterable[Problem]:
    """Full dates (`date`, `updated`, `corrections[].date`, `sources[].published`) after
    the year `MAX_YEAR`: errors (the build cannot write them)."""
    data = doc.data
    places: list[tuple[Any, tuple]] = [(data.get(k), (k,)) for k in ("date", "updated")]
    for key, inner in (("corrections", "date"), ("sources", "published")):
        for i, item in enumerate(_list(data.get(key))):
            if isinstance(item, dict):
                places.append((item.get(inner), (key, i, inner)))
    for value, where in places:
        try:
            day = parse_full(value) if isinstance(value, str) else None
        except ValueError:
            continue
        if day is not None and day.year > MAX_YEAR:
            yield Problem(rel, doc.line_of(where), field_name(where),
                          f"{day.isoformat()} is after the year {MAX_YEAR}, the last a "
                          "briefing's dates may name; a typo?")  # fmt: skip


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


#: How the message of every placeholder problem starts (`briefings new` expects them).
PLACEHOLDER_MESSAGE = "is the skeleton's placeholder"


def placeholder_problems(doc: Located, body: BodySource, rel: str) -> Iterable[Problem]:
    """The skeleton's placeholder texts still in place (`content/placeholders.py`)."""

    def problem(line: int, field: str, key: str) -> Problem:
        return Problem(rel, line, field, f"{PLACEHOLDER_MESSAGE}; {PLACEHOLDERS[key][1]}")

    data = doc.data
    if is_placeholder("summary", data.get("summary")):
        yield problem(doc.line_of(("summary",)), "summary", "summary")
    for i, source in enumerate(_list(data.get("sources"))):
        for key in ("name", "note"):
            if isinstance(source, dict) and is_placeholder(f"sources.{key}", source.get(key)):
                yield problem(doc.line_of(("sources", i, key)), f"sources[{i}].{key}",
                              f"sources.{key}")  # fmt: skip
    if is_placeholder("body", body.text):
        offset = body.text.index(PLACEHOLDERS["body"][0])
        yield problem(body.file_line(body.text.count("\n", 0, offset) + 1), "body", "body")


def body_problems(settings: Settings, body: BodySource, rel: str) -> Iterable[Problem]:
    """Markup the build cannot render; ids that would replace the theme's own elements;
    remote resources; local addresses in raw HTML."""
    analysis = body.analysis
    for line, what in analysis.faults:
        yield Problem(rel, body.file_line(line), "body", what)
    for found in analysis.ids:
        given = found.source
        owner = reserved_id_owner(given)
        if owner == "the plugin" and not found.explicit:
            continue  # a heading's slug (`## BF-109`): the build prefixes it (`x-bf-109`)
        if owner is not None:
            origin = "the heading's id" if not found.explicit else f"id '{given}'"
            yield Problem(
                rel,
                body.file_line(found.line),
                "body",
                f"{origin} ('{given}') starts with '__', which the theme uses for its own "
                "elements (__config, __search, ...); choose another id or heading"
                if owner == "the theme"
                else f"{origin} ('{given}') starts with 'bf-', 'bf_' or 'bf' and a capital, "
                "which the plugin uses for its own sections and scripts (bf-related, "
                "bfTimelineData, ...); choose another id or heading",
            )
    severity: Severity = "error" if settings.remote_resources == "error" else "warning"
    for resource in analysis.resources:
        shown = resource.url if len(resource.url) <= 80 else resource.url[:77] + "..."
        yield Problem(
            rel,
            body.file_line(resource.line),
            "body",
            f"<{resource.tag}> loads {shown} from another site: readers' browsers request it "
            "(a tracking risk, and a network request from the offline edition); put the "
            "file beside the briefing or link to it instead",
            severity,
        )
    for link in analysis.raw_links:
        if settings.sanitize and (link.tag, link.attr) not in SANITIZED_LINKS:
            continue  # the sanitiser drops the attribute (or the element)
        yield Problem(rel, body.file_line(link.line), "body", raw_link_message(link), "warning")


#: The (tag, attribute) addresses the body sanitiser keeps (`site.sanitize.ATTRIBUTES`;
#: a test keeps the two in step): with `sanitize: true` only these reach the page.
SANITIZED_LINKS = frozenset({("a", "href"), ("img", "src")})


def raw_link_message(link: RawLink) -> str:
    """Why a local address in raw HTML is broken, and the Markdown to write instead.

    MkDocs checks and rewrites only Markdown links and images: raw HTML is published as
    written. A `.md` address is then a link to a file the site does not have, and any other
    relative address resolves from the page's URL, which differs between the online
    edition (`briefings/<slug>/`) and the offline one (`briefings/<slug>.html`), so it
    cannot be right in both (an absolute `/...` one breaks from disk and under a site_url
    path).
    """
    url = link.url if len(link.url) <= 80 else link.url[:77] + "..."
    written = f'<{link.tag} {link.attr}="{url}">'
    path = unquote(_path_of(link.url))
    name = path.rsplit("/", 1)[-1]
    image = link.attr != "href"
    if not posixpath.splitext(name)[1]:  # a page's address, not a file's
        name = "other-briefing.md" if not image else "photo.png"
    markdown = f"![alt]({name})" if image else f"[text]({name})"
    if path.lower().endswith(".md"):
        return (f"raw HTML {written}: the build rewrites .md links only in Markdown, so this "
                f"one is published as written and broken; write a Markdown link: "
                f"{markdown}")  # fmt: skip
    return (f"raw HTML {written}: a local address in raw HTML is published as written, "
            "neither checked nor rewritten for the page's address (which differs between "
            "the online and the offline edition), so it breaks; write a Markdown "
            f"{'image' if image else 'link'} relative to the briefing instead, e.g. "
            f"{markdown}")  # fmt: skip


def _path_of(url: str) -> str:
    try:
        return urlsplit(url.strip()).path
    except ValueError:
        return url


def tag_problems(parsed: Iterable[tuple[str, Located]]) -> Iterable[Problem]:
    """Different tags whose URL slugs collide (`C++`, `C#`, `C`): an error at each, naming
    another file. Spellings equal after case-folding and space/hyphen normalisation are one
    tag (`content/slugs.py`)."""
    uses: dict[str, dict[str, tuple[str, Located, int, str]]] = defaultdict(dict)
    for rel, doc in parsed:
        for i, tag in enumerate(_list(doc.data.get("tags"))):
            if isinstance(tag, str) and tag.strip():
                spelling = tag.strip()
                uses[tag_slug(spelling)].setdefault(tag_key(spelling), (rel, doc, i, spelling))
    for slug, spellings in uses.items():
        if len(spellings) < 2:
            continue
        firsts = sorted(spellings.values(), key=lambda u: (u[0], u[2]))
        for rel, doc, i, spelling in firsts:
            others = [f"'{s}' ({o})" for o, _, _, s in firsts if s != spelling]
            yield Problem(
                rel,
                doc.line_of(("tags", i)),
                f"tags[{i}]",
                f"tag '{spelling}' has the same URL slug '{slug}' as {', '.join(others)}; "
                "rename one of them",
            )
