"""Pack a built offline edition as a zip a reader unpacks and opens from disk.

The zip holds one top folder with `index.html` inside. It is deterministic: entries are
sorted, every timestamp is fixed and permissions are normalised, so the same site gives
the same bytes.

Only a site built as the offline edition is packed: that build writes `OFFLINE_MARKER`
(the MkDocs adapter does it when Material's offline plugin is enabled, and removes it from
any other build), so an online build, which needs a web server, is never shipped as a
folder to open from disk. Entry names are always `<folder>/<path inside the site>`: no
absolute path, no `..`, no symbolic link followed out of the site.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from pathlib import Path

from briefings.site import urls

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold
FILE_MODE = 0o644
DEFAULT_NAME = "briefings-offline"
#: Written into the site folder by an offline build (path relative to the site folder).
OFFLINE_MARKER = urls.OFFLINE_MARKER
OFFLINE_MARKER_TEXT = json.dumps({"edition": "offline", "generator": "briefings"}) + "\n"
OFFLINE_HOW = "build it with OFFLINE=true mkdocs build (Material's offline plugin enabled)"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


class BundleError(ValueError):
    """The site folder or the output path cannot be bundled; the message says why."""


def is_offline_edition(site_dir: Path) -> bool:
    """True when `site_dir` holds a site built as the offline edition."""
    marker = Path(site_dir) / OFFLINE_MARKER
    return marker.is_file() and not marker.is_symlink()


def _files(site_dir: Path) -> list[tuple[str, Path]]:
    """Every regular file below `site_dir` as (posix relative path, path), sorted by the
    former. Symbolic links are not followed (a built site has none)."""
    found = []
    for folder, dirs, names in os.walk(site_dir, followlinks=False):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        for name in names:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                relative = path.relative_to(site_dir).as_posix()
                if "\\" in relative or any(part in ("", ".", "..") for part in relative.split("/")):
                    raise BundleError(f"{path}: a file name that cannot be packed safely")
                found.append((relative, path))
    return sorted(found)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever the packing system: the mode below applies
    info.external_attr = (0o100000 | FILE_MODE) << 16
    return info


def folder_name(out: Path | None, site_dir: Path) -> str:
    """The zip's top folder: `out`'s stem when it is a plain name, else `DEFAULT_NAME`.

    Never empty, `.` or `..`, and never holding a path separator, so no entry can point
    outside the folder it is unpacked into.
    """
    for candidate in (out.stem if out else None, None if out else site_dir.resolve().name):
        if candidate and _SAFE_NAME.fullmatch(candidate):
            return candidate
    return DEFAULT_NAME


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _check(site_dir: Path, out: Path, force: bool) -> None:
    if not (site_dir / "index.html").is_file():
        raise BundleError(f"{site_dir} has no index.html: {OFFLINE_HOW}, then bundle it")
    if not is_offline_edition(site_dir):
        raise BundleError(f"{site_dir} was not built as the offline edition (it would need a "
                          f"web server to open): {OFFLINE_HOW}")  # fmt: skip
    if out.resolve().is_relative_to(site_dir.resolve()):
        raise BundleError(f"{out} is inside the site folder {site_dir}")
    if out.is_dir():
        raise BundleError(f"{out} is a folder; give the zip's file name, e.g. "
                          f"{out / (DEFAULT_NAME + '.zip')}")  # fmt: skip
    if out.exists() and not force:
        raise FileExistsError(f"{out} exists")
    if not out.parent.is_dir():
        raise BundleError(f"{out.parent}: no such folder")


def bundle(
    site_dir: Path, out: Path | None = None, name: str | None = None, *, force: bool = False
) -> Path:
    """Zip `site_dir` into `out` (default: `<name>.zip` beside it) under folder `name`.

    `name` defaults to `folder_name(out, site_dir)`. An existing file `out` is replaced
    only with `force=True` (FileExistsError otherwise); BundleError when `site_dir` is not
    an offline edition, `out` is a folder or lies inside the site, or `name` is not a plain
    folder name. Returns the zip's path.
    """
    site_dir = Path(site_dir)
    if name is not None and not _SAFE_NAME.fullmatch(name):
        raise BundleError(f"{name!r} is not a plain folder name (letters, digits, . _ -)")
    name = name or folder_name(Path(out) if out else None, site_dir)
    out = Path(out) if out else site_dir.resolve().parent / f"{name}.zip"
    _check(site_dir, out, force)
    handle, partial = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for relative, path in _files(site_dir):
                archive.writestr(_entry(f"{name}/{relative}"), path.read_bytes())
        os.chmod(partial, 0o666 & ~_umask())  # as a new file gets; mkstemp makes it 0o600
        os.replace(partial, out)
    finally:
        Path(partial).unlink(missing_ok=True)
    return out
