"""Settings of the core, independent of MkDocs (the plugin maps its options onto these)."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal, get_args

from briefings.content.files import DEFAULT_MAX_FILE_BYTES
from briefings.content.schema import all_kinds

Autolink = Literal["first", "all", "off"]
"""Which mentions of an entity in a body link to its page: the first, all, or none."""
AUTOLINK_MODES: tuple[str, ...] = get_args(Autolink)

UnknownFields = Literal["warning", "error"]
"""How a front-matter field the format does not know is reported."""
UNKNOWN_FIELDS_LEVELS: tuple[str, ...] = get_args(UnknownFields)

RemoteResources = Literal["warning", "error"]
"""How a body that loads something from another site is reported."""
REMOTE_RESOURCES_LEVELS: tuple[str, ...] = get_args(RemoteResources)


@dataclass(frozen=True)
class RelatedSettings:
    """How "related briefings" are scored (see docs/configuration.md)."""

    count: int = 5
    story_weight: float = 3.0
    entity_weight: float = 2.0
    tag_weight: float = 1.0
    max_share: float = 0.5  # terms in more than this share of briefings are ignored
    half_life_days: float = 365.0  # recency: a pair this far apart scores half
    window: int = 25  # per shared term, compare only this many briefings on each side in time

    def __post_init__(self) -> None:
        """Raises ValueError for a value out of its range (the plugin's options check the
        same ranges and name the option)."""
        for name in ("story_weight", "entity_weight", "tag_weight", "half_life_days", "count"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite number of at least 0, not {value}")
        if not 0 <= self.max_share <= 1:
            raise ValueError(f"max_share must be from 0 to 1, not {self.max_share}")
        if self.window < 1:
            raise ValueError(f"window must be at least 1, not {self.window}")


@dataclass(frozen=True)
class PageSettings:
    """How long the lists on generated pages are (counts of entries; see
    docs/configuration.md). No list on a page grows with the size of the site."""

    pagination_size: int = 50  # briefings per page of an archive, story, entity or tag listing
    timeline_page: int = 200  # most timeline entries on one page of a story or an entity
    pagination_index_size: int = 500  # terms per page of the stories, tags and entity indexes
    story_window: int = 5  # a briefing's story timeline: entries on each side of its own
    top_entities: int = 12  # a story's "who and what appears most"
    co_occurring: int = 12  # an entity's "often appears with"
    backlinks: int = 50  # "referenced by" on a briefing page (the rest are counted)
    latest: int = 10  # the `<!-- briefings:latest -->` marker without a count
    timeline_html: int = 500  # the global timeline: newest entries written as HTML (0: all)

    def __post_init__(self) -> None:
        for name in ("pagination_size", "pagination_index_size", "latest", "timeline_page"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
        for name in ("story_window", "top_entities", "co_occurring", "backlinks", "timeline_html"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


@dataclass(frozen=True)
class Settings:
    """Everything the core needs to know about a site."""

    root: Path  # the folder holding mkdocs.yml; problem paths are relative to it
    briefings_dir: str = "briefings"
    entity_kinds: dict[str, str] = field(default_factory=dict)  # extra kinds only
    unknown_fields: UnknownFields = "warning"
    include_drafts: bool = False
    autolink: Autolink = "first"
    sanitize: bool = True
    related: RelatedSettings = field(default_factory=RelatedSettings)
    pages: PageSettings = field(default_factory=PageSettings)
    boilerplate: tuple[str, ...] = ()  # extra patterns for `briefings import`
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES  # per file under the briefings folder
    remote_resources: RemoteResources = "warning"  # remote <img>/iframes/... in bodies
    future_margin_days: int = 7  # `check` warns about dates later than today plus this

    @cached_property
    def source_dir(self) -> Path:
        """The content folder, absolute (links not followed)."""
        return _absolute(self.root / self.briefings_dir)

    @cached_property
    def _absolute_root(self) -> Path:
        return _absolute(self.root)

    @property
    def kinds(self) -> dict[str, str]:
        """All entity kinds, slug -> display title, built-in ones first."""
        return all_kinds(self.entity_kinds)

    def relative(self, path: Path) -> str:
        """`path` relative to the site root, '/'-separated (as problems name files)."""
        try:
            return _absolute(path).relative_to(self._absolute_root).as_posix()
        except ValueError:
            return path.as_posix()


def _absolute(path: Path) -> Path:
    """Absolute and normalised, without following symbolic links (they are reported)."""
    return Path(os.path.normpath(path.absolute()))
