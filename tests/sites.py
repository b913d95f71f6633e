"""Small sites written from inline data into a temp folder: the tests' own content.

Tests never depend on the repository's sample briefings (curators change those). They
build `NEWS`, a ten-briefing site written for the tests, or a variant of it:

    site = write_site(tmp_path)                                   # NEWS as it is
    site = write_site(tmp_path, briefings={"2022-07-01-x.md": briefing(...)})  # one more
    site = write_site(tmp_path, plugin={"feed_count": 2}, config={"site_url": ""})

`write_site` writes mkdocs.yml (laid out like the repository's: two-space lists, the
`briefings` plugin last, the offline plugin switched by `!ENV [OFFLINE, false]`), docs/
and briefings/ with its registries. The facts tests assert about NEWS are named below
(SEED_SLUG, SEED_TITLE, ...), next to the data that makes them true.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

SITE_URL = "https://example.github.io/briefings/"
SITE_NAME = "Briefings"
NIGHT, SUN = "material/weather-night", "material/weather-sunny"


@dataclass(frozen=True)
class Env:
    """A `!ENV [name, default]` value in mkdocs.yml."""

    name: str
    default: object


class _Dumper(yaml.SafeDumper):
    """YAML laid out as people write mkdocs.yml: list items indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


_Dumper.add_representer(
    Env, lambda d, v: d.represent_sequence("!ENV", [v.name, v.default], flow_style=True)
)


def dump_yaml(data: object) -> str:
    """`data` as block YAML, keys in the given order, Unicode kept."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def briefing(title: str, date: str, body: str = "", **fields: Any) -> str:
    """The text of a briefing file: front matter from `title`, `date` and `fields`, then body.

    `summary` defaults to a sentence and `sources` to one outlet with an address; pass
    them to set them. Values are dumped as YAML (strings are quoted where YAML needs it).
    """
    front: dict[str, Any] = {"title": title, "date": date}
    front["summary"] = fields.pop("summary", f"Summary of {title.lower()}.")
    front["sources"] = fields.pop(
        "sources", [{"name": "Example News", "url": f"https://example.org/{date}"}]
    )
    front.update(fields)
    text = f"---\n{dump_yaml(_dates(front))}---\n"
    return f"{text}\n{textwrap.dedent(body).strip()}\n" if body.strip() else text


def _dates(value: Any) -> Any:
    """Full dates written as strings become dates, dumped unquoted as curators write them."""
    if isinstance(value, dict):
        return {k: _dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # an invalid date stays as written, for tests of errors
    return value


@dataclass(frozen=True)
class SiteData:
    """Everything `write_site` writes: file name -> text for briefings/ and docs/, the
    registries as data, and mkdocs.yml as top-level keys plus the briefings plugin's options."""

    briefings: Mapping[str, str]
    stories: Mapping[str, Mapping[str, str]]
    entities: Mapping[str, Mapping[str, Mapping[str, Any]]]
    docs: Mapping[str, str]
    config: Mapping[str, Any] = field(default_factory=dict)
    plugin: Mapping[str, Any] = field(default_factory=dict)


def write_site(dest: Path, data: SiteData | None = None, *,
               briefings: Mapping[str, str | None] | None = None,
               docs: Mapping[str, str] | None = None,
               stories: Mapping[str, Mapping[str, str]] | None = None,
               entities: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None,
               config: Mapping[str, Any] | None = None,
               plugin: Mapping[str, Any] | None = None) -> Path:  # fmt: skip
    """Write `data` (default NEWS) into `dest` and return `dest` (mkdocs.yml is inside).

    `briefings` and `docs` add files (a `None` text leaves that file out); `stories`
    and `entities` replace the registries; `config` sets top-level mkdocs.yml keys (a
    `None` value removes the key) and `plugin` sets options of the briefings plugin.
    """
    data = data or NEWS
    files = {**data.briefings, **(briefings or {})}
    data = replace(
        data,
        briefings={name: text for name, text in files.items() if text is not None},
        docs={**data.docs, **(docs or {})},
        stories=data.stories if stories is None else stories,
        entities=data.entities if entities is None else entities,
        config={**data.config, **(config or {})},
        plugin={**data.plugin, **(plugin or {})},
    )
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(mkdocs_yml(data), encoding="utf-8")
    for folder, items in (("docs", data.docs), ("briefings", data.briefings)):
        (dest / folder).mkdir(exist_ok=True)
        for name, text in items.items():
            path = dest / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    registries = dest / "briefings"
    (registries / "stories.yml").write_text(dump_yaml(dict(data.stories)), encoding="utf-8")
    entities_data = {kind: dict(items) for kind, items in data.entities.items()}
    (registries / "entities.yml").write_text(dump_yaml(entities_data), encoding="utf-8")
    return dest


