#!/usr/bin/env python3
"""A deterministic synthetic news corpus, written in Briefings' format and in the peers'.

`make_corpus(count, seed)` draws `count` articles (~700-word news-like bodies), 40 stories,
~600 entities with aliases that the bodies mention, 200 tags, events of mixed precision
(day, month, year, ranges, approximate), sources, key points, some corrections, related
links and cross-links between bodies. The same seed always gives the same bytes.

Writers put the same articles into four site trees, one per tool:

- `write_briefings(corpus, dest)`: this repository's `mkdocs.yml` and `docs/`, and a
  generated `briefings/` folder (articles and the `stories.yml`/`entities.yml` registries);
- `write_material_blog(corpus, dest)`: Material's blog plugin (search, blog and tags
  plugins), posts under `docs/blog/posts/` with `date`, `categories`, `tags`, `authors`;
  configuration from `bench/peers/material-blog/`;
- `write_hugo(corpus, dest)`: Hugo, `content/posts/*.md` with `tags` and `categories`
  taxonomies and the minimal theme in `bench/peers/hugo/`;
- `write_floor(corpus, dest)`: plain MkDocs + Material pages with a short nav (search
  only), the floor this engine allows; configuration from `bench/peers/floor/`.

Command line: `python bench/generate.py 300 corpus [--seed 7] [--only briefings]`
writes `corpus/<tool>/` for each tool.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PEERS = BENCH / "peers"

KINDS = ("people", "places", "organizations")
COUNTS = {"people": 240, "places": 210, "organizations": 150}  # 600 entities
STORY_COUNT = 40
TAG_COUNT = 200
START = dt.date(2015, 1, 5)
BODY_WORDS = 700

# -- vocabulary ---------------------------------------------------------------------------

ONSETS = [
    "b",
    "br",
    "d",
    "dr",
    "g",
    "h",
    "k",
    "kr",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "st",
    "t",
    "tr",
    "v",
    "z",
    "ch",
    "sh",
    "zh",
    "m",
    "l",
    "r",
    "v",
]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "ya"]
CODAS = ["", "", "n", "r", "s", "l", "k", "m", "sk", "nd", "v", "t"]
SURNAME_ENDS = [
    "enko",
    "ov",
    "ova",
    "ski",
    "escu",
    "ovic",
    "ian",
    "ashvili",
    "berg",
    "ic",
    "ez",
    "oglu",
    "ani",
    "sen",
    "uk",
]
FIRST_NAMES = [
    "Anna",
    "Boris",
    "Carla",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hanna",
    "Igor",
    "Jana",
    "Karim",
    "Lena",
    "Marek",
    "Nadia",
    "Oleg",
    "Petra",
    "Rustam",
    "Sofia",
    "Tomas",
    "Ulla",
    "Viktor",
    "Wanda",
    "Yusuf",
    "Zofia",
    "Andrei",
    "Beata",
    "Cyril",
    "Daria",
    "Emil",
    "Irina",
]
PLACE_ENDS = [
    "grad",
    "ovo",
    "ino",
    "burg",
    "sk",
    "polis",
    "ava",
    "ia",
    "stan",
    "mir",
    "ets",
    "yn",
    "o",
    "a",
    "ar",
]
ORG_FORMS = [
    "{x} Energy Company",
    "{x} Defence Council",
    "{x} Grain Board",
    "{x} Rail Authority",
    "{x} Central Bank",
    "{x} Human Rights Centre",
    "{x} Maritime Union",
    "{x} Press Agency",
    "Party of {x} Renewal",
    "{x} Security Service",
    "{x} Workers' Federation",
    "{x} Nuclear Agency",
    "{x} Trade Alliance",
    "{x} Election Commission",
    "{x} Red Cross",
]
OUTLETS = [
    "Northern Wire",
    "Baltic Courier",
    "Eastern Ledger",
    "The Morning Dispatch",
    "Radio Meridian",
    "Harbour Times",
    "Continental Press",
    "The Evening Bulletin",
    "Frontier Post",
    "Delta News Service",
    "Capital Herald",
    "Steppe Observer",
]
CURATORS = [
    ("aria-voss", "Aria Voss"),
    ("ben-okafor", "Ben Okafor"),
    ("chen-li", "Chen Li"),
    ("dara-novak", "Dara Novak"),
    ("eli-marsh", "Eli Marsh"),
]
TOPICS = [
    "energy",
    "grain",
    "gas",
    "oil",
    "rail",
    "ports",
    "border",
    "election",
    "press",
    "nuclear",
    "missiles",
    "air-defence",
    "sanctions",
    "trade",
    "banking",
    "currency",
    "refugees",
    "aid",
    "courts",
    "protests",
    "prisoners",
    "shipping",
    "fertilizer",
    "drones",
    "cyber",
    "diplomacy",
    "treaties",
    "labour",
    "mining",
    "health",
]
ASPECTS = [
    "policy",
    "security",
    "prices",
    "exports",
    "imports",
    "talks",
    "law",
    "crisis",
    "reform",
    "strikes",
    "investigation",
]
STORY_NOUNS = [
    "crisis",
    "talks",
    "corridor",
    "dispute",
    "standoff",
    "reforms",
    "inquiry",
    "blockade",
    "offensive",
    "elections",
    "deal",
    "sanctions",
]
VERBS = [
    "said",
    "announced",
    "warned",
    "confirmed",
    "denied",
    "told reporters",
    "argued",
    "insisted",
    "claimed",
    "acknowledged",
]
ACTIONS = [
    "would resume deliveries of {topic} supplies within weeks",
    "had no plans to extend the {topic} agreement beyond the summer",
    "was prepared to discuss new guarantees on {topic}",
    "expected a decision on {topic} before the end of the month",
    "had asked for an independent review of the {topic} figures",
    "would not accept conditions attached to {topic} assistance",
    "was studying the proposal on {topic} with its partners",
    "considered the latest {topic} measures a breach of earlier commitments",
]
CONTEXT = [
    "The announcement came after weeks of negotiations in {place}.",
    "Officials in {place} declined to comment on the timing.",
    "Analysts said the move was intended to reassure markets in {place}.",
    "The talks in {place} were the first at this level since the spring.",
    "Residents of {place} reported long queues at fuel stations on Tuesday.",
    "A spokesperson for {org} said the figures would be published next week.",
    "Observers from {org} were not allowed to attend the meeting.",
    "{org} has called for the talks to continue under international supervision.",
    "The measure must still be approved by parliament in {place}.",
    "Shipping companies said insurance costs had risen sharply since January.",
    "Independent figures could not be verified at the time of writing.",
    "The previous agreement expired at the end of last year without renewal.",
]
QUOTES = [
    "We are not going to negotiate under pressure",
    "Nobody wants a repeat of last winter",
    "The door remains open, but time is running out",
    "These are not promises, these are obligations",
    "We will answer every question in due course",
    "Our partners know exactly where we stand",
]
HEADINGS = [
    "Reaction",
    "Background",
    "What comes next",
    "Markets",
    "On the ground",
    "The negotiations",
    "Figures",
    "Context",
]
AVATAR = "data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27/%3E"
LANGUAGES = ["en", "fr", "de", "uk", "ru", "pl"]


# -- the corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    kind: str
    slug: str
    name: str
    aliases: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    description: str


@dataclass(frozen=True)
class Event:
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    title: str
    end: str | None = None
    approximate: bool = False


@dataclass(frozen=True)
class Source:
    name: str
    url: str | None
    note: str | None
    published: dt.date | None
    language: str | None


@dataclass
class Article:
    """One article, format-neutral; `blocks` are Markdown paragraphs and `## headings`,
    `links` the cross-links of its last paragraph (target slug, link text)."""

    slug: str
    date: dt.date
    title: str
    summary: str
    stories: list[str]
    tags: list[str]
    entities: dict[str, list[str]]
    key_points: list[str]
    events: list[Event]
    sources: list[Source]
    blocks: list[str]
    curator: tuple[str, str]
    links: list[tuple[str, str]] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    corrections: list[tuple[dt.date, str]] = field(default_factory=list)
    updated: dt.date | None = None

    def body(self, link: Callable[[str, str], str]) -> str:
        """The body in Markdown, cross-links written by `link(slug, text)`."""
        blocks = list(self.blocks)
        if self.links:
            refs = " and ".join(link(slug, text) for slug, text in self.links)
            blocks.append(f"Earlier coverage: {refs}.")
        return "\n\n".join(blocks) + "\n"

    def word_count(self) -> int:
        return sum(len(b.split()) for b in self.blocks)


@dataclass
class Corpus:
    seed: int
    stories: list[Story]
    entities: list[Entity]
    tags: list[str]
    articles: list[Article]  # oldest first

    def entity(self, kind: str, slug: str) -> Entity:
        return self._by_key[(kind, slug)]

    def story(self, slug: str) -> Story:
        return self._stories[slug]

    def __post_init__(self) -> None:
        self._by_key = {(e.kind, e.slug): e for e in self.entities}
        self._stories = {s.slug: s for s in self.stories}


def _word(rnd: random.Random, syllables: int) -> str:
    parts = [rnd.choice(ONSETS) + rnd.choice(VOWELS) for _ in range(syllables)]
    return ("".join(parts) + rnd.choice(CODAS)).capitalize()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unique(rnd: random.Random, make: Callable[[], str], taken: set[str]) -> str:
    while True:
        value = make()
        key = _slug(value)
        if key and key not in taken:
            taken.add(key)
            return value


def _entities(rnd: random.Random) -> list[Entity]:
    """600 entities; every name and alias is unique across kinds (none is ambiguous)."""
    taken: set[str] = set()
    found: list[Entity] = []
    for _ in range(COUNTS["people"]):
        surname = _unique(rnd, lambda: _word(rnd, 2) + rnd.choice(SURNAME_ENDS), taken)
        first = rnd.choice(FIRST_NAMES)
        name = f"{first} {surname}"
        taken.add(_slug(name))
        role = rnd.choice(
            [
                "minister",
                "governor",
                "spokesperson",
                "negotiator",
                "mayor",
                "opposition leader",
                "general",
                "central bank governor",
            ]
        )
        found.append(Entity("people", _slug(name), name, (surname,), f"A {role} (synthetic)."))
    for _ in range(COUNTS["places"]):
        name = _unique(rnd, lambda: _word(rnd, rnd.choice((1, 2))) + rnd.choice(PLACE_ENDS), taken)
        aliases: tuple[str, ...] = ()
        variant = name.replace("k", "c", 1) if "k" in name else name + "e"
        if _slug(variant) not in taken:
            taken.add(_slug(variant))
            aliases = (variant,)
        found.append(Entity("places", _slug(name), name, aliases, "A place (synthetic)."))
    for _ in range(COUNTS["organizations"]):
        name = _unique(rnd, lambda: rnd.choice(ORG_FORMS).format(x=_word(rnd, 2)), taken)
        acronym = "".join(w[0] for w in re.findall(r"[A-Za-z']+", name) if w[0].isupper())
        aliases = ()
        if len(acronym) >= 3 and _slug(acronym) not in taken:
            taken.add(_slug(acronym))
            aliases = (acronym,)
        found.append(Entity("organizations", _slug(name), name, aliases, "An organisation."))
    return found


def _stories(rnd: random.Random, places: Sequence[Entity]) -> list[Story]:
    taken: set[str] = set()
    stories = []
    for place in rnd.sample(list(places), STORY_COUNT):
        title = _unique(rnd, lambda p=place: f"{p.name} {rnd.choice(STORY_NOUNS)}", taken)
        stories.append(
            Story(_slug(title), title, f"Developments in the {title.lower()}, day by day.")
        )
    return stories


def _tags(rnd: random.Random) -> list[str]:
    every = [f"{t}-{a}" for t in TOPICS for a in ASPECTS]
    return sorted(rnd.sample(every, TAG_COUNT - len(TOPICS)) + TOPICS)


def _partial(day: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _events(rnd: random.Random, day: dt.date, place: Entity) -> list[Event]:
    events = []
    for _ in range(rnd.choice((0, 1, 1, 2, 2, 3))):
        start = day - dt.timedelta(days=rnd.randint(0, 400))
        roll = rnd.random()
        title = f"{rnd.choice(['Talks', 'Strike', 'Vote', 'Shelling', 'Summit', 'Deal'])} "
        title += f"in {place.name}"
        if roll < 0.5:
            events.append(Event(_partial(start, "day"), title))
        elif roll < 0.7:
            events.append(Event(_partial(start, "month"), title))
        elif roll < 0.8:
            events.append(Event(_partial(start, "year"), title + " (year only)"))
        elif roll < 0.9:
            end = start + dt.timedelta(days=rnd.randint(1, 60))
            precision = rnd.choice(("day", "month"))
            events.append(Event(_partial(start, precision), title, _partial(end, precision)))
        else:
            events.append(Event(_partial(start, "month"), title, approximate=True))
    return events


def _mention(rnd: random.Random, entity: Entity) -> str:
    if entity.aliases and rnd.random() < 0.4:
        return rnd.choice(entity.aliases)
    return entity.name


def _sentence(
    rnd: random.Random,
    people: list[Entity],
    places: list[Entity],
    orgs: list[Entity],
    topics: list[str],
) -> str:
    roll = rnd.random()
    topic = rnd.choice(topics).replace("-", " ")
    if roll < 0.4:
        who = _mention(rnd, rnd.choice(people + orgs))
        action = rnd.choice(ACTIONS).format(topic=topic)
        return f"{who} {rnd.choice(VERBS)} on {rnd.choice(WEEKDAYS)} that the government {action}."
    if roll < 0.55:
        who = _mention(rnd, rnd.choice(people))
        where = _mention(rnd, rnd.choice(places))
        return f"“{rnd.choice(QUOTES)},” {who} {rnd.choice(VERBS)} in {where}."
    return rnd.choice(CONTEXT).format(
        place=_mention(rnd, rnd.choice(places)), org=_mention(rnd, rnd.choice(orgs))
    )


HEADLINE_VERBS = [
    "warns on",
    "backs",
    "rejects",
    "defends",
    "questions",
    "signs",
    "delays",
    "announces",
    "criticises",
    "welcomes",
]
HEADLINE_NOUNS = ["plan", "deal", "talks", "measures", "figures", "proposal", "review", "vote"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _blocks(
    rnd: random.Random,
    people: list[Entity],
    places: list[Entity],
    orgs: list[Entity],
    topics: list[str],
) -> list[str]:
    blocks: list[str] = []
    words = 0
    headings = rnd.sample(HEADINGS, 2)
    while words < BODY_WORDS:
        if len(blocks) in (4, 9) and headings:
            blocks.append(f"## {headings.pop()}")
        text = " ".join(
            _sentence(rnd, people, places, orgs, topics) for _ in range(rnd.randint(3, 5))
        )
        blocks.append(text)
        words += len(text.split())
    return blocks


def _positive(text: str) -> int:
    """A count of articles given on the command line: a whole number, 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} articles: give 1 or more")
    return value


