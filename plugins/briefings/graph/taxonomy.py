"""Taxonomies: stories, each entity kind and tags, one abstraction for all of them.

In the manner of Hugo's `page.Taxonomy`: a taxonomy maps each term to the briefings
classified under it, newest first, with sort helpers. What differs per taxonomy is the
term's `item`, the object a term page is about: a `Story`, an `Entity` or a `Tag`.

Built once per build (`Taxonomy.build`), then only queried; every list is computed in
one pass over the briefings, so building is linear in the number of (briefing, term)
pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from briefings.model.content import Briefing, Entity, Story, chronological
from briefings.model.tags import display_name, tag_slug


@dataclass(frozen=True)
class Tag:
    """A tag as its page shows it: `name` is the most used spelling among `spellings`."""

    slug: str
    name: str
    spellings: tuple[str, ...] = ()  # every spelling met, sorted

    @property
    def title(self) -> str:
        """The display name (as a story's `title`)."""
        return self.name


ItemT = TypeVar("ItemT", Story, Entity, Tag)


@dataclass(eq=False)
class Term(Generic[ItemT]):
    """One term of a taxonomy: its item and its briefings, newest first (compared by
    identity)."""

    slug: str
    item: ItemT
    briefings: tuple[Briefing, ...] = ()
    _positions: dict[str, int] | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        """The term's display name (a story's title, an entity's or a tag's name)."""
        item = self.item
        return item.title if isinstance(item, Story | Tag) else item.name

    @property
    def count(self) -> int:
        """How many briefings the term has."""
        return len(self.briefings)

    @property
    def latest(self) -> Briefing | None:
        """The term's newest briefing, None when it has none."""
        return self.briefings[0] if self.briefings else None

    def position(self, briefing: Briefing) -> int | None:
        """Index of `briefing` in `briefings` (newest first), None if it is not there.
        Constant time after the first call."""
        if self._positions is None:
            self._positions = {b.slug: i for i, b in enumerate(self.briefings)}
        return self._positions.get(briefing.slug)


@dataclass
class Taxonomy(Generic[ItemT]):
    """A named classification of briefings: term slug -> `Term`, in slug order.

    `name` is the taxonomy's plural (`stories`, `people`, `tags`).
    """

    name: str
    terms: dict[str, Term[ItemT]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        name: str,
        items: Mapping[str, ItemT],
        briefings: Iterable[Briefing],
        terms_of: Callable[[Briefing], Iterable[str]],
    ) -> Taxonomy[ItemT]:
        """Classify `briefings` by `terms_of` (term slugs, duplicates ignored). Every
        item of `items` is a term, even without briefings; slugs not in `items` are
        dropped (the loader reports them)."""
        members: dict[str, list[Briefing]] = {slug: [] for slug in items}
        for briefing in sorted(briefings, key=chronological, reverse=True):
            for slug in dict.fromkeys(terms_of(briefing)):
                if slug in members:
                    members[slug].append(briefing)
        terms = {slug: Term(slug, items[slug], tuple(members[slug])) for slug in sorted(items)}
        return cls(name, terms)

    def __iter__(self) -> Iterator[Term[ItemT]]:
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def __contains__(self, slug: object) -> bool:
        return slug in self.terms

    def get(self, slug: str) -> Term[ItemT] | None:
        """The term `slug`, None if there is none."""
        return self.terms.get(slug)

    def briefings(self, slug: str) -> tuple[Briefing, ...]:
        """The briefings of term `slug`, newest first (empty for an unknown term)."""
        term = self.terms.get(slug)
        return term.briefings if term else ()

    def alphabetical(self) -> list[Term[ItemT]]:
        """Terms by display name (case-insensitive), then slug."""
        return sorted(self, key=lambda t: (t.name.casefold(), t.slug))

    def by_latest(self) -> list[Term[ItemT]]:
        """Terms with briefings, the most recently published first, then by slug."""
        active = [(t, t.latest) for t in self if t.latest is not None]
        ordered = sorted(active, key=lambda tl: (chronological(tl[1]), tl[0].slug), reverse=True)
        return [term for term, _ in ordered]


def tag_taxonomy(briefings: Iterable[Briefing]) -> Taxonomy[Tag]:
    """The tags of `briefings`: spellings with one slug are one tag, named by the most
    used spelling (ties by code point order)."""
    listed = list(briefings)
    spellings: dict[str, list[str]] = defaultdict(list)
    for briefing in listed:
        for name in dict.fromkeys(briefing.tags):
            spellings[tag_slug(name)].append(name)
    tags = {
        slug: Tag(slug, display_name(names), tuple(sorted(set(names))))
        for slug, names in spellings.items()
    }
    return Taxonomy.build("tags", tags, listed, lambda b: [tag_slug(n) for n in b.tags])
