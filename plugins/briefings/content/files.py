"""Content files: which may be read or copied, and reading one (bytes -> front matter + body).

Content comes from pull requests, so a file is read or copied only if it is a regular file
inside the repository (a symbolic link may point to one, e.g. `docs/index.md ->
../README.md`), is no larger than the size limit, and, when it is copied into the site as
it is, has a type on the allow-list: raster images, PDF, audio, video and plain text. HTML,
SVG, JavaScript and anything else a browser could run on the site's origin are refused.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pathspec
from frontmatter.default_handlers import YAMLHandler

from briefings.model.problems import BIDI_CONTROLS, Problem

_HANDLER = YAMLHandler()

#: Default of the plugin option `max_file_size`: bytes per file under the briefings folder.
DEFAULT_MAX_FILE_BYTES = 2_000_000
#: File types copied into the site as they are from content folders, by lowercase suffix.
ASSET_SUFFIXES = frozenset(
    {
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico",  # raster images
        ".pdf", ".txt", ".csv",  # documents
        ".mp3", ".m4a", ".oga", ".ogg", ".wav", ".mp4", ".m4v", ".ogv", ".webm",  # media
        ".vtt",  # captions for media
    }
)  # fmt: skip
#: Files without a suffix copied as they are (GitHub Pages' custom-domain file).
ASSET_NAMES = frozenset({"CNAME"})
#: The registries, read from the top of the briefings folder.
REGISTRY_NAMES = frozenset({"stories.yml", "entities.yml"})


# Characters a file name may not hold: they would reach logs and terminals (newline, ESC,
# ...), or reorder the name around them (bidirectional controls).
_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + "".join(sorted(BIDI_CONTROLS)) + "]")


def name_problem(name: str) -> str | None:
    """Why a file or folder called `name` is refused, or None (control and bidi characters)."""
    match = _UNSAFE_NAME.search(name)
    if match is None:
        return None
    return (
        f"the name holds the invisible character U+{ord(match.group()):04X} (a newline, "
        "a control or a bidirectional control); rename it"
    )


def is_allowed_asset(name: str) -> bool:
    """Whether a file called `name` may be copied into the site as it is."""
    return name in ASSET_NAMES or os.path.splitext(name)[1].lower() in ASSET_SUFFIXES


def allowed_types() -> str:
    """The allow-list for messages: `.avif, .csv, ... and CNAME`."""
    return ", ".join(sorted(ASSET_SUFFIXES)) + ", CNAME"


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every link resolved, is `root` or below it."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def path_problem(path: Path, root: Path | None) -> str | None:
    """Why the file at `path` must not be read or copied, or None when it may be.

    Allowed: a regular file inside `root`, or a symbolic link resolving to one. With `root`
    None no link is followed. Nothing is opened: only `lstat`/`stat` are called.
    """
    try:
        info = path.lstat()
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISLNK(info.st_mode):
        if root is None:
            return "is a symbolic link; links are not followed here, commit the file itself"
        if not is_inside(path, root):
            return (
                "is a symbolic link to a path outside the repository; links are followed "
                "only to files inside it: commit the file itself"
            )
        try:
            info = path.stat()
        except OSError:
            return "is a symbolic link to nothing (its target does not exist)"
        if not stat.S_ISREG(info.st_mode):
            return (
                "is a symbolic link to something that is not a regular file (a folder, a "
                "device, ...); links are followed only to files"
            )
        return unpublished_target(path, root)
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a device, a pipe, ...)"
    if root is not None:
        return _folder_problem(path, root)
    return None


def unpublished_target(link: Path, root: Path) -> str | None:
    """Why the file a link inside `root` resolves to must not be published through it.

    A link publishes its target under the link's name, so the target must be a file the
    repository shows anyway: not below a name starting with `.` (`.git/config`, `.env`,
    `.github/`), not ignored by git (`.gitignore` files from `root` down to the target), and
    of the link's own type (a link cannot turn `mkdocs.yml` into `notes.txt`).
    """
    target = link.resolve()
    try:
        parts = target.relative_to(root.resolve()).parts
    except ValueError:
        return "is a symbolic link to a path outside the repository"
    if any(part.startswith(".") for part in parts):
        return (
            f"is a symbolic link to {'/'.join(parts)}, below a hidden name ('.git', '.env', "
            "...); links are followed only to files the repository publishes"
        )
    if os.path.splitext(target.name)[1].lower() != os.path.splitext(link.name)[1].lower():
        return (
            f"is a symbolic link to {'/'.join(parts)}, a file of another type; a link must "
            "have its target's suffix"
        )
    if _git_ignored(root.resolve(), parts):
        return (
            f"is a symbolic link to {'/'.join(parts)}, which git ignores "
            "(.gitignore or .git/info/exclude); "
            "links are followed only to files the repository publishes"
        )
    return None


def _ignores(rules: Path, parts: tuple[str, ...]) -> bool:
    """Whether the git ignore file `rules`, read from the top of the repository, ignores
    the path `parts` or a folder on its way."""
    try:
        lines = rules.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    spec = pathspec.GitIgnoreSpec.from_lines(lines)
    ways = ["/".join(parts[:end]) + "/" for end in range(1, len(parts))]
    return spec.match_file("/".join(parts)) or any(spec.match_file(w) for w in ways)


def _git_ignored(root: Path, parts: tuple[str, ...]) -> bool:
    """Whether git ignores `parts` (a path below `root`): asked of git itself when `root`
    is a clone and git is installed (every rule: `.gitignore` files, `.git/info/exclude`,
    the user's `core.excludesFile`), else read from `.gitignore` files and the exclude
    file."""
    git = shutil.which("git")
    if git and (root / ".git").exists():
        try:
            asked = subprocess.run(
                [git, "-C", str(root), "check-ignore", "-q", "--no-index", "--", "/".join(parts)],
                capture_output=True, timeout=30, check=False,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            asked = None
        if asked is not None and asked.returncode in (0, 1):
            return asked.returncode == 0
    exclude = root / ".git" / "info" / "exclude"  # the clone's own ignore rules
    if exclude.is_file() and not exclude.is_symlink() and _ignores(exclude, parts):
        return True
    folder = root
    for depth in range(len(parts)):
        rules = folder / ".gitignore"
        if rules.is_file() and not rules.is_symlink():
            try:
                lines = rules.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                lines = []
            spec = pathspec.GitIgnoreSpec.from_lines(lines)
            inner = "/".join(parts[depth:])
            # a folder on the way may be ignored too (`secrets/` ignores all below it)
            ways = ["/".join(parts[depth:end]) + "/" for end in range(depth + 1, len(parts))]
            if spec.match_file(inner) or any(spec.match_file(w) for w in ways):
                return True
        folder = folder / parts[depth]
    return False


def _folder_problem(path: Path, root: Path) -> str | None:
    """A problem with the folders between `root` and `path` (a few `lstat` calls)."""
    top, parent = os.fspath(root).rstrip(os.sep), os.path.dirname(os.fspath(path))
    if parent != top and not parent.startswith(top + os.sep):  # not below root as written
        if is_inside(path.parent, root):
            return None
        return "is outside the repository (the folder holding mkdocs.yml)"
    folder = top
    for part in parent[len(top) + 1 :].split(os.sep) if parent != top else ():
        folder = f"{folder}{os.sep}{part}"
        if os.path.islink(folder):
            return (
                "is inside a folder that is a symbolic link; folders are not followed through links"
            )
    return None


def size_problem(path: Path, max_bytes: int) -> str | None:
    """A message when the file at `path` is larger than `max_bytes`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if size > max_bytes:
        return _too_large(size, max_bytes)
    return None


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"is {size:,} bytes; the limit is {max_bytes:,} (plugin option max_file_size in mkdocs.yml)"
    )


