"""A site written for the timeline tests: briefings over several years whose events have
every precision (day, month, year, approximate, ranges) and their own stories and people.

- `ada-smith` is named by even briefings, `bo-jones` by odd ones; `cy-lee` is named by no
  briefing, only by the month events of briefings 1, 4, 7, ... (event `people:`), and
  every body mentions all three (passing mentions the timeline must ignore).
- Briefings alternate between the stories `talks` and `trade`; the year-only event of
  briefings 0, 5, 10, ... names `trade` itself (`stories:`), whatever its briefing's story.
- Briefings 0, 3, 6, ... have their own same-day event (merged into the briefing's entry);
  briefings 2, 9, 16, ... a same-day *approximate* event (its own entry).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

MKDOCS_YML = """\
site_name: Timeline desk
site_url: https://example.org/desk/
use_directory_urls: {directory_urls}
theme:
  name: material
  font: false
  palette:
    - scheme: default
      toggle: {{icon: material/weather-night, name: Dark theme}}
    - scheme: slate
      toggle: {{icon: material/weather-sunny, name: Light theme}}
plugins:
  - search
  - briefings:
      timeline_html_entries: {html}
      pagination_size: {size}
"""

STORIES = """\
talks:
  title: Border talks
trade:
  title: Trade and tariffs
"""

ENTITIES = """\
people:
  ada-smith:
    name: Ada Smith
  bo-jones:
    name: Bo Jones
  cy-lee:
    name: Cy Lee
places:
  riverton:
    name: Riverton
organizations: {}
"""

START = dt.date(2019, 1, 3)
STEP_DAYS = 9


def day_of(i: int) -> dt.date:
    return START + dt.timedelta(days=STEP_DAYS * i)


def briefing_text(i: int) -> str:
    day = day_of(i)
    story = "talks" if i % 2 == 0 else "trade"
    person = "ada-smith" if i % 2 == 0 else "bo-jones"
    events = []
    if i % 3 == 0:
        events.append(f"  - date: {day.isoformat()}\n    title: Talks round {i} held")
    if i % 3 == 1:
        events.append(
            f"  - date: {day.isoformat()[:7]}\n    title: Cy Lee visits, month {i}\n"
            "    people: [cy-lee]"
        )
    if i % 5 == 0:
        events.append(
            f"  - date: '{day.year - 1}'\n    approximate: true\n"
            f"    title: Tariff dispute begins, year {i}\n    stories: [trade]"
        )
    if i % 7 == 2:
        events.append(
            f"  - date: {day.isoformat()}\n    approximate: true\n    title: Rumoured meeting {i}"
        )
    if i % 7 == 0:
        end = day + dt.timedelta(days=4)
        events.append(
            f"  - date: {day.isoformat()}\n    end: {end.isoformat()}\n    title: Summit week {i}"
        )
    front = (
        f"---\ntitle: Briefing {i} <b>bold</b> & co\ndate: {day.isoformat()}\n"
        f"summary: Summary of briefing {i}.\nsources:\n  - name: Wire\n"
        f"    url: https://example.org/wire/{i}\nstories: [{story}]\npeople: [{person}]\n"
        "places: [riverton]\n"
    )
    if events:
        front += "events:\n" + "\n".join(events) + "\n"
    body = f"Ada Smith, Bo Jones and Cy Lee were all in Riverton ({i})."
    return front + "---\n" + body + "\n"


def write_site(
    root: Path, count: int, *, html: int = 20, size: int = 10, directory_urls: bool = False
) -> Path:
    """`count` briefings (see the module's docstring); returns `root`."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "briefings").mkdir(exist_ok=True)
    text = MKDOCS_YML.format(
        html=html, size=size, directory_urls="true" if directory_urls else "false"
    )
    (root / "mkdocs.yml").write_text(text, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Desk\n", encoding="utf-8")
    (root / "briefings" / "stories.yml").write_text(STORIES, encoding="utf-8")
    (root / "briefings" / "entities.yml").write_text(ENTITIES, encoding="utf-8")
    for i in range(count):
        name = f"{day_of(i).isoformat()}-briefing-{i}.md"
        (root / "briefings" / name).write_text(briefing_text(i), encoding="utf-8")
    return root
