"""Text fields are text everywhere; every HTML path from content goes through one policy.

The building hostile corpus (tests/hostile/building/) is built for real; its front matter
and registries, read with PyYAML, are the oracle: each text must come back exactly, as
text, in `<title>`, the header, the meta description, OpenGraph, search and the feeds, and
no output file may hold live markup made from content.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import feedparser
import markdown
import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html
from markdown.extensions.toc import slugify

from briefings.adapters.mkdocs_plugin.safety import isolate
from briefings.site.sanitize import (
    ATTRIBUTES,
    TAGS,
    URL_SCHEMES,
    SafeIdExtension,
    SafeSlugify,
    is_safe_id,
    safe_id,
    safe_ids,
    sanitize,
    toc_title,
)
from briefings.site.search import read_index

from .helpers import REPO, build, edit_config, parse, text_of
from .hostile_corpus import CORPUS, HOSTILE_NAME, TOKEN, copy_hostile_site
from .sites import write_site

pytestmark = pytest.mark.build

SITE_NAME = "Hostile test site"
FIELDS_PAGE = "briefings/2022-01-02-hostile-fields/index.html"
NAMED_PAGE = "briefings/hostile-file-name/index.html"
STORY_PAGE = "stories/hostile-story/index.html"
ENTITY_PAGE = "people/hostile-person/index.html"
#: Material's own element ids and the skip link's target; content may never start an id
#: with "__".
THEME_IDS = re.compile(
    r"__(?:drawer|search|config|toc|consent|palette_\d+|nav_[\d_]+(?:_label)?|bf-content)"
)
#: The plugin's own section ids (reserved for it: content's `bf-...` ids are rewritten).
PLUGIN_IDS = re.compile(r"bf-[a-z0-9-]+")
#: Where Material's search index keeps markup in titles and texts (its parser's `keep`).
SEARCH_TAGS = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href"}
THEME_FORMS = {"md-search__form", "md-header__option", "md-feedback", "bf-filter"}


def _front_matter(name: str) -> dict[str, Any]:
    text = (CORPUS / "briefings" / name).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


FIELDS = _front_matter("2022-01-02-hostile-fields.md")
NAMED = _front_matter("hostile-name.md")
STORY = yaml.safe_load((CORPUS / "briefings" / "stories.yml").read_text())["hostile-story"]
PERSON = yaml.safe_load((CORPUS / "briefings" / "entities.yml").read_text())["people"][
    "hostile-person"
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile corpus, built (not strict: it warns, by design, about its ids)."""
    site = copy_hostile_site(tmp_path_factory.mktemp("hostile"))
    result = build(site, strict=False)
    assert "is not a safe id" in result.stderr  # rewritten ids are reported, never silent
    return site / "site"