def make_corpus(count: int, seed: int = 7) -> Corpus:
    """`count` articles, oldest first, from `seed` (same arguments, same corpus)."""
    rnd = random.Random(seed)
    entities = _entities(rnd)
    by_kind = {k: [e for e in entities if e.kind == k] for k in KINDS}
    stories = _stories(rnd, by_kind["places"])
    tags = _tags(rnd)
    # Each story has its cast: most mentions come from it, so related briefings are real.
    casts = {
        s.slug: {k: rnd.sample(by_kind[k], min(12, len(by_kind[k]))) for k in KINDS}
        for s in stories
    }
    story_tags = {s.slug: rnd.sample(tags, 8) for s in stories}
    weights = [1 / (rank + 1) for rank in range(len(stories))]  # a few big stories
    articles: list[Article] = []
    by_story: dict[str, list[Article]] = {s.slug: [] for s in stories}
    slugs: set[str] = set()
    for i in range(count):
        day = START + dt.timedelta(days=int(i * 0.35))
        main = rnd.choices(stories, weights)[0]
        story_slugs = [main.slug]
        if rnd.random() < 0.3:
            other = rnd.choice(stories)
            if other.slug != main.slug:
                story_slugs.append(other.slug)
        cast = casts[main.slug]

        def pick(kind: str, low: int, high: int, cast: dict = cast) -> list[Entity]:
            chosen = rnd.sample(cast[kind], rnd.randint(low, high))
            if rnd.random() < 0.3:  # someone from outside the story's cast
                extra = rnd.choice(by_kind[kind])
                if extra not in chosen:
                    chosen.append(extra)
            return chosen

        people, places, orgs = (
            pick("people", 2, 4),
            pick("places", 2, 4),
            pick("organizations", 1, 3),
        )
        article_tags = sorted(set(rnd.sample(story_tags[main.slug], 3) + rnd.sample(tags, 1)))
        topics = list(article_tags)
        who, where = people[0], places[0]
        topic = topics[0].replace("-", " ")
        title = f"{who.name} {rnd.choice(HEADLINE_VERBS)} {topic} {rnd.choice(HEADLINE_NOUNS)}"
        title += f" in {where.name}"
        base = f"{day.isoformat()}-{_slug(title)}"
        slug = base if base not in slugs else f"{base}-{i}"
        slugs.add(slug)
        summary = (
            f"{who.name} {rnd.choice(VERBS)} that {where.name} "
            f"{rnd.choice(ACTIONS).format(topic=topic)}. "
            f"{rnd.choice(CONTEXT).format(place=places[-1].name, org=orgs[0].name)}"
        )
        key_points = [
            f"{_mention(rnd, rnd.choice(people + orgs))} {rnd.choice(VERBS)} that the "
            f"government {rnd.choice(ACTIONS).format(topic=rnd.choice(topics).replace('-', ' '))}."
            for _ in range(rnd.randint(3, 5))
        ]
        sources = []
        for k in range(rnd.choice((1, 1, 2, 3))):
            outlet = rnd.choice(OUTLETS)
            if rnd.random() < 0.85:
                host = _slug(outlet) + ".example"
                url, note = f"https://{host}/{day:%Y/%m/%d}/{slug}-{k}", None
            else:
                url, note = None, "Print edition; address not recorded."
            published = day if rnd.random() < 0.7 else None
            language = rnd.choice(LANGUAGES) if rnd.random() < 0.4 else None
            sources.append(Source(outlet, url, note, published, language))
        article = Article(
            slug=slug,
            date=day,
            title=title,
            summary=summary,
            stories=story_slugs,
            tags=article_tags,
            entities={
                "people": [e.slug for e in people],
                "places": [e.slug for e in places],
                "organizations": [e.slug for e in orgs],
            },
            key_points=key_points,
            events=_events(rnd, day, where),
            sources=sources,
            blocks=_blocks(rnd, people, places, orgs, topics),
            curator=rnd.choice(CURATORS),
        )
        earlier = by_story[main.slug]
        if earlier and rnd.random() < 0.3:
            article.links = [(a.slug, a.title) for a in rnd.sample(earlier[-20:], 1)]
        if earlier and rnd.random() < 0.2:
            article.related = sorted(
                {a.slug for a in rnd.sample(earlier[-30:], min(3, len(earlier)))}
            )
        if rnd.random() < 0.03:
            fixed = day + dt.timedelta(days=rnd.randint(1, 5))
            article.corrections = [(fixed, "An earlier version misstated a figure.")]
            article.updated = fixed
        by_story[main.slug].append(article)
        articles.append(article)
    return Corpus(seed, stories, entities, tags, articles)


