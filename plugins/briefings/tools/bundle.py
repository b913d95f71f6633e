"""Pack a built offline edition as a zip a reader unpacks and opens from disk.

The zip holds one top folder with `index.html` inside. It is deterministic: entries are
sorted, every timestamp is fixed and permissions are normalised, so the same site gives
the same bytes.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold
FILE_MODE = 0o644


def _files(site_dir: Path) -> list[tuple[str, Path]]:
    """Every file below `site_dir` as (posix relative path, path), sorted by the former."""
    found = [(p.relative_to(site_dir).as_posix(), p) for p in site_dir.rglob("*") if p.is_file()]
    return sorted(found)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever the packing system: the mode below applies
    info.external_attr = (0o100000 | FILE_MODE) << 16
    return info


def _check(site_dir: Path, out: Path, force: bool) -> None:
    if not (site_dir / "index.html").is_file():
        raise FileNotFoundError(f"{site_dir} has no index.html: build the site first")
    if out.resolve().is_relative_to(site_dir.resolve()):
        raise ValueError(f"{out} is inside the site folder {site_dir}")
    if out.exists() and not force:
        raise FileExistsError(f"{out} exists (use force=True to replace it)")


def bundle(
    site_dir: Path, out: Path | None = None, name: str | None = None, *, force: bool = False
) -> Path:
    """Zip `site_dir` into `out` (default: `<name>.zip` beside it) under folder `name`.

    `name` defaults to `out`'s stem, else the site folder's name. An existing `out` is
    replaced only with `force=True`. Returns the zip's path.
    """
    site_dir = Path(site_dir)
    name = name or (Path(out).stem if out else site_dir.resolve().name)
    out = Path(out) if out else site_dir.resolve().parent / f"{name}.zip"
    _check(site_dir, out, force)
    partial = out.with_name(f".{out.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for relative, path in _files(site_dir):
                archive.writestr(_entry(f"{name}/{relative}"), path.read_bytes())
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return out
