"""Sanitising the HTML of briefing bodies (content from strangers' pull requests)."""

from __future__ import annotations

import nh3

EXTRA_TAGS = {
    "details", "summary", "div", "span", "figure", "figcaption", "mark", "time",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "sup", "sub", "hr", "br", "img", "dl", "dt", "dd", "abbr", "del", "ins", "small",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "cite", "q", "s", "u",
}  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "rel", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "abbr": {"title"},
    "details": {"open"},
}


def sanitize(html: str) -> str:
    """Keep Markdown's and Material's markup; drop scripts, handlers, styles, iframes."""
    return nh3.clean(
        html,
        tags=set(nh3.ALLOWED_TAGS) | EXTRA_TAGS,
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        link_rel=None,
        url_schemes={"http", "https", "mailto"},
    )
