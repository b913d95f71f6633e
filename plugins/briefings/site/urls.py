"""The URL table: where every generated page and file lives, and how pages link.

Every address of the site comes from here: pages, feeds, the adapter and the templates
(through their view models) never build a path by hand.

A page is a `Location`. Its `src_uri` pretends to be a file in the docs tree
(`stories/<slug>.md`), so MkDocs resolves Markdown links to generated pages like links to
any page; its `route` is the docs-tree path its address derives from (the same, except
for a briefing, whose file may be named otherwise than its slug). From the route, MkDocs'
own rule gives the output path: `stories/<slug>/index.html` with directory URLs,
`stories/<slug>.html` without; a section is `stories/index.md`, so `stories/` or
`stories/index.html`. Page N > 1 of a listing is `<listing>/page/N.md`: `.../page/2/`
with directory URLs, `.../page/2.html` without. Files (feeds, the sitemap) have one path
either way.

Two URL styles meet in one build: the one the pages are written with (the offline edition
turns directory URLs off) and the online one, which canonical links, `og:url`, feeds and
the sitemap always use (`UrlTable.canonical`).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from enum import Enum

from briefings.model.content import Briefing


class PageKind(str, Enum):
    """Every kind of page a site has; the value names its template (`<value>.html`)."""

    DOCUMENT = "document"  # a hand-written page in docs/
    BRIEFING = "briefing"
    STORIES = "stories"
    STORY = "story"
    ENTITIES = "entities"  # the index of one entity kind (people/, places/, ...)
    ENTITY = "entity"
    TAGS = "tags"
    TAG = "tag"
    ARCHIVE = "archive"
    TIMELINE = "timeline"
    CORRECTIONS = "corrections"
    FEEDS = "feeds"  # explains the site's feeds: what, where, how to subscribe
    STORY_FEED = "story_feed"  # explains one story's feed


#: Page kind -> docs-tree route; `{slug}` and `{kind}` are filled in.
ROUTES: dict[PageKind, str] = {
    PageKind.BRIEFING: "briefings/{slug}.md",
    PageKind.STORIES: "stories/index.md",
    PageKind.STORY: "stories/{slug}.md",
    PageKind.ENTITIES: "{kind}/index.md",
    PageKind.ENTITY: "{kind}/{slug}.md",
    PageKind.TAGS: "tags/index.md",
    PageKind.TAG: "tags/{slug}.md",
    PageKind.ARCHIVE: "archive/index.md",
    PageKind.TIMELINE: "timeline/index.md",
    PageKind.CORRECTIONS: "corrections/index.md",
    PageKind.FEEDS: "feeds/index.md",
    PageKind.STORY_FEED: "stories/{slug}/feed.md",
}

#: Page N (> 1) of a paginated listing, beside the listing: `{base}` is its route without
#: `.md` (or without `/index.md` for a section).
PAGINATION = "{base}/page/{number}.md"


class FileKind(str, Enum):
    """Files the site writes besides pages."""

    RSS = "rss"
    ATOM = "atom"
    JSON_FEED = "json_feed"
    STORY_RSS = "story_rss"
    SITEMAP = "sitemap"
    FEEDS_SITEMAP = "feeds_sitemap"  # an empty sitemap beside the site feeds (site/feeds.py)
    SEARCH_MANIFEST = "search_manifest"  # the search index's manifest (site/search.py)
    SEARCH_CHUNK = "search_chunk"  # one chunk of its documents; `slug`: "<n>.<hash>"
    TIMELINE_DATA = "timeline_data"  # the global timeline's older entries, one file a chunk


#: File kind -> site-relative path (the same with and without directory URLs).
FILES: dict[FileKind, str] = {
    FileKind.RSS: "feeds/feed.xml",
    FileKind.ATOM: "feeds/atom.xml",
    FileKind.JSON_FEED: "feeds/feed.json",
    FileKind.FEEDS_SITEMAP: "feeds/sitemap.xml",
    FileKind.STORY_RSS: "stories/{slug}/feed.xml",
    FileKind.SITEMAP: "sitemap.xml",
    FileKind.SEARCH_MANIFEST: "search/briefings-search.js",
    FileKind.SEARCH_CHUNK: "search/search_index.{slug}.js",
    FileKind.TIMELINE_DATA: "timeline/data/{slug}.js",
}

#: Material's own search assets, in its theme folder and, copied, in the built site: the
#: search worker (a glob: its name carries a hash) and the lunr language scripts' folder.
MATERIAL_SEARCH_WORKER = "assets/javascripts/workers/search.*.js"
MATERIAL_LUNR = "assets/javascripts/lunr"

#: Material's search index, written by its search plugin (the plugin rewrites it).
MATERIAL_SEARCH_INDEX = "search/search_index.json"

#: The folder of the plugin's own stylesheets and scripts in the built site.
ASSETS = "assets/briefings"

#: The file an offline build leaves in the site (`briefings bundle` packs only such sites).
OFFLINE_MARKER = posixpath.join(ASSETS, "offline-edition.json")

#: Media type of each feed file, for `<link rel="alternate">` and `type=` attributes.
MEDIA_TYPES: dict[FileKind, str] = {
    FileKind.RSS: "application/rss+xml",
    FileKind.ATOM: "application/atom+xml",
    FileKind.JSON_FEED: "application/feed+json",
    FileKind.STORY_RSS: "application/rss+xml",
    FileKind.SITEMAP: "application/xml",
    FileKind.FEEDS_SITEMAP: "application/xml",
    FileKind.SEARCH_MANIFEST: "text/javascript",
    FileKind.SEARCH_CHUNK: "text/javascript",
    FileKind.TIMELINE_DATA: "text/javascript",
}


@dataclass(frozen=True)
class Location:
    """Where one page lives (hashable; equal locations are the same page)."""

    kind: PageKind
    src_uri: str  # the docs-tree path MkDocs knows the page by; Markdown links name it
    route: str  # the docs-tree path its address derives from
    number: int = 1  # page number within a paginated listing (1: the listing itself)

    @property
    def base(self) -> str:
        """The folder a listing's further pages go in: `archive`, `stories/<slug>`."""
        stem = self.route.removesuffix(".md")
        return stem.removesuffix("/index") if stem.endswith("/index") else stem


