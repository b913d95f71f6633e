"""Bounded work on hostile bodies and references: each input below took today's code tens of
seconds (or more); here the result is bounded, asserted as an operation count or an output
size. The timeout only guards against hangs; no test measures time."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.content.body import MAX_TARGET, analyse
from briefings.content.loader import load_corpus
from briefings.content.mistakes import SUGGESTION_LIMIT
from briefings.graph.mentions import Matcher
from briefings.model.content import Entity
from briefings.model.settings import Settings

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize(
    "body",
    [
        '[a](x "' * 50_000,  # the old link pattern scanned to the end from every `](`
        "[a](" * 50_000,
        "](" * 100_000,
        "[" * 30_000 + "](" * 30_000 + ")" * 30_000,
        "<code>" * 30_000,
        "<a " * 50_000,
        "```\n" * 20_000,
        "`" * 10_000 + " " + "``" * 10_000,
    ],
    ids=[
        "unclosed titles",
        "unclosed targets",
        "bare",
        "nested",
        "raw code",
        "tags",
        "fences",
        "backticks",
    ],
)
def test_link_scanning_is_linear(body: str) -> None:
    found = analyse(body)
    assert found.work <= 4 * len(body) + MAX_TARGET
    assert len(found.links) <= body.count("](") + 1
    assert len(found.text) == len(body)


def test_many_overlapping_aliases_over_a_long_body() -> None:
    # aliases "Zed", "Zed Zed", ... "Zed x 300": every position ends 300 overlapping keys
    entities = [Entity("places", f"z{n}", " ".join(["Zed"] * n)) for n in range(1, 301)]
    matcher = Matcher(entities)
    text = "Zed " * 100_000
    found = matcher.find(text)
    assert len(found) == -(-100_000 // 300)  # leftmost-longest: 300 words a mention
    # a budget of raw matches, then one pass over the marked text
    assert matcher.operations <= (Matcher.CANDIDATES_PER_CHAR + 2) * len(text) + 64


def test_thousands_of_unknown_references(tmp_path: Path) -> None:
    folder = tmp_path / "briefings"
    folder.mkdir()
    people = "\n".join(f"  person-{i}:\n    name: Person {i}" for i in range(3000))
    (folder / "entities.yml").write_text(f"people:\n{people}\n", encoding="utf-8")
    unknown = ", ".join(f"persn-{i}" for i in range(3000))
    (folder / "2022-01-01-x.md").write_text(
        "---\ntitle: X\ndate: 2022-01-01\nsummary: S.\nsources: [{name: A, note: N}]\n"
        f"people: [{unknown}]\n---\n\nBody.\n",
        encoding="utf-8",
    )
    problems = load_corpus(Settings(root=tmp_path)).problems
    unknowns = [p for p in problems if p.message.startswith("unknown people entry")]
    assert len(unknowns) == 3000  # every one reported
    suggested = [p for p in unknowns if "did you mean" in p.message]
    assert 0 < len(suggested) <= SUGGESTION_LIMIT
