"""Related briefings: weighted overlap of stories, entities and tags, with recency.

In the spirit of Hugo's related content: an inverted index from each term to the
briefings carrying it, so scoring touches only briefings that share a term (never all
pairs). A term carried by more than `max_share` of all briefings says nothing about
relatedness on that site ("russia" on a Russia site) and is dropped; the others weigh
more the rarer they are (inverse document frequency). Scores are normalised to 0..1.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .model import Briefing
from .settings import RelatedSettings

Term = tuple[str, ...]


@dataclass(frozen=True)
class Scored:
    briefing: Briefing
    score: float


class RelatedIndex:
    """Build once from all briefings, then query per briefing."""

    def __init__(
        self,
        briefings: Sequence[Briefing],
        terms_of: dict[str, set[Term]],
        settings: RelatedSettings,
    ) -> None:
        self.settings = settings
        self._briefings = {b.slug: b for b in briefings}
        self._terms = terms_of
        postings: dict[Term, list[str]] = defaultdict(list)
        for briefing in briefings:
            for term in sorted(terms_of.get(briefing.slug, ())):
                postings[term].append(briefing.slug)
        total = max(len(briefings), 1)
        limit = settings.max_share * total
        self._postings = {t: p for t, p in postings.items() if len(p) <= limit or total < 4}
        self._weight = {t: self._term_weight(t, len(p), total) for t, p in self._postings.items()}

    def _term_weight(self, term: Term, count: int, total: int) -> float:
        base = {
            "story": self.settings.story_weight,
            "entity": self.settings.entity_weight,
            "tag": self.settings.tag_weight,
        }[term[0]]
        return base * math.log(1 + total / count)

    def query(self, briefing: Briefing, exclude: Iterable[str] = ()) -> list[Scored]:
        """The best `count` related briefings, best first, ties by newest then slug."""
        terms = [t for t in self._terms.get(briefing.slug, ()) if t in self._postings]
        best = sum(self._weight[t] for t in terms)
        if not best:
            return []
        skip = {briefing.slug, *exclude}
        raw: dict[str, float] = defaultdict(float)
        for term in terms:
            for slug in self._postings[term]:
                if slug not in skip:
                    raw[slug] += self._weight[term]
        scored = [
            Scored(self._briefings[slug], value / best * self._recency(briefing, slug))
            for slug, value in raw.items()
        ]
        scored.sort(key=lambda s: (-s.score, -s.briefing.date.toordinal(), s.briefing.slug))
        return scored[: self.settings.count]

    def _recency(self, briefing: Briefing, other_slug: str) -> float:
        days = abs((briefing.date - self._briefings[other_slug].date).days)
        return 0.5 ** (days / self.settings.half_life_days) if self.settings.half_life_days else 1
