"""What the sitemap says about a page besides its canonical address: its last change.

Dates come from the content, never the clock, so two builds of the same content give the
same sitemap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from briefings.graph.graph import BriefingGraph
from briefings.model.content import Briefing
from briefings.site.pages import PageSpec


def newest_date(briefings: Iterable[Briefing]) -> dt.date | None:
    """The newest content date (`updated`, else `date`) among `briefings`; None for none."""
    return max((b.last_changed for b in briefings), default=None)


def lastmod(graph: BriefingGraph, spec: PageSpec | None) -> dt.date | None:
    """A page's last content change: a briefing's own; a story's, entity's or tag's (every
    page of its listing) the newest of its briefings; any other page's (hand-written ones
    included) the newest of the site. None: the site has no briefings."""
    if spec is not None and spec.briefing is not None:
        return spec.briefing.last_changed
    if spec is not None and spec.term is not None:
        found = newest_date(spec.term.briefings)
        if found is not None:
            return found
    return newest_date(graph.briefings)
