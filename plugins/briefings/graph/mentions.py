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

import bisect
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
    start: int
    end: int
    entity: EntityKey


def _variants(name: str) -> set[str]:
    """A name with either apostrophe."""
    return {name, name.replace("’", "'"), name.replace("'", "’")}


def match_keys(entity: Entity) -> set[str]:
    """Every string that names `entity` in running text."""
    return set(_keys(entity))


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
_EDGE = re.compile(r"(?<=[^\W_])(?![^\W_])|(?<![^\W_])(?=[^\W_])")
_HYPHENS = "-‐‑"


def _marked(text: str) -> tuple[str, list[int]]:
    """`text` with a sentinel at every word edge, and the marked offsets of the sentinels."""
    marked = _EDGE.sub(_SENTINEL, text.replace(_SENTINEL, " "))
    return marked, [m.start() for m in re.finditer(_SENTINEL, marked)]


class Matcher:
    """All entity names of a site, matched in one pass over a text.

    `operations` counts the characters scanned by `find` (an operation count for tests).
    """

    def __init__(self, entities: Iterable[Entity]) -> None:
        owners: dict[str, set[EntityKey]] = {}
        surnames: dict[str, int] = {}
        for entity in entities:
            for key, surname in _keys(entity).items():
                owners.setdefault(key, set()).add(entity.key)
                surnames[key] = max(surnames.get(key, 0), surname)
        self.ambiguous = sorted(k for k, v in owners.items() if len(v) > 1)
        self._automaton = ahocorasick.Automaton()
        for key in sorted(owners):
            if len(owners[key]) == 1:
                marked = _marked(key)[0]
                self._automaton.add_word(marked, (len(key), next(iter(owners[key])),
                                                  surnames[key]))  # fmt: skip
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()
        self.operations = 0

    def find(self, text: str) -> list[Mention]:
        """Non-overlapping whole-word mentions, leftmost-longest, in text order.

        A title + surname whose title is the tail of a hyphenated word ("Vice-President
        Smith") is not taken whole: only the surname is a mention.
        """
        if self._empty or not text:
            return []
        marked, sentinels = _marked(text)
        self.operations += len(marked)
        chosen: list[Mention] = []
        for end, (length, entity, surname) in self._automaton.iter_long(marked):
            # `end` is the closing sentinel; sentinels before it shift the offsets.
            stop = end - bisect.bisect_left(sentinels, end - 1)
            start = stop - length
            if surname and start >= 2 and text[start - 1] in _HYPHENS and text[start - 2].isalnum():
                start = stop - surname
            chosen.append(Mention(start, stop, entity))
        return chosen

    def entities_in(self, text: str) -> set[EntityKey]:
        return {m.entity for m in self.find(text)}


def plain_text(markdown: str) -> str:
    """The body's text outside code, with link targets, images, tags and comments blanked
    (same length and lines as `markdown`), for mention detection (content/body/)."""
    return analyse(markdown).text


def iter_links(markdown: str) -> Iterator[str]:
    """Targets of Markdown links outside code, e.g. `2022-06-24-x.md#part` (content/body/)."""
    return analyse(markdown).link_targets()