def mkdocs_yml(data: SiteData) -> str:
    """The site's mkdocs.yml: `data.config` over the base, the briefings plugin last."""
    config: dict[str, Any] = {
        "site_name": SITE_NAME,
        "site_description": "Briefings written for the test suite.",
        "site_url": SITE_URL,
        "theme": {
            "name": "material",
            "font": False,
            "language": "en",
            "features": ["navigation.tabs", "navigation.top", "search.highlight"],
            "palette": [
                {"scheme": "default", "toggle": {"icon": NIGHT, "name": "Dark theme"}},
                {"scheme": "slate", "toggle": {"icon": SUN, "name": "Light theme"}},
            ],
        },
        "nav": [{"Home": "index.md"}, {"Writing": "writing.md"}],
        "plugins": [
            "search",
            {"offline": {"enabled": Env("OFFLINE", False)}},
            {"briefings": dict(data.plugin)},
        ],
        "markdown_extensions": [{"toc": {"permalink": True}}, "admonition", "attr_list"],
        "validation": {"links": {"absolute_links": "warn", "unrecognized_links": "warn"}},
    }
    for key, value in data.config.items():
        if value is None:
            config.pop(key, None)
        else:
            config[key] = value
    return dump_yaml(config)


# -- NEWS: the tests' standard site ----------------------------------------------------

SEED_SLUG = "2022-06-25-moscow-missiles-belarus"
SEED_TITLE = "Moscow will deliver missiles to Belarus"
SEED_SUMMARY_START = "Vladimir Putin said Russia would supply Belarus"
NUCLEAR = "russia-belarus-nuclear-sharing"  # the seed's main story
NUCLEAR_TITLE = "Russian nuclear weapons in Belarus"
DONBAS = "battle-of-donbas"  # a story the seed is not in
NEWEST_CONTENT = dt.date(2023, 7, 17)  # the newest `updated:` of NEWS
PUBLISHED = 10  # briefings in NEWS, all published

STORIES = {
    NUCLEAR: {
        "title": NUCLEAR_TITLE,
        "description": "Belarus gives up its non-nuclear status and takes Russian missiles "
        "and warheads.",
    },
    DONBAS: {
        "title": "Battle of Donbas",
        "description": "The fighting for the cities of Luhansk Oblast in 2022.",
    },
    "fertilizer-sanctions": {
        "title": "Fertilizer, grain and sanctions",
        "description": "Food exports, the sanctions on them and the deals to move them.",
    },
}

ENTITIES: dict[str, dict[str, dict[str, Any]]] = {
    "people": {
        "vladimir-putin": {"name": "Vladimir Putin", "aliases": ["Putin"],
                           "description": "President of Russia."},
        "alexander-lukashenko": {"name": "Alexander Lukashenko",
                                 "aliases": ["Lukashenko", "Lukashenka"],
                                 "description": "President of Belarus."},
        "volodymyr-zelensky": {"name": "Volodymyr Zelensky", "aliases": ["Zelensky"],
                               "description": "President of Ukraine."},
        "sergei-shoigu": {"name": "Sergei Shoigu", "aliases": ["Shoigu"],
                          "description": "Russian defence minister until 2024."},
        "viktor-khrenin": {"name": "Viktor Khrenin", "aliases": ["Khrenin"],
                           "description": "Defence minister of Belarus."},
        "serhiy-haidai": {"name": "Serhiy Haidai", "aliases": ["Haidai"],
                          "description": "Governor of Luhansk Oblast in 2022."},
    },
    "places": {
        "russia": {"name": "Russia", "aliases": [], "description": "Country."},
        "belarus": {"name": "Belarus", "aliases": [], "description": "Country."},
        "ukraine": {"name": "Ukraine", "aliases": [], "description": "Country."},
        "minsk": {"name": "Minsk", "aliases": [], "description": "Capital of Belarus."},
        "moscow": {"name": "Moscow", "aliases": [], "description": "Capital of Russia."},
        "saint-petersburg": {"name": "Saint Petersburg", "aliases": ["St Petersburg"],
                             "description": "Russia's second city."},
        "severodonetsk": {"name": "Sievierodonetsk", "aliases": ["Severodonetsk"],
                          "description": "City in Luhansk Oblast."},
        "lysychansk": {"name": "Lysychansk", "aliases": [],
                       "description": "City across the river from Sievierodonetsk."},
        "istanbul": {"name": "Istanbul", "aliases": [], "description": "City in Turkey."},
    },
    "organizations": {
        "nato": {"name": "NATO", "aliases": [], "description": "Military alliance."},
        "united-nations": {"name": "United Nations", "aliases": ["UN"],
                           "description": "International organization."},
    },
    "equipment": {
        "iskander-m": {"name": "Iskander-M", "aliases": ["Iskander"],
                       "description": "Russian short-range missile system."},
        "su-25": {"name": "Sukhoi Su-25", "aliases": ["Su-25"],
                  "description": "Ground-attack aircraft."},
        "s-400": {"name": "S-400", "aliases": [],
                  "description": "Russian air-defence missile system."},
    },
}  # fmt: skip

