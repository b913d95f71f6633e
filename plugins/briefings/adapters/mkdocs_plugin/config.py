"""The plugin's options in mkdocs.yml (documented in docs/configuration.md)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import cast

from mkdocs.config import base
from mkdocs.config import config_options as opt

from briefings.adapters.mkdocs_plugin.footer import parse_links
from briefings.content.files import DEFAULT_MAX_FILE_BYTES
from briefings.content.schema import check_kinds
from briefings.model.settings import (
    AUTOLINK_MODES,
    REMOTE_RESOURCES_LEVELS,
    UNKNOWN_FIELDS_LEVELS,
    Autolink,
    PageSettings,
    RelatedSettings,
    RemoteResources,
    Settings,
    UnknownFields,
)


class EntityKinds(base.BaseConfigOption[dict]):
    """Extra entity kinds, slug -> display title; names of site pages are refused."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict:
        """The mapping, checked; raises ValidationError naming the problem."""
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise base.ValidationError("expected a mapping of kind slug -> display title")
        errors = check_kinds(value)
        if errors:
            raise base.ValidationError("; ".join(errors))
        return dict(value)


class WholeNumber(base.BaseConfigOption[int]):
    """A whole number from `minimum` to `maximum` (None: no upper bound); booleans and
    other types are refused. MkDocs names the option in the error."""

    def __init__(self, default: int, minimum: int = 1, maximum: int | None = None) -> None:
        super().__init__()
        self.default = default
        self.minimum = minimum
        self.maximum = maximum

    def run_validation(self, value: object) -> int:
        """The number, checked; raises ValidationError naming the problem."""
        if isinstance(value, bool) or not isinstance(value, int):
            raise base.ValidationError(f"expected a whole number, not {value!r}")
        _check_range(value, self.minimum, self.maximum)
        return value


class Number(base.BaseConfigOption[float]):
    """A finite real number from `minimum` to `maximum` (None: no upper bound), as a
    float; whole numbers are taken, booleans, NaN, infinities and other types refused."""

    def __init__(self, default: float, minimum: float = 0.0, maximum: float | None = None
                 ) -> None:  # fmt: skip
        super().__init__()
        self.default = float(default)
        self.minimum = minimum
        self.maximum = maximum

    def run_validation(self, value: object) -> float:
        """The number as a float, checked; raises ValidationError naming the problem."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise base.ValidationError(f"expected a number, not {value!r}")
        number = float(value)
        if not math.isfinite(number):
            raise base.ValidationError(f"expected a finite number, not {value!r}")
        _check_range(number, self.minimum, self.maximum)
        return number


def _check_range(value: float, minimum: float, maximum: float | None) -> None:
    if value < minimum:
        raise base.ValidationError(f"must be at least {minimum:g}, not {value:g}")
    if maximum is not None and value > maximum:
        raise base.ValidationError(f"must be at most {maximum:g}, not {value:g}")


#: Longest `future_date_margin`, in days (a century; far beyond it date arithmetic overflows).
MAX_FUTURE_MARGIN_DAYS = 36_525


class FooterLinks(base.BaseConfigOption[list]):
    """Pages linked from the footer, `- Title: page.md` (or `- page.md`), like `nav`."""

    def __init__(self) -> None:
        super().__init__()
        self.default = []

    def run_validation(self, value: object) -> list:
        """The list, checked; raises ValidationError naming the item that is wrong."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise base.ValidationError("expected a list of 'Title: page.md' items")
        try:
            parse_links(value)
        except ValueError as error:
            raise base.ValidationError(str(error)) from None
        return list(value)


