""" "Skip to content" points at the start of every page's content (skip_link.py); the
browser side is in tests/test_gate_axe.py."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.structure.toc import AnchorLink, TableOfContents

from briefings.adapters.mkdocs_plugin.skip_link import TARGET, point_skip_link

from .helpers import parse, text_of
from .sites import SEED_SLUG


def page(title: str, *entries: AnchorLink) -> Any:
    return SimpleNamespace(title=title, toc=TableOfContents(list(entries)))


def link(title: str, id: str, level: int, *children: AnchorLink) -> AnchorLink:
    item = AnchorLink(title, id, level)
    item.children = list(children)
    return item


def test_content_opening_with_its_h1_is_left_alone() -> None:
    heading = link("Home", "home", 1, link("Latest", "latest", 2))
    p = page("Home", heading)
    content = '\n<h1 id="home">Home</h1>\n<h2 id="latest">Latest</h2>'
    assert point_skip_link(content, p, "Site") == content
    assert list(p.toc) == [heading]


def test_body_headings_become_children_of_the_start() -> None:
    background = link("Background", "background", 2)
    p = page("Moscow & Minsk", background)
    content = '<article><p class="k">Kicker</p><h1>Moscow &amp; Minsk</h1>' + (
        '<h2 id="background">Background</h2></article>'
    )
    out = point_skip_link(content, p, "Site")
    assert out == f'<span id="{TARGET}"></span>\n' + content
    (root,) = p.toc
    assert (root.id, root.level, root.title, root.children) == (
        TARGET, 1, "Moscow &amp; Minsk", [background]
    )  # fmt: skip


def test_page_without_headings_gets_a_skip_target() -> None:
    p = page("Timeline")
    out = point_skip_link("<article><h1>Timeline</h1></article>", p, "Site")
    assert out.startswith(f'<span id="{TARGET}">')
    assert [(e.id, e.children) for e in p.toc] == [(TARGET, [])]


def test_content_without_h1_gets_its_title_as_the_target_heading() -> None:
    p = page('<img src=x onerror="alert(1)">', link("Part", "part", 2))
    out = point_skip_link('<h2 id="part">Part</h2>', p, "Site")
    assert out.startswith(
        f'<h1 id="{TARGET}">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</h1>\n<h2'
    )
    assert point_skip_link("<p>x</p>", page(""), "Site").startswith(f'<h1 id="{TARGET}">Site<')


def test_a_later_h1_is_not_the_start() -> None:
    """A body's own `# ` heading comes after the briefing's headline: not the start."""
    body_h1 = link("In the body", "in-the-body", 1)
    p = page("Headline", body_h1)
    out = point_skip_link('<h1>Headline</h1><h1 id="in-the-body">In the body</h1>', p, "S")
    assert out.startswith(f'<span id="{TARGET}">')
    (root,) = p.toc
    assert root.id == TARGET and root.children == [body_h1]


@pytest.mark.build
def test_tables_of_contents_list_the_same_entries(news_site: Path) -> None:
    briefing = parse(news_site / "briefings" / SEED_SLUG / "index.html")
    (toc,) = briefing.cssselect(".md-sidebar--secondary [data-md-component=toc]")
    assert [text_of(a) for a in toc.cssselect("a")] == ["Background"]
    (skip,) = briefing.cssselect("a.md-skip")
    assert skip.get("href") == f"#{TARGET}"
    assert len(briefing.cssselect(f"#{TARGET}")) == 1
    home = parse(news_site / "index.html")
    (toc,) = home.cssselect(".md-sidebar--secondary [data-md-component=toc]")
    assert [text_of(a) for a in toc.cssselect("a")] == ["Latest briefings", "Stories"]
    assert home.cssselect("a.md-skip")[0].get("href") == "#briefings"
