"""Entity mentions: names, aliases, titles and possessives; autolinking in Markdown."""

from __future__ import annotations

import markdown
import pytest

from briefings.graph.mentions import Matcher
from briefings.model.content import Entity
from briefings.site.markdown import AutolinkExtension, AutolinkState

PUTIN = Entity("people", "vladimir-putin", "Vladimir Putin", ("Putin",))
LUKASHENKO = Entity("people", "alexander-lukashenko", "Alexander Lukashenko", ("Lukashenko",))
BELARUS = Entity("places", "belarus", "Belarus")
ISKANDER = Entity("equipment", "iskander-m", "Iskander-M", ("Iskander",))
MATCHER = Matcher([PUTIN, LUKASHENKO, BELARUS, ISKANDER])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Putin said", "Putin"),
        ("Mr Putin said", "Mr Putin"),
        ("Mr. Putin said", "Mr. Putin"),
        ("Putin's plan", "Putin"),
        ("Putin’s plan", "Putin"),
        ("President Putin", "President Putin"),
        ("Vladimir Putin's", "Vladimir Putin"),
        ("(Lukashenko)", "Lukashenko"),
        ("Iskander-M systems", "Iskander-M"),
        ("Iskander systems", "Iskander"),
    ],
)
def test_forms_of_a_name_are_found(text: str, found: str) -> None:
    (mention,) = MATCHER.find(text)
    assert text[mention.start : mention.end] == found
    assert MATCHER._find_marked(text) == [mention]  # both passes agree


@pytest.mark.parametrize("text", ["Putinism", "putin", "Belarusian army", "XPutin", "Iskanders"])
def test_only_whole_words_and_case_as_written(text: str) -> None:
    assert MATCHER.find(text) == []


def test_ambiguous_keys_are_never_matched() -> None:
    a = Entity("people", "john-smith", "John Smith", ("Smith",))
    b = Entity("people", "jane-smith", "Jane Smith", ("Smith",))
    matcher = Matcher([a, b])
    assert "Smith" in matcher.ambiguous and "Mr Smith" in matcher.ambiguous
    assert [m.entity for m in matcher.find("John Smith met Smith")] == [("people", "john-smith")]


def test_thousands_of_aliases_all_match() -> None:
    """Scale without a clock (timings are in bench/): each of 20,000 mentions is found."""
    entities = [Entity("people", f"p{i}", f"Person Number{i}", (f"Alias{i}",)) for i in range(5000)]
    matcher = Matcher(entities)
    text = " ".join(f"Alias{i} met Mr Number{i + 1}." for i in range(0, 4000, 2)) * 5
    found = matcher.find(text)
    assert len(found) == 4000 * 5
    expected = [("people", f"p{i + j}") for i in range(0, 4000, 2) for j in (0, 1)] * 5
    assert [m.entity for m in found] == expected
    assert matcher.operations <= 3 * len(text)  # raw matches, under the budget


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Vice-President Smith said", ["Smith"]),
        ("President Smith said", ["President Smith"]),
        ("the ex-Minister Smith", ["Smith"]),
        ("NATO-led forces", ["NATO"]),
        ("the Russia-Ukraine war", ["Russia", "Ukraine"]),
        ("Minsk Oblasts", ["Minsk"]),
        ("Minsk Oblast", ["Minsk Oblast"]),
    ],
)
def test_hyphens_and_titles(text: str, found: list[str]) -> None:
    marked = Matcher([
        Entity("people", "john-smith", "John Smith"),
        Entity("organizations", "nato", "NATO"),
        Entity("places", "russia", "Russia"),
        Entity("places", "ukraine", "Ukraine"),
        Entity("places", "minsk", "Minsk"),
        Entity("places", "minsk-oblast", "Minsk Oblast"),
    ])  # fmt: skip
    marked.CANDIDATES_PER_CHAR = -100  # the pass for heavily overlapping keys
    assert [text[m.start : m.end] for m in marked.find(text)] == found
    matcher = Matcher([
        Entity("people", "john-smith", "John Smith"),
        Entity("organizations", "nato", "NATO"),
        Entity("places", "russia", "Russia"),
        Entity("places", "ukraine", "Ukraine"),
        Entity("places", "minsk", "Minsk"),
        Entity("places", "minsk-oblast", "Minsk Oblast"),
    ])  # fmt: skip
    assert [text[m.start : m.end] for m in matcher.find(text)] == found


def render(text: str, mode: str = "first") -> str:
    state = AutolinkState()
    state.activate(MATCHER, mode, lambda key: f"../{key[0]}/{key[1]}.md", lambda key: key[1])
    return markdown.markdown(text, extensions=[AutolinkExtension(state), "fenced_code"])


def test_first_mention_is_linked_outside_code_links_and_headings() -> None:
    html = render(
        "# Putin in Minsk\n\n"
        "Text with `Putin` in code and [Putin](https://example.org) in a link.\n\n"
        "```\nPutin\n```\n\n"
        "Mr Putin's plan. Later, Putin again and *Lukashenko* too.\n"
    )
    assert html.count('class="bf-mention"') == 2
    assert (
        '<a class="bf-mention" href="../people/vladimir-putin.md" title="vladimir-putin">Mr Putin</a>\'s plan'
        in html
    )
    assert '<em><a class="bf-mention" href="../people/alexander-lukashenko.md"' in html
    assert "<h1>Putin in Minsk</h1>" in html
    assert "<code>Putin</code>" in html


def test_autolink_modes() -> None:
    text = "Putin met Lukashenko. Putin spoke."
    assert render(text, "all").count("bf-mention") == 3
    assert render(text, "first").count("bf-mention") == 2
    assert render(text, "off").count("bf-mention") == 0


def test_names_without_letters_or_digits_never_match() -> None:
    matcher = Matcher([Entity("places", "dash", "Dash", ("—", " ", "..."))])
    assert matcher.find("a — b ... c") == []
    assert [m.entity for m in matcher.find("Dash")] == [("places", "dash")]
