"""What `briefings check PATH ...` checks, and what it says of a file a body links that the
site will not have.

A path inside the content folder, a file or folder of docs/, or a folder holding either
(the repository's top) limits the report to the problems of the files below it. A `.md`
file outside them (written by `import --out`) is checked as if it were in the content
folder; so is every `.md` file below a folder outside them (names starting with `_` or
`.` skipped, as in the content folder). Any other path names nothing to check: an error.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from briefings.content.body import BodySource
from briefings.content.files import FileProblem, allowed_types, is_allowed_asset, read_text
from briefings.content.loader import ContentFile
from briefings.content.located_yaml import Located
from briefings.model.problems import Problem
from briefings.model.settings import Settings
from briefings.site.pages import MARKDOWN_SUFFIXES


class NothingToCheck(ValueError):
    """A path given to `check` names no briefing, no folder of briefings and no file of
    the site."""


def outside_briefings(
    settings: Settings, docs: Iterable[Path], paths: Sequence[Path]
) -> list[Path]:
    """The `.md` files that `paths` (resolved) name outside the content folder and docs/,
    to load as if they were in the content folder, in order. `docs`: the paths of the
    files MkDocs collects from docs_dir. Raises `NothingToCheck` for a path that names
    nothing to check."""
    source = settings.source_dir.resolve()
    docs_paths = {_located(p) for p in docs}
    found: list[Path] = []
    for path in paths:
        if _of_site(path, source, docs_paths):
            continue
        if path.is_file() or path.is_symlink():
            if path.suffix != ".md":
                raise NothingToCheck(
                    f"{path}: nothing to check: not a briefing (.md), and not a file of "
                    f"{settings.briefings_dir.strip('/')}/ or docs/"
                )
            found.append(path)
            continue
        inside = list(_briefings_below(path))
        if not inside:
            raise NothingToCheck(f"{path}: nothing to check: no briefing (.md file) in this folder")
        found += inside
    return list(dict.fromkeys(found))


def _located(path: Path) -> Path:
    """`path` with its folders resolved but not a link at its end (`check.located`)."""
    absolute = path.absolute()
    return absolute.parent.resolve() / absolute.name if absolute.name else absolute.resolve()


def _of_site(path: Path, source: Path, docs: set[Path]) -> bool:
    """Inside the content folder, a docs file, or a folder holding one of them."""
    if path == source or source in path.parents or path in source.parents or path in docs:
        return True
    return path.is_dir() and any(path in d.parents for d in docs)


def _briefings_below(folder: Path) -> Iterable[Path]:
    for here, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for name in sorted(names):
            if name.endswith(".md") and not name.startswith(("_", ".")):
                yield Path(here) / name


def uncopied_message(url: str, on_disk: Path, settings: Settings, outside: bool) -> str:
    """Why the file at `on_disk`, which a body links as `url`, is not in the site, and what
    to do, as the file policy says (`content.files`). `outside`: the briefing itself is
    outside the content folder (checked as if it were in it)."""
    folder = settings.briefings_dir.strip("/") + "/"
    if outside:
        return (f"'{url}' exists beside this file, which is outside {folder}: it is checked "
                f"as if it were in {folder}, where there is no '{url}'; move the file into "
                f"{folder} with it, keeping its place beside the briefing")  # fmt: skip
    name = on_disk.name
    try:
        parts = on_disk.resolve().relative_to(settings.source_dir.resolve()).parts
    except (OSError, ValueError):
        return (f"'{url}' is outside {folder}, so it is not copied into the site; put it "
                f"beside the briefing in {folder}")  # fmt: skip
    if any(part.startswith(("_", ".")) for part in parts):
        return (f"'{url}' is not copied into the site: names starting with '_' or '.' in "
                f"{folder} are skipped (notes, drafts, tool files); rename it, so the link "
                "works")  # fmt: skip
    if not is_allowed_asset(name):
        kind = posixpath.splitext(name)[1].lower() or "files without a suffix"
        return (f"'{url}' is not copied into the site: {kind} files are not copied from "
                f"{folder} nor from docs/, which copy only these types: {allowed_types()}; "
                "convert it (an SVG to PNG, JSON to CSV), or link to it on another "
                "site")  # fmt: skip
    return (f"'{url}' exists beside the briefing but is refused, so it is not copied into "
            "the site (see the error reported at that file)")  # fmt: skip


def docs_pages(
    docs: Mapping[str, Path], excluded: Iterable[str], settings: Settings
) -> Iterator[tuple[str, ContentFile | Problem]]:
    """The Markdown pages of docs/ that the build renders, as (source URI, page), by URI
    (`docs`: URI -> path, as MkDocs collects them); a page is a `ContentFile` whose body is
    the page without its front matter: `check` validates their links as MkDocs does.
    A page that cannot be read (not UTF-8, say) is a `Problem` instead."""
    left_out = set(excluded)
    for uri, path in sorted(docs.items()):
        if not uri.lower().endswith(MARKDOWN_SUFFIXES) or uri in left_out:
            continue
        try:
            text = read_text(path)
        except FileProblem as exc:  # the build stops on it too (MkDocs cannot read it)
            yield uri, exc.problem(settings.relative(path))
            continue
        body = strip_meta(text)
        first = text.count("\n", 0, len(text) - len(body)) + 1
        yield uri, ContentFile(settings.relative(path), "", uri, Located(data=None),
                               BodySource(body, first), False, None)  # fmt: skip


def strip_meta(text: str) -> str:
    """A docs page without its YAML front matter (MkDocs' `meta.get_data`)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text
