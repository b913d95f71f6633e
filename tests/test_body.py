"""The body scanner against Python-Markdown's own output, case by case.

Each case is rendered with Python-Markdown and the site's extensions; the rendered tree is
the oracle for links, images, element ids, remote resources and which words are text
outside code. The scanner must agree on every case.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html
from markdown.extensions import Extension
from markdown.extensions.toc import slugify as toc_slugify
from markdown.treeprocessors import Treeprocessor

from briefings.content.body import RESOURCE_ATTRS, analyse, is_remote
from briefings.graph.mentions import iter_links, plain_text
from briefings.site.sanitize import SafeIdExtension, SafeSlugify, safe_ids

from .sites import NEWS

EXTENSIONS = ["toc", "admonition", "attr_list", "footnotes", "tables", "pymdownx.superfences"]
WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")

CASES: dict[str, str] = {
    "plain": "Alpha met Bravo in Charlie.\n",
    "inline code": "Alpha `Bravo` and ``Charlie ` Delta`` and `unclosed Echo\n",
    "code span over lines": "Alpha `Bravo\nCharlie` Delta\n",
    "escaped backtick": "Alpha \\`Bravo\\` Charlie\n",
    "indented code after paragraph": "Alpha\n\n    Bravo code\n\nCharlie\n",
    "indented code first": "    Alpha code\n\nBravo\n",
    "indented lines inside a paragraph": "Alpha\n    Bravo continues\n",
    "fence": "Alpha\n\n```\nBravo [x](fenced.md)\n```\n\nCharlie\n",
    "tilde fence with language": "~~~python\nAlpha\n\nBravo\n~~~\nCharlie\n",
    "fence right after paragraph": "Alpha\n```\nBravo\n```\n",
    "longer closing fence": "````\nAlpha\n```\nBravo\n````\nCharlie\n",
    "list continuation is text": "- Alpha\n\n    Bravo in item\n\nCharlie\n",
    "code in a list item": "- Alpha\n\n        Bravo code\n\nCharlie\n",
    "lazy indented list line": "- Alpha\n    Bravo lazy\n",
    "nested list": "- Alpha\n    - Bravo\n\n        Charlie in nested\n",
    "fence in a list": "- Alpha\n\n    ```\n    Bravo [x](in-list.md)\n    ```\n\n- Charlie\n",
    "ordered list code": "1. Alpha\n2. Bravo\n\n        Charlie code\n",
    "admonition text": '!!! note "Alpha title"\n    Bravo inside\n\n    Charlie inside\n',
    "admonition code": "!!! note\n    Alpha\n\n        Bravo code\n\nCharlie\n",
    "fence in admonition": "!!! warning\n\n    ```\n    Alpha [y](adm.md)\n    ```\n\n    Bravo\n",
    "fence in list in admonition": (
        "!!! note\n    - Alpha\n\n        ```\n        Bravo\n        ```\n\n    Charlie\n"
    ),
    "blockquote": "> Alpha\n>\n>     Bravo code\n\nCharlie\n",
    "fence in blockquote": "> ```\n> Alpha\n> ```\n\nBravo\n",
    "footnote": "Alpha[^1] and Bravo[^1].\n\n[^1]: Charlie note\n\n        Delta code\n",
    "links": (
        'See [Alpha](a.md), [Bravo](../b.md#part "Title"), [Charlie](<c d.md>) and '
        "![Delta](img/e.png) and <https://example.org/f>.\n"
    ),
    "reference links": (
        "[Alpha][one], [Bravo][], [Charlie] and ![Delta][pic].\n\n"
        "[one]: one.md\n[bravo]: two.md#x\n[charlie]: <three.md>\n[pic]: https://cdn.example/p.png\n"
    ),
    "undefined reference": "[Alpha][nope] and [Bravo]\n",
    "link in heading": "## Alpha [Bravo](h.md)\n\nText\n",
    "nested parentheses": "[Alpha](https://en.wikipedia.org/wiki/Bravo_(Charlie))\n",
    "escaped brackets": "\\[Alpha\\](not-a-link.md) Bravo\n",
    "headings": (
        "# Alpha one\n\n## Bravo *two* `code`\n\nCharlie\n=======\n\nDelta\n-----\n\n"
        "## Alpha one\n\n## __init__ and __config\n\n### Trailing ###\n"
    ),
    "heading attr ids": "## Alpha {#custom-id}\n\n## Bravo {: #other .cls }\n\nText {: #para-id }\n",
    "duplicate heading slugs": "## Same\n\n## Same\n\n## Same_1\n",
    "raw html": (
        '<div id="box">\n<p>Alpha <a name="anchor">Bravo</a></p>\n</div>\n\n'
        'Charlie <span id="inline">Delta</span> <img src="https://t.example/p.gif">\n'
    ),
    "raw html comment": "Alpha <!-- Bravo --> Charlie\n\n<!--\nDelta\n-->\n\nEcho\n",
    "raw pre": "<pre>\nAlpha\n</pre>\n\nBravo <code>Charlie</code> Delta\n",
    "remote resources": (
        '<iframe src="https://video.example/x"></iframe>\n\n'
        'Alpha <video poster="//cdn.example/p.jpg" src="local.mp4"></video> '
        '<img srcset="a.png 1x, https://h.example/b.png 2x">\n'
    ),
    "table": "| Alpha | Bravo |\n|---|---|\n| [Charlie](t.md) | `Delta` |\n",
    "hr is not a list": "Alpha\n\n* * *\n\nBravo\n",
    "tabs": "Alpha\n\n\tBravo code\n",
    "list then paragraph then code": "- Alpha\n\nBravo\n\n    Charlie code\n",
    "admonition in a list": "- Alpha\n\n    !!! note\n        Bravo\n\n            Charlie code\n",
    "raw html block is not Markdown": "<div>\nAlpha [Bravo](raw.md) `Charlie`\n</div>\n\nDelta\n",
    "unclosed raw html block": "<div>\nAlpha\n\n[Bravo](x.md)\n",
    "links in list items": "- [Alpha](a.md)\n- ![Bravo](b.png)\n    [Charlie](c.md)\n",
    "link text with code": "[Alpha `Bravo`](a.md) and [`Charlie`](c.md)\n",
    "code span hides a link": "`[Alpha](a.md)` [Bravo](b.md)\n",
    "image with title": '![Alpha](p.png "Bravo title") and ![](https://x.example/q.png)\n',
    "emphasis and links": "*Alpha [Bravo](b.md)* and **Charlie**{: #strong-id }\n",
    "heading with link and code": "## `__x` and [Alpha](a.md)\n",
    "ordered list with paren is text": "1) Alpha\n\n    Bravo code?\n",
    "quote with list": "> - Alpha\n>\n>     Bravo in item\n",
    "entity and numbers": "Mr. Alpha &amp; Bravo &lt;Charlie&gt; at 10:00\n",
    # Headings whose slug is empty or unsafe, ids the build rewrites (review of issue 10).
    "cyrillic headings twice": "## Новости\n\nA.\n\n## Новости\n\nB.\n",
    "greek and japanese headings": "## Ειδήσεις\n\n## ニュース\n\n## Ειδήσεις\n",
    "symbol-only headings": "## ***\n\n## +++ ---\n\n## §\n",
    "heading slug with underscores": "## __init__\n\n## _x_ y\n",
    "unsafe raw html id": '<div id="has space">a</div>\n\n<p id="a/b">c</p>\n',
    "unsafe attr list id": "Para.\n{: #x/y }\n\n## Head {: #a&b }\n",
    "unsafe id and heading slug collide": '<div id="part one">x</div>\n\n## Part one\n',
}


class _Collect(Treeprocessor):
    """What MkDocs sees: `a`/`img` elements of the Markdown tree (raw HTML is stashed)."""

    def run(self, root) -> None:
        self.md.collected = [  # type: ignore[attr-defined]
            ("link" if e.tag == "a" else "image", e.get("href" if e.tag == "a" else "src"))
            for e in root.iter()
            if e.tag in ("a", "img") and "footnote" not in (e.get("class") or "")
        ]


class _CollectExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_Collect(md), "collect", 0)  # where MkDocs rewrites links


def oracle(body: str) -> dict[str, object]:
    # The build's ids: SafeIdExtension and SafeSlugify in Markdown, safe_ids on raw HTML.
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, SafeIdExtension(), _CollectExtension()],
        extension_configs={"toc": {"slugify": SafeSlugify(toc_slugify)}},
    )
    out = safe_ids(md.convert(body))
    root = html.fromstring(f"<div>{out}</div>")
    links = Counter((kind, (target or "").replace("%20", " "))
                    for kind, target in md.collected)  # type: ignore[attr-defined]  # fmt: skip
    ids = {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    ids |= {a.get("name") for a in root.iter("a") if a.get("name")}
    words: set[str] = set()

    def walk(element: html.HtmlElement) -> None:
        generated_title = "admonition-title" in (element.get("class") or "") and (
            (element.text or "").lower() in (element.getparent().get("class") or "").split()
        )
        skipped = element.tag in ("code", "pre", "script", "style") or generated_title
        backref = "footnote-backref" in (element.get("class") or "")
        if isinstance(element.tag, str) and not skipped and not backref:
            words.update(WORD.findall(element.text or ""))
            for child in element:
                walk(child)
        words.update(WORD.findall(element.tail or ""))

    for child in root:
        walk(child)
    remote = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for key in (*RESOURCE_ATTRS.get(element.tag, ()), *RESOURCE_ATTRS["*"]):
            for part in (element.get(key) or "").split(","):
                url = part.strip().split(" ")[0] if part.strip() else ""
                if url and is_remote(url):
                    remote.add(url)
    return {"links": links, "ids": ids, "words": words, "remote": remote}


def scanned(body: str) -> dict[str, object]:
    found = analyse(body)
    links = Counter((link.kind, link.target) for link in found.links)
    return {
        "links": links,
        "ids": set(found.id_set),
        "words": set(WORD.findall(found.text)),
        "remote": {r.url for r in found.resources},
    }


@pytest.mark.parametrize("name", sorted(CASES))
def test_scanner_agrees_with_python_markdown(name: str) -> None:
    body = CASES[name]
    assert scanned(body) == oracle(body)


@pytest.mark.parametrize("name", sorted([*NEWS.briefings, *NEWS.docs]))
def test_scanner_agrees_on_the_test_sites_pages(name: str) -> None:
    text = {**NEWS.briefings, **NEWS.docs}[name]
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    assert scanned(text) == oracle(text)


def test_the_site_uses_the_extensions_the_scanner_follows() -> None:
    config = Path(__file__).resolve().parents[1] / "mkdocs.yml"
    text = re.sub(r"!ENV \[[^\]]*\]", "false", config.read_text(encoding="utf-8"))
    listed = yaml.safe_load(text)["markdown_extensions"]
    names = [next(iter(item)) if isinstance(item, dict) else item for item in listed]
    assert names == EXTENSIONS


def test_lines_are_those_of_the_body() -> None:
    body = "Intro\n\n```\n[no](x.md)\n```\n\nSee [a](a.md)\nand\n![b](b.png)\n\n## Head {#h}\n"
    found = analyse(body)
    assert [(link.target, link.line) for link in found.links] == [("a.md", 7), ("b.png", 9)]
    assert [(i.id, i.line) for i in found.ids] == [("h", 11)]


def test_text_keeps_offsets_and_lines() -> None:
    body = "Alpha `code` [link](target.md)\n\n    code\n"
    found = analyse(body)
    assert len(found.text) == len(body) == len(found.prose)
    assert found.text.count("\n") == body.count("\n")
    assert "target" not in found.text and "code" not in found.text
    assert "target.md" in found.prose and "code" not in found.prose


def test_mentions_helpers_use_the_analysis() -> None:
    body = "Putin [met](a.md).\n\n    Lukashenko [in code](b.md)\n\n!!! note\n    Shoigu\n"
    assert list(iter_links(body)) == ["a.md"]
    text = plain_text(body)
    assert "Putin" in text and "Shoigu" in text and "Lukashenko" not in text


def test_analysis_is_cached() -> None:
    body = "Cached [x](y.md)\n"
    assert analyse(body) is analyse(body)


MARKUP = st.sampled_from(
    ["\n", "\n\n", "    ", "\t", "- ", "1. ", "> ", "!!! note", "```", "~~~", "`", "[", "]", "(",
     ")", "![", "](", "<", ">", "<div>", "</div>", "<!--", "-->", '<img src="https://x/">',
     "{: #id }", "{#", "}", "[^1]", "[^1]:", "[r]:", "#", "## ", "===", "---", "*", "_", "\\",
     'id="', "<code>", "</pre>", "&amp;", "Alpha", " ", "é", "\u202e", "\x00"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(MARKUP, st.text(max_size=8)), max_size=60).map("".join))
def test_any_text_is_analysed_without_error(body: str) -> None:
    found = analyse(body)
    assert len(found.text) == len(found.prose) == len(body)
    assert found.text.count("\n") == body.count("\n")
    lines = body.count("\n") + 1
    assert all(1 <= item.line <= lines for item in (*found.links, *found.ids, *found.resources))
