"""One taxonomy abstraction for stories, each entity kind and tags, as a unit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefings.graph.graph import BriefingGraph
from briefings.graph.taxonomy import Tag, Taxonomy, tag_taxonomy
from briefings.model.content import Briefing, Entity, Source, Story, newest_first
from briefings.model.settings import Settings
from briefings.model.tags import display_name, tag_key, tag_slug

pytestmark = pytest.mark.core


def _b(slug: str, day: int, **fields: object) -> Briefing:
    return Briefing(slug=slug, path=f"briefings/{slug}.md", src_uri=f"briefings/{slug}.md",
                    title=slug.upper(), date=dt.date(2022, 1, day), summary="S",
                    sources=(Source("A", note="N"),), **fields)  # type: ignore[arg-type]  # fmt: skip


STORIES = {"b-story": Story("b-story", "Beta"), "a-story": Story("a-story", "alpha"),
           "empty": Story("empty", "Empty")}  # fmt: skip


def test_terms_map_to_their_briefings_newest_first() -> None:
    briefings = [_b("x", 1, stories=("a-story",)), _b("z", 3, stories=("a-story", "b-story")),
                 _b("y", 3, stories=("a-story", "a-story"))]  # fmt: skip
    stories = Taxonomy.build("stories", STORIES, briefings, lambda b: b.stories)
    assert [t.slug for t in stories] == ["a-story", "b-story", "empty"]
    a = stories.get("a-story")
    assert a is not None
    assert [b.slug for b in a.briefings] == ["z", "y", "x"]  # date, then slug, descending
    assert (a.count, a.name, a.item) == (3, "alpha", STORIES["a-story"])
    assert a.position(briefings[0]) == 2
    assert stories.briefings("empty") == () and stories.briefings("unknown") == ()
    assert "empty" in stories and "unknown" not in stories and len(stories) == 3
    assert [t.slug for t in stories.alphabetical()] == ["a-story", "b-story", "empty"]
    assert [t.slug for t in stories.by_latest()] == ["b-story", "a-story"]  # "empty": none


def test_unknown_terms_are_dropped() -> None:
    stories = Taxonomy.build(
        "stories", STORIES, [_b("x", 1, stories=("nope",))], lambda b: b.stories
    )
    assert "nope" not in stories


def test_one_order_everywhere() -> None:
    briefings = [_b("b", 2), _b("a", 2), _b("c", 1)]
    assert [b.slug for b in newest_first(briefings)] == ["b", "a", "c"]


@pytest.mark.parametrize(
    ("spellings", "name"),
    [
        (["Nuclear Weapons", "nuclear-weapons", "nuclear-weapons"], "nuclear-weapons"),
        (["nuclear-weapons", "Nuclear Weapons"], "Nuclear Weapons"),  # a tie: code point order
        (["Grain"], "Grain"),
    ],
)
def test_a_tag_is_named_by_its_most_used_spelling(spellings: list[str], name: str) -> None:
    assert display_name(spellings) == name
    assert len({tag_key(s) for s in spellings}) == 1
    assert len({tag_slug(s) for s in spellings}) == 1


def test_tag_keys_fold_case_spaces_and_hyphens_only() -> None:
    assert tag_key("Nuclear  Weapons") == tag_key("nuclear-weapons") == "nuclear weapons"
    assert tag_key("C++") != tag_key("C#")  # one slug, two tags: the loader's error
    with pytest.raises(ValueError):
        display_name([])


def test_tag_taxonomy_counts_each_briefing_once_per_spelling() -> None:
    briefings = [_b("a", 1, tags=("Grain", "grain")), _b("b", 2, tags=("grain",)),
                 _b("c", 3, tags=("Grain",))]  # fmt: skip
    tags = tag_taxonomy(briefings)
    term = tags.get("grain")
    assert term is not None and isinstance(term.item, Tag)
    assert term.name == "Grain"  # a: both, b: grain, c: Grain -> 2 against 2, code point
    assert term.item.spellings == ("Grain", "grain")
    assert [b.slug for b in term.briefings] == ["c", "b", "a"]


def test_the_graph_has_one_taxonomy_per_entity_kind_and_co_occurrence() -> None:
    ada, bo = Entity("people", "ada", "Ada Smith"), Entity("people", "bo", "Bo Jones")
    town = Entity("places", "town", "Riverton")
    entities = {"people": {"ada": ada, "bo": bo}, "places": {"town": town}, "organizations": {}}
    briefings = [_b("a", 1, entities={"people": ("ada",)}, body="Bo Jones in Riverton."),
                 _b("b", 2, entities={"people": ("ada", "bo")})]  # fmt: skip
    graph = BriefingGraph.build(Settings(root=Path(".")), briefings, {}, entities)
    assert set(graph.entities) == {"people", "places", "organizations"}
    people = graph.entities["people"]
    assert [b.slug for b in people.briefings("ada")] == ["b", "a"]
    assert [b.slug for b in people.briefings("bo")] == ["b", "a"]  # named, then mentioned
    assert [b.slug for b in graph.entities["places"].briefings("town")] == ["a"]
    assert graph.co_occurring(("people", "ada"), 5) == [(bo, 2), (town, 1)]
    assert graph.co_occurring(("people", "ada"), 1) == [(bo, 2)]
