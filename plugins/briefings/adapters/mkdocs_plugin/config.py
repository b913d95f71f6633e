"""The plugin's options in mkdocs.yml (documented in docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as opt

from briefings.content.schema import check_kinds
from briefings.model.settings import RelatedSettings, Settings


class EntityKinds(base.BaseConfigOption[dict]):
    """Extra entity kinds, slug -> display title; names of site pages are refused."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict:
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


class BriefingsConfig(base.Config):
    enabled = opt.Type(bool, default=True)
    """Turn the plugin off (e.g. `enabled: !ENV [BRIEFINGS, true]`)."""

    briefings_dir = opt.Type(str, default="briefings")
    """Folder of briefings and registries, relative to mkdocs.yml."""

    entity_kinds = EntityKinds()
    """Extra entity kinds besides people, places and organizations: slug -> title."""

    unknown_fields = opt.Choice(("warning", "error"), default="warning")
    """Whether an unknown front-matter field is a warning or an error."""

    include_drafts = opt.Type(bool, default=False)
    """Build `status: draft` briefings with `mkdocs build` too (serve always shows them)."""

    autolink = opt.Choice(("first", "all", "off"), default="first")
    """Link the first mention of each entity in a body, every mention, or none."""

    sanitize = opt.Type(bool, default=True)
    """Sanitise raw HTML in briefing bodies (scripts, event handlers, iframes removed)."""

    nav = opt.Type(bool, default=True)
    """Add Stories, Timeline, the entity kinds, Archive, Tags and Corrections to the nav."""

    related_count = opt.Type(int, default=5)
    """How many computed related briefings each briefing shows (after explicit ones)."""

    related_story_weight = opt.Type((int, float), default=3.0)
    """Weight of a shared story."""

    related_entity_weight = opt.Type((int, float), default=2.0)
    """Weight of a shared person, place, organization or other entity."""

    related_tag_weight = opt.Type((int, float), default=1.0)
    """Weight of a shared tag."""

    related_max_share = opt.Type((int, float), default=0.5)
    """Terms carried by more than this share of all briefings are ignored."""

    related_half_life_days = opt.Type((int, float), default=365)
    """Recency: a briefing this many days apart scores half as much (0: no recency)."""

    related_window = opt.Type(int, default=25)
    """Per shared term, compare only this many briefings nearest in time on each side."""

    feeds = opt.Type(bool, default=True)
    """Write RSS, Atom and JSON feeds (needs `site_url`)."""

    feed_count = opt.Type(int, default=50)
    """How many of the newest briefings each feed carries."""

    import_boilerplate = opt.ListOfItems(opt.Type(str), default=[])
    """Extra regular expressions of lines `briefings import` removes."""

    remote_resources = opt.Choice(("warning", "error"), default="warning")
    """Whether a remote resource in a body (`<img src="https://...">`, ...) is a warning or
    an error."""

    future_date_margin = opt.Type(int, default=7)
    """`briefings check` warns about briefing dates later than today plus this many days."""


def to_settings(config: BriefingsConfig, config_file: str | None) -> Settings:
    """Map validated plugin options onto the core's settings."""
    root = Path(config_file).resolve().parent if config_file else Path.cwd()
    return Settings(
        root=root,
        briefings_dir=config.briefings_dir,
        entity_kinds=dict(config.entity_kinds),
        unknown_fields=config.unknown_fields,
        include_drafts=config.include_drafts,
        autolink=config.autolink,
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
        remote_resources=config.remote_resources,
        future_margin_days=config.future_date_margin,
    )
