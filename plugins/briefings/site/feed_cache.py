"""The feed files, made again only when what they are made from changed.

Feeds carry the newest briefings' front matter (titles, summaries, dates, corrections,
stories), never their bodies; so they are a function of the graph's inputs hash
(`BriefingGraph.inputs`) and of the feed settings, and an edit to a body's prose under
`mkdocs serve` takes them from the build cache instead of running feedgen again.
"""

from __future__ import annotations

from briefings.content.cache import BuildCache, digest
from briefings.graph.graph import BriefingGraph
from briefings.site.feeds import FeedSite, build_feeds

FEEDS = "feeds"  # cache namespace: path -> bytes of every feed file


def feed_files(
    graph: BriefingGraph, site: FeedSite, cache: BuildCache | None = None
) -> dict[str, bytes]:
    """`build_feeds(graph, site)`, from `cache` when a graph of the same inputs and the
    same feed settings made them before."""
    if cache is None or not cache.enabled or not graph.inputs:
        return build_feeds(graph, site)
    table = site.table
    key = digest(
        graph.inputs, site.title, site.description, site.language, str(site.count),
        table.site_url, str(table.directory_urls), str(table.canonical_directory_urls),
    )  # fmt: skip
    found = cache.get(FEEDS, key)
    if isinstance(found, dict):
        return found
    made = build_feeds(graph, site)
    cache.put(FEEDS, key, made)
    return made
