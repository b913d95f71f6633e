"""The quality gates' shared parts: the site they judge, the tools, a local web server.

The gates (tests/test_gate_*.py) run real tools on a real build: axe-core in Chromium, the
Nu HTML Checker (vnu.jar) with Java, LinkChecker, Chromium's layout and its PDF printer.
`python3 dev.py test` installs every tool (`python3 dev.py tools` only those): Debian's
Java, Node.js and npm, then `npm ci` in tests/tools/ (axe-core and vnu-jar, pinned by
the lock file). A missing tool fails the test that needs it with the command to run;
no gate is ever skipped.

The site they judge is NEWS (tests/sites.py) and one briefing written to reach more of
the theme and the sanitiser: a table, code, a quotation, an admonition, links to another
briefing's heading and to a heading of its own page.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page

from .helpers import REPO, build
from .sites import SEED_SLUG, SITE_URL, briefing, write_site

TOOLS = REPO / "tests" / "tools"
NODE_MODULES = TOOLS / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "run `python3 dev.py tools` (it installs what the quality gates need)"

#: The path the site is served under: site_url's (`/briefings/`), as on GitHub Pages.
SITE_PATH = urlsplit(SITE_URL).path

RICH_SLUG = "2022-06-26-rich-body"
RICH = briefing(
    "A briefing with every kind of body block",
    "2022-06-26",
    f"""
    The day after [the missile promise]({SEED_SLUG}.md#background), officials in
    Minsk published a table of the systems discussed; see [the figures](#figures).

    ## Figures

    | System | Kind | Range |
    |---|---|---|
    | Iskander-M | missile | 500 km |
    | S-400 | air defence | 400 km |

    > "We will hand over the systems within months," the Kremlin said.

    !!! note "Reading the figures"
        Ranges are the makers' own figures.

    ```text
    Iskander-M 9K720
    ```

    ### What the table leaves out

    The number of launchers was not given.
    """,
    stories=["russia-belarus-nuclear-sharing"],
    tags=["missiles"],
    places=["minsk"],
    equipment=["iskander-m", "s-400"],
)  # fmt: skip

#: Pages the browser gates open, by what they are (paths below the site's root).
PAGES = {
    "home": "",
    "briefing": f"briefings/{SEED_SLUG}/",
    "story": "stories/russia-belarus-nuclear-sharing/",
    "entity": "people/vladimir-putin/",
    "tag": "tags/missiles/",
    "timeline": "timeline/",
    "corrections": "corrections/",
}


def build_gate_site(root: Path) -> Path:
    """NEWS plus RICH built strictly into `root`; returns the output folder."""
    site = write_site(root, briefings={f"{RICH_SLUG}.md": RICH})
    build(site)
    return site / "site"


# -- tools -----------------------------------------------------------------------------


def axe_source() -> str:
    """The text of axe-core's `axe.min.js` (tests/tools/node_modules)."""
    if not AXE.is_file():
        raise AssertionError(f"axe-core is missing ({AXE.relative_to(REPO)}): {INSTALL}")
    return AXE.read_text(encoding="utf-8")


def vnu_command() -> list[str]:
    """`java -jar vnu.jar`: Debian's Java and the checker from npm's `vnu-jar`."""
    java = shutil.which("java")
    if java is None:
        raise AssertionError(f"Java is missing (Debian: default-jre-headless): {INSTALL}")
    if not VNU.is_file():
        raise AssertionError(f"vnu.jar is missing ({VNU.relative_to(REPO)}): {INSTALL}")
    return [java, "-jar", str(VNU)]


#: LinkChecker's own entry point, but without its switch to user `nobody` when run as
#: root: that user may not read a virtual environment in a private folder (`mktemp -d`,
#: mode 0700), and LinkChecker, loading its plugins after the switch, then checks no
#: anchor at all, silently (seen on a fresh clone in a temporary folder).
LINKCHECKER = (
    "import sys; from linkcheck.command import linkchecker as lc; "
    "lc.drop_privileges = lambda: None; sys.argv[0] = 'linkchecker'; sys.exit(lc.linkchecker())"
)


def linkchecker_command() -> list[str]:
    """LinkChecker from the test extra, run by this Python (`LINKCHECKER`)."""
    try:
        import linkcheck.command.linkchecker  # noqa: F401
    except ImportError:
        raise AssertionError(
            "linkchecker is missing: pip install -e '.[test]' (or dev.py test)"
        ) from None
    return [sys.executable, "-c", LINKCHECKER]


def run_tool(command: list[str], *, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run a gate's tool; its output is kept for the test's message."""
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)


# -- a web server for one folder, under a path -----------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Files of `directory` at `prefix` + their path; anything else is a 404."""

    prefix = "/"

    def send_head(self) -> Any:
        if not unquote(urlsplit(self.path).path).startswith(self.prefix):
            self.send_error(404, "Outside the site's path")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        route = unquote(urlsplit(path).path)
        return super().translate_path("/" + route[len(self.prefix) :])

    def end_headers(self) -> None:
        # LinkChecker waits 0.1-0.6 s between requests to one host unless the host says
        # it expects it (a `LinkChecker` header): this is our own server.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def handle(self) -> None:
        # A client (LinkChecker checking only headers) may hang up early.
        with suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


@contextmanager
def serve(folder: Path, prefix: str = SITE_PATH) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 under `prefix`; yields the base URL (ends with '/')."""
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


# -- the browser -------------------------------------------------------------------------

#: No transitions or animations: colours are read when they are final, not half-way.
STILL = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def set_palette(page: Page, scheme: str) -> None:
    """Switch Material's palette with its own toggle until `data-md-color-scheme` is
    `scheme` (default or slate); fail if the toggle never gets there."""
    for _ in range(4):
        current = page.evaluate("document.body.dataset.mdColorScheme")
        if current == scheme:
            return
        page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    raise AssertionError(f"the palette toggle never switched to {scheme!r}")
