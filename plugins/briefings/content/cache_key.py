"""The key that signs the build cache's files (never in the repository, see `cache`), and
the signed file format they share: `magic`, HMAC-SHA256 of the payload, the payload."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sys
import tempfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

KEY_ENV = "BRIEFINGS_CACHE_KEY"


def signing_key(environ: Mapping[str, str] | None = None) -> bytes | None:
    """The key that signs cache files: `BRIEFINGS_CACHE_KEY` (hex) when set, else a random
    key kept in the user's cache folder (created on first use, mode 0600). None when there
    is no such folder to write to: then nothing is cached."""
    env = os.environ if environ is None else environ
    given = env.get(KEY_ENV, "").strip()
    if given:
        return None if key_problem(env) else bytes.fromhex(given)
    return _user_key(_user_cache_dir(env))


def _user_cache_dir(env: Mapping[str, str]) -> Path | None:
    if sys.platform == "win32":
        base = env.get("LOCALAPPDATA")
        return Path(base) / "briefings" if base else None
    if sys.platform == "darwin":
        home = env.get("HOME")
        return Path(home) / "Library" / "Caches" / "briefings" if home else None
    xdg = env.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "briefings"
    home = env.get("HOME")
    return Path(home) / ".cache" / "briefings" if home else None


@lru_cache(maxsize=4)
def _user_key(folder: Path | None) -> bytes | None:
    if folder is None:
        return None
    path = folder / "cache-key"
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except OSError:
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".cache-key-")
        with os.fdopen(fd, "wb") as handle:  # mkstemp makes it 0600
            handle.write(key)
        try:
            os.link(temp, path)  # never replaces a key another process just made
        except FileExistsError:
            pass
        finally:
            os.unlink(temp)
        data = path.read_bytes()
        return data if len(data) == 32 else None
    except OSError:
        return None


def signed_payload(data: bytes, magic: bytes, key: bytes) -> memoryview:
    """The payload of signed file `data` (see the module docstring), a view of it (not
    a copy). Raises ValueError ("not a cache file", "not signed with this machine's key")."""
    head = len(magic) + 32
    if len(data) < head or not data.startswith(magic):
        raise ValueError("not a cache file")
    signature, payload = data[len(magic) : head], memoryview(data)[head:]
    expected = hmac.new(key, payload, hashlib.sha256).digest()
    if not hmac.compare_digest(signature, expected):
        raise ValueError("not signed with this machine's key")
    return payload


def dump_signed(path: Path, magic: bytes, key: bytes, value: object) -> None:
    """Write `value`, pickled, signed with `key` to `path`, atomically (a temporary file
    in its folder, then renamed), without ever holding the pickle in memory (at 10,000
    briefings the build cache's is 40 MB, at the build's peak of memory). Raises OSError."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(magic + bytes(32))  # the signature's place
            signing = _Signing(handle, key)
            pickle.dump(value, signing, protocol=pickle.HIGHEST_PROTOCOL)
            handle.seek(len(magic))
            handle.write(signing.mac.digest())
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def write_new(path: Path, text: str) -> None:
    """Write `text` to `path`, atomically (a temporary file in its folder, then renamed):
    a symbolic link at `path` is replaced, never followed. Raises OSError."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temp, 0o644)  # mkstemp makes it 0600; these files are for people to read
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def key_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why `BRIEFINGS_CACHE_KEY`, when set, cannot sign the cache (then nothing is
    cached), or None."""
    env = os.environ if environ is None else environ
    given = env.get(KEY_ENV, "").strip()
    if not given:
        return None
    try:
        key = bytes.fromhex(given)
    except ValueError:
        return f"{KEY_ENV} is not hexadecimal (pairs of the digits 0-9 and a-f)"
    return None if len(key) >= 16 else f"{KEY_ENV} is shorter than 16 bytes (32 hex digits)"


class _Signing:
    """A binary file that signs what is written to it."""

    def __init__(self, handle: BinaryIO, key: bytes) -> None:
        self.handle = handle
        self.mac = hmac.new(key, digestmod=hashlib.sha256)

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        return self.handle.write(data)
