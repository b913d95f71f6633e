#!/usr/bin/env python3
"""Screenshots of the built site for the README: a briefing, a story's timeline and the
home page, each in the light and the dark palette.

    python scripts/screenshots.py [--config mkdocs.yml] [--out docs/assets/screenshots]

The site is built strictly with MkDocs (`<python> -m mkdocs build`) into a temporary
folder, served on 127.0.0.1 under site_url's path (as on GitHub Pages), and opened in
Debian's headless Chromium (`--chromium`, default /usr/bin/chromium) through Playwright.
The palette is switched with Material's own toggle. Each screenshot is one screen
(`--width` x `--height` CSS pixels, PNG): `<name>-light.png` and `<name>-dark.png`.

The briefing is `--briefing` (its path below the site's root), the story is that
briefing's own (the link before its headline), the home page the site's root. Prints
one JSON line per file written: {"file", "url", "scheme", "width", "height"}.
Exits 1 with a message when the build fails or a page lacks what is shot.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SCHEMES = {"light": "default", "dark": "slate"}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]  # fmt: skip
#: Material's header covers the top of the page after scrolling (its tabs scroll away).
HEADER_ROOM = 64


class ScreenshotError(Exception):
    """The site could not be built or shot; the message says why."""


def build(config: Path, out: Path) -> None:
    """`mkdocs build --strict` of `config` into `out`."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([*command, "-d", str(out)], capture_output=True, text=True,
                            env=env, cwd=config.parent)  # fmt: skip
    if result.returncode != 0:
        raise ScreenshotError(f"the build failed:\n{result.stdout}\n{result.stderr}")


def site_path(config: Path) -> str:
    """The path of `site_url` (`/briefings/`), where the site is served; `/` without one."""
    # MkDocs' own YAML tags (!ENV, !relative) are read as plain values here.
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda *_: None)
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=loader) or {}
    path = urlsplit(str(data.get("site_url") or "/")).path or "/"
    return path if path.endswith("/") else path + "/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def send_head(self) -> Any:
        if not unquote(urlsplit(self.path).path).startswith(self.prefix):
            self.send_error(404, "Outside the site's path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        route = unquote(urlsplit(path).path)
        return super().translate_path("/" + route[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        with suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


@contextmanager
def serve(folder: Path, prefix: str) -> Iterator[str]:
    """`folder` on 127.0.0.1 under `prefix`; yields the base URL."""
    handler = type("Handler", (_Handler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def set_palette(page: Page, scheme: str) -> None:
    """Click Material's palette toggle until the page's scheme is `scheme`."""
    for _ in range(4):
        if page.evaluate("document.body.dataset.mdColorScheme") == scheme:
            return
        toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
        if not toggle.count():
            raise ScreenshotError(f"{page.url}: no palette toggle (theme.palette in mkdocs.yml)")
        toggle.first.click()
    raise ScreenshotError(f"{page.url}: the palette toggle never switched to {scheme}")


def scroll_to(page: Page, selector: str) -> None:
    """Scroll so the first `selector` is just below Material's header."""
    if not page.locator(selector).count():
        raise ScreenshotError(f"{page.url}: nothing matches {selector!r}")
    page.evaluate(
        "([s, room]) => { const e = document.querySelector(s);"
        " window.scrollTo(0, e.getBoundingClientRect().top + scrollY - room); }",
        [selector, HEADER_ROOM],
    )


def shoot(base: str, out: Path, briefing: str, width: int, height: int,
          chromium: str) -> list[dict[str, Any]]:  # fmt: skip
    """Take the six screenshots into `out`; returns what was written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[dict[str, Any]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + briefing)
            kicker = page.locator(".bf-kicker a")
            if not kicker.count():
                raise ScreenshotError(f"{page.url}: the briefing has no story (.bf-kicker)")
            story = urljoin(page.url, kicker.first.get_attribute("href") or "")
            shots = [("briefing", base + briefing, None),
                     ("story-timeline", story, "#bf-timeline"),
                     ("home", base, None)]  # fmt: skip
            for name, url, selector in shots:
                for label, scheme in SCHEMES.items():
                    page.goto(url)
                    set_palette(page, scheme)
                    page.add_style_tag(content="*, *::before, *::after { transition: none"
                                       " !important; animation: none !important; }")  # fmt: skip
                    if selector:
                        scroll_to(page, selector)
                    target = out / f"{name}-{label}.png"
                    page.screenshot(path=str(target))
                    shown = page.evaluate("document.body.dataset.mdColorScheme")
                    written.append({"file": target.name, "url": url, "scheme": shown,
                                    "width": width, "height": height})  # fmt: skip
            page.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "assets" / "screenshots")
    parser.add_argument("--briefing", default="briefings/2022-06-25-moscow-missiles-belarus/")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    config = args.config.resolve()
    try:
        with tempfile.TemporaryDirectory(prefix="briefings-screenshots-") as tmp:
            build(config, Path(tmp) / "site")
            with serve(Path(tmp) / "site", site_path(config)) as base:
                written = shoot(base, args.out, args.briefing.lstrip("/"), args.width,
                                args.height, args.chromium)  # fmt: skip
    except ScreenshotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for record in written:
        print(json.dumps(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())
