"""The briefing graph: stories, entities, tags, mentions, links and timelines.

Built once per build from the included briefings (`SiteIndex.build`), then only queried.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from briefings.content.slugs import tag_slug
from briefings.graph import timeline
from briefings.graph.mentions import EntityKey, Matcher, iter_links, plain_text
from briefings.graph.related import RelatedIndex, Scored, Term
from briefings.graph.timeline import Entry
from briefings.model.content import Briefing, Correction, Entity, Story
from briefings.model.settings import Settings


@dataclass
class Tag:
    slug: str
    name: str  # the first spelling met, oldest briefing first
    briefings: list[Briefing] = field(default_factory=list)


@dataclass
class SiteIndex:
    settings: Settings
    briefings: list[Briefing]  # newest first
    stories: dict[str, Story]
    entities: dict[str, dict[str, Entity]]
    by_slug: dict[str, Briefing] = field(default_factory=dict)
    by_src: dict[str, Briefing] = field(default_factory=dict)
    story_briefings: dict[str, list[Briefing]] = field(default_factory=dict)
    entity_briefings: dict[EntityKey, list[Briefing]] = field(default_factory=dict)
    entities_of: dict[str, list[EntityKey]] = field(default_factory=dict)  # slug -> refs
    mentions: dict[str, set[EntityKey]] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    backlinks: dict[str, list[Briefing]] = field(default_factory=dict)
    related: dict[str, list[Briefing]] = field(default_factory=dict)
    matcher: Matcher | None = None
    _story_timelines: dict[str, list[Entry]] = field(default_factory=dict)
    _positions: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    _related_index: RelatedIndex | None = None

    # -- building ----------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        settings: Settings,
        briefings: Sequence[Briefing],
        stories: dict[str, Story],
        entities: dict[str, dict[str, Entity]],
    ) -> SiteIndex:
        ordered = sorted(briefings, key=lambda b: (b.date, b.slug), reverse=True)
        index = cls(settings, ordered, stories, entities)
        index.by_slug = {b.slug: b for b in ordered}
        index.by_src = {b.src_uri: b for b in ordered}
        index.matcher = Matcher(e for kind in entities.values() for e in kind.values())
        index._index_stories()
        index._index_entities()
        index._index_tags()
        index._index_links()
        index._index_related()
        return index

    def _index_stories(self) -> None:
        self.story_briefings = {slug: [] for slug in self.stories}
        for briefing in self.briefings:
            for story in briefing.stories:
                self.story_briefings.setdefault(story, []).append(briefing)

    def _index_entities(self) -> None:
        self.entity_briefings = {
            (kind, slug): [] for kind, members in self.entities.items() for slug in members
        }
        assert self.matcher is not None
        for briefing in self.briefings:
            found = self.matcher.entities_in(plain_text(briefing.body))
            self.mentions[briefing.slug] = found
            refs = list(dict.fromkeys([*briefing.entity_refs(), *sorted(found)]))
            refs = [ref for ref in refs if ref in self.entity_briefings]
            self.entities_of[briefing.slug] = refs
            for ref in refs:
                self.entity_briefings[ref].append(briefing)

    def _index_tags(self) -> None:
        for briefing in sorted(self.briefings, key=lambda b: (b.date, b.slug)):
            for slug, name in {tag_slug(n): n for n in reversed(briefing.tags)}.items():
                self.tags.setdefault(slug, Tag(slug, name)).briefings.append(briefing)
        for tag in self.tags.values():
            tag.briefings.reverse()  # newest first
        self.tags = dict(sorted(self.tags.items()))

    def _index_links(self) -> None:
        """Backlinks from `related` and from Markdown links in bodies."""
        sources: dict[str, dict[str, Briefing]] = defaultdict(dict)
        for briefing in self.briefings:
            for slug in briefing.related:
                sources[slug][briefing.slug] = briefing
            for target in self.linked_briefings(briefing):
                sources[target.slug][briefing.slug] = briefing
        self.backlinks = {
            slug: sorted(found.values(), key=lambda b: (b.date, b.slug), reverse=True)
            for slug, found in sources.items()
            if slug in self.by_slug
        }

    def linked_briefings(self, briefing: Briefing) -> list[Briefing]:
        """Briefings that `briefing`'s body links to, resolved like MkDocs resolves links."""
        found = []
        base = posixpath.dirname(briefing.src_uri)
        for target in iter_links(briefing.body):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
                continue
            path = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            other = self.by_src.get(path)
            if other is not None and other is not briefing and other not in found:
                found.append(other)
        return found

    def _terms(self, briefing: Briefing) -> set[Term]:
        terms: set[Term] = {("story", s) for s in briefing.stories}
        terms |= {("entity", kind, slug) for kind, slug in self.entities_of[briefing.slug]}
        terms |= {("tag", tag_slug(t)) for t in briefing.tags}
        return terms

    def _index_related(self) -> None:
        terms = {b.slug: self._terms(b) for b in self.briefings}
        self._related_index = RelatedIndex(self.briefings, terms, self.settings.related)
        for briefing in self.briefings:
            explicit = [self.by_slug[s] for s in briefing.related if s in self.by_slug]
            computed = self._related_index.query(briefing, exclude=briefing.related)
            self.related[briefing.slug] = explicit + [s.briefing for s in computed]

    # -- queries -----------------------------------------------------------------------
    def scored_related(self, briefing: Briefing) -> list[Scored]:
        assert self._related_index is not None
        return self._related_index.query(briefing, exclude=briefing.related)

    def neighbours(self, briefing: Briefing, story: str) -> tuple[Briefing | None, Briefing | None]:
        """(previous, next) briefing of `story` around `briefing`, by date."""
        members = self.story_briefings.get(story, [])  # newest first
        i = self._position(("story", story), members).get(briefing.slug)
        if i is None:
            return None, None
        older = members[i + 1] if i + 1 < len(members) else None
        newer = members[i - 1] if i > 0 else None
        return older, newer

    def entity(self, key: EntityKey) -> Entity | None:
        return self.entities.get(key[0], {}).get(key[1])

    def top_entities(self, briefings: Sequence[Briefing], limit: int = 10, skip=()) -> list:
        """The entities named most often across `briefings`: [(Entity, count)]."""
        counts = Counter(
            ref for b in briefings for ref in self.entities_of.get(b.slug, ()) if ref not in skip
        )
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return [(self.entity(ref), n) for ref, n in ranked if self.entity(ref)]

    def co_occurring(self, key: EntityKey, limit: int = 10) -> list:
        return self.top_entities(self.entity_briefings.get(key, []), limit, skip={key})

    def timeline(self, briefings: Sequence[Briefing] | None = None) -> list[Entry]:
        return timeline.build(self.briefings if briefings is None else briefings)

    def story_timeline(self, story: str) -> list[Entry]:
        """A story's timeline, newest first (computed once per story)."""
        if story not in self._story_timelines:
            self._story_timelines[story] = self.timeline(self.story_briefings.get(story, []))
        return self._story_timelines[story]

    def timeline_window(self, briefing: Briefing, story: str, size: int = 5) -> list:
        """The entries of `story` around `briefing`'s own entry: `size` on each side."""
        entries = self.story_timeline(story)
        own = self._position(("timeline", story), entries).get(briefing.slug, 0)
        return entries[max(own - size, 0) : own + size + 1]

    def _position(self, key: tuple[str, str], items: list) -> dict[str, int]:
        """Slug -> index in `items` (briefings, or timeline entries' own briefing entries),
        computed once per list so page rendering stays linear."""
        if key not in self._positions:
            self._positions[key] = {
                (item.slug if isinstance(item, Briefing) else item.briefing.slug): i
                for i, item in enumerate(items)
                if isinstance(item, Briefing) or item.kind == "briefing"
            }
        return self._positions[key]

    def corrections(self) -> list[tuple[Correction, Briefing]]:
        found = [(c, b) for b in self.briefings for c in b.corrections]
        return sorted(found, key=lambda cb: (cb[0].date, cb[1].date, cb[1].slug), reverse=True)

    def latest_event(self, story: str) -> Entry | None:
        entries = self.story_timeline(story)
        return entries[0] if entries else None

    def active_stories(self) -> list[Story]:
        """Stories with briefings, most recently updated first."""
        active = [s for s in self.stories.values() if self.story_briefings.get(s.slug)]
        return sorted(
            active, key=lambda s: (self.story_briefings[s.slug][0].date, s.slug), reverse=True
        )