@pytest.fixture(scope="module")
def trusted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same corpus with `sanitize: false`: only body HTML is left as written."""
    site = copy_hostile_site(tmp_path_factory.mktemp("trusted"))
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - briefings\n", "  - briefings:\n      sanitize: false\n"))
    build(site, strict=False)
    return site / "site"


def _meta(page: lxml_html.HtmlElement, key: str) -> str:
    found = page.xpath(f"//meta[@name='{key}' or @property='{key}']/@content")
    assert len(found) == 1, key
    return str(found[0])


def _header_title(page: lxml_html.HtmlElement) -> str:
    (topic,) = page.cssselect('[data-md-component="header-topic"] .md-ellipsis')
    return topic.text_content().strip()


# -- text fields round-trip, escaped exactly once ---------------------------------------
@pytest.mark.parametrize(
    ("path", "title", "summary"),
    [
        (FIELDS_PAGE, FIELDS["title"], FIELDS["summary"]),
        (NAMED_PAGE, NAMED["title"], NAMED["summary"]),
        (STORY_PAGE, STORY["title"], STORY["description"]),
        (ENTITY_PAGE, PERSON["name"], PERSON["description"]),
    ],
)
def test_text_fields_round_trip_in_head_and_header(
    hostile: Path, path: str, title: str, summary: str
) -> None:
    page = parse(hostile / path)
    assert page.findtext(".//title") == f"{isolate(title)} - {SITE_NAME}"
    assert _header_title(page) == title
    assert page.cssselect("article h1")[0].text_content().strip() == title
    assert _meta(page, "description") == summary
    assert _meta(page, "og:title") == _meta(page, "twitter:title") == title
    assert _meta(page, "og:description") == _meta(page, "twitter:description") == summary
    assert "</title><script>" in title or "mayor" in summary  # the payloads are there


def test_a_quoting_summary_is_whole_in_the_meta_description(hostile: Path) -> None:
    summary = 'The mayor said "we will hold the line". A plain summary that quotes someone.'
    assert NAMED["summary"] == summary
    page = parse(hostile / NAMED_PAGE)
    assert _meta(page, "description") == _meta(page, "og:description") == summary


def test_tag_pages_and_chips_keep_tag_names_as_text(hostile: Path) -> None:
    page = parse(hostile / FIELDS_PAGE)
    chips = [text_of(a) for a in page.cssselect("a.bf-chip--tag")]
    assert chips == [" ".join(t.split()) for t in FIELDS["tags"]]
    for name in FIELDS["tags"]:
        tag_pages = [p for p in (hostile / "tags").glob("*/index.html")
                     if parse(p).findtext(".//title") == f"{isolate('Tag: ' + name)} - {SITE_NAME}"]  # fmt: skip
        assert len(tag_pages) == 1, name


def test_registry_fields_are_text_on_entity_and_story_pages(hostile: Path) -> None:
    entity = parse(hostile / ENTITY_PAGE)
    (aliases,) = entity.cssselect(".bf-aliases")
    assert aliases.text_content() == "Also known as: " + ", ".join(PERSON["aliases"])
    assert entity.cssselect("article .bf-summary")[0].text_content() == PERSON["description"]
    story = parse(hostile / STORY_PAGE)
    assert story.cssselect("article .bf-summary")[0].text_content() == STORY["description"]


def test_titles_are_isolated_in_the_theme(hostile: Path) -> None:
    """Bidi controls in a title cannot reorder what follows it: `<bdi>` in markup, U+2068
    ... U+2069 in `<title>`; a title without them is printed as it is."""
    page = parse(hostile / FIELDS_PAGE)
    (bdi,) = page.cssselect('[data-md-component="header-topic"] .md-ellipsis bdi')
    assert bdi.text == FIELDS["title"]
    assert "\u202e" in FIELDS["title"]
    assert page.findtext(".//title").startswith("\u2068") and isolate("plain") == "plain"
    tabs = parse(hostile / "index.html").cssselect("a.md-tabs__link bdi")
    assert {b.text for b in tabs} >= {"Home", "Notes: Q&A <kept as text>", "Stories", "Timeline"}


def test_hand_written_titles_are_decoded_once(hostile: Path) -> None:
    """MkDocs makes a title from `# Notes: Q&A &lt;...&gt;` as HTML; it becomes text."""
    page = parse(hostile / "notes" / "index.html")
    title = "Notes: Q&A <kept as text>"
    assert page.findtext(".//title") == f"{title} - {SITE_NAME}"
    assert _meta(page, "og:title") == title
    assert parse(hostile / "index.html").findtext(".//title") == SITE_NAME
    index = {"docs": read_index(hostile)[1]}  # every chunk of the index
    notes = next(d for d in index["docs"] if d["location"] == "notes/")
    assert (
        lxml_html.fragment_fromstring(notes["title"], create_parent="div").text_content() == title
    )


def test_search_index_titles_are_html_of_the_text(hostile: Path) -> None:
    index = {"docs": read_index(hostile)[1]}  # every chunk of the index
    by_location = {d["location"]: d for d in index["docs"]}
    for location, title in [
        ("briefings/2022-01-02-hostile-fields/", FIELDS["title"]),
        ("briefings/hostile-file-name/", NAMED["title"]),
        ("stories/hostile-story/", STORY["title"]),
        ("people/hostile-person/", PERSON["name"]),
    ]:
        fragment = lxml_html.fragment_fromstring(
            by_location[location]["title"], create_parent="div"
        )
        assert len(fragment) == 0, location  # no element: text only
        assert fragment.text_content() == title


# -- tables of contents and ids ----------------------------------------------------------
def test_toc_entries_are_text_and_ids_safe(hostile: Path) -> None:
    for path in (NAMED_PAGE, "notes/index.html"):
        page = parse(hostile / path)
        links = page.cssselect("nav.md-nav--secondary a.md-nav__link")
        assert len(links) >= 3, path
        ids = set(page.xpath("//@id"))
        for link in links:
            assert [e.tag for e in link.iter()] == ["a", "span"], path  # text only
            href = link.get("href")
            assert href.startswith("#") and is_safe_id(href[1:]) and href[1:] in ids, href
        (skip,) = page.cssselect("a.md-skip")  # to the start of the content
        target = skip.get("href")[1:]
        assert (is_safe_id(target) or THEME_IDS.fullmatch(target)) and target in ids
    page = parse(hostile / NAMED_PAGE)
    texts = [t.text_content().strip() for t in page.cssselect("nav.md-nav--secondary a span")]
    assert "Heading with an attr_list id" in texts
    assert "<img src=x data-pwned onerror=window.pwned=3>" in texts  # a data-toc-label, as text
    assert any(t.startswith('Splice a"><img src=x') for t in texts)


def test_heading_slugs_never_take_theme_ids(hostile: Path) -> None:
    page = parse(hostile / "notes" / "index.html")
    heading = page.xpath("//h2[starts-with(normalize-space(), '__init__')]")[0]
    assert heading.get("id") == "init__-and-other-reserved-looking-headings"
    assert page.xpath("//*[@id='fn:1']")  # footnote ids keep their ':'
    assert page.xpath("//p[@id='raw-id-with-spaces']")  # raw HTML of a hand-written page


def test_rewritten_ids_are_reported(tmp_path: Path) -> None:
    site = copy_hostile_site(tmp_path)
    log = build(site, strict=False).stderr
    assert "notes.md:18: id 'raw id with spaces' is not a safe id" in log  # with its line
    assert "written as 'raw-id-with-spaces'" in log
    assert "written as 'x-onmouseover-window.pwned-id'" in log  # raw HTML in a briefing body
    assert build(site, check=False).returncode != 0  # and --strict stops on them


def test_edit_links_quote_file_names(hostile: Path) -> None:
    page = parse(hostile / NAMED_PAGE)
    edit = page.cssselect("a.md-content__button[rel=edit]")[0].get("href")
    assert edit == "https://github.com/example/hostile/edit/main/briefings/" + quote(HOSTILE_NAME)
    assert urlsplit(edit).path.endswith(".md") and '"' not in edit and " " not in edit


# -- feeds: text in every format -----------------------------------------------------------
def _feed_text(detail: Any) -> str:
    """What a reader shows: HTML-typed values are decoded, and must hold no element."""
    if detail.type == "text/html":
        fragment = lxml_html.fragment_fromstring(detail.value or " ", create_parent="div")
        assert len(fragment) == 0, detail.value
        return fragment.text_content()
    assert detail.type == "text/plain", detail.type
    return detail.value


def _categories(fm: dict[str, Any]) -> list[str]:
    return [STORY["title"], *fm.get("tags", [])]


@pytest.mark.parametrize(
    "name", ["feeds/feed.xml", "feeds/atom.xml", "stories/hostile-story/feed.xml"]
)
def test_feeds_carry_text_fields_as_text(hostile: Path, name: str) -> None:
    raw = (hostile / name).read_bytes()
    etree.fromstring(raw)  # well-formed XML
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    by_title = {_feed_text(e.title_detail): e for e in feed.entries}
    assert set(by_title) == {FIELDS["title"], NAMED["title"]}
    for fm in (FIELDS, NAMED):
        entry = by_title[fm["title"]]
        assert _feed_text(entry.summary_detail) == fm["summary"]
        assert [t.term for t in entry.tags] == _categories(fm)
    if name.startswith("stories/"):
        assert _feed_text(feed.feed.title_detail).startswith(STORY["title"])
        assert _feed_text(feed.feed.subtitle_detail) == STORY["description"]
    if name == "feeds/atom.xml":
        assert by_title[FIELDS["title"]].author == FIELDS["curator"]


def test_json_feed_carries_text_fields_as_text(hostile: Path) -> None:
    data = json.loads((hostile / "feeds/feed.json").read_text(encoding="utf-8"))
    by_title = {i["title"]: i for i in data["items"]}
    assert set(by_title) == {FIELDS["title"], NAMED["title"]}
    for fm in (FIELDS, NAMED):
        item = by_title[fm["title"]]
        assert item["summary"] == fm["summary"]
        # The content says what was corrected, as text.
        days = [
            (dt.date.fromisoformat(str(c["date"])), c["text"]) for c in fm.get("corrections", [])
        ]
        corrections = [f"Corrected {d.day} {d:%B %Y}: {text}" for d, text in days]
        assert item["content_text"] == "\n\n".join([fm["summary"], *corrections])
        assert "content_html" not in item
        assert item["tags"] == _categories(fm)
    assert by_title[FIELDS["title"]]["authors"] == [{"name": FIELDS["curator"]}]


# -- no live markup in any output file -----------------------------------------------------
def _bad_url(value: str) -> bool:
    """A URL with a scheme other than the allowed ones, as a browser parses it."""
    scheme = url_scheme(value)
    return scheme is not None and scheme not in URL_SCHEMES


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads in a URL (WHATWG URL: leading and trailing C0 controls and
    spaces are stripped, tabs and newlines removed anywhere), lowercased; None: relative."""
    cleaned = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21)))))
    found = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return found.group(1).lower() if found else None


