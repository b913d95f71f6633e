"""The URL table as a table: every page kind, pagination, files, canonical addresses and
links, with and without directory URLs; and the rule that no other module builds a path."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from briefings.model.content import Briefing, Source
from briefings.site.urls import (
    FILES,
    ROUTES,
    FileKind,
    Links,
    Location,
    PageKind,
    UrlTable,
    relative_url,
)

# Unmarked tests are `core` (tests/conftest.py); the two that ask MkDocs are `build`.

PACKAGE = Path(__file__).resolve().parents[1] / "plugins" / "briefings"
SITE = "https://example.org/news/"


def _briefing(slug: str, file_name: str) -> Briefing:
    return Briefing(slug=slug, path=f"briefings/{file_name}", src_uri=f"briefings/{file_name}",
                    title="T", date=dt.date(2022, 6, 25), summary="S",
                    sources=(Source("A", note="N"),))  # fmt: skip


def _location(kind: PageKind, number: int = 1) -> Location:
    table = UrlTable()
    if kind == PageKind.BRIEFING:
        return table.briefing(_briefing("custom-slug", "2022-06-25-file-name.md"))
    listing = table.page(kind, slug="x", entity_kind="people")
    return table.paginated(listing, number)


# kind, page number, src_uri, (dest, url) with directory URLs, (dest, url) without
PAGES = [
    (PageKind.BRIEFING, 1, "briefings/2022-06-25-file-name.md",
     ("briefings/custom-slug/index.html", "briefings/custom-slug/"),
     ("briefings/custom-slug.html", "briefings/custom-slug.html")),
    (PageKind.STORIES, 1, "stories/index.md",
     ("stories/index.html", "stories/"), ("stories/index.html", "stories/index.html")),
    (PageKind.STORIES, 2, "stories/page/2.md",
     ("stories/page/2/index.html", "stories/page/2/"),
     ("stories/page/2.html", "stories/page/2.html")),
    (PageKind.STORY, 1, "stories/x.md",
     ("stories/x/index.html", "stories/x/"), ("stories/x.html", "stories/x.html")),
    (PageKind.STORY, 3, "stories/x/page/3.md",
     ("stories/x/page/3/index.html", "stories/x/page/3/"),
     ("stories/x/page/3.html", "stories/x/page/3.html")),
    (PageKind.STORY_FEED, 1, "stories/x/feed.md",
     ("stories/x/feed/index.html", "stories/x/feed/"),
     ("stories/x/feed.html", "stories/x/feed.html")),
    (PageKind.ENTITIES, 1, "people/index.md",
     ("people/index.html", "people/"), ("people/index.html", "people/index.html")),
    (PageKind.ENTITIES, 2, "people/page/2.md",
     ("people/page/2/index.html", "people/page/2/"),
     ("people/page/2.html", "people/page/2.html")),
    (PageKind.ENTITY, 1, "people/x.md",
     ("people/x/index.html", "people/x/"), ("people/x.html", "people/x.html")),
    (PageKind.ENTITY, 2, "people/x/page/2.md",
     ("people/x/page/2/index.html", "people/x/page/2/"),
     ("people/x/page/2.html", "people/x/page/2.html")),
    (PageKind.TAGS, 1, "tags/index.md",
     ("tags/index.html", "tags/"), ("tags/index.html", "tags/index.html")),
    (PageKind.TAG, 1, "tags/x.md",
     ("tags/x/index.html", "tags/x/"), ("tags/x.html", "tags/x.html")),
    (PageKind.TAG, 2, "tags/x/page/2.md",
     ("tags/x/page/2/index.html", "tags/x/page/2/"),
     ("tags/x/page/2.html", "tags/x/page/2.html")),
    (PageKind.ARCHIVE, 1, "archive/index.md",
     ("archive/index.html", "archive/"), ("archive/index.html", "archive/index.html")),
    (PageKind.ARCHIVE, 2, "archive/page/2.md",
     ("archive/page/2/index.html", "archive/page/2/"),
     ("archive/page/2.html", "archive/page/2.html")),
    (PageKind.TIMELINE, 1, "timeline/index.md",
     ("timeline/index.html", "timeline/"), ("timeline/index.html", "timeline/index.html")),
    (PageKind.CORRECTIONS, 1, "corrections/index.md",
     ("corrections/index.html", "corrections/"),
     ("corrections/index.html", "corrections/index.html")),
    (PageKind.CORRECTIONS, 2, "corrections/page/2.md",
     ("corrections/page/2/index.html", "corrections/page/2/"),
     ("corrections/page/2.html", "corrections/page/2.html")),
    (PageKind.FEEDS, 1, "feeds/index.md",
     ("feeds/index.html", "feeds/"), ("feeds/index.html", "feeds/index.html")),
]  # fmt: skip


def test_the_table_covers_every_generated_page_kind() -> None:
    assert {row[0] for row in PAGES} == set(ROUTES) == set(PageKind) - {PageKind.DOCUMENT}


@pytest.mark.parametrize(("kind", "number", "src_uri", "with_dirs", "without_dirs"), PAGES)
def test_page_addresses(
    kind: PageKind,
    number: int,
    src_uri: str,
    with_dirs: tuple[str, str],
    without_dirs: tuple[str, str],
) -> None:
    location = _location(kind, number)
    assert (location.kind, location.src_uri, location.number) == (kind, src_uri, number)
    for directory_urls, (dest, url) in ((True, with_dirs), (False, without_dirs)):
        table = UrlTable(directory_urls, site_url=SITE, canonical_directory_urls=True)
        assert table.dest(location) == dest
        assert table.url(location) == url
        # The canonical address is the online one (directory URLs), also offline.
        assert table.canonical(location) == SITE + with_dirs[1]


@pytest.mark.build  # MkDocs' own code is the oracle
@pytest.mark.parametrize(("kind", "number", "src_uri", "with_dirs", "without_dirs"), PAGES)
def test_destinations_agree_with_mkdocs(
    kind: PageKind,
    number: int,
    src_uri: str,
    with_dirs: tuple[str, str],
    without_dirs: tuple[str, str],
) -> None:
    """MkDocs would put a file at the route where the table says (the adapter also sets
    `dest_uri` from the table, so a briefing lives at its slug)."""
    from mkdocs.structure.files import File

    location = _location(kind, number)
    for directory_urls in (True, False):
        file = File(
            location.route, src_dir=None, dest_dir="/site", use_directory_urls=directory_urls
        )
        assert file.dest_uri == UrlTable(directory_urls).dest(location)
        assert file.url == UrlTable(directory_urls).url(location)


@pytest.mark.parametrize(
    ("src_uri", "with_dirs", "without_dirs"),
    [
        ("index.md", "./", "index.html"),
        ("writing.md", "writing/", "writing.html"),
        ("about/README.md", "about/", "about/index.html"),
        ("guides/index.md", "guides/", "guides/index.html"),
    ],
)
def test_hand_written_pages(src_uri: str, with_dirs: str, without_dirs: str) -> None:
    location = UrlTable.document(src_uri)
    assert UrlTable(True).url(location) == with_dirs
    assert UrlTable(False).url(location) == without_dirs
    offline = UrlTable(False, site_url=SITE, canonical_directory_urls=True)
    assert offline.canonical(location) == (SITE if with_dirs == "./" else SITE + with_dirs)


@pytest.mark.parametrize(
    ("kind", "slug", "path"),
    [
        (FileKind.RSS, "", "feeds/feed.xml"),
        (FileKind.ATOM, "", "feeds/atom.xml"),
        (FileKind.JSON_FEED, "", "feeds/feed.json"),
        (FileKind.STORY_RSS, "x", "stories/x/feed.xml"),
        (FileKind.SITEMAP, "", "sitemap.xml"),
        (FileKind.SEARCH_MANIFEST, "", "search/briefings-search.js"),
        (FileKind.SEARCH_CHUNK, "0.abc", "search/search_index.0.abc.js"),
    ],
)
def test_files_have_one_path_with_and_without_directory_urls(
    kind: FileKind, slug: str, path: str
) -> None:
    assert UrlTable.file(kind, slug=slug) == path
    assert UrlTable(site_url="https://e.org/b").absolute(path) == f"https://e.org/b/{path}"
    assert set(FILES) == set(FileKind)


def test_without_site_url_there_are_no_absolute_addresses() -> None:
    table = UrlTable()
    assert table.canonical(table.page(PageKind.ARCHIVE)) is None
    assert table.absolute("feeds/feed.xml") is None


def test_page_numbers_start_at_one() -> None:
    archive = UrlTable.page(PageKind.ARCHIVE)
    assert UrlTable.paginated(archive, 1) is archive
    with pytest.raises(ValueError):
        UrlTable.paginated(archive, 0)


URLS = ["./", "index.html", "a/", "a/b/", "a/index.html", "a/x.html", "b/c/x.html", "feed.xml"]


@pytest.mark.build  # MkDocs' own code is the oracle
@pytest.mark.parametrize(("target", "base"), list(itertools.product(URLS, repeat=2)))
def test_links_resolve_where_the_shortest_relative_link_does(target: str, base: str) -> None:
    """`Links` goes through the site root; it reaches the same address as MkDocs' own
    shortest relative link."""
    from mkdocs.utils import get_relative_url

    assert relative_url(target, base) == get_relative_url(target, base)
    page = urljoin(SITE, base)
    assert urljoin(page, Links.at(base).to(target)) == urljoin(page, relative_url(target, base))


@pytest.mark.parametrize(
    ("page_url", "depth"),
    [("./", 0), ("index.html", 0), ("stories/", 1), ("stories/x/", 2), ("stories/x.html", 1),
     ("stories/x/page/2/", 4), ("stories/x/page/2.html", 3)],
)  # fmt: skip
def test_link_depth(page_url: str, depth: int) -> None:
    assert Links.at(page_url).depth == depth
    assert Links.at(page_url).to("./") == ("../" * depth or "./")


# -- no path is built anywhere else ----------------------------------------------------

ROUTE_TOKENS = re.compile(
    r"(^|/)(briefings|stories|tags|archive|timeline|corrections|feeds|page|assets|search)/"
    r"|index\.md|feed\.xml|atom\.xml|feed\.json|sitemap\.xml"
    r"|search_index|briefings-search|offline-edition"
)
# In scripts, a climb to the site root is a path built by hand too.
# Script code is not split into string constants: a folder may follow a quote.
SCRIPT_TOKENS = re.compile(ROUTE_TOKENS.pattern.replace("(^|/)", "(^|[/\"'`])") + r"|\.\./")
# A message's example of a relative link, not a path the package builds.
ALLOWED = {("tools/check.py", "write it relative to the briefing (e.g. ../index.md)")}


def _string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings
    ]  # fmt: skip


def test_no_module_but_the_url_table_names_a_route() -> None:
    folders = ("model", "content", "graph", "site", "tools", "adapters")
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {value!r}"
        for folder in folders
        for path in sorted((PACKAGE / folder).rglob("*.py"))
        if path.name != "urls.py"
        for line, value in _string_constants(path)
        if ROUTE_TOKENS.search(value)
        and not any(str(path.relative_to(PACKAGE)) == f and a in value for f, a in ALLOWED)
    ]
    assert found == []


def test_the_route_check_finds_a_hand_built_path(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text('"""Docs may say stories/x/feed.xml."""\nURL = f"stories/{1}/feed.xml"\n')
    assert [v for _, v in _string_constants(probe) if ROUTE_TOKENS.search(v)] == [
        "stories/",
        "/feed.xml",
    ]


def _script_code(text: str) -> list[tuple[int, str]]:
    """(line, code) of a script with its comments blanked (block and line comments)."""
    text = re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m[0]), text, flags=re.S)
    return [(n, re.sub(r"(^|\s)//.*", "", line)) for n, line in enumerate(text.split("\n"), 1)]


def test_no_script_of_the_package_builds_a_path_by_hand() -> None:
    """The scripts' paths (search manifest, the worker's way to the site root, the worker's
    address) are placeholders filled from the URL table when the plugin writes them."""
    scripts = sorted(PACKAGE.rglob("*.js"))
    assert scripts
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {code.strip()}"
        for path in scripts
        for line, code in _script_code(path.read_text(encoding="utf-8"))
        if SCRIPT_TOKENS.search(code)
    ]
    assert found == []


def test_the_script_check_finds_a_hand_built_path() -> None:
    code = '/* loads search/briefings-search.js */\nvar M = "search/x.js"; // ../\nnew URL("../../", u);'
    assert [line for line, c in _script_code(code) if SCRIPT_TOKENS.search(c)] == [2, 3]


def test_the_scripts_placeholders_are_the_tables_paths() -> None:
    from briefings.site.urls import MATERIAL_SEARCH_WORKER, script_paths

    values = script_paths()
    assert values["__BRIEFINGS_SEARCH_MANIFEST__"] == UrlTable.file(FileKind.SEARCH_MANIFEST)
    worker = MATERIAL_SEARCH_WORKER.replace("*", "1a2b3c.min")
    base = "https://example.org/sub/"
    assert urljoin(base + worker, values["__BRIEFINGS_WORKER_TO_ROOT__"]) == base
    pattern = re.compile(values["__BRIEFINGS_SEARCH_WORKER__"])
    assert pattern.search("/sub/" + worker)
    assert not pattern.search("/sub/assets/javascripts/workers/other/search.1.js")
    scripts = "".join(p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.js")))
    named = set(re.findall(r'"(__BRIEFINGS_\w+__)"', scripts))
    assert named and named <= set(values)


def test_templates_take_every_address_from_their_view() -> None:
    """Every `href`/`src` in the package's templates is a value of the view model."""
    templates = sorted((PACKAGE / "site" / "templates").rglob("*.html"))
    assert templates
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for match in re.finditer(r'\b(href|src)="([^"]*)"', text):
            value = match.group(2)
            assert re.fullmatch(r"\{\{ [\w.]+ \}\}", value), f"{template.name}: {value}"
        assert "~" not in text, template.name  # no string building


def test_every_top_level_name_of_the_table_is_reserved() -> None:
    """An entity kind may not take a folder the table uses for its own pages or files."""
    from briefings.content.schema import RESERVED_NAMES

    routes = [*ROUTES.values(), *FILES.values(), UrlTable.asset("x")]
    folders = {r.split("/")[0] for r in routes if "/" in r and not r.startswith("{")}
    assert folders <= RESERVED_NAMES
