"""Finding registered entity names in text with one Aho-Corasick automaton.

Case rules (docs/configuration.md): names and aliases match case-sensitively as written,
on whole words only (a letter or digit on either side blocks a match). For people, the
surname (last word of the name) preceded by a title ("Mr", "Mr.", "Mrs", "Ms", "Dr",
"President", ...) also matches. Possessives need nothing: in "Putin's" and "Putin’s" the
apostrophe ends the word. Straight and curly apostrophes in names match each other. The
longest match wins; a key registered by two entities is ambiguous and never matched.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from briefings.content.body import analyse
from briefings.model.content import Entity

TITLES = (
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Prof.", "President",
    "Prime Minister", "Minister", "Chancellor", "General", "Gen.", "Sir", "Dame",
)  # fmt: skip

EntityKey = tuple[str, str]  # (kind, slug)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: EntityKey


def _variants(name: str) -> set[str]:
    """A name with either apostrophe."""
    return {name, name.replace("’", "'"), name.replace("'", "’")}


def match_keys(entity: Entity) -> set[str]:
    """Every string that names `entity` in running text."""
    keys = {entity.name, *entity.aliases}
    if entity.kind == "people":
        surname = entity.name.split()[-1]
        keys |= {f"{title} {surname}" for title in TITLES}
    usable = {key.strip() for key in keys if any(c.isalnum() for c in key)}
    return {variant for key in usable for variant in _variants(key)}


class Matcher:
    """All entity names of a site, matched in one pass over a text."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        owners: dict[str, set[EntityKey]] = {}
        for entity in entities:
            for key in match_keys(entity):
                owners.setdefault(key, set()).add(entity.key)
        self.ambiguous = sorted(k for k, v in owners.items() if len(v) > 1)
        self._automaton = ahocorasick.Automaton()
        for key in sorted(owners):
            if len(owners[key]) == 1:
                self._automaton.add_word(key, (len(key), next(iter(owners[key]))))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping whole-word mentions, leftmost-longest, in text order."""
        if self._empty or not text:
            return []
        candidates = []
        for end, (length, entity) in self._automaton.iter(text):
            start = end - length + 1
            if _boundary(text, start - 1) and _boundary(text, end + 1):
                candidates.append(Mention(start, end + 1, entity))
        candidates.sort(key=lambda m: (m.start, -(m.end - m.start)))
        chosen: list[Mention] = []
        last_end = -1
        for mention in candidates:
            if mention.start >= last_end:
                chosen.append(mention)
                last_end = mention.end
        return chosen

    def entities_in(self, text: str) -> set[EntityKey]:
        return {m.entity for m in self.find(text)}


def _boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()


def plain_text(markdown: str) -> str:
    """The body's text outside code, with link targets, images, tags and comments blanked
    (same length and lines as `markdown`), for mention detection (content/body.py)."""
    return analyse(markdown).text


def iter_links(markdown: str) -> Iterator[str]:
    """Targets of Markdown links outside code, e.g. `2022-06-24-x.md#part` (content/body.py)."""
    return analyse(markdown).link_targets()
