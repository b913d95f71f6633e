"""Link previews resolve every link as the page's address makes it (site/previews.py):
the memo of links that climb to the site's root answers what the full resolution does,
for pages of any folder and links of any shape, and the links are found as the regular
expression `\\shref=...` finds them."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from briefings.site import previews

pytestmark = pytest.mark.core

FOLDERS = ["", "briefings", "briefings/a-b", "people/jane/page/2", "x y", "tags/%41"]
TAILS = ["", "tags/x/", "tags/x/index.html", "index.html", "../x/", "%2e%2e/x", "a/../b/",
         "stories/c.html#part", "?q=1", "#top", "https://example.org/", "//example.org/x",
         "x%20y/", "./"]  # fmt: skip


def test_the_memo_gives_what_the_full_resolution_gives() -> None:
    seen = 0
    for folder, tail in itertools.product(FOLDERS, TAILS):
        for ups in range(5):
            href = "../" * ups + tail
            assert previews._resolve(href, folder) == previews._resolved(href, folder), (
                href, folder)  # fmt: skip
            seen += 1
    assert previews._from_root.cache_info().hits > 0  # the memo answered some
    assert seen == len(FOLDERS) * len(TAILS) * 5


def test_links_resolve_as_addresses_do() -> None:
    assert previews._resolve("../../tags/x/", "briefings/a") == "tags/x"
    assert previews._resolve("../../", "briefings/a") == ""
    assert previews._resolve("../../../x/", "briefings/a") is None  # above the site
    assert previews._resolve("../%2e%2e/x/", "briefings/a") == "x"
    assert previews._resolve("../b/", "briefings/a") == "briefings/b"


# The scan the faster one replaced: a match must follow white space, which it takes.
WHITE_SPACE_HREF = re.compile(r"""\shref=(?:"([^"]*)"|'([^']*)')""")


@given(st.lists(st.sampled_from(['href=', 'href="', "href='", '"', "'", " ", "\n", "\u00a0",
                                  "x", ":", "=", "h"]), max_size=40).map("".join))  # fmt: skip
@example(" href=\"a\" href='b'")
@example("xhref=\" href='u'\"")  # a value read from a match after a non-space
@example('xlink:href="#a" href="#b"')
@example(' href="a"href="b"  href="c"')
def test_links_are_found_as_the_white_space_scan_finds_them(page: str) -> None:
    expected = [m.group(1) or m.group(2) or "" for m in WHITE_SPACE_HREF.finditer(page)]
    assert list(previews._hrefs(page)) == expected
