#!/usr/bin/env python3
"""The README's screenshots, taken from the sample site in real Chromium.

    python3 scripts/readme_screenshots.py            # build the sample site, write docs/assets/
    python3 scripts/readme_screenshots.py --site DIR --out DIR

Builds the repository's site strictly into a temporary folder (or takes `--site`, a built
site), opens it from disk (`file://`, no server, no network) in Debian's Chromium through
Playwright, and writes one PNG per page and palette into `--out` (default `docs/assets/`):
`home-light.png`, `home-dark.png`, `briefing-light.png`, `briefing-dark.png`,
`story-timeline-light.png`, `story-timeline-dark.png` (1280x800 CSS pixels, the top of the
page; the story shot starts at its timeline). Prints each file written. Exit status 1 when
a page or an element is missing. Needs the project's venv (`python3 dev.py test -k nothing`
creates it) and Chromium (`CHROMIUM`, default `/usr/bin/chromium`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "2022-06-25-moscow-missiles-belarus"
STORY = "russia-belarus-nuclear-sharing"
VIEWPORT = {"width": 1280, "height": 800}
#: (name, page below the site folder, element to start the shot at or None for the top).
SHOTS = (
    ("home", "index.html", None),
    ("briefing", f"briefings/{SEED}/index.html", None),
    ("story-timeline", f"stories/{STORY}/index.html", "#bf-timeline"),
)
PALETTES = {"light": "default", "dark": "slate"}


def build_site(dest: Path) -> None:
    """`mkdocs build --strict` of the repository into `dest`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(dest)]
    subprocess.run(command, check=True, cwd=ROOT, env=env)


def take(site: Path, out: Path) -> list[Path]:
    """Every shot of `SHOTS` in every palette, written into `out`; returns the files."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
            for name, path, start in SHOTS:
                target = site / path
                if not target.is_file():
                    raise SystemExit(f"readme_screenshots: {path} is missing from {site}")
                for palette, scheme in PALETTES.items():
                    page.goto(target.as_uri())
                    page.evaluate(
                        "scheme => document.body.setAttribute('data-md-color-scheme', scheme)",
                        scheme,
                    )
                    if start:
                        if not page.locator(start).count():
                            raise SystemExit(f"readme_screenshots: no {start} on {path}")
                        page.locator(start).first.evaluate("el => el.scrollIntoView()")
                        page.evaluate("window.scrollBy(0, -80)")  # below the sticky header
                    file = out / f"{name}-{palette}.png"
                    page.screenshot(path=str(file), animations="disabled", caret="hide")
                    written.append(file)
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "assets")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_site(site)
        for file in take(site, args.out):
            print(file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
