"""A small site written from scratch for the site-core tests (no sample content)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

SITE_URL = "https://example.org/news/"

MKDOCS_YML = """\
site_name: Small desk
site_url: {site_url}
theme:
  name: material
  font: false
{theme_extra}plugins:
  - search
  - offline:
      enabled: !ENV [OFFLINE, false]
  - briefings:
{options}
"""

STORIES = """\
talks:
  title: Border talks
  description: Talks on the border, week by week.
quiet:
  title: A quiet story
"""

ENTITIES = """\
people:
  ada-smith:
    name: Ada Smith
    aliases: [Smith]
  bo-jones:
    name: Bo Jones
places:
  riverton:
    name: Riverton
organizations: {}
"""


def briefing_text(i: int, *, body: str = "", tags: str = "[Border Talks]") -> str:
    day = dt.date(2022, 1, 1) + dt.timedelta(days=i)
    return (
        f"---\ntitle: Briefing number {i}\ndate: {day.isoformat()}\n"
        f"summary: Summary of briefing {i}.\nsources:\n  - name: Wire\n"
        f"    url: https://example.org/wire/{i}\nstories: [talks]\ntags: {tags}\n"
        f"people: [ada-smith]\nplaces: [riverton]\nevents:\n"
        f"  - date: {day.isoformat()}\n    title: Event of briefing {i}\n"
        f"corrections:\n  - date: {day.isoformat()}\n    text: Correction {i}.\n"
        f"---\n{body or f'Ada Smith met Bo Jones in Riverton, meeting {i}.'}\n"
    )


def write_site(
    root: Path,
    count: int,
    *,
    options: dict[str, object] | None = None,
    theme_extra: str = "",
    site_url: str = SITE_URL,
) -> Path:
    """`count` briefings in one story, with docs/index.md; returns `root`."""
    lines = [f"      {key}: {value}" for key, value in (options or {}).items()]
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "briefings").mkdir(exist_ok=True)
    text = MKDOCS_YML.format(
        site_url=site_url, theme_extra=theme_extra, options="\n".join(lines) or "      {}"
    )
    if not lines:
        text = text.replace("  - briefings:\n      {}\n", "  - briefings\n")
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    (root / "docs" / "index.md").write_text(
        "# Desk\n\n<!-- briefings:latest 2 -->\n\n<!-- briefings:stories -->\n", encoding="utf-8"
    )
    (root / "briefings" / "stories.yml").write_text(STORIES, encoding="utf-8")
    (root / "briefings" / "entities.yml").write_text(ENTITIES, encoding="utf-8")
    for i in range(count):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=i)
        name = f"{day.isoformat()}-briefing-{i}.md"
        (root / "briefings" / name).write_text(briefing_text(i), encoding="utf-8")
    return root
