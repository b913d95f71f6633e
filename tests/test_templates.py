"""The template contract: overrides in `custom_dir/briefings/` are used, the plugin's own
ids never clash with a body's, list lengths are options, and state never leaks between
builds in one process."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from . import sites as news
from .helpers import build, builds_in_one_process, parse, text_of
from .small_site import briefing_text, write_site

TAG_OVERRIDE = """\
<div class="custom-tag"><h1>{{ view.name }}</h1>
<p class="custom-total">{{ view.total }} briefings, {{ view.pager.label }}</p>
{% for item in view.briefings %}{{ partial("briefing_item", item, summary=False) }}{% endfor %}
</div>
"""
ITEM_OVERRIDE = """\
<li class="custom-item"><a href="{{ item.href }}">{{ item.title }}</a> {{ item.date.text }}</li>
"""


@pytest.mark.build
def test_overrides_in_custom_dir_briefings_are_used(tmp_path: Path) -> None:
    site = write_site(tmp_path, 3, theme_extra="  custom_dir: overrides\n")
    folder = site / "overrides" / "briefings"
    (folder / "partials").mkdir(parents=True)
    (folder / "tag.html").write_text(TAG_OVERRIDE, encoding="utf-8")
    (folder / "partials" / "briefing_item.html").write_text(ITEM_OVERRIDE, encoding="utf-8")
    build(site)
    out = site / "site"
    tag = parse(out / "tags" / "border-talks" / "index.html")
    assert text_of(tag.cssselect(".custom-tag h1")[0]) == "Border Talks"
    assert text_of(tag.cssselect(".custom-total")[0]) == "3 briefings, Page 1 of 1"
    items = tag.cssselect(".custom-tag li.custom-item a")
    assert [text_of(a) for a in items] == [f"Briefing number {i}" for i in (2, 1, 0)]
    assert (out / "tags" / "border-talks" / items[0].get("href") / "index.html").is_file()
    # The partial is used by every list, in the package's own templates too.
    archive = parse(out / "archive" / "index.html")
    assert len(archive.cssselect("li.custom-item")) == 3
    assert not archive.cssselect("li.bf-item")


@pytest.mark.build
def test_plugin_ids_never_duplicate_body_headings(tmp_path: Path) -> None:
    site = write_site(tmp_path, 2)
    body = "## Related\n\nText.\n\n## Corrections\n\nText.\n\n## Timeline\n\n## 2022\n"
    (site / "briefings" / "2022-01-02-briefing-1.md").write_text(
        briefing_text(1, body=body), encoding="utf-8"
    )
    (site / "briefings" / "2022-01-01-briefing-0.md").write_text(
        briefing_text(0, body="See [the other](2022-01-02-briefing-1.md)."), encoding="utf-8"
    )
    build(site)
    page = parse(site / "site" / "briefings" / "2022-01-02-briefing-1" / "index.html")
    ids = Counter(page.xpath("//@id"))
    assert [i for i, n in ids.items() if n > 1] == []
    assert {"related", "corrections", "bf-related", "bf-corrections", "bf-referenced-by"} <= set(
        ids
    )
    article = page.cssselect("article")[0]
    ours = [i for i in article.xpath(".//footer//@id")]
    assert ours and all(i.startswith("bf-") for i in ours)


@pytest.mark.build
def test_list_lengths_are_options(tmp_path: Path) -> None:
    site = write_site(tmp_path, 12, options={"story_timeline_window": 1, "latest_count": 3})
    (site / "docs" / "index.md").write_text(
        "# Desk\n\n<!-- briefings:latest -->\n\n<!-- briefings:stories 0 -->\n\n"
        "## More\n\n<!-- briefings:stories -->\n"
    )
    build(site)
    out = site / "site"
    home = parse(out / "index.html")
    marked = home.cssselect("ul.bf-active-stories")
    assert [len(m.cssselect("li")) for m in marked] == [0, 1]  # one story has briefings
    assert [text_of(a) for a in home.cssselect("ul.bf-active-stories + p a")] == ["All stories"] * 2
    page = parse(out / "briefings" / "2022-01-06-briefing-5" / "index.html")
    # One entry on each side of the briefing's own (each briefing has one event).
    assert len(page.cssselect("#bf-story-timeline li.bf-entry")) == 3
    assert len(parse(out / "index.html").cssselect(".bf-latest li")) == 3


@pytest.mark.build
@pytest.mark.parametrize(
    ("option", "value"), [("pagination_size", 0), ("pagination_size", "ten"), ("latest_count", -1)]
)
def test_bad_list_options_are_config_errors(tmp_path: Path, option: str, value: object) -> None:
    site = write_site(tmp_path, 1, options={option: value})
    result = build(site, check=False)
    assert result.returncode != 0
    assert option in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.build
def test_a_disabled_second_build_in_one_process_generates_nothing(tmp_path: Path) -> None:
    """`mkdocs serve` reloads mkdocs.yml for each rebuild but keeps the plugin object
    (MkDocs caches plugin instances): a rebuild with `enabled: false` must not see the
    last build's pages, feeds or assets. Both builds run in one engine process through the
    engine switch (tests/helpers.py), so ProperDocs runs them under BRIEFINGS_ENGINE."""
    site = news.write_site(tmp_path / "site", plugin={"enabled": True})
    config = site / "mkdocs.yml"
    first, second = site / "first", site / "second"

    def disable() -> None:
        assert (first / "briefings" / news.SEED_SLUG / "index.html").is_file()
        assert (first / "feeds/feed.xml").is_file()
        text = config.read_text(encoding="utf-8")
        assert "enabled: true" in text
        config.write_text(text.replace("enabled: true", "enabled: false"), encoding="utf-8")

    records = builds_in_one_process([(config, first), (config, second)], between=disable)
    assert [r["ok"] for r in records] == [True, True]
    assert records[0]["plugin"] == records[1]["plugin"]  # the same plugin object
    built = {p.relative_to(second).as_posix() for p in second.rglob("*")}
    assert "index.html" in built
    assert not [p for p in built if p.startswith(("briefings", "stories", "feeds", "tags"))]
    assert "feeds/feed.xml" not in built
    assert not [p for p in built if p.startswith("assets/briefings")]
    assert news.SEED_TITLE not in (second / "index.html").read_text(encoding="utf-8")


def test_the_template_contract_documents_every_view_model_and_template() -> None:
    import dataclasses

    from briefings.site.views import pages, parts

    from .helpers import REPO

    doc = (REPO / "docs" / "templates.md").read_text(encoding="utf-8")
    missing = []
    for module in (pages, parts):
        for name, cls in vars(module).items():
            if not (dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__):
                continue
            if not re.search(rf"\b{name}\b", doc):
                missing.append(name)
            missing += [f"{name}.{f.name}" for f in dataclasses.fields(cls)
                        if f"`{f.name}`" not in doc]  # fmt: skip
    folder = REPO / "plugins" / "briefings" / "site" / "templates"
    missing += [
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*.html")
        if not p.name.startswith("_") and f"`{p.relative_to(folder).as_posix()}`" not in doc
    ]
    assert missing == []
