"""Bytes of an input file -> text, never guessed: UTF-8 for text, the declared charset for HTML.

Errors are `DecodeError`s with a one-line message that gives the line and column of the
first byte that does not decode.
"""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The charset an HTML page declares: <meta charset=...> or http-equiv content="...; charset=..."
_DECLARED = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.I)
PRESCAN_BYTES = 4096  # where browsers look for a declared charset (HTML's prescan: 1024)


class DecodeError(ValueError):
    """The bytes are not text in the expected encoding."""


def decode_text(data: bytes) -> str:
    """UTF-8 text (a leading BOM is dropped); raise DecodeError naming line and column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        where = _where(data, exc)
        raise DecodeError(f"not UTF-8 text ({where}); save it as UTF-8 and retry") from None


def decode_html(data: bytes) -> str:
    """An HTML page's text in its BOM's or declared charset, else UTF-8.

    Bytes that do not decode in a declared charset raise DecodeError, as does a page that
    declares no charset and is not UTF-8.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding, "its byte order mark")
    declared = _DECLARED.search(data[:PRESCAN_BYTES])
    if declared:
        name = declared[1].decode("ascii")
        try:
            encoding = codecs.lookup(name).name
        except LookupError:
            raise DecodeError(f"declares an unknown charset {name!r}") from None
        if encoding in ("utf-16", "utf-16-le", "utf-16-be"):  # a page read as bytes is not
            encoding = "utf-8"  # UTF-16 without a BOM: browsers read such a meta as UTF-8
        return _decode(data, encoding, f"its declared charset {name}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not UTF-8 and declares no charset ({_where(data, exc)}); add "
                          '<meta charset="..."> or save the page as UTF-8') from None  # fmt: skip


def _decode(data: bytes, encoding: str, origin: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not valid {encoding} ({origin}; {_where(data, exc)})") from None


def _where(data: bytes, exc: UnicodeDecodeError) -> str:
    before = data[: exc.start]
    line = before.count(b"\n") + 1
    column = exc.start - (before.rfind(b"\n") + 1) + 1
    return f"byte 0x{data[exc.start]:02x} at line {line}, column {column}"