class BriefingsConfig(base.Config):
    """The plugin's options (docs/configuration.md); one docstring per option."""

    enabled = opt.Type(bool, default=True)
    """Turn the plugin off (e.g. `enabled: !ENV [BRIEFINGS, true]`)."""

    briefings_dir = opt.Type(str, default="briefings")
    """Folder of briefings and registries, relative to mkdocs.yml."""

    entity_kinds = EntityKinds()
    """Extra entity kinds besides people, places and organizations: slug -> title."""

    unknown_fields = opt.Choice(UNKNOWN_FIELDS_LEVELS, default="warning")
    """Whether an unknown front-matter field is a warning or an error."""

    include_drafts = opt.Type(bool, default=False)
    """Build `status: draft` briefings with `mkdocs build` too (serve always shows them)."""

    autolink = opt.Choice(AUTOLINK_MODES, default="first")
    """Link the first mention of each entity in a body, every mention, or none."""

    sanitize = opt.Type(bool, default=True)
    """Sanitise raw HTML in briefing bodies (scripts, event handlers, iframes removed)."""

    nav = opt.Type(bool, default=True)
    """Add Stories, Timeline, the entity kinds, Archive, Tags and Corrections to the nav."""

    footer_links = FooterLinks()
    """Pages every page links from its footer, left out of search: the site's own
    documentation, apart from the reader's navigation (`- Title: page.md`)."""

    related_count = WholeNumber(default=RelatedSettings.count, minimum=0)
    """How many computed related briefings each briefing shows (after explicit ones)."""

    related_story_weight = Number(default=RelatedSettings.story_weight)
    """Weight of a shared story."""

    related_entity_weight = Number(default=RelatedSettings.entity_weight)
    """Weight of a shared person, place, organization or other entity."""

    related_tag_weight = Number(default=RelatedSettings.tag_weight)
    """Weight of a shared tag."""

    related_max_share = Number(default=RelatedSettings.max_share, maximum=1.0)
    """Terms carried by more than this share of all briefings are ignored (0 to 1)."""

    related_half_life_days = Number(default=RelatedSettings.half_life_days)
    """Recency: a briefing this many days apart scores half as much (0: no recency)."""

    related_window = WholeNumber(default=RelatedSettings.window)
    """Per shared term, compare only this many briefings nearest in time on each side."""

    feeds = opt.Type(bool, default=True)
    """Write RSS, Atom and JSON feeds (needs `site_url`)."""

    feed_count = WholeNumber(default=50)
    """How many of the newest briefings each feed carries."""

    search_full_text = opt.Type(bool, default=False)
    """Index each briefing's body text too (the index grows about fourfold)."""

    import_boilerplate = opt.ListOfItems(opt.Type(str), default=[])
    """Extra regular expressions of lines `briefings import` removes."""

    pagination_size = WholeNumber(default=PageSettings.pagination_size)
    """Briefings per page of the archive and of each story, entity and tag page."""

    timeline_page_entries = WholeNumber(default=PageSettings.timeline_page)
    """Most timeline entries on one page of a story or an entity (a page that would hold
    more ends early, and the next page goes on)."""

    pagination_index_size = WholeNumber(default=PageSettings.pagination_index_size)
    """Terms per page of the stories index, the tags index and each entity kind's index."""

    story_timeline_window = WholeNumber(default=PageSettings.story_window, minimum=0)
    """A briefing page's story timeline: entries shown on each side of the briefing's own."""

    story_top_entities = WholeNumber(default=PageSettings.top_entities, minimum=0)
    """A story page's "who and what appears most": how many entities."""

    entity_co_occurring = WholeNumber(default=PageSettings.co_occurring, minimum=0)
    """An entity page's "often appears with": how many entities."""

    backlinks_count = WholeNumber(default=PageSettings.backlinks, minimum=0)
    """A briefing page's "referenced by": how many briefings are listed (the rest counted)."""

    latest_count = WholeNumber(default=PageSettings.latest)
    """Briefings in a `<!-- briefings:latest -->` marker that gives no count."""

    max_file_size = WholeNumber(default=DEFAULT_MAX_FILE_BYTES)
    """Largest file allowed under the briefings folder, in bytes (default 2 MB)."""

    allow_files = opt.ListOfItems(opt.Type(str), default=[])
    """Glob patterns (relative to docs_dir) of the maintainer's own files of other types
    (SVG, HTML, ...) copied from docs/ as they are; see docs/configuration.md."""

    remote_resources = opt.Choice(REMOTE_RESOURCES_LEVELS, default="warning")
    """Whether a remote resource in a body (`<img src="https://...">`, ...) is a warning or
    an error."""

    future_date_margin = WholeNumber(default=7, minimum=0, maximum=MAX_FUTURE_MARGIN_DAYS)
    """`briefings check` warns about briefing dates later than today plus this many days."""

    timeline_html_entries = WholeNumber(default=PageSettings.timeline_html, minimum=0)
    """The timeline page's newest entries written as HTML (0: all); older ones are data
    files the page renders as readers scroll."""

    cache = opt.Type(bool, default=True)
    """Keep what each build computed from unchanged files for the next (`cache_dir`)."""

    cache_dir = opt.Type(str, default=".cache/briefings")
    """Folder of the build cache, relative to mkdocs.yml (git ignores it)."""

    workers = WholeNumber(default=0, minimum=0, maximum=64)
    """Processes that build the generated pages (0: one per CPU, at most 4; 1: no
    worker processes). `mkdocs serve`, dirty builds and systems other than Linux use 1."""


def cache_folder(config: BriefingsConfig, config_file: str | None) -> Path | None:
    """The folder of the build cache (absolute), None when `cache: false`."""
    if not config.cache:
        return None
    root = Path(config_file).resolve().parent if config_file else Path.cwd()
    return root / config.cache_dir


def to_settings(config: BriefingsConfig, config_file: str | None) -> Settings:
    """Map validated plugin options onto the core's settings."""
    root = Path(config_file).resolve().parent if config_file else Path.cwd()
    return Settings(
        root=root,
        briefings_dir=config.briefings_dir,
        entity_kinds=dict(config.entity_kinds),
        unknown_fields=cast(UnknownFields, config.unknown_fields),
        include_drafts=config.include_drafts,
        autolink=cast(Autolink, config.autolink),
        sanitize=config.sanitize,
        related=RelatedSettings(
            count=config.related_count,
            story_weight=float(config.related_story_weight),
            entity_weight=float(config.related_entity_weight),
            tag_weight=float(config.related_tag_weight),
            max_share=float(config.related_max_share),
            half_life_days=float(config.related_half_life_days),
            window=config.related_window,
        ),
        boilerplate=tuple(config.import_boilerplate),
        pages=PageSettings(
            pagination_size=config.pagination_size,
            timeline_page=config.timeline_page_entries,
            pagination_index_size=config.pagination_index_size,
            story_window=config.story_timeline_window,
            top_entities=config.story_top_entities,
            co_occurring=config.entity_co_occurring,
            backlinks=config.backlinks_count,
            latest=config.latest_count,
            timeline_html=config.timeline_html_entries,
        ),
        max_file_bytes=config.max_file_size,
        remote_resources=cast(RemoteResources, config.remote_resources),
        future_margin_days=config.future_date_margin,
    )