@dataclass
class ContentFiles:
    """What the briefings folder holds, after the checks of `scan_content`."""

    briefings: list[Path] = field(default_factory=list)  # Markdown files, sorted
    assets: list[Path] = field(default_factory=list)  # files copied beside them, sorted
    problems: list[Problem] = field(default_factory=list)


def scan_content(
    folder: Path, root: Path, max_bytes: int, relative: Callable[[Path], str]
) -> ContentFiles:
    """Sort the files below `folder` into briefings and assets, refusing the rest.

    Names starting with `_` or `.` are skipped (drafts, notes, tool files), as are the
    registries at the top (read on their own). Folders are never entered through a link, a
    link that is not allowed by `path_problem` is reported, and so is any file over
    `max_bytes` or of a type not on the allow-list. `relative(path)` names files in problems.
    """
    found = ContentFiles()
    if folder.is_symlink():
        found.problems.append(
            Problem(relative(folder), 1, "file",
                    "is a symbolic link; the briefings folder must be a real folder in the "
                    "repository")
        )  # fmt: skip
        return found
    if not folder.is_dir():
        return found
    for here, dirs, names in os.walk(folder, followlinks=False):
        base = Path(here)
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        for name in list(dirs):
            named = name_problem(name)
            if named is not None:
                dirs.remove(name)
                found.problems.append(Problem(relative(base / name), 1, "file", named))
            elif (base / name).is_symlink():
                dirs.remove(name)
                found.problems.append(
                    Problem(relative(base / name), 1, "file",
                            "is a symbolic link to a folder; folders are not followed "
                            "through links: commit the folder itself")
                )  # fmt: skip
        for name in sorted(names):
            path = base / name
            if name.startswith(("_", ".")) or (base == folder and name in REGISTRY_NAMES):
                continue
            is_briefing = name.endswith(".md")
            problem = (
                name_problem(name) or path_problem(path, root) or size_problem(path, max_bytes)
            )
            if problem is None and not is_briefing and not is_allowed_asset(name):
                problem = (
                    "is not a type that is copied into the site; beside briefings only "
                    f"these may be: {allowed_types()} (names starting with '_' are ignored)"
                )
            if problem is not None:
                found.problems.append(Problem(relative(path), 1, "file", problem))
            elif is_briefing:
                found.briefings.append(path)
            else:
                found.assets.append(path)
    found.briefings.sort()
    found.assets.sort()
    return found