def _html_problems(page: lxml_html.HtmlElement, *, body_allow_list: bool) -> list[str]:
    problems = []
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name == "data-pwned" or name.lower().startswith("on"):
                problems.append(f"<{element.tag} {name}>")
            if name in URL_ATTRIBUTES and _bad_url(value):
                problems.append(f"<{element.tag} {name}={value[:40]!r}>")
            allowed = THEME_IDS.fullmatch(value) or PLUGIN_IDS.fullmatch(value)
            if name == "id" and not (is_safe_id(value) or allowed):
                problems.append(f"id {value[:40]!r}")
        if element.tag in {"iframe", "object", "embed", "frame", "base", "math", "textarea"}:
            problems.append(f"<{element.tag}>")
        if element.tag == "form" and not THEME_FORMS & set(element.classes):
            problems.append("<form>")
        if element.tag == "meta" and element.get("http-equiv"):
            problems.append("<meta http-equiv>")
        if element.tag == "script":
            problems += _script_problems(element)
        if element.tag == "style" and "pwned" in (element.text or ""):
            problems.append("<style> from content")
    if body_allow_list:
        for body in page.cssselect(".bf-body"):
            for element in body.iterdescendants():
                if not isinstance(element.tag, str):
                    continue
                if element.tag not in TAGS:
                    problems.append(f"body <{element.tag}>")
                allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(element.tag, set())
                problems += [
                    f"body <{element.tag} {a}>" for a in element.attrib if a not in allowed
                ]
    return problems


