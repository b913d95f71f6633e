"""Remote resources in a body: which attributes make a browser fetch something, and
which URLs name another host."""

from __future__ import annotations

import re
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
