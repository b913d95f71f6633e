"""What the sitemap says about a page besides its canonical address: its last change.

Dates come from the content, never the clock, so two builds of the same content give the
same sitemap.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable

from briefings.graph.graph import BriefingGraph
from briefings.model.content import Briefing
from briefings.site.pages import PageSpec


def newest_date(briefings: Iterable[Briefing]) -> dt.date | None:
    """The newest content date (`updated`, else `date`) among `briefings`; None for none."""
    return max((b.last_changed for b in briefings), default=None)


# Per graph: the newest date of the site (key None) and of each term (key: the term's id),
# so a site's pages cost one pass over its briefings, not one per page.
# (A graph is a dataclass, so unhashable: the entries are keyed by its id and dropped when
# it is collected.)
_NEWEST: dict[int, dict[int | None, dt.date | None]] = {}


def _known(graph: BriefingGraph) -> dict[int | None, dt.date | None]:
    key = id(graph)
    if key not in _NEWEST:
        _NEWEST[key] = {}
        weakref.finalize(graph, _NEWEST.pop, key, None)
    return _NEWEST[key]


def lastmod(graph: BriefingGraph, spec: PageSpec | None) -> dt.date | None:
    """A page's last content change: a briefing's own; a story's, entity's or tag's (every
    page of its listing) the newest of its briefings; any other page's (hand-written ones
    included) the newest of the site. None: the site has no briefings. Linear in the
    site's size over all its pages (each newest date is found once per graph)."""
    if spec is not None and spec.briefing is not None:
        return spec.briefing.last_changed
    known = _known(graph)
    if spec is not None and spec.term is not None:
        key = id(spec.term)
        if key not in known:
            known[key] = newest_date(spec.term.briefings)
        if known[key] is not None:
            return known[key]
    if None not in known:
        known[None] = newest_date(graph.briefings)
    return known[None]
