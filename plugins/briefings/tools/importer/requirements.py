"""The packages `import --html` needs, checked before use so a missing one gives one line.

`lxml_html_clean` is listed on its own because pip 23.x (the one Python 3.11 ships)
does not install the `lxml[html_clean]` extra that trafilatura's dependencies ask for,
and `lxml.html.clean` then fails on import with a multi-line ImportError.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

#: module -> the distribution that provides it.
HTML_PACKAGES = {"lxml": "lxml", "lxml_html_clean": "lxml_html_clean", "trafilatura": "trafilatura"}


class MissingDependency(ImportError):
    """A package a feature needs is not installed; the message says how to install it."""


def require_html() -> None:
    """Raise MissingDependency unless every package `import --html` needs is installed."""
    missing = [dist for module, dist in HTML_PACKAGES.items() if not _installed(module)]
    if missing:
        raise MissingDependency(
            f"reading HTML pages needs {', '.join(missing)}, which is not installed "
            f"(pip install {' '.join(missing)}, or reinstall briefings)"
        )


def html_extractor() -> ModuleType:
    """The `trafilatura` module (imported on first use: it is slow to import)."""
    require_html()
    try:
        import trafilatura
    except ImportError as exc:  # a broken install: name the module, in one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise MissingDependency(f"trafilatura cannot be imported: {first}") from None
    return trafilatura


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False