def _script_problems(script: lxml_html.HtmlElement) -> list[str]:
    source = script.get("src")
    if source is not None:
        return [] if not urlsplit(source).scheme and not source.startswith("//") else [source]
    text = script.text or ""
    if script.get("type") in ("application/json", "application/ld+json"):
        json.loads(text)  # data, not code; whole: nothing in it ended the element early
        return []
    return ["inline script from content"] if "pwned" in text or TOKEN in text else []


def _scan_site(site: Path, *, body_allow_list: bool = True) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 15
    for path in pages:
        problems = _html_problems(parse(path), body_allow_list=body_allow_list)
        if problems:
            found[path.relative_to(site).as_posix()] = problems
    return found


def test_no_live_markup_in_any_page(hostile: Path) -> None:
    assert _scan_site(hostile) == {}


def test_no_live_markup_in_feeds_index_and_sitemap(hostile: Path) -> None:
    for path in [
        *hostile.glob("*.xml"),
        *hostile.glob("feeds/*.xml"),
        *hostile.glob("stories/*/feed.xml"),
    ]:
        tree = etree.fromstring(path.read_bytes())
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            local = etree.QName(element).localname
            if local == "description":  # RSS: HTML by convention; text only here
                fragment = lxml_html.fragment_fromstring(element.text or " ", create_parent="div")
                assert len(fragment) == 0, (path.name, element.text)
            assert not set(element.attrib) & {"type"} or element.get("type") == "text"
    sitemap = etree.fromstring((hostile / "sitemap.xml").read_bytes())
    names = {etree.QName(e).localname for e in sitemap.iter() if isinstance(e.tag, str)}
    assert names == {"urlset", "url", "loc", "lastmod"}
    for loc in sitemap.iter("{*}loc"):
        assert re.fullmatch(r"https://example\.test/hostile/[\w/%.-]*", loc.text or ""), loc.text
    index = {"docs": read_index(hostile)[1]}  # every chunk of the index
    assert any(TOKEN in d["title"] for d in index["docs"])
    for doc in index["docs"]:
        for key in ("title", "text"):
            fragment = lxml_html.fragment_fromstring(f"<div>{doc[key]}</div>")
            for element in fragment.iterdescendants():
                assert element.tag in SEARCH_TAGS and not element.attrib, (doc["location"], key)
    json_feed = json.loads((hostile / "feeds/feed.json").read_text(encoding="utf-8"))
    assert all("content_html" not in item for item in json_feed["items"])


