"""Remote resources in a body: which attributes make a browser fetch something, and
which URLs name another host."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from urllib.parse import urlsplit

#: Attributes that make a browser fetch something, per tag ("*": any tag).
RESOURCE_ATTRS = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "picture": ("srcset",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "script": ("src",),
    "link": ("href",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "*": ("background",),
}
#: Attributes of any tag whose address a browser follows or fetches, beside `RESOURCE_ATTRS`.
LINK_ATTRS = ("href", "src", "srcset", "poster", "data", "action", "formaction", "xlink:href")
STYLE_URL = re.compile(r"url\(\s*['\"]?([^'\")\s]{1,2048})", re.IGNORECASE)


def is_remote(url: str) -> bool:
    """Whether `url` names another host: a scheme with a host, or protocol-relative `//`."""
    value = url.strip()
    if value.startswith(("//", "\\\\")):
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return bool(parts.scheme and parts.netloc)


def is_local(url: str) -> bool:
    """Whether `url` names a path of this site: no scheme, no host, and a path (an address
    that is only `#fragment` or `?query` names the page itself)."""
    value = url.strip()
    if not value or value.startswith(("#", "?")) or is_remote(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return not parts.scheme and bool(parts.path)


def attribute_urls(tag: str, attrs: Mapping[str, str]) -> Iterator[tuple[str, str, bool]]:
    """(attribute, URL, whether a browser fetches it) for each address in the attributes
    `attrs` of a raw HTML `tag` (lowercase names): `RESOURCE_ATTRS`, then the other
    `LINK_ATTRS`, each `srcset` candidate on its own, then `url(...)` in `style`."""
    fetched = (*RESOURCE_ATTRS.get(tag, ()), *RESOURCE_ATTRS["*"])
    for key in dict.fromkeys((*fetched, *LINK_ATTRS)):
        value = attrs.get(key)
        if not value:
            continue
        if key.endswith("srcset"):
            urls = [u.strip().split()[0] for u in value.split(",") if u.strip()]
        else:
            urls = [value]
        for url in urls:
            yield key, url, key in fetched
    for match in STYLE_URL.finditer(attrs.get("style", "")):
        yield "style", match.group(1), True
