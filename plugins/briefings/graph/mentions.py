"""Finding registered entity names in text with one Aho-Corasick automaton.

Case rules (docs/configuration.md): names and aliases match case-sensitively as written,
on whole words only (a letter or digit on either side blocks a match). For people, the
surname (last word of the name) preceded by a title ("Mr", "Mr.", "Mrs", "Ms", "Dr",
"President", ...) also matches. Possessives need nothing: in "Putin's" and "Putin’s" the
apostrophe ends the word. Straight and curly apostrophes in names match each other. The
longest match wins; a key registered by two entities is ambiguous and never matched.
A title that is the tail of a hyphenated word is no title: in "Vice-President Smith" only
"Smith" is a mention; names beside a hyphen ("NATO-led") match as usual.
"""

from __future__ import annotations

import re
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
    """One mention of an entity in a text: characters `start` to `end` (offsets, end
    excluded)."""

    start: int
    end: int
    entity: EntityKey


def _variants(name: str) -> set[str]:
    """A name with either apostrophe."""
    return {name, name.replace("’", "'"), name.replace("'", "’")}


def _keys(entity: Entity) -> dict[str, int]:
    """Key -> length of the surname it ends with when it is title + surname, else 0."""
    keys = dict.fromkeys([entity.name, *entity.aliases], 0)
    if entity.kind == "people":
        surname = entity.name.split()[-1]
        for title in TITLES:
            keys.setdefault(f"{title} {surname}", len(surname))
    usable = {key.strip(): n for key, n in keys.items() if any(c.isalnum() for c in key)}
    return {variant: n for key, n in usable.items() for variant in _variants(key)}


# Word boundaries become a sentinel character, in the keys and in the text, so a key can
# only match whole words and the automaton's leftmost-longest search (`iter_long`) needs no
# candidates to be filtered afterwards: one pass, linear in the text's length (times the
# longest key), however many keys overlap.
_SENTINEL = "\x00"
_RUNS = re.compile(r"[^\W_]+|[\W_]+")
_HYPHENS = "-‐‑"


def _marked(text: str) -> str:
    """`text` with a sentinel at every word edge (between a letter or digit and anything
    else, and before or after a letter or digit at either end)."""
    runs = _RUNS.findall(text.replace(_SENTINEL, " "))
    if not runs:
        return ""
    marked = _SENTINEL.join(runs)
    if runs[0][0].isalnum():
        marked = _SENTINEL + marked
    if runs[-1][-1].isalnum():
        marked += _SENTINEL
    return marked


class Matcher:
    """All entity names of a site, matched in one pass over a text.

    The usual pass runs the automaton of the plain keys and keeps whole-word matches. A
    text where keys overlap heavily (more than `CANDIDATES_PER_CHAR` raw matches a
    character) switches to the marked pass: word edges become sentinels in keys and text,
    and the automaton's leftmost-longest search needs no filtering. Both give the same
    mentions; the work is linear in the text's length either way. `operations` counts
    raw matches plus marked characters (an operation count for tests).
    """

    CANDIDATES_PER_CHAR = 4

    def __init__(self, entities: Iterable[Entity]) -> None:
        owners: dict[str, set[EntityKey]] = {}
        surnames: dict[str, int] = {}
        for entity in entities:
            for key, surname in _keys(entity).items():
                owners.setdefault(key, set()).add(entity.key)
                surnames[key] = max(surnames.get(key, 0), surname)
        self.ambiguous = sorted(k for k, v in owners.items() if len(v) > 1)
        self._keys = {
            key: (len(key), next(iter(found)), surnames[key])
            for key, found in sorted(owners.items())
            if len(found) == 1
        }
        self._automaton = ahocorasick.Automaton()
        for key, value in self._keys.items():
            self._automaton.add_word(key, value)
        self._empty = not self._keys
        if not self._empty:
            self._automaton.make_automaton()
        self._marked_automaton: ahocorasick.Automaton | None = None
        self.operations = 0

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping whole-word mentions, leftmost-longest, in text order.

        A title + surname whose title is the tail of a hyphenated word ("Vice-President
        Smith") is not taken whole: only the surname is a mention.
        """
        if self._empty or not text:
            return []
        budget = self.CANDIDATES_PER_CHAR * len(text) + 64
        candidates: list[tuple[int, int, EntityKey, int]] = []
        for end, (length, entity, surname) in self._automaton.iter(text):
            self.operations += 1
            budget -= 1
            if budget < 0:
                return self._find_marked(text)
            start = end - length + 1
            if _boundary(text, start - 1) and _boundary(text, end + 1):
                candidates.append((start, end + 1, entity, surname))
        candidates.sort(key=lambda c: (c[0], c[0] - c[1]))
        chosen: list[Mention] = []
        last_end = -1
        for start, stop, entity, surname in candidates:
            if start >= last_end:
                chosen.append(_mention(text, start, stop, entity, surname))
                last_end = stop
        return chosen

    def _find_marked(self, text: str) -> list[Mention]:
        if self._marked_automaton is None:
            self._marked_automaton = ahocorasick.Automaton()
            for key, value in self._keys.items():
                self._marked_automaton.add_word(_marked(key), value)
            self._marked_automaton.make_automaton()
        marked = _marked(text)
        self.operations += len(marked)
        chosen: list[Mention] = []
        cursor = shift = 0  # sentinels before `cursor` in the marked text
        for end, (length, entity, surname) in self._marked_automaton.iter_long(marked):
            # `end` is the closing sentinel; the sentinels before it shift the offsets
            # (counted incrementally: matches come in text order, so this stays linear).
            shift += marked.count(_SENTINEL, cursor, end - 1)
            cursor = end - 1
            stop = end - shift
            chosen.append(_mention(text, stop - length, stop, entity, surname))
        return chosen

    def entities_in(self, text: str) -> set[EntityKey]:
        """The entities mentioned in `text`, as (kind, slug) keys."""
        return {m.entity for m in self.find(text)}


def _mention(text: str, start: int, stop: int, entity: EntityKey, surname: int) -> Mention:
    """A mention; a title that is the tail of a hyphenated word is left out."""
    if surname and start >= 2 and text[start - 1] in _HYPHENS and text[start - 2].isalnum():
        start = stop - surname
    return Mention(start, stop, entity)


def _boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()


def plain_text(markdown: str) -> str:
    """The body's text outside code, with link targets, images, tags and comments blanked
    (same length and lines as `markdown`), for mention detection (content/body/)."""
    return analyse(markdown).text


def iter_links(markdown: str) -> Iterator[str]:
    """Targets of Markdown links outside code, e.g. `2022-06-24-x.md#part` (content/body/)."""
    return analyse(markdown).link_targets()
