"""Real Chromium for browser tests (Debian's package; never a downloaded browser)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, sync_playwright

from .helpers import require_mark

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def chromium_path() -> str:
    """The Chromium binary; a missing browser fails the test (CI installs it)."""
    path = CHROMIUM if shutil.which(CHROMIUM) else shutil.which("chromium")
    if not path:
        raise AssertionError("Chromium is missing: install Debian's chromium (see .ci/run)")
    return path


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, launched headless; only in a test marked `browser`."""
    require_mark("browser", "launches Chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
