"""One analysis of a briefing body: what the build, the graph and `check` need from it.

A line scanner that reads Markdown as the site's Python-Markdown does (the extensions of
the sample `mkdocs.yml`: toc, admonition, attr_list, footnotes, tables, pymdownx.superfences)
without rendering it, in time linear in the body's length. `tests/test_body.py` compares it
with Python-Markdown's own output on a table of cases.

Code is one rule, used for everything below: fenced blocks (backticks or tildes, also nested
in admonitions, lists, footnotes and block quotes), indented code blocks (four spaces beyond
the enclosing block's content; text indented inside admonitions and lists is *not* code),
inline code spans, and raw HTML `<pre>`, `<code>`, `<script>`, `<style>` elements.

What an analysis holds (`BodyAnalysis`), all outside code:
- `links`: targets of Markdown links and images (inline, reference-style, autolinks), with
  their line: what MkDocs rewrites and validates;
- `ids`: element ids of the rendered body: headings (toc's slugs, made unique as toc does),
  attr_list ids, raw HTML `id`/`<a name>`, footnote ids;
- `resources`: what a reader's browser would fetch from a remote host (`<img src="https://…">`,
  `![](https://…)`, iframes, media, scripts, styles, `srcset`, protocol-relative `//host/…`);
- `raw_links`: local addresses in raw HTML attributes (`<a href="x.md">`, `<img src="p.png">`),
  which MkDocs neither checks nor rewrites;
- `text`: the body with code, link targets, images, tags, comments and attribute lists
  blanked (same length and lines as the body), for entity mentions;
- `prose`: the body with only code blanked, for bare addresses.

Limits: a link target or title longer than `MAX_TARGET` characters is not read as one (such
a link is left as text), and raw HTML tags longer than `MAX_TAG` are not read as tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from briefings.content.body.blanks import Blanks
from briefings.content.body.blocks import Scanner
from briefings.content.body.inline import heading_text
from briefings.content.body.model import (
    MAX_TAG,
    MAX_TARGET,
    BodyAnalysis,
    BodyId,
    BodyLink,
    BodyResource,
    RawLink,
)
from briefings.content.body.resources import RESOURCE_ATTRS, is_remote


@dataclass(frozen=True)
class BodySource:
    """A briefing body as read from its file: `text` starts on file line `first_line`.

    `known`: its analysis when it came from the build cache (never compared or shown).
    """

    text: str
    first_line: int
    known: BodyAnalysis | None = field(default=None, compare=False, repr=False)

    @property
    def analysis(self) -> BodyAnalysis:
        """The body's analysis (computed once per process, or taken from the cache)."""
        return self.known if self.known is not None else analyse(self.text)

    def file_line(self, body_line: int) -> int:
        """The file line of 1-based body line `body_line`."""
        return self.first_line + body_line - 1


@lru_cache(maxsize=20_000)
def analyse(body: str) -> BodyAnalysis:
    """The analysis of `body` (Markdown text). Cached: each body is analysed once per process."""
    return Scanner(body).run()


def explicit_ids(text: str, first_line: int = 0) -> list[tuple[BodyId, int]]:
    """The ids written in a page's Markdown, each with its file line: `text` is a whole
    file (its front matter, if any, skipped) or, with `first_line`, a body that starts on
    that file line."""
    from briefings.content.files import FileProblem, split_front_matter

    body = text
    if not first_line:
        try:
            split = split_front_matter(text)
            body, first_line = split.body, split.body_line
        except FileProblem:
            first_line = 1
    return [(i, first_line + i.line - 1) for i in analyse(body).ids if i.explicit]


def compact(analysis: BodyAnalysis) -> BodyAnalysis:
    """`analysis` without its two texts (they are the body with ranges blanked): what the
    build cache stores. `expand` makes it whole again."""
    return replace(analysis, text="", prose="")


def expand(analysis: BodyAnalysis, body: str) -> BodyAnalysis:
    """A `compact` analysis of `body` made whole: equal to `analyse(body)`."""
    return replace(
        analysis,
        text=_blank(body, analysis.text_blanks),
        prose=_blank(body, analysis.prose_blanks),
    )


__all__ = [
    "MAX_TAG",
    "MAX_TARGET",
    "RESOURCE_ATTRS",
    "BodyAnalysis",
    "BodyId",
    "BodyLink",
    "BodyResource",
    "BodySource",
    "RawLink",
    "analyse",
    "compact",
    "expand",
    "explicit_ids",
    "heading_text",
    "is_remote",
]


def _blank(body: str, ranges: tuple[tuple[int, int], ...]) -> str:
    """`body` with `ranges` blanked (as the scanner's `Blanks.render` does)."""
    blanks = Blanks()
    blanks.ranges = list(ranges)
    return blanks.render(body)
