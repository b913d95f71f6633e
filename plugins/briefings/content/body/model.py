"""What a body analysis holds (see `briefings.content.body`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

MAX_TARGET = 2048  # characters of one link target or title
MAX_TAG = 4096  # characters of one raw HTML tag
TAB = 4  # Python-Markdown's tab_length
#: attr_list's `{: #id .class key=value }`
ATTR_LIST = re.compile(r"\{:?[ \t]*([^}\n ][^}\n]*)[ \t]*\}")

LinkKind = Literal["link", "image"]


@dataclass(frozen=True)
class BodyLink:
    """A Markdown link or image target as written (`target`), on 1-based body `line`."""

    target: str
    line: int
    kind: LinkKind = "link"


@dataclass(frozen=True)
class BodyId:
    """An element id of the rendered body; `explicit`: written in the body, not a heading slug."""

    id: str
    line: int
    explicit: bool


@dataclass(frozen=True)
class BodyResource:
    """A remote resource: `url` fetched by a `tag` (`img`, `iframe`, ...) on body `line`."""

    url: str
    line: int
    tag: str


@dataclass(frozen=True)
class BodyAnalysis:
    """Everything read from one body; see the module docstring. Lines are 1-based."""

    text: str
    prose: str
    links: tuple[BodyLink, ...] = ()
    ids: tuple[BodyId, ...] = ()
    resources: tuple[BodyResource, ...] = ()
    work: int = 0  # characters examined by the bounded matchers (an operation count)
    # The (start, end) ranges blanked in `text` and in `prose`: the build cache keeps
    # these instead of the two texts (`briefings.content.body.compact`).
    text_blanks: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    prose_blanks: tuple[tuple[int, int], ...] = field(default=(), repr=False)

    @property
    def id_set(self) -> frozenset[str]:
        return frozenset(i.id for i in self.ids)

    def link_targets(self) -> Iterator[str]:
        """Targets of links (not images), in order."""
        return (link.target for link in self.links if link.kind == "link")


def ref_label(text: str) -> str:
    """A reference label as Python-Markdown compares them: case-folded, spaces collapsed."""
    return " ".join(text.split()).lower()
