"""The briefing graph: taxonomies (stories, entity kinds, tags), mentions, links, related
briefings and timelines.

Built once per build from the briefings a build publishes (`BriefingGraph.build`), then
only queried. Building is linear in the content (one pass per relation); queries that
pages repeat (a story's timeline, a briefing's place in it) are computed once.
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from briefings.content.body import BodyAnalysis, analyse
from briefings.content.cache import BuildCache, digest
from briefings.content.hashing import value_bytes
from briefings.graph import timeline
from briefings.graph.mentions import EntityKey, Matcher
from briefings.graph.related import RelatedIndex
from briefings.graph.related import Term as RelatedTerm
from briefings.graph.taxonomy import Tag, Taxonomy, Term, tag_taxonomy
from briefings.graph.timeline import Entry, TermTimeline
from briefings.model.content import Briefing, Correction, Entity, Story, newest_first
from briefings.model.settings import Settings
from briefings.model.tags import tag_slug


@dataclass
class BriefingGraph:
    """Every relation between the briefings of one build.

    `briefings` is newest first; `stories`, each taxonomy of `entities` (kind ->
    taxonomy, every configured kind present) and `tags` map term slugs to their
    briefings. `entities_of[slug]` lists the entities a briefing names in its front
    matter, then those its body mentions; `related[slug]` its explicit, then computed,
    related briefings; `backlinks[slug]` the briefings that link to it, newest first.
    """

    settings: Settings
    briefings: list[Briefing]
    stories: Taxonomy[Story]
    entities: dict[str, Taxonomy[Entity]]
    tags: Taxonomy[Tag]
    by_slug: dict[str, Briefing] = field(default_factory=dict)
    by_src: dict[str, Briefing] = field(default_factory=dict)
    entities_of: dict[str, list[EntityKey]] = field(default_factory=dict)
    mentions: dict[str, set[EntityKey]] = field(default_factory=dict)
    backlinks: dict[str, list[Briefing]] = field(default_factory=dict)
    related: dict[str, list[Briefing]] = field(default_factory=dict)
    matcher: Matcher = field(default_factory=lambda: Matcher(()))
    inputs: str = ""  # a hash of everything the graph is made from (`inputs_digest`)
    _timeline: list[Entry] | None = None
    _by_term: dict[tuple[str, str], tuple[list[Entry], list[int]]] | None = None
    _ranks: dict[str, int] = field(default_factory=dict)  # slug -> its entry's rank
    _term_timelines: dict[tuple[str, str], TermTimeline] = field(default_factory=dict)
    _timeline_positions: dict[str, dict[str, int]] = field(default_factory=dict)
    _related_index: RelatedIndex | None = None

    # -- building ----------------------------------------------------------------------
    @classmethod
    def build(
        cls,
        settings: Settings,
        briefings: Sequence[Briefing],
        stories: dict[str, Story],
        entities: dict[str, dict[str, Entity]],
        *,
        bodies: Mapping[str, BodyAnalysis] | None = None,
        cache: BuildCache | None = None,
        related: bool = True,
    ) -> BriefingGraph:
        """The graph of `briefings` (any order) over the registries `stories` (slug ->
        story) and `entities` (kind -> slug -> entity). References to unknown stories or
        entities are left out (the loader reports them).

        `bodies`: slug -> the body's analysis, when the loader has it (else it is made);
        `cache`: the build cache, which keeps each body's mentions (its context includes
        the registries, so the same body mentions the same entities) and, under the
        graph's `inputs` hash, the related briefings. `related=False`: neither related
        briefings nor `inputs` are computed (`briefings check` needs only the pages).
        """
        ordered = newest_first(briefings)
        known_bodies = bodies or {}

        def analysis(b: Briefing) -> BodyAnalysis:
            found = known_bodies.get(b.slug)
            return found if found is not None else analyse(b.body)

        matcher = Matcher(e for kind in entities.values() for e in kind.values())
        mentions = {b.slug: _mentions(matcher, analysis, b, cache) for b in ordered}
        known = {(kind, slug) for kind, members in entities.items() for slug in members}
        entities_of = {
            b.slug: [
                ref
                for ref in dict.fromkeys([*b.entity_refs(), *sorted(mentions[b.slug])])
                if ref in known
            ]
            for b in ordered
        }
        kinds = dict.fromkeys([*settings.kinds, *entities])
        graph = cls(
            settings,
            ordered,
            stories=Taxonomy.build("stories", stories, ordered, lambda b: b.stories),
            entities={
                kind: Taxonomy.build(
                    kind, entities.get(kind, {}), ordered, _of_kind(entities_of, kind)
                )
                for kind in kinds
            },
            tags=tag_taxonomy(ordered),
            by_slug={b.slug: b for b in ordered},
            by_src={b.src_uri: b for b in ordered},
            entities_of=entities_of,
            mentions=mentions,
            matcher=matcher,
        )
        graph._index_links(analysis)
        if related:
            graph.inputs = inputs_digest(
                settings, ordered, stories, entities, mentions,
                {b.slug: analysis(b).link_targets() for b in ordered},
            )  # fmt: skip
            graph._index_related(cache)
        return graph

    def _index_links(self, analysis: Callable[[Briefing], BodyAnalysis]) -> None:
        """Backlinks from `related` and from Markdown links in bodies."""
        sources: dict[str, dict[str, Briefing]] = defaultdict(dict)
        for briefing in self.briefings:
            for slug in briefing.related:
                sources[slug][briefing.slug] = briefing
            for target in self.linked_briefings(briefing, analysis(briefing)):
                sources[target.slug][briefing.slug] = briefing
        self.backlinks = {
            slug: newest_first(found.values())
            for slug, found in sources.items()
            if slug in self.by_slug
        }

    def linked_briefings(
        self, briefing: Briefing, body: BodyAnalysis | None = None
    ) -> list[Briefing]:
        """Briefings that `briefing`'s body links to, resolved like MkDocs resolves links
        (`body`: the body's analysis, made when not given)."""
        found = []
        base = posixpath.dirname(briefing.src_uri)
        for target in (body or analyse(briefing.body)).link_targets():
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
                continue
            path = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            other = self.by_src.get(path)
            if other is not None and other is not briefing and other not in found:
                found.append(other)
        return found

    def _terms(self, briefing: Briefing) -> set[RelatedTerm]:
        terms: set[RelatedTerm] = {("story", s) for s in briefing.stories}
        terms |= {("entity", kind, slug) for kind, slug in self.entities_of[briefing.slug]}
        terms |= {("tag", tag_slug(t)) for t in briefing.tags}
        return terms

    def _index_related(self, cache: BuildCache | None = None) -> None:
        """`related` for every briefing; taken from `cache` when a graph made from the
        same inputs (`inputs`) stored it (a body-only edit keeps them)."""
        use_cache = cache is not None and cache.enabled and bool(self.inputs)
        if use_cache:
            assert cache is not None
            found: dict[str, list[str]] | None = cache.get(RELATED, self.inputs)
            if found is not None and found.keys() == self.by_slug.keys():
                self.related = {s: [self.by_slug[r] for r in found[s]] for s in found}
                return
        terms = {b.slug: self._terms(b) for b in self.briefings}
        self._related_index = RelatedIndex(self.briefings, terms, self.settings.related)
        for briefing in self.briefings:
            explicit = [self.by_slug[s] for s in briefing.related if s in self.by_slug]
            computed = self._related_index.query(briefing, exclude=briefing.related)
            self.related[briefing.slug] = explicit + [s.briefing for s in computed]
        if use_cache:
            assert cache is not None
            slugs = {slug: [b.slug for b in found] for slug, found in self.related.items()}
            cache.put(RELATED, self.inputs, slugs)

    # -- queries -----------------------------------------------------------------------
    def entity(self, key: EntityKey) -> Entity | None:
        """The registered entity (kind, slug), None if there is none."""
        term = self.entity_term(key)
        return term.item if term else None

    def entity_term(self, key: EntityKey) -> Term[Entity] | None:
        """The taxonomy term of entity (kind, slug): the entity and its briefings."""
        taxonomy = self.entities.get(key[0])
        return taxonomy.get(key[1]) if taxonomy else None

    def stories_of(self, briefing: Briefing) -> list[Term[Story]]:
        """The registered stories `briefing` belongs to, in its front matter's order."""
        return [t for t in (self.stories.get(s) for s in briefing.stories) if t is not None]

    def tags_of(self, briefing: Briefing) -> list[Term[Tag]]:
        """The tags of `briefing` in its front matter's order, one per slug."""
        slugs = dict.fromkeys(tag_slug(name) for name in briefing.tags)
        return [t for t in (self.tags.get(s) for s in slugs) if t is not None]

    def neighbours(self, briefing: Briefing, story: str) -> tuple[Briefing | None, Briefing | None]:
        """(older, newer) briefing of `story` beside `briefing`; (None, None) outside it."""
        term = self.stories.get(story)
        i = term.position(briefing) if term else None
        if term is None or i is None:
            return None, None
        members = term.briefings  # newest first
        older = members[i + 1] if i + 1 < len(members) else None
        newer = members[i - 1] if i > 0 else None
        return older, newer

    def top_entities(
        self, briefings: Iterable[Briefing], limit: int, skip: Collection[EntityKey] = ()
    ) -> list[tuple[Entity, int]]:
        """The entities named by most of `briefings`: up to `limit` (entity, count) pairs,
        most briefings first, then by (kind, slug)."""
        counts = Counter(
            ref for b in briefings for ref in self.entities_of.get(b.slug, ()) if ref not in skip
        )
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        found = [(self.entity(ref), n) for ref, n in ranked[:limit]]
        return [(entity, n) for entity, n in found if entity is not None]

    def co_occurring(self, key: EntityKey, limit: int) -> list[tuple[Entity, int]]:
        """The entities that appear most often in the briefings of entity `key`."""
        term = self.entity_term(key)
        return self.top_entities(term.briefings if term else (), limit, skip={key})

    def timeline(self, briefings: Iterable[Briefing] | None = None) -> list[Entry]:
        """Timeline entries of `briefings` (default: all, computed once), newest first."""
        if briefings is not None:
            return timeline.build(briefings)
        if self._timeline is None:
            self._timeline = timeline.build(self.briefings)
        return self._timeline

    def term_timeline(self, key: tuple[str, str]) -> TermTimeline:
        """The timeline of a story (`("stories", slug)`) or an entity (`(kind, slug)`): the
        entries about it (`Entry.stories`, `Entry.entities`: front matter and events'
        own fields, not body mentions), newest first, paged with the term's briefings
        (`pagination_size` briefings and `timeline_page` entries per page at most). All
        terms are indexed in one pass, on first use."""
        if self._by_term is None:
            # Ranks: minus the place in the whole timeline (higher is newer, as sort keys).
            found: dict[tuple[str, str], tuple[list[Entry], list[int]]] = {}
            for i, entry in enumerate(self.timeline()):
                if entry.kind == "briefing":
                    self._ranks[entry.briefing.slug] = -i
                for term_key in (*(("stories", s) for s in entry.stories), *entry.entities):
                    held = found.setdefault(term_key, ([], []))
                    held[0].append(entry)
                    held[1].append(-i)
            self._by_term = found
        if key not in self._term_timelines:
            taxonomy = self.stories if key[0] == "stories" else self.entities.get(key[0])
            term = taxonomy.get(key[1]) if taxonomy is not None else None
            entries, ranks = self._by_term.get(key, ([], []))
            members = term.briefings if term else ()
            self._term_timelines[key] = TermTimeline.build(
                entries,
                members,
                self.settings.pages.pagination_size,
                self.settings.pages.timeline_page,
                (ranks, [self._ranks[b.slug] for b in members]),
            )
        return self._term_timelines[key]

    def story_timeline(self, story: str) -> tuple[Entry, ...]:
        """A story's timeline, newest first (see `term_timeline`)."""
        return self.term_timeline(("stories", story)).entries

    def timeline_window(self, briefing: Briefing, story: str, size: int) -> Sequence[Entry]:
        """The entries of `story`'s timeline around `briefing`'s own entry: up to `size`
        on each side (constant time per call after the story's first)."""
        entries = self.story_timeline(story)
        if story not in self._timeline_positions:
            self._timeline_positions[story] = {
                e.briefing.slug: i for i, e in enumerate(entries) if e.kind == "briefing"
            }
        own = self._timeline_positions[story].get(briefing.slug, 0)
        return entries[max(own - size, 0) : own + size + 1]

    def corrections(self) -> list[tuple[Correction, Briefing]]:
        """Every correction with its briefing, newest correction first."""
        found = [(c, b) for b in self.briefings for c in b.corrections]
        return sorted(found, key=lambda cb: (cb[0].date, cb[1].date, cb[1].slug), reverse=True)


RELATED = "related"  # cache namespace: related briefings' slugs, by graph inputs


def inputs_digest(
    settings: Settings,
    briefings: Sequence[Briefing],
    stories: Mapping[str, Story],
    entities: Mapping[str, Mapping[str, Entity]],
    mentions: Mapping[str, Collection[EntityKey]],
    link_targets: Mapping[str, Iterable[str]],
) -> str:
    """A hex SHA-256 of everything a graph of `briefings` is made from: the settings, the
    registries, each briefing's front matter (every field but the body), the entities
    its body mentions and the targets its body links to. Two graphs with equal digests
    hold equal relations, so whatever is computed from the graph alone (related
    briefings, view models) can be reused; a body-only edit keeps the digest."""
    parts: list[str | bytes] = [repr(settings), value_bytes((stories, entities))]
    for briefing in briefings:
        parts.append(
            value_bytes(
                ([v for k, v in vars(briefing).items() if k != "body"],
                 sorted(mentions.get(briefing.slug, ())),
                 tuple(link_targets.get(briefing.slug, ())))
            )
        )  # fmt: skip
    return digest(*parts)


def _mentions(
    matcher: Matcher,
    analysis: Callable[[Briefing], BodyAnalysis],
    briefing: Briefing,
    cache: BuildCache | None,
) -> set[EntityKey]:
    """The entities `briefing`'s body mentions (from `cache` when it has them)."""
    if cache is None or not cache.enabled:
        return matcher.entities_in(analysis(briefing).text)
    key = digest(briefing.body)
    found = cache.get("mentions", key)
    if found is None:
        found = matcher.entities_in(analysis(briefing).text)
        cache.put("mentions", key, found)
    return set(found)


def _of_kind(entities_of: dict[str, list[EntityKey]], kind: str) -> Callable[[Briefing], list[str]]:
    """`terms_of` for one entity kind's taxonomy."""

    def slugs(briefing: Briefing) -> list[str]:
        return [slug for k, slug in entities_of.get(briefing.slug, ()) if k == kind]

    return slugs
