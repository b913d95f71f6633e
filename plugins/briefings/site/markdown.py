"""Link the first (or every) mention of a registered entity in a briefing's body.

A Python-Markdown tree processor, so it sees the parsed document: it never touches text
inside code, pre, existing links, headings, scripts or styles, and it creates real `<a>`
elements instead of rewriting HTML strings.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from briefings.graph.mentions import EntityKey, Matcher
from briefings.model.settings import Autolink

SKIP_TAGS = frozenset({"a", "code", "pre", "script", "style", "h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class AutolinkState:
    """What the processor needs for the page being rendered; `matcher` None disables it."""

    matcher: Matcher | None = None
    mode: Autolink = "first"
    href: Callable[[EntityKey], str] | None = None
    title: Callable[[EntityKey], str] | None = None
    linked: set[EntityKey] = field(default_factory=set)

    def activate(
        self,
        matcher: Matcher,
        mode: Autolink,
        href: Callable[[EntityKey], str],
        title: Callable[[EntityKey], str],
    ) -> None:
        """Link mentions in the next documents: `href(key)` and `title(key)` give each
        link's target and tooltip; `mode` says which mentions link."""
        self.matcher, self.mode, self.href, self.title = matcher, mode, href, title
        self.linked = set()

    def deactivate(self) -> None:
        """Link nothing until the next `activate`."""
        self.matcher = None


class AutolinkProcessor(Treeprocessor):
    """Turns entity mentions in the parsed document into `<a class="bf-mention">`."""

    def __init__(self, md: Markdown, state: AutolinkState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        """Link mentions in `root` in place (nothing while inactive or `off`)."""
        if self.state.matcher is None or self.state.mode == "off":
            return
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        """Link mentions in `element`'s text, then in each child and its tail, in order.

        Linear in the number of children: the new child list is built once and assigned,
        never searched or inserted into one element at a time.
        """
        if element.tag in SKIP_TAGS:
            return
        children = list(element)
        updated: list[etree.Element] = []
        if element.text and not isinstance(element.text, AtomicString):
            links, element.text = self._split(element.text)
            updated.extend(links)
        for child in children:
            self._walk(child)
            updated.append(child)
            if child.tail and not isinstance(child.tail, AtomicString):
                links, child.tail = self._split(child.tail)
                updated.extend(links)
        if len(updated) != len(children):
            element[:] = updated

    def _split(self, text: str) -> tuple[list[etree.Element], str]:
        """Return new `<a>` elements (with tails) and the text left before the first."""
        state = self.state
        assert state.matcher is not None and state.href and state.title
        links: list[etree.Element] = []
        head = text
        cursor = 0
        for mention in state.matcher.find(text):
            if state.mode == "first" and mention.entity in state.linked:
                continue
            state.linked.add(mention.entity)
            link = etree.Element(
                "a", {"href": state.href(mention.entity), "class": "bf-mention",
                      "title": state.title(mention.entity)}
            )  # fmt: skip
            link.text = AtomicString(text[mention.start : mention.end])
            if links:
                links[-1].tail = text[cursor : mention.start]
            else:
                head = text[: mention.start]
            links.append(link)
            cursor = mention.end
        if links:
            links[-1].tail = text[cursor:]
        return links, head


class AutolinkExtension(Extension):
    """Registers `AutolinkProcessor` with the state the adapter activates per page."""

    def __init__(self, state: AutolinkState) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (20) so links and code exist as elements; before toc (5).
        """Add the processor to `md`'s tree processors."""
        md.treeprocessors.register(AutolinkProcessor(md, self.state), "briefings_autolink", 6)
