"""Page generators: which pages the site gets, and their HTML, from the index.

Each page is a `PageSpec` (where it lives, its title, how to render it). Rendering uses
the package's Jinja templates (autoescaped: every front-matter value is escaped); links
are relative to the page being rendered, so one build works on a server, under a sub-path
and from disk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from itertools import groupby
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

from briefings.graph import timeline
from briefings.model.dates import PartialDate
from briefings.graph.graph import SiteIndex, tag_slug
from briefings.model.content import Briefing, Entity
from briefings.site.urls import Urls, relative_url

SECTIONS = ("stories", "timeline", "archive", "tags", "corrections")


@dataclass
class PageSpec:
    """One generated page."""

    src_uri: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""
    briefing: Briefing | None = None
    nav_title: str | None = None  # set for section pages that belong in the navigation
    search: bool = True  # False: left out of the search index (pure listings)


class PageSet:
    """All generated pages of a site, and their rendering."""

    def __init__(
        self,
        index: SiteIndex,
        urls: Urls,
        template_dirs: tuple[str, ...] = (),
        feeds: bool = False,
    ) -> None:
        self.index = index
        self.urls = urls
        self.feeds = feeds
        self.kinds = index.settings.kinds
        self.specs: dict[str, PageSpec] = {spec.src_uri: spec for spec in self._specs()}
        loaders = [FileSystemLoader(d) for d in template_dirs]
        package = str(resources.files(__package__).joinpath("templates"))
        self.env = Environment(
            loader=ChoiceLoader([*loaders, FileSystemLoader(package)]),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=StrictUndefined,
            keep_trailing_newline=False,
        )

    # -- which pages -------------------------------------------------------------------
    def _specs(self) -> Iterator[PageSpec]:
        ix = self.index
        for b in ix.briefings:
            yield PageSpec(b.src_uri, b.title, "briefing.html", description=b.summary, briefing=b)
        yield PageSpec(Urls.section_src("stories"), "Stories", "stories.html", nav_title="Stories")
        for story in ix.stories.values():
            yield PageSpec(
                Urls.item_src("stories", story.slug), story.title, "story.html",
                {"story": story}, description=story.description,
            )  # fmt: skip
        yield PageSpec(
            Urls.section_src("timeline"), "Timeline", "timeline.html", nav_title="Timeline",
            search=False,
        )  # fmt: skip
        for kind, title in self.kinds.items():
            yield PageSpec(
                Urls.section_src(kind), title, "entities.html", {"kind": kind}, nav_title=title,
            )  # fmt: skip
            for entity in ix.entities.get(kind, {}).values():
                yield PageSpec(
                    Urls.item_src(kind, entity.slug), entity.name, "entity.html",
                    {"entity": entity}, description=entity.description,
                )  # fmt: skip
        yield PageSpec(
            Urls.section_src("archive"), "Archive", "archive.html", nav_title="Archive",
            search=False,
        )  # fmt: skip
        yield PageSpec(
            Urls.section_src("tags"), "Tags", "tags.html", nav_title="Tags", search=False
        )
        for tag in ix.tags.values():
            yield PageSpec(
                Urls.item_src("tags", tag.slug), f"Tag: {tag.name}", "tag.html", {"tag": tag},
            )  # fmt: skip
        yield PageSpec(
            Urls.section_src("corrections"), "Corrections", "corrections.html",
            nav_title="Corrections", search=False,
        )  # fmt: skip

    def nav_pages(self) -> list[PageSpec]:
        return [s for s in self.specs.values() if s.nav_title]

    # -- rendering ---------------------------------------------------------------------
    def url_of(self, src_uri: str) -> str:
        """The site URL of a generated page; a briefing lives at its slug, not its file name."""
        briefing = self.index.by_src.get(src_uri)
        if briefing is not None:
            return self.urls.url(self.urls.briefing_dest(briefing.slug))
        return self.urls.url(self.urls.dest(src_uri))

    def render(self, spec: PageSpec, page_url: str, body_html: str = "") -> str:
        """The HTML content of a generated page (for a briefing, around its body)."""
        context = {**self._helpers(page_url), **spec.context, "spec": spec, "body": body_html}
        if spec.briefing is not None:
            context.update(self._briefing_context(spec.briefing))
        return self.env.get_template(spec.template).render(context).strip() + "\n"

    def render_fragment(self, template: str, page_url: str, **context: Any) -> str:
        """A fragment for a marker in a hand-written page."""
        return self.env.get_template(template).render({**self._helpers(page_url), **context})

    def _helpers(self, page_url: str) -> dict[str, Any]:
        ix = self.index

        def link(src_uri: str) -> str:
            return relative_url(self.url_of(src_uri), page_url)

        def asset(path: str) -> str:
            return relative_url(path, page_url)

        return {
            "ix": ix,
            "feeds": self.feeds,
            "kinds": self.kinds,
            "link": link,
            "asset": asset,
            "briefing_link": lambda b: link(b.src_uri),
            "story_link": lambda slug: link(Urls.item_src("stories", slug)),
            "entity_link": lambda e: link(Urls.item_src(e.kind, e.slug)),
            "tag_link": lambda t: link(Urls.item_src("tags", t.slug)),
            "section_link": lambda name: link(Urls.section_src(name)),
            "tag_of": lambda name: ix.tags.get(tag_slug(name)),
            "human": _human,
            "iso": lambda d: d.isoformat(),
            "month_name": lambda y, m: PartialDate(y, m).human(),
            "group_timeline": timeline.group,
            "by_year_month": _by_year_month,
            "entry_data": _entry_data,
            "filter_json": lambda entries: _filter_json(ix, entries),
            "entities_named": lambda b: _entities_named(ix, b),
        }

    def _briefing_context(self, b: Briefing) -> dict[str, Any]:
        ix = self.index
        main = b.main_story
        story_entries = ix.timeline_window(b, main) if main else []
        return {
            "b": b,
            "stories": [ix.stories[s] for s in b.stories if s in ix.stories],
            "neighbours": [(ix.stories[s], *ix.neighbours(b, s)) for s in b.stories
                           if s in ix.stories],
            "related": ix.related.get(b.slug, []),
            "backlinks": ix.backlinks.get(b.slug, []),
            "story_entries": story_entries,
            "main_story": ix.stories.get(main) if main else None,
        }  # fmt: skip


def _human(value) -> str:
    if hasattr(value, "human"):
        return value.human()
    return PartialDate.of(value).human()


def _by_year_month(briefings: list[Briefing]) -> list[tuple[int, list[tuple[int, list]]]]:
    ordered = sorted(briefings, key=lambda b: (b.date, b.slug), reverse=True)
    return [
        (year, [(month, list(items)) for month, items in groupby(group, lambda b: b.date.month)])
        for year, group in groupby(ordered, lambda b: b.date.year)
    ]


def _entities_named(ix: SiteIndex, b: Briefing) -> list[tuple[str, list[Entity]]]:
    """Entity chips by kind: the front matter's, in its order (mentions are linked inline)."""
    out = []
    for kind, slugs in b.entities.items():
        found = [e for e in (ix.entity((kind, s)) for s in slugs) if e is not None]
        if found:
            out.append((kind, found))
    return out


def _entry_data(ix: SiteIndex, entry: timeline.Entry) -> dict[str, str]:
    b = entry.briefing
    return {
        "stories": " ".join(b.stories),
        "entities": " ".join(f"{k}/{s}" for k, s in ix.entities_of.get(b.slug, ())),
    }


def _filter_json(ix: SiteIndex, entries: list[timeline.Entry]) -> str:
    """Filter choices for a timeline page, embedded as JSON (escaped for a script tag)."""
    stories = sorted({s for e in entries for s in e.briefing.stories if s in ix.stories})
    refs = sorted({r for e in entries for r in ix.entities_of.get(e.briefing.slug, ())})
    named = [(ref, ix.entity(ref)) for ref in refs]
    data = {
        "stories": [[s, ix.stories[s].title] for s in stories],
        "entities": [[f"{k}/{s}", e.name, k] for (k, s), e in named if e is not None],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return re.sub(r"[<>&]", lambda m: f"\\u{ord(m.group()):04x}", text)
