"""The search index of a briefing site: documents from the graph, merged and split into chunks.

Documents have the shape Material for MkDocs' search worker reads (`SearchDocument` in its
sources): `{"location": str, "title": html, "text": html, "tags"?: [html], "boost"?: float}`,
plus this module's own fields (`FIELDS`), which the worker indexes like any field listed in
the index's `config.fields` and which the result list never shows. Every HTML value is
escaped here exactly once, because Material's interface inserts titles, texts and tags into
the page as HTML.

Generated pages get their documents from the graph, never from parsing their HTML: for a
briefing, its title, date, main story, summary and tags (shown), its key points and the names
and aliases of every entity it names or mentions and its stories' titles (indexed only), and
optionally its body text; for a story, an entity or a tag page, its name, description and
aliases (a tag's other spellings). Hand-written pages keep Material's own documents (one
per section).

The index is written as chunks (`Chunk`): each a uniform sample of the site's pages, so a
lunr index built from any set of chunks scores documents like one built from all of them.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefings.graph.graph import BriefingGraph
from briefings.graph.mentions import plain_text
from briefings.graph.taxonomy import Tag
from briefings.model.content import Briefing, Entity, Story
from briefings.model.dates import PartialDate
from briefings.site.pages import PagePlan, PageSpec
from briefings.site.urls import FileKind, PageKind, UrlTable

Document = dict[str, Any]

# Fields this module adds to Material's `title` (boost 1000), `text` (1) and `tags`
# (1,000,000): lunr field boosts, merged into the index's `config.fields`.
FIELDS: dict[str, dict[str, float]] = {
    "names": {"boost": 10.0},  # words of entity names and aliases, and of story titles
    "points": {"boost": 1.0},  # key points
    "body": {"boost": 0.5},  # body text, with `search_full_text`
}
# A page about a story, an entity or a tag ranks above briefings that merely name it.
TOPIC_BOOST = 2.0
# The manifest of a built index (under the site folder): config, chunk files, worker source.
MANIFEST = UrlTable.file(FileKind.SEARCH_MANIFEST)
# Target size of one chunk of documents (bytes of JSON): small enough that indexing one
# chunk in a worker takes a fraction of a second (results arrive in small steps), large
# enough that each shard's lunr index (its own vocabulary) costs little memory beside it.
CHUNK_BYTES = 500_000
# The first chunk is this many times smaller than the others.
FIRST_SPLIT = 4


def escape(text: str) -> str:
    """Plain text as HTML text (`&`, `<`, `>` escaped; quotes need no escaping there)."""
    return html.escape(text, quote=False)


def generated_documents(
    plan: PagePlan,
    *,
    full_text: bool = False,
    keys: Mapping[str, str] | None = None,
    known: dict[str, tuple[str, Document]] | None = None,
) -> list[Document]:
    """One document per searchable generated page, in the plan's order.

    Pages whose `PageSpec.search` is false (timeline, archive, corrections, the tags
    index, a listing's further pages) get none. `full_text` adds each briefing's body text
    (Markdown without code and link targets).

    `keys`: src_uri -> a hash of everything a page is made from (a dirty build's page
    fingerprints, which cover the graph, the registries and the settings); `known`: the
    documents of an earlier build of the same site, src_uri -> (key, document). A page
    whose key is in `known` unchanged reuses its document (a `serve --dirty` rebuild after
    an edit to one body makes one document, not thousands); `known` is updated in place
    with this build's documents and loses the pages the plan no longer has. Documents are
    never changed after they are made, so sharing them between builds is safe.
    """
    if keys is None or known is None:
        if known is not None:
            known.clear()
        return [_document(plan, spec, full_text) for spec in plan if spec.search]
    docs = []
    current: dict[str, tuple[str, Document]] = {}
    for spec in plan:
        if not spec.search:
            continue
        fingerprint = keys.get(spec.src_uri)
        key = f"{full_text}:{fingerprint}" if fingerprint is not None else None
        found = known.get(spec.src_uri)
        if key is not None and found is not None and found[0] == key:
            doc = found[1]
        else:
            doc = _document(plan, spec, full_text)
        if key is not None:
            current[spec.src_uri] = (key, doc)
        docs.append(doc)
    known.clear()
    known.update(current)
    return docs


def _document(plan: PagePlan, spec: PageSpec, full_text: bool) -> Document:
    location = plan.table.url(spec.location)
    kind = spec.location.kind
    term = spec.term
    if spec.briefing is not None:
        return _briefing(plan.graph, spec.briefing, location, full_text)
    if kind is PageKind.STORY and term is not None:
        story: Story = term.item
        return _topic(location, story.title, _title(plan, PageKind.STORIES), story.description)
    if kind is PageKind.ENTITY and term is not None:
        entity: Entity = term.item
        label = plan.graph.settings.kinds.get(entity.kind, entity.kind)
        return _topic(location, entity.name, label, entity.description, entity.aliases)
    if kind is PageKind.TAG and term is not None:
        tag: Tag = term.item
        return _topic(location, tag.name, _title(plan, PageKind.TAGS), "", tag.spellings)
    return {"location": location, "title": escape(spec.title), "text": ""}  # an index


def _title(plan: PagePlan, kind: PageKind) -> str:
    spec = plan.get(plan.table.page(kind).src_uri)
    return spec.title if spec is not None else kind.value.capitalize()


def _topic(location: str, title: str, label: str, description: str = "",
           aliases: Iterable[str] = ()) -> Document:  # fmt: skip
    text = f"<p>{escape(label)}</p>"
    if description:
        text += f"<p>{escape(description)}</p>"
    doc: Document = {"location": location, "title": escape(title), "text": text}
    names = _words(a for a in aliases if a.casefold() != title.casefold())
    if names:
        doc["names"] = escape(names)
    doc["boost"] = TOPIC_BOOST
    return doc


def _briefing(graph: BriefingGraph, b: Briefing, location: str, full_text: bool) -> Document:
    stories = [term.item for term in graph.stories_of(b)]
    meta = PartialDate.of(b.date).human()
    if stories:
        meta += f" · {stories[0].title}"
    # One paragraph: Material's results show only the paragraphs a query matches, so the
    # date shares the summary's (a result matched by its summary still shows its date).
    text = f"<p>{escape(meta)} — {escape(b.summary)}</p>"
    doc: Document = {"location": location, "title": escape(b.title), "text": text}
    tags = [term.name for term in graph.tags_of(b)]
    if tags:
        doc["tags"] = [escape(t) for t in tags]
    names: list[str] = [s.title for s in stories]
    for ref in graph.entities_of.get(b.slug, ()):
        entity = graph.entity(ref)
        if entity is not None:
            names += [entity.name, *entity.aliases]
    words = _words(names)
    if words:
        doc["names"] = escape(words)
    if b.key_points:
        doc["points"] = escape(" ".join(b.key_points))
    if full_text and b.body.strip():  # as the page shows it: `&lt;` is a `<` there
        doc["body"] = escape(" ".join(html.unescape(plain_text(b.body)).split()))
    return doc


def _unique(values: Iterable[str]) -> list[str]:
    """Non-empty values, stripped, first spelling kept, case-insensitively unique."""
    seen: dict[str, str] = {}
    for value in values:
        value = value.strip()
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return list(seen.values())


def _words(names: Iterable[str]) -> str:
    """The distinct words of `names`, first spelling kept: lunr matches words, not phrases,
    so "Vladimir Putin, Putin" indexes as "Vladimir Putin" at a fraction of the work."""
    return " ".join(_unique(word for name in names for word in name.split()))


def page_of(location: str) -> str:
    """The page part of a document location (`a/b/#section` -> `a/b/`)."""
    return location.split("#", 1)[0]


@dataclass(frozen=True)
class HandWritten:
    """A page of this build that is not generated here: Material indexes it.

    `rendered`: built in this build (a `--dirty` build skips unchanged pages);
    `excluded`: its front matter says `search: exclude: true`.
    """

    url: str
    rendered: bool = True
    excluded: bool = False


def merge_documents(
    theirs: Iterable[Document],
    ours: list[Document],
    pages: Iterable[HandWritten],
    previous: dict[str, list[Document]] | None = None,
) -> tuple[list[Document], dict[str, list[Document]]]:
    """Material's documents for this build's hand-written pages, in page order, then ours;
    no location appears twice. Returns (documents, hand-written documents by page URL:
    pass them as `previous` to the next build of the same site).

    Under `serve --dirty`, Material writes the last build's documents and appends the
    rebuilt pages' after them, and drops every earlier document whose location starts
    with the first rebuilt page's (for the home page, "": all of them). So a rebuilt page
    takes the last run of its documents in `theirs` (none when excluded), and a page the
    build skipped keeps its documents from `previous`. Pages `ours` covers, and pages
    that are not in `pages` (removed since), are dropped.
    """
    runs: dict[str, list[Document]] = {}
    current: str | None = None
    for doc in theirs:
        url = page_of(str(doc.get("location", "")))
        if url != current:
            runs[url] = []
            current = url
        runs[url].append(doc)
    covered = {page_of(doc["location"]) for doc in ours}
    kept: dict[str, list[Document]] = {}
    for page in pages:
        if page.url in covered:
            continue
        if page.rendered:
            kept[page.url] = [] if page.excluded else runs.get(page.url, [])
        else:
            kept[page.url] = (previous or {}).get(page.url) or runs.get(page.url, [])
    merged = [doc for docs in kept.values() for doc in docs] + ours
    seen: set[str] = set()
    unique = []
    for doc in merged:
        if doc["location"] not in seen:
            seen.add(doc["location"])
            unique.append(doc)
    return unique, kept


def index_config(config: dict[str, Any]) -> dict[str, Any]:
    """Material's index `config` (lang, separator, pipeline, fields) with `FIELDS` added
    (a field the site configures itself keeps its settings)."""
    fields = {**FIELDS, **dict(config.get("fields") or {})}
    return {**config, "fields": fields}


@dataclass(frozen=True)
class Chunk:
    """One file of the index: `path` (site-relative) and its script `content`.

    The script hands the chunk's documents, as one JSON string, to the page's search
    facade: `(self.__bfSearchDocs ||= {})[<number>] = "<json>"`. A string is parsed by the
    worker it is posted to; the page's main thread never parses the documents.
    """

    number: int
    path: str
    content: str
    documents: int


def chunk_documents(docs: list[Document], target: int | None = None) -> list[Chunk]:
    """Split `docs` into chunks of about `target` bytes of JSON (default `CHUNK_BYTES`),
    the first one smaller.

    Pages (a page's documents stay together, in order: Material's worker needs the page's
    own document before its sections) are dealt round-robin into slices, `FIRST_SPLIT`
    per chunk; the first chunk is one slice, so its shard answers first, and the others
    take `FIRST_SPLIT` slices each. Every chunk thus samples the whole site. Names carry a
    hash of the content, so a browser never keeps a stale chunk.
    """
    pages: list[list[Document]] = []
    for doc in docs:
        if pages and page_of(pages[-1][-1]["location"]) == page_of(doc["location"]):
            pages[-1].append(doc)
        else:
            pages.append([doc])
    encoded = [_json(page) for page in pages]
    total = sum(len(text.encode("utf-8")) for text in encoded)
    count = max(1, min(len(pages), math.ceil(total / (target or CHUNK_BYTES))))
    slices = 1 if count == 1 else min(len(pages), count * FIRST_SPLIT)
    groups: list[list[int]] = []
    for i in range(len(pages) or 1):
        piece = i % slices
        number = 0 if piece == 0 else 1 + (piece - 1) // FIRST_SPLIT
        while len(groups) <= number:
            groups.append([])
        if i < len(pages):
            groups[number].append(i)
    chunks = []
    for number, members in enumerate(groups):
        text = "[" + ",".join(encoded[i][1:-1] for i in members) + "]"
        script = (
            "(self.__bfSearchDocs=self.__bfSearchDocs||{})"
            f"[{number}]={json.dumps(text, ensure_ascii=False)};\n"
        )
        digest = hashlib.sha256(script.encode("utf-8")).hexdigest()[:12]
        size = sum(len(pages[i]) for i in members)
        path = UrlTable.file(FileKind.SEARCH_CHUNK, slug=f"{number}.{digest}")
        chunks.append(Chunk(number, path, script, size))
    return chunks


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def manifest_script(manifest: dict[str, Any]) -> str:
    """The manifest script (`MANIFEST`) the page's search facade loads first."""
    return f"self.__bfSearchIndex={_json(manifest)};\n"


def read_chunk(content: str) -> list[Document]:
    """The documents of a chunk script written by `chunk_documents`."""
    start = content.index("=", content.index("]")) + 1
    return json.loads(json.loads(content[start:].strip().rstrip(";")))


def read_index(site_dir: Path) -> tuple[dict[str, Any], list[Document]]:
    """A built site's search index: (config, documents in chunk order), for tests and
    tools. Raises FileNotFoundError when the site has no index written by this module."""
    text = (site_dir / MANIFEST).read_text(encoding="utf-8")
    manifest = json.loads(text[text.index("=") + 1 :].strip().rstrip(";"))
    docs: list[Document] = []
    for name in manifest["chunks"]:
        docs += read_chunk((site_dir / name).read_text(encoding="utf-8"))
    return manifest["config"], docs
