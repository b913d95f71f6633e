"""The plugin's own words and dates in the site's language (`theme.language`).

`Messages.for_language(tag)` is chosen once per build. Its labels come from a small
catalogue per language (`de.py`, `fr.py`; English is the source text itself, so it needs
none); a message the catalogue lacks stays English. Dates, month names and language names
come from Babel's CLDR data, so they follow every language Babel knows, catalogue or not.

Messages are looked up by their English text, as with gettext: `t("Sources")`,
`t("Page {number} of {count}", number=2, count=5)`, and for counts
`t.n("{count} briefing", "{count} briefings", n)`, which picks the language's plural form
(CLDR's rules: `one`, `few`, `many`, `other`, ...). Every value is plain text; templates
escape it where it becomes HTML.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_interval, format_skeleton
from babel.numbers import format_decimal

from briefings.model.dates import PartialDate, human_range

#: Languages with a catalogue of the plugin's labels (besides English, the source text).
CATALOGUES = ("de", "fr")
#: The Babel locale of a language whose dates should not follow Babel's default region:
#: English dates read `25 June 2022` (day, month, year), as the site has always written them.
DATE_LOCALES = {"en": "en_GB"}
FALLBACK = "en"

#: One message: a text, or (for counts) a text per CLDR plural category.
Message = str | Mapping[str, str]


@dataclass(frozen=True)
class Messages:
    """The plugin's labels and date formats for one language.

    `language` is the site's language tag as configured (`en`, `de`, `pt-BR`); `catalogue`
    maps English source texts to their translation (empty for English); `locale` is the
    Babel locale dates and language names are formatted with.
    """

    language: str = FALLBACK
    catalogue: Mapping[str, Message] = field(default_factory=dict)
    locale: Locale = field(default_factory=lambda: Locale.parse(DATE_LOCALES[FALLBACK]))

    @classmethod
    def for_language(cls, tag: str | None) -> Messages:
        """The messages of language `tag` (a BCP 47 tag like Material's `theme.language`:
        `de`, `fr`, `pt-BR`). The catalogue is the tag's, else its primary language's,
        else none (English labels); dates follow the tag in Babel, else English. Cached:
        one object per language."""
        return _messages(normalise_tag(tag))

    # -- labels ------------------------------------------------------------------------
    def __call__(self, message: str, /, **params: object) -> str:
        """`message` in this language, `{name}` placeholders filled from `params`."""
        found = self.catalogue.get(message, message)
        text = found if isinstance(found, str) else found.get("other", message)
        return text.format(**params) if params else text

    def n(self, one: str, other: str, count: int, /, **params: object) -> str:
        """The form of `one`/`other` (English singular and plural) for `count`, in this
        language's plural rules; `{count}` and `params` are filled in."""
        found = self.catalogue.get(one)
        if isinstance(found, Mapping):
            form = self.locale.plural_form(abs(count))
            text = found.get(form) or found.get("other") or other
        elif isinstance(found, str):
            text = found
        else:
            text = one if count == 1 else other
        return text.format(count=self.number(count), **params)

    def number(self, value: int) -> str:
        """A whole number as the language writes it (`1,234`, `1.234`)."""
        return format_decimal(value, locale=self.locale)

    # -- dates -------------------------------------------------------------------------
    def date(self, value: dt.date | PartialDate) -> str:
        """A date as precise as it is known: `25 June 2022`, `June 2022`, `2022`
        (`25. Juni 2022`, `Juni 2022` in German)."""
        day = PartialDate.of(value) if isinstance(value, dt.date) else value
        if self._english:
            return day.human()
        if day.precision == "year":
            return format_skeleton("y", day.first_day(), locale=self.locale)
        skeleton = "yMMMMd" if day.precision == "day" else "yMMMM"
        return format_skeleton(skeleton, day.first_day(), locale=self.locale)

    def month(self, year: int, month: int) -> str:
        """A month heading (`June 2022`); month 0 is the year alone."""
        return self.date(PartialDate(year, month))

    def date_range(
        self, start: PartialDate, end: PartialDate | None = None, approximate: bool = False
    ) -> str:
        """A date or a range of dates: `3–5 July 2022`, `c. May 2022` (`3.–5. Juli 2022`,
        `ca. Mai 2022`). Ends of different precision are written each in full."""
        if self._english:
            return human_range(start, end, approximate)
        if end is None or end == start:
            text = self.date(start)
        elif start.precision == end.precision and start.precision != "year":
            skeleton = "yMMMMd" if start.precision == "day" else "yMMMM"
            first, last = start.first_day(), end.first_day()
            text = format_interval(first, last, skeleton, locale=self.locale)
        else:
            text = f"{self.date(start)} – {self.date(end)}"
        return self("c. {date}", date=text) if approximate else text

    # -- languages ---------------------------------------------------------------------
    def language_name(self, code: str) -> str:
        """The name of language `code` (`fr`, `pt-BR`) in this language: `French`,
        `Portuguese (Brazil)`; the code itself when Babel does not know it."""
        return _language_name(code, str(self.locale))

    @property
    def direction(self) -> str:
        """`ltr` or `rtl`: the writing direction of the site's language."""
        return str(self.locale.text_direction)

    @property
    def _english(self) -> bool:
        return self.locale.language == "en" and str(self.locale) == DATE_LOCALES["en"]


def normalise_tag(tag: str | None) -> str:
    """A language tag as Babel and the catalogues name it: `pt-BR` -> `pt_BR`; '' -> `en`."""
    text = (tag or "").strip().replace("-", "_")
    return text or FALLBACK


@lru_cache(maxsize=32)
def _messages(tag: str) -> Messages:
    primary = tag.split("_")[0].lower()
    return Messages(language=tag.replace("_", "-"), catalogue=_catalogue(tag, primary),
                    locale=_locale(tag, primary))  # fmt: skip


def _catalogue(tag: str, primary: str) -> Mapping[str, Message]:
    for name in (tag.lower(), primary):
        if name in CATALOGUES:
            module = importlib.import_module(f"{__name__}.{name}")
            found: Mapping[str, Message] = module.MESSAGES
            return found
    return {}


def _locale(tag: str, primary: str) -> Locale:
    for name in (DATE_LOCALES.get(tag, tag), DATE_LOCALES.get(primary, primary)):
        try:
            return Locale.parse(name)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse(DATE_LOCALES[FALLBACK])


@lru_cache(maxsize=512)
def _language_name(code: str, locale: str) -> str:
    try:
        name = Locale.parse(normalise_tag(code)).get_display_name(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name or code


__all__ = ["CATALOGUES", "Messages", "normalise_tag"]
