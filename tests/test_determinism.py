"""Reproducible builds: the same content gives byte-identical sites, whatever the hash seed."""

from __future__ import annotations

import datetime as dt
import gzip
import struct
from pathlib import Path

import pytest
from lxml import etree

from briefings.tools.bundle import bundle

from .helpers import build, tree
from .sites import NEWEST_CONTENT, SEED_SLUG, SITE_URL, write_site

pytestmark = pytest.mark.build
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _build_twice(root: Path, env: dict[str, str]) -> tuple[Path, Path]:
    outputs = []
    for seed in ("1", "4242"):
        site = write_site(root / f"seed-{seed}")
        build(site, env={**env, "PYTHONHASHSEED": seed})
        outputs.append(site / "site")
    return outputs[0], outputs[1]


@pytest.mark.parametrize("offline", [False, True], ids=["online", "offline"])
def test_two_builds_are_byte_identical(tmp_path: Path, offline: bool) -> None:
    a_b = _build_twice(tmp_path, {"OFFLINE": "true"} if offline else {})
    first, second = a_b
    a, b = tree(first), tree(second)
    assert sorted(a) == sorted(b)
    assert len(a) > 100
    assert {"sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "feeds/feed.xml"} <= set(a)
    differing = [name for name in sorted(a) if a[name] != b[name]]
    assert differing == []
    if offline:
        zips = [bundle(out, tmp_path / f"{i}.zip", "edition") for i, out in enumerate(a_b)]
        assert zips[0].read_bytes() == zips[1].read_bytes()


def test_sitemap_dates_come_from_content(news_site: Path) -> None:
    sitemap = etree.parse(str(news_site / "sitemap.xml"))
    urls = {
        u.findtext(f"{SITEMAP_NS}loc"): u.findtext(f"{SITEMAP_NS}lastmod")
        for u in sitemap.iter(f"{SITEMAP_NS}url")
    }
    assert urls[f"{SITE_URL}briefings/{SEED_SLUG}/"] == "2022-06-25"
    assert urls[SITE_URL] == NEWEST_CONTENT.isoformat()  # a hand-written page
    assert max(urls.values()) == NEWEST_CONTENT.isoformat()
    raw = (news_site / "sitemap.xml.gz").read_bytes()
    mtime = struct.unpack("<I", raw[4:8])[0]  # the gzip header's timestamp
    newest = dt.datetime.combine(NEWEST_CONTENT, dt.time(), dt.timezone.utc)
    assert mtime == int(newest.timestamp())
    assert gzip.decompress(raw) == (news_site / "sitemap.xml").read_bytes()
