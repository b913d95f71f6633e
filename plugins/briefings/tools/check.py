"""`briefings check`: everything the strict build stops on, found without building.

The loader's problems (front matter, registries, body rules) are the build's own. On top,
this module checks what MkDocs checks while it renders, at the levels the site's
`validation:` sets (only "warn" stops a strict build): body links and images whose target
is no page or file of the site (`not_found`), links to drafts the build leaves out, files
beside a briefing that are not copied into the site, relative links that name no file
(`unrecognized_links`), absolute links (`absolute_links`), anchors that no element of the
target page has (`anchors`); and a docs page that hides a generated page. Check-only
warnings: dates far in the future, source hygiene (`content/hygiene.py`).

Links are resolved as MkDocs resolves them (`_RelativePathTreeprocessor`): relative to the
briefing's place in the site (`briefings/<file>`), percent-decoding the path.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from briefings.content.body import BodyId, explicit_ids
from briefings.content.cache import BuildCache
from briefings.content.file_rules import MAX_YEAR
from briefings.content.files import FileProblem, read_text
from briefings.content.forked import fork_map, processes
from briefings.content.ids import unsafe_id_message
from briefings.content.loader import ContentFile, Corpus, load_corpus
from briefings.model.dates import parse_full
from briefings.model.problems import Problem, sort_problems
from briefings.model.settings import Settings
from briefings.site.build import BriefingSite
from briefings.site.pages import MARKDOWN_SUFFIXES, PagePlan, docs_dest, hidden_pages
from briefings.site.urls import UrlTable
from briefings.tools import check_files
from briefings.tools.check_files import Parts, collector_paused
from briefings.tools.check_memo import CheckMemo, DateFact, Probes, Result, date_facts
from briefings.tools.check_scope import docs_pages, outside_briefings, uncopied_message

LinkCheck = Literal["nav_omitted_files", "not_found", "absolute_links", "unrecognized_links",
                   "anchors"]  # fmt: skip
"""MkDocs' link-validation keys (`validation:` in mkdocs.yml)."""
LinkLevel = Literal["warn", "info", "ignore", "relative_to_docs"]
"""MkDocs' validation levels; only "warn" stops a strict build (`relative_to_docs`: absolute
links are checked as if relative to docs_dir, `absolute_links` only)."""

#: MkDocs' default validation levels (mkdocs.config.defaults), used when none are given.
DEFAULT_LEVELS: dict[LinkCheck, LinkLevel] = {
    "not_found": "warn",
    "absolute_links": "info",
    "unrecognized_links": "info",
    "anchors": "info",
}


@dataclass(frozen=True)
class SiteFiles:
    """What the build's file collection holds besides generated pages.

    `docs`: source URI -> path of each file collected from `docs_dir`; `excluded`: those
    left out of the site; `validation`: MkDocs' link-validation key -> level; `copied`:
    source URIs of files beside briefings that the build copies into the site; `theme`:
    source URIs of the theme's files and the plugin's assets, which the build adds too.
    """

    docs: Mapping[str, Path] = field(default_factory=dict)
    excluded: frozenset[str] = frozenset()
    use_directory_urls: bool = True
    validation: Mapping[LinkCheck, LinkLevel] = field(default_factory=lambda: dict(DEFAULT_LEVELS))
    copied: frozenset[str] = frozenset()
    theme: frozenset[str] = frozenset()


def check(
    corpus: Corpus,
    files: SiteFiles,
    today: dt.date,
    hygiene: bool = True,
    cache: BuildCache | None = None,
) -> list[Problem]:
    """Every problem of `corpus` for `briefings check`, sorted: the loader's, the link and
    anchor checks against `files`, far-future dates after `today`, and (`hygiene`) source
    hygiene warnings. `cache`: the build cache (the graph's mentions, when links need the
    generated pages)."""
    result = _checked(corpus, files, hygiene, cache)
    return sort_problems([*result.problems, *future_dates(corpus, today)])


