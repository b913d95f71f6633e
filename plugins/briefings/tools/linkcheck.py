"""Internal link check of a built site: every relative href/src must name a file in it."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK_ATTRS = frozenset({"href", "src"})


@dataclass(frozen=True, order=True)
class BrokenLink:
    """A link of a built page whose target is no file or anchor of the site."""

    page: str  # relative to the site folder, '/'-separated
    link: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links.extend(v for k, v in attrs if k in _LINK_ATTRS and v)


def page_links(html: str) -> list[str]:
    """The `href` and `src` values of a page's HTML, in document order."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.links


def _is_internal(link: str) -> bool:
    parts = urlsplit(link.strip())
    return not parts.scheme and not parts.netloc and bool(parts.path)


def _target(page: str, link: str, base_path: str) -> str | None:
    """The site-relative file a link names, or None when it leaves the site."""
    path = unquote(urlsplit(link.strip()).path)
    if path.startswith("/"):
        given = unquote(base_path).strip("/")  # compared decoded, as the link's path is
        base = "/" + given + "/" if given else "/"
        if not path.startswith(base) and path + "/" != base:
            return None
        resolved = posixpath.normpath(path[len(base) :] or ".")
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if resolved.startswith("../") or resolved == "..":
        return None
    return resolved + ("/" if path.endswith("/") else "")


def _exists(site: Path, target: str) -> bool:
    file = site / target
    if target.endswith("/") or file.is_dir():
        return (file / "index.html").is_file()
    return file.is_file()


def check_site(site: Path, base_path: str = "/") -> Iterator[BrokenLink]:
    """Broken internal links of every HTML page below `site`, page by page."""
    for file in sorted(site.rglob("*.html")):
        page = file.relative_to(site).as_posix()
        seen: set[str] = set()
        for link in page_links(file.read_text(encoding="utf-8", errors="replace")):
            if link in seen or not _is_internal(link):
                continue
            seen.add(link)
            target = _target(page, link, base_path)
            if target is None or not _exists(site, target):
                yield BrokenLink(page, link)