def folder_link_problems(
    folder: Path, root: Path, relative: Callable[[Path], str]
) -> list[Problem]:
    """Every link below `folder` that `path_problem` refuses, and `folder` if it is a link.

    For a folder another tool walks following links (MkDocs' docs_dir): run this first, so
    nothing is read or copied through a refused link.
    """
    if folder.is_symlink():
        return [Problem(relative(folder), 1, "file",
                        "is a symbolic link; the folder must be a real folder in the "
                        "repository")]  # fmt: skip
    problems = []
    for here, dirs, names in os.walk(folder, followlinks=False):
        base = Path(here)
        dirs.sort()
        for name in [*dirs, *sorted(names)]:
            path = base / name
            named = name_problem(name)
            if named is not None:
                problems.append(Problem(relative(path), 1, "file", named))
                continue
            if name in dirs and not path.is_symlink():
                continue
            problem = path_problem(path, root)
            if problem is not None:
                problems.append(Problem(relative(path), 1, "file", problem))
    return problems


@dataclass(frozen=True)
class SplitFile:
    """A file's front matter and body, each with the 1-based line it starts on."""

    front_matter: str
    front_line: int  # 1-based line of the first character of `front_matter`
    body: str
    body_line: int  # 1-based line where the body starts


class FileProblem(Exception):
    """A problem with the file as a whole (field `file`)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def problem(self, path: str) -> Problem:
        """This problem as a `Problem` of the file at `path` (field `file`)."""
        return Problem(path, self.line, "file", self.message)


def read_text(path: Path, root: Path | None = None, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> str:
    """The file's text (UTF-8, a BOM allowed, newlines normalised); raise FileProblem otherwise.

    Content comes from pull requests, and a link could point anywhere on the machine that
    builds the site: the file must pass `path_problem` (links only to regular files inside
    `root`; none at all without a root) and be at most `max_bytes` long.
    """
    problem = path_problem(path, root)
    if problem is not None:
        raise FileProblem(problem)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise FileProblem(_too_large(size, max_bytes))
            data = handle.read(size + 1)
            if len(data) > size:  # it grew meanwhile: read up to the limit
                data += handle.read(max_bytes + 1 - len(data))
                if len(data) > max_bytes:
                    raise FileProblem(_too_large(len(data), max_bytes))
    except OSError as exc:
        raise FileProblem(f"cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblem(f"is not UTF-8 text (byte {exc.start})", line) from None
    if "\x00" in text:
        raise FileProblem("contains a NUL character; is it a binary file?")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> SplitFile:
    """Split `---` front matter from the body; raise FileProblem when there is none."""
    if not _HANDLER.detect(text):
        raise FileProblem("no front matter: the file must start with a '---' line")
    opening = _HANDLER.FM_BOUNDARY.match(text)
    closing = _HANDLER.FM_BOUNDARY.search(text, opening.end() if opening else 0)
    if opening is None or closing is None:
        raise FileProblem("front matter is not closed by a '---' line")
    front = text[opening.end() : closing.start()]
    body = text[closing.end() :].removeprefix("\n")
    return SplitFile(
        front_matter=front,
        front_line=text.count("\n", 0, opening.end()) + 1,
        body=body,
        body_line=text.count("\n", 0, len(text) - len(body)) + 1,
    )
