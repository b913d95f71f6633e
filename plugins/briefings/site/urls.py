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
    """`target` relative to the page at `base` (both site-relative URLs, '/'-separated).

    The same result as MkDocs' `get_relative_url`, in plain string work (no file system
    calls): pages link to many others, so this runs often.
    """
    base_parts = [p for p in base.split("/")[:-1] if p not in ("", ".")]
    trailing = target.endswith("/") or target in (".", "./")
    target_parts = [p for p in target.split("/") if p not in ("", ".")]
    common = 0
    for a, b in zip(base_parts, target_parts, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(base_parts) - common) + target_parts[common:]
    if not parts:
        return "./" if trailing else "."
    return "/".join(parts) + ("/" if trailing else "")
