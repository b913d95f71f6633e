"""The plugin's words and dates follow `theme.language`: English and German are built and
read back; the catalogues cover every label the templates and views use."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from briefings.model.dates import PartialDate
from briefings.site.i18n import CATALOGUES, Messages

from .helpers import REPO, build, parse, text_of
from .sites import SEED_SLUG, write_site

PACKAGE = REPO / "plugins" / "briefings"
SEED_PAGE = f"briefings/{SEED_SLUG}/index.html"
CORRECTED_PAGE = "briefings/2022-07-03-lysychansk-captured/index.html"


def test_dates_follow_the_language() -> None:
    day = dt.date(2022, 6, 25)
    assert Messages.for_language("en").date(day) == "25 June 2022"
    assert Messages.for_language("de").date(day) == "25. Juni 2022"
    assert Messages.for_language("fr").date(day) == "25 juin 2022"
    assert Messages.for_language("de").month(2022, 3) == "März 2022"
    assert Messages.for_language("en").date(PartialDate(2022, 6)) == "June 2022"


def test_labels_and_plurals_follow_the_language() -> None:
    de, en = Messages.for_language("de"), Messages.for_language("en")
    assert de("Sources") == "Quellen" and en("Sources") == "Sources"
    assert de("Page {number} of {count}", number=2, count=5) == "Seite 2 von 5"
    assert en.n("{count} briefing", "{count} briefings", 1) == "1 briefing"
    assert en.n("{count} briefing", "{count} briefings", 3) == "3 briefings"
    assert de.n("{count} briefing", "{count} briefings", 3).startswith("3 ")
    # A region falls back to its language; an unknown language to English labels.
    assert Messages.for_language("de-AT")("Sources") == "Quellen"
    assert Messages.for_language("xx")("Sources") == "Sources"


def test_language_names_come_from_babel() -> None:
    assert Messages.for_language("en").language_name("fr") == "French"
    assert Messages.for_language("de").language_name("fr") == "Französisch"
    assert Messages.for_language("fr").language_name("ru") == "russe"


def _labels_used() -> set[str]:
    """Every literal label given to `t(...)` / `t.n(...)` in templates and views."""
    found: set[str] = set()
    call = re.compile(r"""\bt(?:\.n)?\(\s*"((?:[^"\\]|\\.)*)"(?:\s*,\s*"((?:[^"\\]|\\.)*)")?""")
    files = [*PACKAGE.joinpath("site", "templates").rglob("*.html")]
    files += [*PACKAGE.joinpath("site").rglob("*.py")]
    files += [*PACKAGE.joinpath("adapters").rglob("*.py")]
    for path in files:
        for match in call.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1))
    return found


@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogues_cover_every_label(language: str) -> None:
    labels = _labels_used()
    assert len(labels) > 40  # the scan found the labels
    messages = Messages.for_language(language)
    missing = sorted(label for label in labels if label not in messages.catalogue)
    assert not missing, f"{language}: no translation for {missing}"


@pytest.mark.build
def test_german_site(tmp_path: Path) -> None:
    site = write_site(tmp_path, config={"theme": _theme("de")})
    build(site)
    out = site / "site"
    root = parse(out / SEED_PAGE)
    assert root.get("lang") == "de"
    dateline = text_of(root.cssselect(".bf-dateline")[0])
    assert dateline.startswith("Veröffentlicht am 25. Juni 2022")
    headings = [text_of(h) for h in root.cssselect(".bf-briefing h2")]
    assert "Quellen" in headings and "Was bisher geschah" in headings
    assert text_of(root.cssselect(".bf-key-points summary")[0]) == "Das Wichtigste"
    assert text_of(root.cssselect(".bf-source__lang")[0]) == "Englisch"
    corrected = parse(out / CORRECTED_PAGE)
    notice = text_of(corrected.cssselect("#bf-corrections .bf-notice__date")[0])
    assert "5. Juli 2022" in notice
    home = parse(out / "index.html")
    assert "Alle Themen" in [text_of(a) for a in home.cssselect(".bf-more a")]
    # No English label is left on the briefing page.
    for english in ("Published", "Key points", "What came before", "Related briefings"):
        assert english not in text_of(root.cssselect(".bf-briefing")[0])
    # Nor on the timeline: its legend, filter, entries and the count's label.
    timeline = parse(out / "timeline" / "index.html")
    article = timeline.cssselect("article")[0]
    words = text_of(article) + " ".join(
        e.get("aria-label", "") + e.get("data-bf-shown", "") for e in article.iter()
    )
    for english in ("Key", "Jump to year", "Reported in", "All stories", "Every briefing",
                    "Month known", "Everyone and everywhere", "shown", "This briefing",
                    "Event ", "month not known", "older entries"):  # fmt: skip
        assert english not in words, english
    assert "Legende" in words and "{count} angezeigt" in words


def _theme(language: str) -> dict[str, object]:
    return {"name": "material", "font": False, "language": language}
