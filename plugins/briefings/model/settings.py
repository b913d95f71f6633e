"""Settings of the core, independent of MkDocs (the plugin maps its options onto these)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from briefings.content.schema import all_kinds


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


@dataclass(frozen=True)
class Settings:
    """Everything the core needs to know about a site."""

    root: Path  # the folder holding mkdocs.yml; problem paths are relative to it
    briefings_dir: str = "briefings"
    entity_kinds: dict[str, str] = field(default_factory=dict)  # extra kinds only
    unknown_fields: str = "warning"  # or "error"
    include_drafts: bool = False
    autolink: str = "first"  # first | all | off
    sanitize: bool = True
    related: RelatedSettings = field(default_factory=RelatedSettings)
    boilerplate: tuple[str, ...] = ()  # extra patterns for `briefings import`
    remote_resources: str = "warning"  # or "error": remote <img>/iframes/... in bodies
    future_margin_days: int = 7  # `check` warns about dates later than today plus this

    @cached_property
    def source_dir(self) -> Path:
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
