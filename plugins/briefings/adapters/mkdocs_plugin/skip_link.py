"""Material's "Skip to content" link, pointed at the start of every page's content.

Material writes the link only on a page with a table of contents, and points it at the
first entry of that table. On a briefing that entry is the first heading of the body,
past the kicker, headline, summary and key points; a generated page without headings in
its body (a story, an entity, the timeline) had no link at all.

Here every page gets a target at the start of its content, and its table of contents a
level-1 entry for that target holding the page's own entries: Material's link then
points at the target, and its tables of contents, which list the children of a level-1
first entry, show the same entries as before. A page whose content already opens with
the `<h1>` its table begins with is left as it is (Material's link goes there already).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from mkdocs.structure.toc import AnchorLink, TableOfContents

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

#: The target's id. Content can never make an id starting with "__" (Material's prefix,
#: refused by `briefings.site.sanitize.safe_id`), so it is unique on every page.
TARGET = "__bf-content"


def point_skip_link(content: str, page: Page, site_name: str) -> str:
    """`content` (a page's HTML, as `on_page_content` returns it) with the skip link's
    target at its start, and `page.toc` given the level-1 entry for it.

    Content with no `<h1>` gets its title as one, carrying the target: Material would
    print that heading before the content, where the target could not precede it.
    """
    entries = list(page.toc)
    first = entries[0] if entries else None
    if first is not None and first.level == 1 and _opens_with_heading(content, first.id):
        return content
    title = page.title or site_name
    if "<h1" in content:
        start = f'<span id="{TARGET}"></span>\n'
    else:
        start = f'<h1 id="{TARGET}">{html.escape(title)}</h1>\n'
    root = AnchorLink(html.escape(title, quote=False), TARGET, 1)
    root.children = entries
    page.toc = TableOfContents([root])
    return start + content


def _opens_with_heading(content: str, heading_id: str) -> bool:
    match = re.match(r"\s*<h1\b[^>]*\bid=\"([^\"]*)\"", content)
    return match is not None and html.unescape(match.group(1)) == heading_id
