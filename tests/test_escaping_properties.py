"""Generated content (hypothesis): no text field ever yields an element, and a body's HTML
holds only allow-listed tags, attributes and URL schemes.

Text fields: a real build of a small site whose every free-text field is generated must
have, page by page, the same element structure as the same site with plain text in those
fields (feeds and search index included): text may change what a page says, never what it
is made of. Bodies: Markdown with raw HTML, attr_list ids and links goes through the site's
Markdown set-up and the sanitiser, and the result is checked against the allow-list.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html
from markdown.extensions.toc import slugify

from briefings.site.sanitize import (
    ATTRIBUTES,
    TAGS,
    URL_SCHEMES,
    SafeIdExtension,
    SafeSlugify,
    is_safe_id,
    sanitize,
    toc_title,
)

from .helpers import build, parse
from .test_escaping import url_scheme

SNIPPETS = [
    "</title>", "<script>", "</script>", "<!--", "-->", "]]>", "<![CDATA[", "&amp;", "&lt;b&gt;",
    '"><img src=x onerror=alert(1)>', "'", '"', "<b>", "</b>", "{{ x }}", "{% if %}", "javascript:",
    "</textarea>", "<style>", "&#x3c;", "\\", "`", "\u202e", "\u2066", "\u2069", "\u200f", "\n",
    "\u00a0", "#", "*", "_", "[a](b)", "\u05e9\u05dc\u05d5\u05dd",
]  # fmt: skip
CHARACTERS = st.characters(exclude_categories=("Cs", "Cc", "Cn", "Co"))
TEXT = st.lists(st.sampled_from(SNIPPETS) | st.text(CHARACTERS, max_size=6), max_size=8).map(
    lambda parts: "T" + "".join(parts)  # a text field has something that is not space
)
FIELDS = (
    "title", "summary", "key_point", "event", "curator", "source", "note", "correction",
)  # fmt: skip
BRIEFING = st.fixed_dictionaries({name: TEXT for name in FIELDS})
REGISTRY = st.fixed_dictionaries(
    {"story": TEXT, "story_description": TEXT, "name": TEXT, "alias": TEXT, "description": TEXT}
)
CONFIG = """site_name: Generated
site_url: https://example.test/generated/
theme: {name: material, font: false, features: [navigation.tabs, navigation.footer]}
nav: [index.md]
plugins: [search, briefings]
markdown_extensions: [{toc: {permalink: true}}, attr_list]
"""


def _briefing(fields: dict[str, str], day: int, other: str) -> str:
    data = {
        "title": fields["title"], "date": f"2022-03-{day:02d}", "summary": fields["summary"],
        "sources": [{"name": fields["source"], "note": fields["note"]}],
        "stories": ["story"], "people": ["person"], "key_points": [fields["key_point"]],
        "events": [{"date": f"2022-03-{day:02d}", "title": fields["event"]}],
        "related": [other], "curator": fields["curator"],
        "corrections": [{"date": f"2022-04-{day:02d}", "text": fields["correction"]}],
    }  # fmt: skip
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=False) + "---\n\n…\n"


def _write_site(root: Path, first: dict, second: dict, registry: dict) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "briefings").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n\n<!-- briefings:latest -->\n")
    (root / "briefings" / "2022-03-01-first.md").write_text(
        _briefing(first, 1, "2022-03-02-second"), encoding="utf-8"
    )
    (root / "briefings" / "2022-03-02-second.md").write_text(
        _briefing(second, 2, "2022-03-01-first"), encoding="utf-8"
    )
    stories = {"story": {"title": registry["story"], "description": registry["story_description"]}}
    entities = {
        "people": {"person": {"name": registry["name"], "aliases": [registry["alias"]],
                              "description": registry["description"]}},
    }  # fmt: skip
    (root / "briefings" / "stories.yml").write_text(yaml.safe_dump(stories), encoding="utf-8")
    (root / "briefings" / "entities.yml").write_text(yaml.safe_dump(entities), encoding="utf-8")
    build(root, strict=False)
    return root / "site"


def _shape(element: Any) -> list[tuple[str, tuple[str, ...]]]:
    """The element structure: tag and attribute names of every element, in order."""
    return [(str(e.tag), tuple(sorted(e.attrib))) for e in element.iter() if isinstance(e.tag, str)]


def _fragment_shape(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return _shape(lxml_html.fragment_fromstring(f"<div>{text}</div>"))


def _site_shape(site: Path) -> dict[str, Any]:
    shape: dict[str, Any] = {}
    for path in sorted(site.rglob("*.html")):
        shape[path.relative_to(site).as_posix()] = _shape(parse(path))
    for path in sorted(site.rglob("*.xml")):
        shape[path.relative_to(site).as_posix()] = _shape(etree.fromstring(path.read_bytes()))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    shape["search"] = [
        (d["location"], _fragment_shape(d["title"]), _fragment_shape(d["text"]))
        for d in index["docs"]
    ]
    return shape


PLAIN = {name: "Plain" for name in FIELDS}
PLAIN_REGISTRY = {"story": "Story", "story_description": "About", "name": "Person",
                  "alias": "Someone", "description": "Who"}  # fmt: skip
_baseline: dict[str, Any] = {}


def _baseline_shape() -> dict[str, Any]:
    if not _baseline:
        with tempfile.TemporaryDirectory() as tmp:
            _baseline.update(_site_shape(_write_site(Path(tmp), PLAIN, PLAIN, PLAIN_REGISTRY)))
    return _baseline


@pytest.mark.build
@settings(max_examples=8, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(first=BRIEFING, second=BRIEFING, registry=REGISTRY)
def test_no_text_field_ever_yields_an_element(first: dict, second: dict, registry: dict) -> None:
    expected = _baseline_shape()
    with tempfile.TemporaryDirectory() as tmp:
        actual = _site_shape(_write_site(Path(tmp), first, second, registry))
    assert actual.keys() == expected.keys()
    for key in expected:
        assert actual[key] == expected[key], key


# -- bodies -----------------------------------------------------------------------------
ATTRIBUTE_NAMES = ["href", "src", "id", "class", "title", "onclick", "onerror", "style",
                   "data-x", "formaction", "srcdoc", "name", "dir", "xlink:href"]  # fmt: skip
URLS = ["javascript:alert(1)", "JaVaScRiPt:x", "java\tscript:x", " javascript:x", "data:text/html,x",
        "vbscript:x", "&#106;avascript:x", "https://example.com/", "/relative", "#frag",
        "mailto:a@b.c", "//evil.example/x", "x"]  # fmt: skip
VALUES = st.sampled_from(URLS) | st.sampled_from(SNIPPETS) | st.text(CHARACTERS, max_size=5)
RAW_TAGS = ["script", "img", "svg", "a", "iframe", "style", "p", "div", "b", "math", "table",
            "form", "object", "base", "meta", "textarea", "noscript", "details", "span", "h2"]  # fmt: skip


@st.composite
def _raw_tag(draw: st.DrawFn) -> str:
    tag = draw(st.sampled_from(RAW_TAGS))
    attributes = draw(st.lists(st.tuples(st.sampled_from(ATTRIBUTE_NAMES), VALUES), max_size=3))
    quoted = "".join(f' {n}="{v.replace(chr(34), "&quot;")}"' for n, v in attributes)
    inner = draw(st.sampled_from(["", "x", "<!--", "</" + tag + ">", "<b>y</b>"]))
    closing = draw(st.sampled_from(["", f"</{tag}>"]))
    return f"<{tag}{quoted}>{inner}{closing}"


@st.composite
def _markdown_piece(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["heading", "link", "image", "text", "raw", "attr"]))
    value = draw(VALUES)
    if kind == "heading":
        return f"\n## {draw(TEXT)} {draw(_raw_tag())}\n"
    if kind == "link":
        return f"[{draw(TEXT)}]({value})"
    if kind == "image":
        return f"![{draw(TEXT)}]({value})"
    if kind == "attr":
        name = draw(st.sampled_from(["id", "data-toc-label", "onclick", "class"]))
        return f"\n## {draw(TEXT)} {{: {name}='{value.replace(chr(39), '')}' }}\n"
    if kind == "raw":
        return "\n" + draw(_raw_tag()) + "\n"
    return draw(TEXT)


def _render(body: str) -> tuple[str, list[dict]]:
    md = markdown.Markdown(
        extensions=["attr_list", "toc", "tables", "footnotes", "admonition", SafeIdExtension()],
        extension_configs={"toc": {"permalink": True,
                                   "slugify": SafeSlugify(slugify)}},
    )  # fmt: skip
    html = md.convert(body)
    return sanitize(html), md.toc_tokens  # type: ignore[attr-defined]


def _tokens(tokens: list[dict]) -> list[dict]:
    return [t for token in tokens for t in (token, *_tokens(token["children"]))]


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(_markdown_piece(), min_size=1, max_size=12).map(" ".join))
def test_body_output_is_only_allow_listed_markup(body: str) -> None:
    html, tokens = _render(body)
    tree = lxml_html.fragment_fromstring(f"<div>{html}</div>")
    for element in tree.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        assert element.tag in TAGS, element.tag
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(element.tag, set())
        assert set(element.attrib) <= allowed, (element.tag, dict(element.attrib))
        for name in ("href", "src"):
            scheme = url_scheme(element.get(name, ""))
            assert scheme is None or scheme in URL_SCHEMES, element.get(name)
        if element.get("id") is not None:
            assert is_safe_id(element.get("id")), element.get("id")
    for token in _tokens(tokens):
        assert is_safe_id(token["id"]), token["id"]
        title = lxml_html.fragment_fromstring(f"<div>{toc_title(token['name'])}</div>")
        assert len(title) == 0, token["name"]  # a TOC title is text
