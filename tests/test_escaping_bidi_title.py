"""The `<title>` wrapper (`bf_isolate`, U+2068 ... U+2069) cannot be closed from inside.

A PDI (U+2069) in the value used to close the wrapper early, so `Title\\u2069\\u202e...`
reversed the site name after it in the browser tab. The oracle is Unicode's rule BD9
(which PDI closes which isolate), checked over generated values, and Chromium's layout of
the same text.
"""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefings.adapters.mkdocs_plugin.safety import BIDI_CONTROLS, isolate

from .browser import chromium

INITIATORS = "\u2066\u2067\u2068"
PDI = "\u2069"
PARAGRAPH = "\n\r\x1c\x1d\x1e\x85\u2029"


def closing_pdi(text: str, opener: int) -> int | None:
    """Index of the PDI that closes the isolate opened at `opener` (UAX #9, BD9)."""
    depth = 0
    for index in range(opener, len(text)):
        char = text[index]
        if char in PARAGRAPH:
            return None
        if char in INITIATORS:
            depth += 1
        elif char == PDI and depth:
            depth -= 1
            if depth == 0:
                return index
    return None


HOSTILE = [
    "Title\u2069\u202e - reversed",
    "\u2069\u2069\u202eabc",
    "\u2067open isolate never closed",
    "\u202eoverride\u202c\u2069\u2066x",
    "line\u2029\u202eafter a paragraph separator",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_the_wrapper_is_closed_by_its_own_pdi(value: str) -> None:
    wrapped = isolate(value)
    assert wrapped[0] == "\u2068"
    assert closing_pdi(wrapped + " - Site", 0) == len(wrapped) - 1
    visible = [c for c in value if c not in BIDI_CONTROLS and c not in PARAGRAPH]
    assert [c for c in wrapped if c not in BIDI_CONTROLS and c not in " "] == [
        c for c in visible if c != " "
    ]


@given(st.text(alphabet=st.sampled_from(sorted(BIDI_CONTROLS) + list("ab ") + list(PARAGRAPH))))
def test_no_value_breaks_out_of_the_wrapper(value: str) -> None:
    wrapped = isolate(value)
    if BIDI_CONTROLS.isdisjoint(value):
        assert wrapped == value
    else:
        assert closing_pdi(wrapped + " - Site", 0) == len(wrapped) - 1
        assert not set(PARAGRAPH) & set(wrapped)


@pytest.mark.build
@pytest.mark.browser
def test_chromium_keeps_the_text_after_the_title_in_place() -> None:
    value = "Title\u2069\u202e reversed"
    cells = (
        f'<p dir="ltr"><span class="v">{html.escape(isolate(value))}</span>'
        '<span class="after"> - Site name</span></p>'
    )
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(f"<!doctype html><meta charset=utf-8><body>{cells}</body>")
        boxes = page.evaluate(
            """() => {
                const range = document.createRange();
                const after = document.querySelector('.after').firstChild;
                range.setStart(after, 3); range.setEnd(after, 7);  // "Site"
                const site = range.getBoundingClientRect();
                range.setStart(after, 8); range.setEnd(after, 12);  // "name"
                const name = range.getBoundingClientRect();
                const value = document.querySelector('.v').getBoundingClientRect();
                return {site: site.left, name: name.left, value: value.right};
            }"""
        )
    # left to right, after the title: "Site" right of the title, "name" right of "Site"
    assert boxes["name"] > boxes["site"] >= boxes["value"] - 1, boxes
