"""The site's own pages kept apart from the reader's: linked from the footer, out of search.

A briefing site's readers come for briefings; its software documentation (how to write,
configure, contribute) is for curators and maintainers. The plugin option `footer_links`
lists such pages (`- Title: page.md`, like MkDocs' `nav`): every page links them from a
band above Material's footer (`overrides/briefings-footer.html`), and they are left out
of the search index, as `search: exclude: true` in their front matter would (front matter
saying `search: exclude: false` keeps a page in). Leave them out of `nav` so they leave
the reader's navigation too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from briefings.site.urls import relative_url

if TYPE_CHECKING:
    from mkdocs.structure.files import File, Files


@dataclass(frozen=True)
class FooterLink:
    """One footer link: its `title` and the docs-tree path of its page (`src_uri`)."""

    title: str
    src_uri: str


def parse_links(value: Sequence[Any]) -> list[FooterLink]:
    """The option's items (`{title: path}` or a bare `path`) as links; raises ValueError
    naming the item that is neither."""
    found = []
    for item in value:
        if isinstance(item, str):
            found.append(FooterLink("", item))
        elif isinstance(item, Mapping) and len(item) == 1:
            ((title, path),) = item.items()
            if not isinstance(title, str) or not isinstance(path, str):
                raise ValueError(f"expected 'Title: page.md', not {item!r}")
            found.append(FooterLink(title, path))
        else:
            raise ValueError(f"expected 'Title: page.md' or 'page.md', not {item!r}")
    return found


class Footer:
    """The footer links of one build: resolved against the site's files in `resolve`
    (`on_files`), then printed per page through `template_global`. `site_url` makes the
    links of pages served at any address (404.html) absolute."""

    def __init__(self, links: Sequence[FooterLink] = (), site_url: str = "",
                 online_directory_urls: bool = True) -> None:  # fmt: skip
        self.links = list(links)
        # absolute links name the online site's addresses, also in the offline edition
        self.online_directory_urls = online_directory_urls
        self.site_url = site_url if not site_url or site_url.endswith("/") else site_url + "/"
        self._resolved: list[tuple[str, File]] = []
        self.sources: set[str] = set()

    def resolve(self, files: Files) -> list[str]:
        """Find each link's page among `files`; returns a warning for each that is
        missing (the link is then left out)."""
        warnings = []
        self._resolved, self.sources = [], set()
        for link in self.links:
            file = files.get_file_from_path(link.src_uri)
            if file is None or not file.is_documentation_page():
                warnings.append(f"footer_links: '{link.src_uri}' is not a page of docs_dir")
                continue
            self._resolved.append((link.title, file))
            self.sources.add(file.src_uri)
        return warnings

    def exclude_from_search(self, page: Page) -> None:
        """Leave a footer page out of search unless its front matter says otherwise."""
        if page.file.src_uri in self.sources and "search" not in page.meta:
            page.meta["search"] = {"exclude": True}

    def addresses(self) -> list[str]:
        """The site-relative address of each resolved link's page (after `resolve`)."""
        return [file.url for _, file in self._resolved]

    def template_global(self) -> Callable[[object], list[dict[str, str]]]:
        """`briefings_footer_links(page)`: `[{title, href}]`, each `href` relative to
        `page` (absolute, or root-relative without `site_url`, on pages that are not a
        `Page`, such as 404.html); a title left out is the page's own."""

        def links(page: object) -> list[dict[str, str]]:
            found = []
            for title, file in self._resolved:
                if isinstance(page, Page):
                    href = relative_url(file.url or "./", page.url)
                else:
                    online = File(file.src_uri, "", "", self.online_directory_urls)
                    href = (self.site_url or "/") + online.url
                name = title or (str(file.page.title) if file.page and file.page.title else "")
                found.append({"title": name or file.src_uri, "href": href})
            return found

        return links