class UrlTable:
    """The URL rules of one build.

    `directory_urls`: how pages are written in this build. `canonical_directory_urls`:
    how the online site writes them (defaults to `directory_urls`; the offline edition
    passes the online value). `site_url`: the online site's absolute address, '' if none
    (then there are no canonical addresses).
    """

    def __init__(
        self,
        directory_urls: bool = True,
        *,
        site_url: str = "",
        canonical_directory_urls: bool | None = None,
    ) -> None:
        self.directory_urls = directory_urls
        self.canonical_directory_urls = (
            directory_urls if canonical_directory_urls is None else canonical_directory_urls
        )
        self.site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"

    # -- locations ---------------------------------------------------------------------
    @staticmethod
    def page(kind: PageKind, *, slug: str = "", entity_kind: str = "") -> Location:
        """The location of a generated page of `kind` (not a briefing: see `briefing`).

        Raises KeyError for `PageKind.DOCUMENT` (use `document`).
        """
        route = ROUTES[kind].format(slug=slug, kind=entity_kind)
        return Location(kind, route, route)

    @staticmethod
    def briefing(briefing: Briefing) -> Location:
        """A briefing: known by its file's path, addressed by its slug."""
        route = ROUTES[PageKind.BRIEFING].format(slug=briefing.slug)
        return Location(PageKind.BRIEFING, briefing.src_uri, route)

    @staticmethod
    def document(src_uri: str) -> Location:
        """A hand-written page of the docs folder (`index.md`, `writing.md`)."""
        return Location(PageKind.DOCUMENT, src_uri, src_uri)

    @staticmethod
    def paginated(listing: Location, number: int) -> Location:
        """Page `number` (1-based) of `listing`; page 1 is the listing itself.

        Raises ValueError for a number below 1.
        """
        if number < 1:
            raise ValueError(f"page numbers start at 1, not {number}")
        if number == 1:
            return listing
        route = PAGINATION.format(base=listing.base, number=number)
        return Location(listing.kind, route, route, number)

    # -- addresses ---------------------------------------------------------------------
    def dest(self, location: Location) -> str:
        """The output path of a page in this build (as MkDocs computes it)."""
        return _dest(location.route, self.directory_urls)

    def url(self, location: Location) -> str:
        """The site-relative URL of a page in this build: `stories/` or `stories/index.html`;
        the home page is `./` (or `index.html`)."""
        return _url(self.dest(location), self.directory_urls)

    def canonical(self, location: Location) -> str | None:
        """The absolute online address of a page (None without `site_url`), the same in
        the online and the offline edition."""
        if not self.site_url:
            return None
        dest = _dest(location.route, self.canonical_directory_urls)
        return self.absolute(_url(dest, self.canonical_directory_urls))

    @staticmethod
    def file(kind: FileKind, *, slug: str = "") -> str:
        """The site-relative path of a feed, the sitemap or a timeline data file
        (`stories/<slug>/feed.xml`, `timeline/data/<slug>.js`)."""
        return FILES[kind].format(slug=slug)

    @staticmethod
    def asset(path: str) -> str:
        """The site-relative path of one of the plugin's assets (`stylesheets/x.css`)."""
        return posixpath.join(ASSETS, path)

    def absolute(self, path: str) -> str | None:
        """The absolute online address of a site-relative path or URL (None without
        `site_url`); `./` and '' are the home page."""
        if not self.site_url:
            return None
        return self.site_url if path in ("", "./", ".") else self.site_url + path.lstrip("/")

    def links_from(self, location: Location) -> Links:
        """Relative links for the page at `location`."""
        return Links.at(self.url(location))