def _checked(corpus: Corpus, files: SiteFiles, hygiene: bool, cache: BuildCache | None,
             keep: Parts | None = None) -> Result:  # fmt: skip
    """Every problem of `check` but far-future dates (which depend on today), with the
    dates to judge and the file-system questions asked (what `check_memo` keeps); `keep`:
    filled with the problems in parts (`check_files`)."""
    problems = list(corpus.problems)
    links = _SiteLinks(corpus, files, cache)

    def part(name: str) -> Any:
        if name == "links":
            return [*links.problems(), *rewritten_ids(corpus, set(links.built), files)]
        return check_files.hygiene_part(corpus, cache)

    # Source hygiene in a forked process while the links are checked here (`fork_map`:
    # a failed child's part is made here), when the corpus is large enough to pay.
    parts = ["links", "hygiene"] if hygiene else ["links"]
    minimum = 1 if len(corpus.files) >= PARALLEL_HYGIENE else len(corpus.files) + 1
    found = fork_map(part, parts, count=min(2, processes()), minimum=minimum)
    problems += found[0]
    if hygiene:
        problems += check_files.merged(found[1], cache)
    if keep is not None:
        keep.links, keep.graph = found[0], links.site.graph
        keep.hygiene, keep.bases = found[1][4:6] if hygiene else (None, None)
    return Result(problems, date_facts(corpus.files), links.probes)


#: Briefings from which `check` makes source hygiene in a process of its own.
PARALLEL_HYGIENE = 500


def check_paths(
    settings: Settings,
    files: SiteFiles,
    paths: Sequence[Path],
    today: dt.date,
    hygiene: bool = True,
    extra_problems: Sequence[Problem] = (),
    cache: BuildCache | None = None,
) -> list[Problem]:
    """`briefings check [PATH ...]`: the problems of files at or below `paths` (all when
    empty; references still resolve against the whole site). A `.md` file outside the
    content folder and docs/, or below a folder outside them, is loaded as if it were
    directly in the content folder (`check_scope`). `extra_problems` (the adapter's checks
    of docs/) are filtered by the same scope. `cache`: the build cache, shared with the
    build (unchanged files are not parsed again). Raises `NothingToCheck` for a path that
    names nothing to check."""
    resolved = [located(p) for p in paths]
    extra = outside_briefings(settings, files.docs.values(), resolved)
    memo = CheckMemo(cache)
    inputs = memo.inputs(settings, files, extra, hygiene)
    result = memo.get(inputs)
    if result is not None:  # nothing changed: no briefing parsed, the build cache not read
        memo.put(None, None)  # the hashes of files touched but unchanged
        if cache is not None:
            cache.stats.hits["check"] += 1
    else:  # when a few briefing files were edited, only those are checked again
        result = check_files.recheck(memo, settings, hygiene, cache)
        if result is None:
            with collector_paused():
                corpus = load_corpus(settings, extra, cache)
                parts = Parts()
                result = _checked(corpus, files, hygiene, cache, parts)
                check_files.remember(memo, corpus, result, parts)
        memo.put(inputs, result)
    dates = judge_dates(result.dates, today, settings.future_margin_days)
    problems = [*result.problems, *dates, *extra_problems]
    return sorted({p for p in problems if _in_scope(settings.root / p.path, resolved)})


def located(path: Path) -> Path:
    """`path` with its folders resolved but not a link at its end (reported, not followed:
    `check briefings/` must not hide a link to a file outside)."""
    absolute = path.absolute()
    return absolute.parent.resolve() / absolute.name if absolute.name else absolute.resolve()


def _in_scope(file: Path, scope: Sequence[Path]) -> bool:
    if not scope:
        return True
    file = located(file)
    return any(file == s or s in file.parents for s in scope)


# -- dates -----------------------------------------------------------------------------


def future_dates(corpus: Corpus, today: dt.date) -> Iterator[Problem]:
    """`date` and `updated` later than `today` plus the site's margin (a typo such as 2042
    for 2024 would top the feeds and the sitemap)."""
    return judge_dates(date_facts(corpus.files), today, corpus.settings.future_margin_days)


def judge_dates(facts: Iterable[DateFact], today: dt.date, margin: int) -> Iterator[Problem]:
    """`future_dates` of (path, line, field, value) facts (`check_memo.date_facts`)."""
    for path, line, key, value in facts:
        try:
            day = parse_full(value)
        except ValueError:
            continue
        message = future_date_message(day, today, margin)
        if message is not None:
            yield Problem(path, line, key, message, "warning")


