"""Where every generated page lives, and relative links between pages.

Source URIs pretend to be files in the docs tree (`stories/<slug>.md`), so MkDocs resolves
Markdown links to them like links to any page. Sections use `index.md`, so URLs are
`stories/` with directory URLs and `stories/index.html` without.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class Urls:
    directory_urls: bool = True
    briefings_dir: str = "briefings"

    # -- source URIs -------------------------------------------------------------------
    @staticmethod
    def section_src(section: str) -> str:
        return f"{section}/index.md"

    @staticmethod
    def item_src(section: str, slug: str) -> str:
        return f"{section}/{slug}.md"

    # -- destinations ------------------------------------------------------------------
    def dest(self, src_uri: str) -> str:
        """The output path of a page, as MkDocs computes it."""
        parent, name = posixpath.split(src_uri)
        stem = posixpath.splitext(name)[0]
        if not self.directory_urls or stem == "index":
            return posixpath.join(parent, stem + ".html")
        return posixpath.join(parent, stem, "index.html")

    def briefing_dest(self, slug: str) -> str:
        return self.dest(self.item_src("briefings", slug))

    def url(self, dest: str) -> str:
        """The page URL for an output path (`a/index.html` -> `a/` with directory URLs)."""
        if self.directory_urls and posixpath.basename(dest) == "index.html":
            return posixpath.dirname(dest) + "/" if posixpath.dirname(dest) else "./"
        return dest


def relative_url(target: str, base: str) -> str:
    """`target` relative to the page at `base` (both site-relative URLs)."""
    base_dir = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
    base_dir = base_dir if base_dir != "./" else ""
    if target in ("./", ""):
        target_path, trailing = ".", True
    else:
        target_path, trailing = target, target.endswith("/")
    rel = posixpath.relpath(target_path, base_dir.rstrip("/") or ".")
    if trailing and rel != ".":
        rel += "/"
    elif rel == "." and trailing:
        rel = "./"
    return rel
