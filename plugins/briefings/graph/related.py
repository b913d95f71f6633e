"""Related briefings: weighted overlap of stories, entities and tags, with recency.

In the spirit of Hugo's related content: an inverted index from each term to the
briefings carrying it, so scoring touches only briefings that share a term (never all
pairs). A term carried by more than `max_share` of all briefings says nothing about
relatedness on that site ("russia" on a Russia site) and is dropped; the others weigh
more the rarer they are (inverse document frequency). Scores are normalised to 0..1.
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefings.model.content import Briefing, chronological
from briefings.model.settings import RelatedSettings

Term = tuple[str, ...]


@dataclass(frozen=True)
class Scored:
    """A related briefing with its score (0 to 1, higher is closer)."""

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
        self._terms = terms_of
        postings: dict[Term, list[Briefing]] = defaultdict(list)
        for briefing in sorted(briefings, key=chronological):  # oldest first
            for term in terms_of.get(briefing.slug, ()):
                postings[term].append(briefing)
        total = max(len(briefings), 1)
        limit = settings.max_share * total
        self._postings = {t: p for t, p in postings.items() if len(p) <= limit or total < 4}
        self._days = {t: [b.date.toordinal() for b in p] for t, p in self._postings.items()}
        self._slugs = {t: [b.slug for b in p] for t, p in self._postings.items()}
        self._weight = {t: self._term_weight(t, len(p), total) for t, p in self._postings.items()}
        self._briefing = {b.slug: b for b in briefings}
        self._ordinal = {b.slug: b.date.toordinal() for b in briefings}

    def _term_weight(self, term: Term, count: int, total: int) -> float:
        base = {
            "story": self.settings.story_weight,
            "entity": self.settings.entity_weight,
            "tag": self.settings.tag_weight,
        }[term[0]]
        return base * math.log(1 + total / count)

    def _nearby(self, term: Term, day: int) -> list[str]:
        """The slugs of the term's briefings nearest in time: `window` on each side of `day`.

        Bounds the work per query on large sites (a story with thousands of briefings);
        the recency factor makes the ones further away score less anyway.
        """
        members = self._slugs[term]
        window = self.settings.window
        if len(members) <= 2 * window:
            return members
        middle = bisect.bisect_left(self._days[term], day)
        return members[max(middle - window, 0) : middle + window]

    def query(self, briefing: Briefing, exclude: Iterable[str] = ()) -> list[Scored]:
        """The best `count` related briefings, best first, ties by newest then slug."""
        terms = sorted(t for t in self._terms.get(briefing.slug, ()) if t in self._postings)
        best = sum(self._weight[t] for t in terms)
        if not best:
            return []
        day = briefing.date.toordinal()
        raw: dict[str, float] = defaultdict(float)
        for term in terms:  # the same additions in the same order for every slug
            weight = self._weight[term]
            for slug in self._nearby(term, day):
                raw[slug] += weight
        for slug in (briefing.slug, *exclude):
            raw.pop(slug, None)
        # Only the best `count` become Scored (equal to sorting all and slicing).
        half_life = self.settings.half_life_days
        ordinals = self._ordinal
        ranked = []
        for slug, value in raw.items():
            ordinal = ordinals[slug]
            recency = 0.5 ** (abs(day - ordinal) / half_life) if half_life else 1
            ranked.append((-(value / best * recency), -ordinal, slug))
        top = heapq.nsmallest(self.settings.count, ranked)
        return [Scored(self._briefing[slug], -score) for score, _, slug in top]