def test_sanitize_false_leaves_only_body_html_as_written(trusted: Path, hostile: Path) -> None:
    """Trusted sites: raw HTML in bodies stays; text fields, TOC and id rules still apply."""
    named = parse(trusted / NAMED_PAGE)
    assert named.xpath("//div[@class='bf-body']//script[contains(., 'body-script')]")
    outside = _scan_site(trusted, body_allow_list=False)
    assert set(outside) == {NAMED_PAGE}  # only the page whose body has raw HTML
    page = parse(trusted / FIELDS_PAGE)
    assert page.findtext(".//title") == f"{isolate(FIELDS['title'])} - {SITE_NAME}"
    assert _meta(page, "description") == FIELDS["summary"]
    assert named.xpath("//*[@id='x-onmouseover-window.pwned-id']")  # raw HTML id made safe
    trusted_toc = [a.get("href") for a in named.cssselect("nav.md-nav--secondary a")]
    hostile_toc = [a.get("href") for a in parse(hostile / NAMED_PAGE).cssselect(
        "nav.md-nav--secondary a")]  # fmt: skip
    assert trusted_toc == hostile_toc


# -- the policy's pieces, directly ---------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("intro", "intro"),
        ("fn:1", "fn:1"),
        ("fnref2:1", "fnref2:1"),
        ("section.2", "section.2"),
        ("überblick", "überblick"),
        ("__config", "x-__config"),
        ("__search", "x-__search"),
        ('x"><img src=x onerror=alert(1)>', "x-img-src-x-onerror-alert-1"),
        ("a b", "a-b"),
        ("_single", "_single"),
        ('"', None),
        ("", None),
    ],
)
def test_safe_id(given: str, written: str | None) -> None:
    assert safe_id(given) == written
    assert written is None or is_safe_id(written)


def test_body_ids_cannot_take_the_theme_elements() -> None:
    body = '<div id="__config">{}</div><p id="__search" class="x">p</p><img id="a&quot;b" src=y>'
    cleaned = lxml_html.fragment_fromstring(sanitize(body), create_parent="div")
    assert [e.get("id") for e in cleaned.iterdescendants()] == ["x-__config", "x-__search", "a-b"]
    kept = safe_ids(body + "\n<script id=__drawer>x()</script>")
    assert "<script" in kept and 'id="x-__drawer"' in kept and "__config" not in kept.replace(
        "x-__config", ""
    )  # fmt: skip
    assert safe_ids("<p id=ok>unchanged &amp; whole</p>") == "<p id=ok>unchanged &amp; whole</p>"


