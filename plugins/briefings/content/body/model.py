"""What a body analysis holds (see `briefings.content.body`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from markdown.extensions.attr_list import get_attrs_and_remainder

from briefings.content.ids import safe_id

MAX_TARGET = 2048  # characters of one link target or title
MAX_TAG = 4096  # characters of one raw HTML tag
TAB = 4  # Python-Markdown's tab_length
#: attr_list's `{: #id .class key=value }`
ATTR_LIST = re.compile(r"\{:?[ \t]*([^}\n ][^}\n]*)[ \t]*\}")

LinkKind = Literal["link", "image"]


#: Ids content may not use: the theme's own (`__config`, `__search`, ...), the plugin's own
#: (`bf-related`, `bf-timeline`, ...) and names of the plugin's scripts' globals
#: (`bfTimelineData`: an element id becomes a `window` property of that name).
@dataclass(frozen=True)
class BodyLink:
    """A Markdown link or image target as written (`target`), on 1-based body `line`."""

    target: str
    line: int
    kind: LinkKind = "link"


@dataclass(frozen=True)
class BodyId:
    """An element id of the rendered body, as the build writes it (`id`; empty when the
    build leaves it out); `explicit`: written in the body, not a heading slug; `given`: the
    id as written, or toc's slug before it was made safe (`briefings.content.ids`), when
    that differs from `id`."""

    id: str
    line: int
    explicit: bool
    given: str = ""
    blank: bool = False  # written as an empty id (`id=""`, a valueless `{: id }`)

    @property
    def source(self) -> str:
        """The id as the body (or toc's slug) gives it, before the build makes it safe."""
        return self.given or self.id

    @property
    def rewritten(self) -> bool:
        """Whether the build writes this id differently from how the body gives it."""
        return self.blank or (bool(self.given) and self.given != self.id)


def written_id(given: str, line: int) -> BodyId:
    """An id written in the body (on body `line`), as the build writes it (`safe_id`)."""
    written = safe_id(given) or ""
    return BodyId(written, line, True, given if given != written else "", blank=not given)


@dataclass(frozen=True)
class BodyResource:
    """A remote resource: `url` fetched by a `tag` (`img`, `iframe`, ...) on body `line`."""

    url: str
    line: int
    tag: str


@dataclass(frozen=True)
class RawLink:
    """A local address in a raw HTML attribute (`<a href="x.md">`, `<img src="p.png">`):
    `url` as written, in `tag`'s `attr`, on body `line`. MkDocs neither checks nor rewrites
    these (`content.file_rules.body_problems` reports them)."""

    url: str
    line: int
    tag: str
    attr: str


@dataclass(frozen=True)
class BodyAnalysis:
    """Everything read from one body; see the module docstring. Lines are 1-based."""

    text: str
    prose: str
    links: tuple[BodyLink, ...] = ()
    ids: tuple[BodyId, ...] = ()
    resources: tuple[BodyResource, ...] = ()
    raw_links: tuple[RawLink, ...] = ()
    work: int = 0  # characters examined by the bounded matchers (an operation count)
    # (line, what) of markup the build cannot render: Python-Markdown raises on it
    faults: tuple[tuple[int, str], ...] = ()
    # The (start, end) ranges blanked in `text` and in `prose`: the build cache keeps
    # these instead of the two texts (`briefings.content.body.compact`).
    text_blanks: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    prose_blanks: tuple[tuple[int, int], ...] = field(default=(), repr=False)

    @property
    def id_set(self) -> frozenset[str]:
        """The body's element ids, as a set."""
        return frozenset(i.id for i in self.ids if i.id)

    def link_targets(self) -> Iterator[str]:
        """Targets of links (not images), in order."""
        return (link.target for link in self.links if link.kind == "link")


def ref_label(text: str) -> str:
    """A reference label as Python-Markdown compares them: case-folded, spaces collapsed."""
    return " ".join(text.split()).lower()


#: What the build says of a heading whose attribute list has `id` or `data-toc-label`
#: without a value (Python-Markdown's toc raises on it).
VALUELESS_HEADING_ATTR = (
    "the heading's attribute list has 'id' or 'data-toc-label' without a value, which "
    'Markdown cannot render; write {: #an-id } or data-toc-label="Label"'
)


def attr_list_id(attrs: str) -> tuple[str | None, bool]:
    """The id an attr_list's text gives, read by Python-Markdown's own parser: the last
    `#x` or `id=...` (`""` for a valueless `id`), None when it gives none; and whether it
    has `id` or `data-toc-label` without a value."""
    value: str | None = None
    valueless = False
    for key, given in get_attrs_and_remainder(attrs)[0]:
        if key in ("id", "data-toc-label") and given is None:
            valueless = True
        if key == "id":
            value = given or ""
    return value, valueless


def attr_list_value(attrs: str, key: str) -> str | None:
    """The last value an attr_list's text gives `key` (`href`, `src`), None for none."""
    found = None
    for name, given in get_attrs_and_remainder(attrs)[0]:
        if name == key and given is not None:
            found = given
    return found
