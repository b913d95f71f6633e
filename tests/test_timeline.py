"""Timelines in the core: events' own stories and entities, one entry per briefing and
its same-day event, term timelines paged beside their briefings, and the global
timeline's HTML part and data files (rendered by the core, checked with lxml and by
decoding the data files)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html

from briefings.content.loader import load_corpus
from briefings.graph.graph import BriefingGraph
from briefings.graph.timeline import TermTimeline, build, entries_of
from briefings.model.content import Briefing, Event, Source
from briefings.model.dates import PartialDate
from briefings.model.settings import PageSettings, Settings
from briefings.site.standalone import render_site
from briefings.site.views.timeline import DATA_CHUNK

from .timeline_site import day_of, write_site

COUNT = 60


def _settings(root: Path, html_entries: int = 20, size: int = 10) -> Settings:
    return Settings(root=root, pages=PageSettings(pagination_size=size, timeline_html=html_entries))


def _graph(settings: Settings) -> BriefingGraph:
    corpus = load_corpus(settings)
    assert corpus.problems == []
    return BriefingGraph.build(settings, corpus.briefings, corpus.stories, corpus.entities)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site(tmp_path_factory.mktemp("timeline"), COUNT)


@pytest.fixture(scope="module")
def graph(site: Path) -> BriefingGraph:
    return _graph(_settings(site))


@pytest.fixture(scope="module")
def rendered(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = render_site(_settings(site), site_url="https://example.org/desk/")
    assert result.problems == []
    for path, text in {**result.pages, **result.files}.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode())
    return out


def _page(path: Path) -> html.HtmlElement:
    root = html.parse(str(path), parser=html.HTMLParser(encoding="utf-8")).getroot()
    for template in root.iter("template"):  # what the script fills in, not entries
        template.getparent().remove(template)
    return root


def _data_entries(out: Path) -> list[dict]:
    """Every entry of the timeline's data files, decoded as the page's script reads them."""
    page = _page(out / "timeline" / "index.html")
    data = json.loads(page.cssselect("script.bf-filter-data")[0].text)
    prefix, suffix = data["data"]["href"]
    found = []
    for n, chunk in enumerate(data["data"]["chunks"]):
        path = (out / "timeline" / "index.html").parent / chunk["src"]
        text = path.read_text(encoding="utf-8")
        head = f"(window.bfTimelineData=window.bfTimelineData||{{}})[{n}]="
        assert text.startswith(head) and text.endswith(";\n")
        body = json.loads(text[len(head) : -2])
        assert len(body["e"]) == chunk["count"]
        for row in body["e"]:
            b = body["b"][row[1]]
            iso, label, flags = body["d"][row[0]]
            stories = row[4] if len(row) > 4 and row[4] is not None else b[2]
            people = row[5] if len(row) > 5 and row[5] is not None else b[3]
            found.append({
                "kind": "briefing" if row[2] == 0 else "event",
                "iso": iso, "label": label, "approximate": bool(flags & 1),
                "range": bool(flags & 2), "href": prefix + b[0] + suffix,
                "title": b[1] if row[2] == 0 else row[3],
                "event_title": row[3] if row[2] == 0 else "",
                "stories": {data["stories"][i][0] for i in stories},
                "entities": {data["entities"][i][0] for i in people},
            })  # fmt: skip
    return found


def _html_entries(page: html.HtmlElement) -> list[dict]:
    found = []
    for li in page.cssselect("[data-bf-timeline] li.bf-entry"):
        found.append({
            "kind": "briefing" if "bf-entry--briefing" in li.get("class") else "event",
            "iso": li.cssselect("time")[0].get("datetime"),
            "label": li.cssselect("time")[0].text,
            "title": li.cssselect(".bf-entry__title")[0].text_content(),
            "stories": set(li.get("data-stories").split()),
            "entities": set(li.get("data-entities").split()),
        })  # fmt: skip
    return found


# -- events' own stories and entities ----------------------------------------------------
def test_an_event_takes_its_own_fields_and_the_briefings_for_the_rest(graph) -> None:
    b1 = graph.by_slug["2019-01-12-briefing-1"]
    entries = {e.title: e for e in entries_of(b1)}
    cy = entries["Cy Lee visits, month 1"]
    assert cy.entities == (("people", "cy-lee"), ("places", "riverton"))  # places: the briefing's
    assert cy.stories == ("trade",)
    briefing = entries[b1.title]
    assert briefing.entities == (("people", "bo-jones"), ("places", "riverton"))
    # Body mentions (all three people) are never an entry's.
    assert ("people", "ada-smith") in graph.mentions[b1.slug]
    assert all(("people", "ada-smith") not in e.entities for e in entries.values())


def test_the_filter_by_a_person_lists_exactly_the_entries_that_name_them(rendered, graph) -> None:
    page = _page(rendered / "timeline" / "index.html")
    entries = _html_entries(page) + _data_entries(rendered)
    assert len(entries) == len(graph.timeline())
    cy = [e["title"] for e in entries if "people/cy-lee" in e["entities"]]
    expected = [f"Cy Lee visits, month {i}" for i in range(COUNT) if i % 3 == 1]
    assert sorted(cy) == sorted(expected)
    ada = {e["title"] for e in entries if "people/ada-smith" in e["entities"]}
    for i in range(COUNT):
        title = f"Briefing {i} <b>bold</b> & co"
        assert (title in ada) == (i % 2 == 0)
    trade = [e for e in entries if "trade" in e["stories"]]
    assert {e["title"] for e in trade} >= {
        f"Tariff dispute begins, year {i}" for i in range(0, COUNT, 10)
    }
    assert all("trade" not in e["stories"] or "talks" not in e["stories"] for e in entries)


def test_a_storys_timeline_holds_the_events_that_name_it_from_other_briefings(graph) -> None:
    timeline = graph.term_timeline(("stories", "trade"))
    titles = [e.title for e in timeline.entries]
    assert "Tariff dispute begins, year 0" in titles  # briefing 0 is in `talks`
    assert all("trade" in e.stories for e in timeline.entries)
    assert "Tariff dispute begins, year 0" not in [e.title for e in graph.story_timeline("talks")]
    cy = graph.term_timeline(("people", "cy-lee"))
    assert {e.title for e in cy.entries} == {
        f"Cy Lee visits, month {i}" for i in range(COUNT) if i % 3 == 1
    }


def _write(root: Path, name: str, front: str) -> None:
    (root / "briefings").mkdir(parents=True, exist_ok=True)
    (root / "briefings" / name).write_text(front, encoding="utf-8")


def test_unknown_references_in_events_are_reported_with_file_line_and_field(tmp_path: Path) -> None:
    write_site(tmp_path, 0)
    _write(tmp_path, "2022-01-02-x.md", (
        "---\ntitle: T\ndate: 2022-01-02\nsummary: S.\nsources: [{name: W, note: N}]\n"
        "stories: [talks]\npeople: [ada-smith]\nevents:\n"
        "  - date: 2022-01\n    title: E\n    stories: [talkz]\n"
        "    people: [ada-smith, nobody]\n"
        "  - date: 2022\n    title: F\n    places: riverton\n    colour: red\n---\nBody.\n"
    ))  # fmt: skip
    problems = [str(p) for p in load_corpus(_settings(tmp_path)).problems]
    assert (
        "briefings/2022-01-02-x.md:11: events[0].stories[0]: unknown story 'talkz' (add it to briefings/stories.yml); did you mean 'talks'?"
        in problems
    )
    assert (
        "briefings/2022-01-02-x.md:12: events[0].people[1]: unknown people entry 'nobody' (add it under 'people:' in briefings/entities.yml)"
        in problems
    )
    assert any(p.startswith("briefings/2022-01-02-x.md:15: events[1].places:") for p in problems)
    assert any(p.startswith("briefings/2022-01-02-x.md:16: events[1].colour:") for p in problems)


def test_configured_kinds_are_event_fields_too(tmp_path: Path) -> None:
    write_site(tmp_path, 0)
    (tmp_path / "briefings" / "entities.yml").write_text(
        "people: {}\nplaces: {}\norganizations: {}\nequipment:\n  s-400:\n    name: S-400\n"
    )
    _write(tmp_path, "2022-01-02-x.md", (
        "---\ntitle: T\ndate: 2022-01-02\nsummary: S.\nsources: [{name: W, note: N}]\n"
        "events:\n  - date: 2022-01\n    title: E\n    equipment: [s-400, s-500]\n---\nBody.\n"
    ))  # fmt: skip
    settings = Settings(root=tmp_path, entity_kinds={"equipment": "Equipment"})
    corpus = load_corpus(settings)
    assert [str(p) for p in corpus.problems] == [
        "briefings/2022-01-02-x.md:9: events[0].equipment[1]: unknown equipment entry 's-500' "
        "(add it under 'equipment:' in briefings/entities.yml); did you mean 's-400'?"
    ]
    from briefings.content.schema import check_kinds

    assert check_kinds({"end": "End"}) == ["entity kind 'end' is already a field of events"]


# -- one entry per briefing and its same-day event ---------------------------------------
def _briefing(events: Sequence[Event], title: str = "Headline") -> Briefing:
    return Briefing(slug="b", path="b.md", src_uri="briefings/b.md", title=title,
                    date=day_of(0), summary="S", sources=(Source("W", note="N"),),
                    stories=("talks",), entities={"people": ("ada-smith",)},
                    events=tuple(events))  # fmt: skip


def test_a_briefing_and_its_same_day_event_are_one_entry() -> None:
    day = PartialDate.of(day_of(0))
    same = Event(day, "What happened")
    entries = entries_of(_briefing([same, Event(day, "Second that day")]))
    assert [(e.kind, e.title, e.event_title) for e in entries] == [
        ("briefing", "Headline", "What happened"),
        ("event", "Second that day", ""),
    ]
    # The same title is shown once; approximate or ranged events stay entries of their own.
    assert entries_of(_briefing([Event(day, " headline ")]))[0].event_title == ""
    assert len(entries_of(_briefing([Event(day, "E", approximate=True)]))) == 2
    end = PartialDate.of(day_of(1))
    assert len(entries_of(_briefing([Event(day, "E", end=end)]))) == 2
    # A merged event's own people join the briefing's entry.
    own = Event(day, "E", entities=(("people", ("bo-jones",)),))
    assert entries_of(_briefing([own]))[0].entities == (
        ("people", "ada-smith"),
        ("people", "bo-jones"),
    )


def test_the_timeline_page_shows_each_briefing_once(rendered, graph) -> None:
    page = _page(rendered / "timeline" / "index.html")
    entries = _html_entries(page) + _data_entries(rendered)
    briefings = [e["title"] for e in entries if e["kind"] == "briefing"]
    assert sorted(briefings) == sorted(f"Briefing {i} <b>bold</b> & co" for i in range(COUNT))
    events = [e["title"] for e in entries if e["kind"] == "event"]
    assert not [t for t in events if t.startswith("Talks round")]  # merged, never separate
    merged = [e for e in _data_entries(rendered) if e["event_title"]]
    assert merged and all(e["event_title"].startswith("Talks round") for e in merged)
    shown = [e.text_content() for e in page.cssselect(".bf-entry__event") if e.text_content()]
    assert len(shown) == len([e for e in graph.timeline()[:20] if e.event_title])


# -- order -------------------------------------------------------------------------------
def _key(iso: str) -> tuple[int, int, int]:
    return PartialDate.parse(iso).key


def test_markers_are_in_date_order_in_html_and_data(rendered, graph) -> None:
    page = _page(rendered / "timeline" / "index.html")
    html_part, data_part = _html_entries(page), _data_entries(rendered)
    assert len(html_part) == 20
    expected = [(e.date.iso(), e.label, e.title if e.kind == "event" else e.briefing.title)
                for e in graph.timeline()]  # fmt: skip
    assert [(e["iso"], e["label"], e["title"]) for e in html_part + data_part] == expected
    keys = [_key(e["iso"]) for e in html_part + data_part]
    assert keys == sorted(keys, reverse=True)
    assert {e["range"] for e in data_part} == {True, False}
    assert any(e["approximate"] and len(e["iso"]) == 4 for e in data_part)


# -- pages ---------------------------------------------------------------------------------
def test_the_page_without_scripts_lists_the_newest_entries_and_links_the_rest(
    rendered, graph
) -> None:
    page = _page(rendered / "timeline" / "index.html")
    titles = [e["title"] for e in _html_entries(page)]
    newest = graph.timeline()[:20]
    assert titles == [e.title if e.kind == "event" else e.briefing.title for e in newest]
    assert page.cssselect("form[data-bf-filter][hidden]")  # the filter needs the script
    here = rendered / "timeline" / "index.html"
    links = page.cssselect(".bf-timeline__older a") + page.cssselect(".bf-years a")
    years = [int(a.text) for a in page.cssselect(".bf-years a")]
    assert years == sorted({e.date.year for e in graph.timeline()}, reverse=True)
    assert [a.get("data-bf-year") is not None for a in page.cssselect(".bf-years a")] == [
        y not in {e.date.year for e in newest} for y in years
    ]
    for a in links:
        _assert_target_exists(here, a.get("href"))


def _assert_target_exists(page: Path, href: str) -> None:
    path, _, fragment = href.partition("#")
    target = (page.parent / path).resolve() if path else page
    if target.is_dir():
        target = target / "index.html"
    assert target.is_file(), href
    if fragment:
        assert _page(target).get_element_by_id(fragment, None) is not None, href


def test_story_and_entity_timelines_are_paged_beside_their_briefings(rendered, graph) -> None:
    for listing, key in (("stories/trade", ("stories", "trade")),
                         ("people/cy-lee", ("people", "cy-lee")),
                         ("people/ada-smith", ("people", "ada-smith"))):  # fmt: skip
        timeline = graph.term_timeline(key)
        seen: list[str] = []
        pages = sorted(
            rendered.glob(f"{listing}/page/*/index.html"), key=lambda p: int(p.parent.name)
        )
        for path in [rendered / listing / "index.html", *pages]:
            page = _page(path)
            entries = page.cssselect("#bf-timeline li.bf-entry")
            seen += [li.cssselect("time")[0].text + li.cssselect(".bf-entry__title")[0].text_content()
                     for li in entries]  # fmt: skip
            listed = {a.text_content() for a in page.cssselect("#bf-briefings a.bf-item__title")}
            for li in entries:
                if "bf-entry--briefing" in li.get("class") and key[0] == "stories":
                    assert li.cssselect(".bf-entry__title")[0].text_content() in listed
            for a in page.cssselect("#bf-timeline .bf-years a"):
                _assert_target_exists(path, a.get("href"))
        assert seen == [e.label + (e.title if e.kind == "event" else e.briefing.title)
                        for e in timeline.entries]  # fmt: skip


@given(st.lists(st.tuples(st.integers(0, 40), st.booleans(), st.integers(0, 4)), max_size=40),
       st.integers(1, 6), st.integers(1, 8))  # fmt: skip
def test_term_pages_are_contiguous_bounded_and_hold_their_briefings(items, size, cap) -> None:
    """Pages hold a stretch of time each, at most `size` member briefings and `cap`
    entries, a member's own entry on the page listing it; with a cap that never binds,
    pages are the members' `size` at a time."""
    briefings = [
        Briefing(slug=f"b{i}", path="x", src_uri="x", title=f"B{i}", date=day_of(d),
                 summary="S", sources=(),
                 events=tuple(Event(PartialDate.of(day_of(d // (k + 2))), f"E{k}")
                              for k in range(events)))
        for i, (d, _, events) in enumerate(items)
    ]  # fmt: skip
    members = sorted((b for b, (_, m, _) in zip(briefings, items, strict=True) if m),
                     key=lambda b: (b.date, b.slug), reverse=True)  # fmt: skip
    entries = build(briefings)
    for limit, binding in ((cap, True), (len(entries) + 1, False)):
        timeline = TermTimeline.build(entries, members, size, limit)
        assert list(timeline.pages) == sorted(timeline.pages)  # contiguous stretches
        assert list(timeline.member_pages) == sorted(timeline.member_pages)
        assert timeline.count == max([*timeline.pages, *timeline.member_pages, 0]) + 1
        pages = [timeline.page(n) for n in range(1, timeline.count + 1)]
        assert [e for page in pages for e in page] == list(entries)  # nothing lost
        assert all(len(page) <= limit for page in pages)
        listed = [members[timeline.members_on(n)] for n in range(1, timeline.count + 1)]
        assert [b for page in listed for b in page] == members
        assert all(len(page) <= size for page in listed)
        for i, b in enumerate(members):
            own = [n for n, page in enumerate(pages, 1) for e in page
                   if e.kind == "briefing" and e.briefing is b]  # fmt: skip
            assert own == [timeline.member_page(i)]
            assert b in listed[timeline.member_page(i) - 1]
        if not binding:
            assert [timeline.member_page(i) for i in range(len(members))] == [
                i // size + 1 for i in range(len(members))
            ]
            assert timeline.count == max(len(members) - 1, 0) // size + 1


# -- sizes -----------------------------------------------------------------------------------
def _sizes(root: Path, html_entries: int) -> tuple[int, int, int, int]:
    """(timeline page bytes, data bytes, data files, HTML entries) of a core render."""
    result = render_site(_settings(root, html_entries), site_url="https://example.org/desk/")
    page = result.pages["timeline/index.html"]
    return (len(page.encode()), sum(len(b) for b in result.files.values()), len(result.files),
            page.count(' data-stories="'))  # fmt: skip


def test_sizes_are_bounded_by_the_setting(tmp_path: Path) -> None:
    small = write_site(tmp_path / "small", 150)
    large = write_site(tmp_path / "large", 300)
    total = len(_graph(_settings(large)).timeline())
    per_entry_html = 1200  # bytes of one HTML entry, at most (data-entities included)
    per_entry_data = 120  # bytes of one data entry, its briefing row and dates included
    base_small, _, _, _ = _sizes(small, 1)
    for setting in (1, 25, 100):
        page, data, files, shown = _sizes(large, setting)
        assert shown == setting
        assert page <= base_small + per_entry_html * setting
        assert data <= per_entry_data * (total - setting)
        assert files == -(-(total - setting) // DATA_CHUNK)
        # The page does not grow with the site, only with the setting.
        page_small, _, _, _ = _sizes(small, setting)
        assert abs(page - page_small) < 2000
    page, data, files, shown = _sizes(large, 0)  # 0: everything as HTML
    assert (data, files, shown) == (0, 0, total)


def test_data_files_come_from_the_url_table_and_are_script_safe(rendered) -> None:
    page = _page(rendered / "timeline" / "index.html")
    data = json.loads(page.cssselect("script.bf-filter-data")[0].text)
    assert [c["src"] for c in data["data"]["chunks"]] == ["../timeline/data/0.js"]
    text = (rendered / "timeline" / "data" / "0.js").read_text(encoding="utf-8")
    assert "<b>" not in text and "\\u003cb\\u003ebold\\u003c/b\\u003e \\u0026 co" in text
    assert re.fullmatch(
        r"\(window\.bfTimelineData=window\.bfTimelineData\|\|\{\}\)\[0\]=\{.*\};\n", text, re.S
    )


@pytest.mark.parametrize("cap", [1, 3, 200])
def test_the_graphs_term_timelines_are_the_split_of_their_sort_keys(site: Path, cap: int) -> None:
    """The graph ranks entries by their place in the whole timeline; the split is the one
    their sort keys give, for every story and entity."""
    settings = Settings(root=site, pages=PageSettings(pagination_size=4, timeline_page=cap))
    graph = _graph(settings)
    terms = [("stories", t.slug) for t in graph.stories]
    terms += [e.item.key for taxonomy in graph.entities.values() for e in taxonomy]
    assert terms
    for key in terms:
        split = graph.term_timeline(key)
        taxonomy = graph.stories if key[0] == "stories" else graph.entities[key[0]]
        term = taxonomy.get(key[1])
        assert term is not None
        assert split == TermTimeline.build(split.entries, term.briefings, 4, cap), key
        assert split.count >= -(-len(term.briefings) // 4)