# -- writers ------------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Plain YAML as a curator writes it: no anchors or aliases for repeated values."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)


def _front(data: dict) -> str:
    return f"---\n{_dump(data)}---\n\n"


def _clean(dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    return dest


def briefing_text(article: Article) -> str:
    """The article as a Briefings Markdown file."""
    data: dict = {"title": article.title, "date": article.date, "summary": article.summary}
    sources = []
    for s in article.sources:
        item: dict = {"name": s.name}
        if s.url:
            item["url"] = s.url
        if s.note:
            item["note"] = s.note
        if s.published:
            item["published"] = s.published
        if s.language:
            item["language"] = s.language
        sources.append(item)
    data["sources"] = sources
    data["stories"] = article.stories
    data["tags"] = article.tags
    data.update({k: v for k, v in article.entities.items() if v})
    data["key_points"] = article.key_points
    if article.events:
        events = []
        for e in article.events:
            item = {"date": e.date}
            if e.end:
                item["end"] = e.end
            item["title"] = e.title
            if e.approximate:
                item["approximate"] = True
            events.append(item)
        data["events"] = events
    if article.related:
        data["related"] = article.related
    if article.updated:
        data["updated"] = article.updated
    data["curator"] = article.curator[1]
    if article.corrections:
        data["corrections"] = [{"date": d, "text": t} for d, t in article.corrections]
    return _front(data) + article.body(lambda slug, text: f"[{text}]({slug}.md)")


def write_briefings(corpus: Corpus, dest: Path) -> Path:
    """This repository's site config and pages, with the corpus as `briefings/`."""
    _clean(dest)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs")
    folder = dest / "briefings"
    folder.mkdir()
    stories = {s.slug: {"title": s.title, "description": s.description} for s in corpus.stories}
    (folder / "stories.yml").write_text(_dump(stories), encoding="utf-8")
    registry: dict[str, dict] = {kind: {} for kind in KINDS}
    for e in corpus.entities:
        item: dict = {"name": e.name}
        if e.aliases:
            item["aliases"] = list(e.aliases)
        item["description"] = e.description
        registry[e.kind][e.slug] = item
    (folder / "entities.yml").write_text(_dump(registry), encoding="utf-8")
    for article in corpus.articles:
        (folder / f"{article.slug}.md").write_text(briefing_text(article), encoding="utf-8")
    return dest


def _story_titles(corpus: Corpus, article: Article) -> list[str]:
    return [corpus.story(s).title for s in article.stories]


def _entity_line(corpus: Corpus, article: Article) -> str:
    names = [corpus.entity(k, s).name for k, slugs in article.entities.items() for s in slugs]
    return "Mentioned: " + ", ".join(names) + "."


def _peer_body(corpus: Corpus, article: Article, link: Callable[[str, str], str], more: str) -> str:
    """The same article for a blog: summary, excerpt marker, key points, body, events and
    sources (what Briefings shows on a briefing page), as plain Markdown."""
    parts = [
        article.summary,
        more,
        "\n".join(f"- {p}" for p in article.key_points),
        article.body(link).rstrip(),
    ]
    if article.events:
        lines = [
            f"- {e.date}{'–' + e.end if e.end else ''}{' (approx.)' if e.approximate else ''}:"
            f" {e.title}"
            for e in article.events
        ]
        parts.append("## Events\n\n" + "\n".join(lines))
    sources = [
        f"- [{s.name}]({s.url})" if s.url else f"- {s.name} ({s.note})" for s in article.sources
    ]
    parts.append("## Sources\n\n" + "\n".join(sources))
    parts.append(_entity_line(corpus, article))
    for day, text in article.corrections:
        parts.append(f"*Correction ({day.isoformat()}):* {text}")
    return "\n\n".join(parts) + "\n"


def _copy_peer(name: str, dest: Path) -> None:
    shutil.copytree(PEERS / name, dest, dirs_exist_ok=True)


def write_material_blog(corpus: Corpus, dest: Path) -> Path:
    """The corpus as posts of Material's blog plugin (with search and tags)."""
    _clean(dest)
    _copy_peer("material-blog", dest)
    posts = dest / "docs" / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    authors = {
        "authors": {
            key: {"name": name, "description": "Curator", "avatar": AVATAR}
            for key, name in CURATORS
        }
    }
    (dest / "docs" / "blog" / ".authors.yml").write_text(_dump(authors), encoding="utf-8")
    for a in corpus.articles:
        data: dict = {
            "date": a.date,
            "categories": _story_titles(corpus, a),
            "tags": a.tags,
            "authors": [a.curator[0]],
            "description": a.summary,
            "slug": a.slug[len("YYYY-MM-DD-") :],  # titles may repeat; slugs never do
        }
        if a.updated:
            data["date"] = {"created": a.date, "updated": a.updated}
        text = _front(data) + f"# {a.title}\n\n"
        text += _peer_body(corpus, a, lambda slug, t: f"[{t}]({slug}.md)", "<!-- more -->")
        (posts / f"{a.slug}.md").write_text(text, encoding="utf-8")
    return dest


def write_hugo(corpus: Corpus, dest: Path) -> Path:
    """The corpus as Hugo content (`tags` and `categories` taxonomies, minimal theme)."""
    _clean(dest)
    _copy_peer("hugo", dest)
    posts = dest / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for a in corpus.articles:
        data: dict = {
            "title": a.title,
            "date": a.date,
            "description": a.summary,
            "slug": a.slug,
            "tags": a.tags,
            "categories": _story_titles(corpus, a),
            "authors": [a.curator[1]],
        }
        if a.updated:
            data["lastmod"] = a.updated
        text = _front(data) + _peer_body(
            corpus, a, lambda slug, t: f"[{t}](../{slug}/)", "<!--more-->"
        )
        (posts / f"{a.slug}.md").write_text(text, encoding="utf-8")
    return dest


def write_floor(corpus: Corpus, dest: Path) -> Path:
    """The corpus as plain pages, out of a short nav, built with only the search plugin."""
    _clean(dest)
    _copy_peer("floor", dest)
    pages = dest / "docs" / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    for a in corpus.articles:
        text = f"# {a.title}\n\n" + _peer_body(corpus, a, lambda slug, t: f"[{t}]({slug}.md)", "")
        (pages / f"{a.slug}.md").write_text(text, encoding="utf-8")
    return dest


WRITERS: dict[str, Callable[[Corpus, Path], Path]] = {
    "briefings": write_briefings,
    "material-blog": write_material_blog,
    "hugo": write_hugo,
    "floor": write_floor,
}


RAW_ARTICLE = """Home | World | Europe | Markets | Opinion

{title}

By Staff Reporter

Published {date}

{body}

Read more: the latest from our correspondents

Share this article

Advertisement

Copyright {year} Northern Wire. All rights reserved.
"""


def raw_article(corpus: Corpus) -> str:
    """A pasted wire article with site boilerplate, for timing `briefings import`."""
    article = corpus.articles[-1]
    body = "\n\n".join(b for b in article.blocks if not b.startswith("#"))
    return RAW_ARTICLE.format(
        title=article.title + " again",
        date=article.date.isoformat(),
        body=body,
        year=article.date.year,
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=_positive, help="how many articles (1 or more)")
    parser.add_argument("dest", type=Path, help="folder; one sub-folder per tool is written")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--only",
        choices=sorted(WRITERS),
        action="append",
        help="write only this tool's tree (repeatable)",
    )
    args = parser.parse_args(argv)
    corpus = make_corpus(args.count, args.seed)
    for name in args.only or WRITERS:
        print(WRITERS[name](corpus, args.dest / name))


if __name__ == "__main__":
    main()
