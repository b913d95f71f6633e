"""Edit links of briefings keep the branch: built from `edit_uri` as MkDocs builds them.

With `edit_uri: edit/main/` a briefing's link was `.../edit/briefings/x.md` (the `../` out
of docs_dir climbed over the branch). Both usual spellings now give the file's real place.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import build, edit_config, parse
from .sites import SEED_SLUG, write_site

REPO_URL = "https://github.com/example/briefings"


@pytest.mark.build
@pytest.mark.parametrize("edit_uri", ["edit/main/docs/", "edit/main/", "blob/main/docs"])
def test_briefing_edit_links_name_the_file_on_its_branch(tmp_path: Path, edit_uri: str) -> None:
    site = write_site(tmp_path / "site")
    edit_config(site, repo_url=REPO_URL, edit_uri=edit_uri)
    config = site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "    - navigation.tabs\n", "    - navigation.tabs\n    - content.action.edit\n"
        )
    )
    build(site)
    page = parse(site / "site" / "briefings" / SEED_SLUG / "index.html")
    links = page.xpath("//a[contains(@class, 'md-content__button')][@rel='edit']/@href")
    branch = edit_uri.split("/")[0]
    names = sorted(p.name for p in (site / "briefings").glob("*.md"))
    expected = {f"{REPO_URL}/{branch}/main/briefings/{name}" for name in names}
    assert links and set(links) <= expected, links
    docs = parse(site / "site" / "index.html").xpath(
        "//a[contains(@class, 'md-content__button')][@rel='edit']/@href"
    )
    if edit_uri.rstrip("/").endswith("docs"):
        assert docs == [f"{REPO_URL}/{branch}/main/docs/index.md"]