WIRE = [{"name": "Wire report (outlet not recorded)", "note": "Text received without its address.",
         "published": "2022-06-25", "language": "en"}]  # fmt: skip

_BRIEFINGS = {
    "2022-02-27-belarus-referendum.md": briefing(
        "Belarus votes to give up its non-nuclear status", "2022-02-27",
        """
        Voters in Belarus approved a new constitution that no longer calls the country
        free of nuclear weapons, the election commission in Minsk said.

        Alexander Lukashenko had put the text to a referendum while Russian troops were
        on Belarusian soil.
        """,
        stories=[NUCLEAR], tags=["nuclear-weapons", "referendum"],
        people=["alexander-lukashenko"], places=["belarus", "minsk"],
    ),
    "2022-05-19-belarus-iskander-purchase.md": briefing(
        "Belarus says it has bought Iskander and S-400 systems from Russia", "2022-05-19",
        """
        Viktor Khrenin, the defence minister of Belarus, said the country had paid for
        Iskander missile systems and S-400 air defences and would receive them soon.
        """,
        stories=[NUCLEAR], tags=["missiles"], people=["viktor-khrenin"],
        places=["belarus", "russia"], equipment=["iskander-m", "s-400"],
    ),
    "2022-05-30-severodonetsk-street-fighting.md": briefing(
        "Street fighting reaches Sievierodonetsk", "2022-05-30",
        """
        Russian units entered the outskirts of Sievierodonetsk, Serhiy Haidai said, and
        fighting moved street by street. Volodymyr Zelensky called the battle decisive.
        """,
        stories=[DONBAS], tags=["ukraine-war"],
        people=["serhiy-haidai", "volodymyr-zelensky"], places=["severodonetsk", "ukraine"],
        events=[{"date": "2022-05", "title": "Shelling of Sievierodonetsk intensifies",
                 "approximate": True}],
    ),
    f"{SEED_SLUG}.md": briefing(
        SEED_TITLE, "2022-06-25",
        """
        Vladimir Putin promised on Saturday to hand Belarus missile systems that can carry
        nuclear warheads within months, as he hosted Alexander Lukashenko in St Petersburg.

        Putin said Iskander-M launchers would arrive in conventional and nuclear
        versions. Lukashenko asked for help to refit his air force, and the two leaders
        talked about making Su-25 jets able to carry nuclear bombs.

        ## Background

        Belarus borders Ukraine and three NATO members. Its purchase of Iskander systems
        was [reported in May](2022-05-19-belarus-iskander-purchase.md), and the handover
        was [confirmed in December](2022-12-19-belarus-iskander-s400-combat-duty.md).
        Mr Putin also spoke of fertilizer exports held up by sanctions.
        """,
        summary=f"{SEED_SUMMARY_START} with nuclear-capable Iskander-M missile systems "
        "within months. Meeting Alexander Lukashenko in St Petersburg, the two leaders "
        "also discussed refitting Belarusian Su-25 aircraft for nuclear weapons.",
        sources=WIRE, stories=[NUCLEAR, "fertilizer-sanctions"],
        tags=["nuclear-weapons", "missiles", "fertilizer", "sanctions"],
        people=["vladimir-putin", "alexander-lukashenko"],
        places=["belarus", "russia", "saint-petersburg"], organizations=["nato"],
        equipment=["iskander-m", "su-25"],
        key_points=[
            "Iskander-M systems, conventional and nuclear, are to go to Belarus within months.",
            "Belarusian Su-25 aircraft could be refitted in Russia to carry nuclear weapons.",
            "Belarus had announced the previous month that it had bought Iskander systems.",
        ],
        events=[{"date": "2022-06-25", "title": "Putin announces the Iskander-M transfer"}],
        related=["2022-05-19-belarus-iskander-purchase"],
    ),
    "2022-06-25-severodonetsk-occupied.md": briefing(
        'Sievierodonetsk "completely occupied" by Russian forces', "2022-06-25",
        """
        Serhiy Haidai said Sievierodonetsk was now completely occupied after Ukrainian
        troops pulled back across the river to Lysychansk.

        On the same day [Moscow promised missiles to Belarus](2022-06-25-moscow-missiles-belarus.md).
        """,
        stories=[DONBAS], tags=["ukraine-war"], people=["serhiy-haidai"],
        places=["severodonetsk", "lysychansk", "ukraine"],
    ),
    "2022-07-03-lysychansk-captured.md": briefing(
        "Ukraine withdraws from Lysychansk", "2022-07-03",
        """
        Sergei Shoigu told Vladimir Putin that Russian forces held Lysychansk. Ukraine's
        army said its troops had left the city to save lives.
        """,
        updated="2022-07-04", stories=[DONBAS], tags=["ukraine-war"],
        people=["sergei-shoigu", "vladimir-putin"], places=["lysychansk", "ukraine"],
        events=[{"date": "2022-07-04", "title": "Putin declares victory in Luhansk region"}],
        corrections=[{"date": "2022-07-05", "text": "Sample correction: an earlier version "
                      "dated the claim to 2 July; it was made on 3 July."}],
    ),
    "2022-07-22-black-sea-grain-initiative.md": briefing(
        "Grain deal signed in Istanbul", "2022-07-22",
        """
        Russia and Ukraine signed separate agreements in Istanbul with the United Nations
        to let grain ships leave Ukrainian ports.
        """,
        updated=NEWEST_CONTENT.isoformat(), stories=["fertilizer-sanctions"],
        tags=["food-security"], places=["istanbul", "russia", "ukraine"],
        organizations=["united-nations"],
    ),
    "2022-12-19-belarus-iskander-s400-combat-duty.md": briefing(
        "Lukashenko says Russian-supplied Iskander and S-400 systems are on combat duty",
        "2022-12-19",
        """
        Alexander Lukashenko said the Iskander and S-400 systems sent by Russia were on
        combat duty, during a visit by Vladimir Putin to Minsk.
        """,
        stories=[NUCLEAR], tags=["missiles"],
        people=["alexander-lukashenko", "vladimir-putin"], places=["belarus", "minsk"],
        equipment=["iskander-m", "s-400"], related=[SEED_SLUG],
    ),
    "2023-03-25-putin-tactical-nuclear-belarus.md": briefing(
        "Putin says Russia will station tactical nuclear weapons in Belarus", "2023-03-25",
        """
        Vladimir Putin said Russia would keep tactical nuclear weapons in Belarus, under
        Russian control, as the United States keeps some in Europe.
        """,
        stories=[NUCLEAR], tags=["nuclear-weapons"], people=["vladimir-putin"],
        places=["belarus", "russia"],
    ),
    "2023-06-16-first-nuclear-warheads-belarus.md": briefing(
        "Putin says the first nuclear warheads have reached Belarus", "2023-06-16",
        """
        The first Russian tactical nuclear warheads are in Belarus, Vladimir Putin said in
        St Petersburg. Alexander Lukashenko said some were bigger than those of 1945.
        """,
        stories=[NUCLEAR], tags=["nuclear-weapons"],
        people=["vladimir-putin", "alexander-lukashenko"],
        places=["belarus", "saint-petersburg"],
    ),
}  # fmt: skip


HOME = """# Briefings

Briefings written for the test suite; the [timeline](timeline/index.md) puts them in order.

## Latest briefings

<!-- briefings:latest 5 -->

## Stories

<!-- briefings:stories -->
"""

WRITING = """# Writing a briefing

A briefing is a Markdown file with front matter in `briefings/`.
"""

NEWS = SiteData(
    briefings=_BRIEFINGS,
    stories=STORIES,
    entities=ENTITIES,
    docs={"index.md": HOME, "writing.md": WRITING},
    plugin={"entity_kinds": {"equipment": "Equipment"}},
)
assert len(NEWS.briefings) == PUBLISHED and f"{SEED_SLUG}.md" in NEWS.briefings