@dataclass(frozen=True)
class Links:
    """Links from pages at one folder depth: every target is reached through the site root
    (`../../stories/x/` from any page two folders deep), so a link, and any fragment
    holding links, is the same on every page of that depth and can be rendered once."""

    depth: int  # folders between the site root and the page's folder

    @classmethod
    def at(cls, page_url: str) -> Links:
        """Links for the page whose site-relative URL is `page_url`."""
        folder = page_url.rpartition("/")[0]
        return cls(len([p for p in folder.split("/") if p not in ("", ".")]))

    def to(self, url: str) -> str:
        """`url` (site-relative, e.g. from `UrlTable.url` or `UrlTable.file`) from here."""
        up = "../" * self.depth
        if url in ("", ".", "./"):
            return up or "./"
        return up + url


def _dest(route: str, directory_urls: bool) -> str:
    parent, name = posixpath.split(route)
    stem = posixpath.splitext(name)[0]
    if stem == "README":
        stem = "index"
    if not directory_urls or stem == "index":
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


def _url(dest: str, directory_urls: bool) -> str:
    if directory_urls and posixpath.basename(dest) == "index.html":
        parent = posixpath.dirname(dest)
        return parent + "/" if parent else "./"
    return dest


def relative_url(target: str, base: str) -> str:
    """`target` relative to the page at `base` (both site-relative URLs, '/'-separated):
    the shortest form, as MkDocs' `get_relative_url` gives, in plain string work (no file
    system calls). For links the theme prints (feed autodiscovery); generated pages use
    `Links`."""
    base_parts = [p for p in base.split("/")[:-1] if p not in ("", ".")]
    trailing = target.endswith("/") or target in (".", "./")
    target_parts = [p for p in target.split("/") if p not in ("", ".")]
    common = 0
    for a, b in zip(base_parts, target_parts, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(base_parts) - common) + target_parts[common:]
    if not parts:
        return "./" if trailing else "."
    return "/".join(parts) + ("/" if trailing else "")


#: The plugin's scripts name the paths they need as placeholder strings ("__BRIEFINGS_..."),
#: filled from this table when the adapter writes them, so no script builds a path by hand.
PLACEHOLDER_PREFIX = "__BRIEFINGS_"


def script_paths() -> dict[str, str]:
    """Placeholder -> value for the plugin's scripts: the search manifest's site-relative
    path, the way from Material's search worker's folder up to the site root (`../../../`)
    and a regular expression (JavaScript syntax) matching the worker's URL path."""
    worker_folder = posixpath.dirname(MATERIAL_SEARCH_WORKER)
    pattern = "[^/]*".join(re.escape(part) for part in MATERIAL_SEARCH_WORKER.split("*"))
    return {
        "__BRIEFINGS_SEARCH_MANIFEST__": UrlTable.file(FileKind.SEARCH_MANIFEST),
        "__BRIEFINGS_WORKER_TO_ROOT__": "../" * len(worker_folder.split("/")),
        "__BRIEFINGS_SEARCH_WORKER__": f"/{pattern}$",
    }