def test_markdown_ids_are_safe_before_the_toc_reads_them() -> None:
    ids = SafeIdExtension()
    md = markdown.Markdown(
        extensions=["attr_list", "toc", ids],
        extension_configs={"toc": {"slugify": SafeSlugify(slugify)}},
    )
    out = md.convert("## A {: #__config }\n\n## __init__\n\n## B {: id='x\"><b>' }\n\nP\n{: #p }")
    tree = lxml_html.fragment_fromstring(out, create_parent="div")
    assert [e.get("id") for e in tree.iter("h2", "p")] == ["x-__config", "init", "x-b", "p"]
    assert [t["id"] for t in md.toc_tokens] == ["x-__config", "init", "x-b"]  # type: ignore[attr-defined]
    assert ids.changes.drain() == [("__config", "x-__config"), ('x"><b>', "x-b")]


def test_toc_titles_become_escaped_text() -> None:
    assert toc_title('a <b title="-->">x</b>"><img src=x onerror=alert(1)>') == ("a x&quot;&gt;")
    assert toc_title("Q&amp;A &lt;b&gt;") == "Q&amp;A &lt;b&gt;"
    assert toc_title(toc_title("x &amp; y")) == toc_title("x &amp; y")  # idempotent


# -- the overrides follow Material's own templates -----------------------------------------
MATERIAL = Path(__import__("material").__file__).parent / "templates"
OVERRIDES = REPO / "plugins" / "briefings" / "adapters" / "mkdocs_plugin" / "overrides"


def _normalise(template: str) -> str:
    """A template with our additions (escaping, isolation, markup between the comments
    `bf` and `/bf`) and all white space taken out."""
    template = re.sub(r"\{#bf#\}.*?\{#/bf#\}", "", template, flags=re.S)
    template = re.sub(r"\{#.*?#\}", "", template, flags=re.S)
    for added in ("|e", "|bf_isolate", "|striptags", "<bdi>", "</bdi>"):
        template = "".join(template.split()).replace(added, "")
    return re.sub(r"mkdocs-material-(?:[0-9.]+|\{\{bf_material_version\}\})", "VERSION", template)


def _block(template: str, name: str) -> str:
    match = re.search(r"\{% block " + name + r" %\}(.*?)\{% endblock %\}", template, re.S)
    assert match, name
    return match.group(1)


@pytest.mark.parametrize("name", sorted(p.name for p in (OVERRIDES / "partials").iterdir()))
def test_partial_overrides_are_materials_plus_escaping(name: str) -> None:
    ours = (OVERRIDES / "partials" / name).read_text(encoding="utf-8")
    theirs = (MATERIAL / "partials" / name).read_text(encoding="utf-8")
    assert _normalise(ours) == _normalise(theirs), f"re-sync partials/{name} with Material"
    assert ours.count("| e") > theirs.count("| e")


@pytest.mark.parametrize("block", ["site_meta", "htmltitle"])
def test_base_block_overrides_are_materials_plus_escaping(block: str) -> None:
    ours = _block((OVERRIDES / "main.html").read_text(encoding="utf-8"), block)
    theirs = _block((MATERIAL / "base.html").read_text(encoding="utf-8"), block)
    assert _normalise(ours) == _normalise(theirs), f"re-sync block {block} with base.html"


def test_every_partial_printing_titles_is_overridden() -> None:
    """Material partials that print a title or description unescaped are all ours."""
    raw = re.compile(r"\{\{\s*(?:page|nav_item|ref|page\.\w+_page)\.(?:title|meta\.\w+)\s*\}\}")
    printing = {p.name for p in (MATERIAL / "partials").glob("*.html")
                if raw.search(p.read_text(encoding="utf-8"))}  # fmt: skip
    assert printing
    assert printing <= {p.name for p in (OVERRIDES / "partials").iterdir()}


def test_ordinary_site_is_unchanged_by_escaping(tmp_path: Path) -> None:
    """Ordinary content: the same titles as before, no id warnings under --strict."""
    site = write_site(tmp_path)
    edit_config(site, repo_url="https://github.com/example/briefings", edit_uri="edit/main/docs/")
    build(site)
    page = parse(site / "site" / "writing" / "index.html")
    assert page.findtext(".//title") == "Writing - Briefings"  # the nav title, as written
