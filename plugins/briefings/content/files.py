"""Reading one content file: bytes -> text -> front matter + body, with file-level problems."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from briefings.model.problems import Problem

_HANDLER = YAMLHandler()


@dataclass(frozen=True)
class SplitFile:
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
        return Problem(path, self.line, "file", self.message)


def read_text(path: Path) -> str:
    """The file's text (UTF-8, a BOM allowed); raise FileProblem otherwise.

    Symbolic links are refused: content comes from pull requests, and a link could
    point anywhere on the machine that builds the site.
    """
    if path.is_symlink():
        raise FileProblem("is a symbolic link; links are not followed, commit the file itself")
    try:
        data = path.read_bytes()
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