def future_date_message(day: dt.date, today: dt.date, margin: int) -> str | None:
    """The warning for a full date `day` more than `margin` days after `today`, or None
    (also for a year past `MAX_YEAR`: that is an error of its own)."""
    if day <= today + dt.timedelta(days=margin) or day.year > MAX_YEAR:
        return None
    return (f"{day.isoformat()} is {(day - today).days} days after today "
            f"({today.isoformat()}); a typo? (dates up to {margin} days ahead pass)")  # fmt: skip


# -- ids -------------------------------------------------------------------------------


def rewritten_ids(corpus: Corpus, built: set[str], files: SiteFiles) -> Iterator[Problem]:
    """Ids written in the bodies of `built` briefings (source URIs) and in the Markdown
    pages of docs/ that the build rewrites into safe ones and warns about
    (`briefings.content.ids`); in briefings, ids starting with `__` are the loader's
    errors already."""
    for item in corpus.files:
        if item.src_uri not in built:
            continue
        body = item.body  # its analysis is the loader's (no second scan)
        for found in body.analysis.ids:
            if found.explicit and found.rewritten and not found.source.startswith("__"):
                yield _unsafe(item.path, body.first_line + found.line - 1, found)
    for uri, path in sorted(files.docs.items()):
        if not uri.lower().endswith(MARKDOWN_SUFFIXES) or uri in files.excluded:
            continue
        try:
            text = read_text(path)
        except FileProblem:
            continue
        rel = corpus.settings.relative(path)
        for found, line in explicit_ids(text):
            if found.rewritten:
                yield _unsafe(rel, line, found)


def _unsafe(path: str, line: int, found: BodyId) -> Problem:
    return Problem(path, line, "body", unsafe_id_message(found.source, found.id or None),
                   "warning")  # fmt: skip


# -- links -----------------------------------------------------------------------------


