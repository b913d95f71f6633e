"""The built site's scripts carry the URL table's paths (placeholders filled by the
adapter), and the files they name are where the table says."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.site.urls import FileKind, UrlTable


@pytest.mark.build
def test_the_built_scripts_carry_the_tables_paths(news_site: Path) -> None:
    facade = news_site / UrlTable.asset("javascripts/iframe-worker-facade.js")
    text = facade.read_text(encoding="utf-8")
    assert "__BRIEFINGS_" not in text
    assert f'var MANIFEST = "{UrlTable.file(FileKind.SEARCH_MANIFEST)}";' in text
    assert 'var WORKER_TO_ROOT = "../../../";' in text
    assert (news_site / UrlTable.file(FileKind.SEARCH_MANIFEST)).is_file()