class _SiteLinks:
    """The link checks MkDocs makes while rendering, made on the body analyses."""

    def __init__(self, corpus: Corpus, files: SiteFiles, cache: BuildCache | None) -> None:
        self.corpus = corpus
        self.files = files
        self.levels = {**DEFAULT_LEVELS, **files.validation}
        self.site = BriefingSite(corpus.settings, corpus, cache=cache)
        keep_drafts = corpus.settings.include_drafts
        # Every file the build publishes once its own errors are fixed: its links are
        # checked now, so one run reports everything.
        self.built = {f.src_uri: f for f in corpus.files if keep_drafts or not f.draft}
        self.drafts = {f.src_uri: f for f in corpus.files if f.src_uri not in self.built}
        self.by_src = {f.src_uri: f for f in corpus.files}
        self._doc_ids: dict[str, frozenset[str]] = {}
        self._generated: set[str] | None = None
        self._plan: PagePlan | None = None
        self.probes = Probes()  # what is on disk where broken links point
        # Files beside briefings that the build copies (the allow-listed types).
        settings = corpus.settings
        prefix = settings.briefings_dir.strip("/")
        self.copied = files.copied | {
            f"{prefix}/{path.relative_to(settings.source_dir).as_posix()}" for path in corpus.assets
        }

    @property
    def generated(self) -> set[str]:
        """Source URIs of every generated page, planned as the build plans them (only when
        a link needs more than the briefings and the docs files)."""
        if self._generated is None:
            self._generated = set(self._planned().specs)
        return self._generated

    def _planned(self) -> PagePlan:
        """The page plan, as the build makes it (made once)."""
        if self._plan is None:
            table = UrlTable(self.files.use_directory_urls)
            self._plan = self.site.plan(table, pages_only=True)
        return self._plan

    def _exists(self, uri: str) -> bool:
        if uri in self.built or uri in self.files.docs or uri in self.copied:
            return True
        if uri in self.files.theme:
            return True
        return uri in self.generated

    def problems(self) -> list[Problem]:
        found: list[Problem] = []
        found += self._hidden_pages()
        for item in self.corpus.files:
            if item.src_uri in self.built:
                found += self._links_of(item)
        for page in self.docs_pages.values():
            # the hand-written pages' links, as MkDocs', or why such a page cannot be read
            found += [page] if isinstance(page, Problem) else self._links_of(page)
        return found

    @cached_property
    def docs_pages(self) -> dict[str, ContentFile | Problem]:
        """The docs/ pages the build renders (`check_scope.docs_pages`), read once, by
        source URI."""
        return dict(docs_pages(self.files.docs, self.files.excluded, self.corpus.settings))

    def _hidden_pages(self) -> list[Problem]:
        """The build's warning for each generated page a docs file hides (same source URI
        or same output path), at the briefing for a briefing's page, else at the docs file."""
        plan = self._planned()
        # As the build: an excluded file hides a page only by its source URI.
        docs = {uri: docs_dest(plan.table, uri) for uri in self.files.docs
                if uri not in self.files.excluded or uri in plan.specs}  # fmt: skip
        found = []
        for hidden in hidden_pages(plan, plan.table, docs):
            briefing = hidden.spec.briefing
            if briefing is not None:
                path = briefing.path
            else:
                path = self.corpus.settings.relative(self.files.docs[hidden.docs_uri])
            found.append(Problem(path, 1, "file", hidden.message, "warning"))
        return found

    def _links_of(self, item: ContentFile) -> Iterable[Problem]:
        for link in item.body.analysis.links:
            problem = self._link(item, link.target)
            if problem is None:
                continue
            key, message = problem
            if self.levels.get(key) == "warn":
                yield Problem(item.path, item.body.file_line(link.line), "body", message,
                              "warning")  # fmt: skip

    def _link(self, item: ContentFile, url: str) -> tuple[LinkCheck, str] | None:
        """(validation key, message) for a link MkDocs would report, else None."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme or parts.netloc:
            return None
        if url.startswith(("/", "\\")):
            return ("absolute_links", f"absolute link '{url}' is left as is by the build; "
                    "write it relative to the briefing (e.g. ../index.md)")  # fmt: skip
        if "\x02amp\x03" in url or not parts.path:
            if parts.fragment and parts.fragment not in self._ids(item.src_uri):
                return ("anchors", f"link '{url}': this page has no anchor "
                        f"'#{parts.fragment}'")  # fmt: skip
            return None
        path = unquote(parts.path)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(item.src_uri), path))
        target = target.lstrip("/")
        if self._exists(target):
            if target in self.files.excluded:
                return None
            # MkDocs checks the anchors of pages only, never of files (`report.pdf#page=3`)
            page = target.lower().endswith(MARKDOWN_SUFFIXES)
            if page and parts.fragment and parts.fragment not in self._ids(target):
                return ("anchors", f"link '{url}': the page '{target}' has no anchor "
                        f"'#{parts.fragment}'")  # fmt: skip
            return None
        if target in self.files.excluded:
            return None
        if target in self.drafts:
            return ("not_found", f"link '{url}' goes to a draft (status: draft), which the "
                    "build leaves out; publish it first, or set include_drafts")  # fmt: skip
        if not posixpath.splitext(path)[-1]:
            return ("unrecognized_links", f"relative link '{url}' names no file of the site; "
                    "link the page's .md file (e.g. other-briefing.md)")  # fmt: skip
        settings = self.corpus.settings
        on_disk = (settings.root / item.path).parent / path
        if item.src_uri in self.by_src and self.probes.ask(on_disk)[0]:
            outside = (
                settings.source_dir.resolve() not in located(settings.root / item.path).parents
            )
            return ("not_found", uncopied_message(url, on_disk, settings, outside))
        return ("not_found", f"link '{url}': no page or file of the site is at "
                f"'{target}'")  # fmt: skip

    def _ids(self, uri: str) -> frozenset[str]:
        """Anchors of the page at `uri` as MkDocs collects them while rendering it."""
        if uri not in self._doc_ids:
            self._doc_ids[uri] = self._compute_ids(uri)
        return self._doc_ids[uri]

    def _compute_ids(self, uri: str) -> frozenset[str]:
        page = self.docs_pages.get(uri)
        if isinstance(page, ContentFile):
            return page.body.analysis.id_set
        item = self.built.get(uri)
        if item is not None:
            return item.body.analysis.id_set
        return frozenset()  # other generated pages have no body of their own
