"""Files -> validated briefings + every problem found, in one pass over the content.

Each file is read once; its body is analysed once (`content/body/`) and the analysis is
reused by the graph, hygiene and `briefings check`. Body rules checked here, so both the
build and `check` stop on them: element ids starting with `__` (the theme's own), remote
resources (a warning, an error with `remote_resources: error`), skeleton placeholders.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from briefings.content import forked, limits, references
from briefings.content import located_yaml as yamlsource
from briefings.content.body import BodySource, compact, expand
from briefings.content.briefing_data import build_briefing
from briefings.content.cache import BuildCache, content_context, digest
from briefings.content.cache_shared import shared_get
from briefings.content.file_rules import (
    body_problems,
    placeholder_problems,
    semantic_problems,
    tag_problems,
)
from briefings.content.files import (
    ContentFiles,
    FileProblem,
    read_text,
    scan_content,
    split_front_matter,
)
from briefings.content.located_yaml import Located
from briefings.content.mistakes import Suggestions, cut_values, yaml_problem
from briefings.content.registries import Registries, load_registries
from briefings.content.rules import schema_problems
from briefings.content.schema import (
    SLUG_RE,
    briefing_validator,
    fast_briefing_check,
)
from briefings.content.slugs import reserved_message
from briefings.model.content import Briefing, Entity, Story
from briefings.model.problems import Problem, Severity, sort_problems
from briefings.model.settings import Settings


@dataclass(frozen=True)
class ContentFile:
    """One briefing file that parsed: its path (relative to the site root), slug, source
    URI in the site (`briefings/...`), front matter, body, status and, when it has no
    errors of its own, the briefing."""

    path: str
    slug: str
    src_uri: str
    doc: Located
    body: BodySource
    draft: bool
    briefing: Briefing | None


@dataclass
class Corpus:
    """Everything loaded from a site's content folder."""

    settings: Settings
    briefings: list[Briefing] = field(default_factory=list)
    stories: dict[str, Story] = field(default_factory=dict)
    entities: dict[str, dict[str, Entity]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    documents: dict[str, Located] = field(default_factory=dict)  # path -> parsed front matter
    assets: list[Path] = field(default_factory=list)  # files beside briefings, copied as they are
    files: list[ContentFile] = field(default_factory=list)  # every briefing file that parsed
    #: `problems` in parts: path -> those of each briefing file's own text (as
    #: `file_problems`), and the others (registries, the folder, checks across files);
    #: `hinted`: whether a check asked for a did-you-mean (a budget the load shares)
    own: dict[str, list[Problem]] = field(default_factory=dict)
    across: list[Problem] = field(default_factory=list)
    hinted: bool = False

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the build."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems reported without stopping the build."""
        return [p for p in self.problems if not p.is_error]


@dataclass
class _Parsed:
    """A briefing file after parsing, before cross-file checks."""

    rel: str
    doc: Located
    slug: str
    briefing: Briefing | None  # None when the file has errors of its own
    src_uri: str = ""
    body: BodySource = field(default_factory=lambda: BodySource("", 1))


def _scan(settings: Settings) -> ContentFiles:
    return scan_content(settings.source_dir, settings.root, settings.max_file_bytes,
                        settings.relative)  # fmt: skip


def load_corpus(
    settings: Settings, extra: Sequence[Path] = (), cache: BuildCache | None = None
) -> Corpus:
    """Load registries and briefings and report every problem at once.

    `extra`: briefing files outside the content folder (e.g. written by `import --out`),
    loaded as if they were directly in it; problems name them by their own path.
    `cache`: the build cache; each file's own results (front matter, problems, briefing,
    body analysis) come from it when the file's text is unchanged, and are stored in it
    otherwise. Checks across files (slugs, tags, references) always run.
    """
    reg = _registries(settings, cache)
    corpus = Corpus(settings, stories=reg.stories, entities=reg.entities)
    scan = _scan(settings)
    problems = [*reg.problems, *scan.problems]
    suggest = Suggestions()
    parsed: list[_Parsed] = []
    # Files inside the content folder may only link to regular files inside the site;
    # a file named on the command line (`check FILE`) is read where it is.
    inside = [
        (file, file.relative_to(settings.source_dir).as_posix(), settings.root)
        for file in scan.briefings
    ]
    outside = [(file, file.name, None) for file in extra]
    for item, found in _load_files(settings, [*inside, *outside], suggest, cache):
        if item is not None:
            parsed.append(item)
        corpus.own[item.rel if item is not None else found[0].path] = found
    problems.extend(references.duplicate_slugs(parsed))
    problems.extend(tag_problems((p.rel, p.doc) for p in parsed))
    known = references.Known.of(settings, reg, {p.slug for p in parsed})
    for item in parsed:
        problems.extend(references.unknown_references(item, known, suggest))
    if not settings.include_drafts:
        problems.extend(references.related_drafts(parsed))
    corpus.hinted = suggest.asked > 0
    corpus.across = problems
    problems = [*problems, *(p for found in corpus.own.values() for p in found)]
    corpus.briefings = sorted(
        (p.briefing for p in parsed if p.briefing is not None),
        key=lambda b: (b.date, b.slug),
        reverse=True,
    )
    corpus.problems = sort_problems(problems)
    corpus.documents = {item.rel: item.doc for item in parsed}
    corpus.assets = scan.assets
    corpus.files = [
        ContentFile(p.rel, p.slug, p.src_uri, p.doc, p.body,
                    p.doc.data.get("status") == "draft", p.briefing)
        for p in parsed
    ]  # fmt: skip
    return corpus


_Result = tuple[_Parsed | None, list[Problem]]
REGISTRIES = "registries"  # cache namespace: both registries read and checked


def _registries(settings: Settings, cache: BuildCache | None) -> Registries:
    """Both registries, from `cache` when their text, the settings and the code are
    those of the last build (schema checks of 600 entities cost a second)."""
    if cache is None or not cache.enabled:
        return load_registries(settings)
    key = content_context(settings)  # the code, the settings and both files' text
    found = cache.get(REGISTRIES, key)
    if not isinstance(found, Registries):
        found = load_registries(settings)
        cache.put(REGISTRIES, key, found)
    return found


def file_problems(settings: Settings, file: Path, text: str) -> list[Problem]:
    """The problems of one briefing's own `text`, as if it were `file` directly in the
    content folder (no checks across files: slugs, tags, references): what
    `briefings new` checks before writing."""
    return _parse_file(settings, file, settings.relative(file), file.name, text, Suggestions())[1]


PARALLEL_MINIMUM = 200  # files to load below which no process is forked


@dataclass
class _Job:
    """One briefing file to load: where it is, and what reading it gave."""

    file: Path
    inner: str  # its path as if in the content folder
    root: Path | None
    rel: str = ""  # `text`: what `_parse_alone` parses; `key`: its key in the cache
    text: str | None = None
    key: str = ""


def _load_files(settings: Settings, files: Sequence[tuple[Path, str, Path | None]],
                suggest: Suggestions, cache: BuildCache | None) -> list[_Result]:  # fmt: skip
    """`_load_file` of each of `files` (path, inner path, root), in order. With many
    files to parse and more than one CPU, the files not in `cache` are parsed in forked
    processes (`forked.fork_map`) too; a file whose checks asked for did-you-mean hints
    is parsed again here, in order, so the load's shared budget of hints is spent as in
    one process. The results are those of one process."""
    if len(files) < PARALLEL_MINIMUM or forked.processes() < 2:
        return [_load_file(settings, f, inner, suggest, root, cache) for f, inner, root in files]
    results: list[_Result | None] = []  # None: parsed below
    jobs: list[_Job] = []
    for file, inner, root in files:
        job = _Job(file, inner, root, settings.relative(file))
        try:
            job.text = read_text(file, root, settings.max_file_bytes)
        except FileProblem as exc:
            results.append((None, [exc.problem(job.rel)]))
            continue
        if cache is not None and cache.enabled:
            job.key = digest(job.rel, inner, job.text)
            entry = cache.get("file", job.key)
            if entry is not None:
                results.append(_restored(entry, job.rel, job.text))
                continue
        results.append(None)
        jobs.append(job)
    parse = partial(_parse_alone, settings, os.getpid())
    parsed = forked.fork_map(parse, jobs, minimum=PARALLEL_MINIMUM // 2)
    done = iter(zip(jobs, parsed, strict=True))
    for index, result in enumerate(results):
        if result is not None:
            continue
        job, (blob, made) = next(done)
        assert job.text is not None
        if blob is None:  # it asked for hints: parsed here, in order
            results[index] = _parse_file(settings, job.file, job.rel, job.inner, job.text, suggest)
            continue
        if cache is not None:
            cache.put_blob("file", job.key, blob)
        results[index] = made or _restored(pickle.loads(blob), job.rel, job.text)
    return [r for r in results if r is not None]


def _parse_alone(settings: Settings, parent: int, job: _Job) -> tuple[bytes | None, _Result | None]:
    """`job` parsed: its pickled `_entry` (None: it asked for hints), in `parent` its result."""
    assert job.text is not None
    suggest = Suggestions()
    result = _parse_file(settings, job.file, job.rel, job.inner, job.text, suggest)
    if suggest.asked:
        return None, None
    blob = pickle.dumps(_entry(result), protocol=pickle.HIGHEST_PROTOCOL)
    return blob, result if os.getpid() == parent else None


def _load_file(settings: Settings, file: Path, inner: str, suggest: Suggestions,
               root: Path | None, cache: BuildCache | None) -> _Result:  # fmt: skip
    """Read one briefing file and parse it, or take its results from `cache`. A file
    whose checks asked for did-you-mean hints is not cached: the load's shared budget of
    hints makes its result depend on the files before it."""
    rel = settings.relative(file)
    try:
        text = read_text(file, root, settings.max_file_bytes)
    except FileProblem as exc:  # checked on every load: the file system is no content
        return None, [exc.problem(rel)]
    if cache is None or not cache.enabled:
        return _parse_file(settings, file, rel, inner, text, suggest)
    key = digest(rel, inner, text)
    entry = shared_get(cache, "file", key)  # `_restored` changes no part of it
    if entry is not None:
        return _restored(entry, rel, text)
    asked = suggest.asked
    result = _parse_file(settings, file, rel, inner, text, suggest)
    if suggest.asked == asked:
        cache.put("file", key, _entry(result))
    return result


def _entry(result: _Result) -> tuple:
    """What the cache keeps of a file's result: no body text (the file has it)."""
    item, problems = result
    if item is None:
        return (None, problems)
    briefing = replace(item.briefing, body="") if item.briefing is not None else None
    return (item.doc, item.slug, briefing, item.src_uri, compact(item.body.analysis), problems)


def _restored(entry: tuple, rel: str, text: str) -> _Result:
    if entry[0] is None:
        return None, entry[1]
    doc, slug, briefing, src_uri, analysis, problems = entry
    split = split_front_matter(text)
    body = BodySource(split.body, split.body_line, expand(analysis, split.body))
    if briefing is not None:
        briefing.body = split.body
    return _Parsed(rel, doc, slug, briefing, src_uri, body), problems


def _parse_file(
    settings: Settings, file: Path, rel: str, inner: str, text: str, suggest: Suggestions
) -> _Result:
    try:
        split = split_front_matter(text)
    except FileProblem as exc:
        return None, [exc.problem(rel)]
    src_uri = f"{settings.briefings_dir.strip('/')}/{inner}"
    body = BodySource(split.body, split.body_line)
    try:
        doc = yamlsource.load(split.front_matter, split.front_line)
    except yamlsource.YamlError as exc:
        # The body is checked all the same: one run reports everything.
        problems = [yaml_problem(exc, text.split("\n"), rel), *_body_checks(settings, body, rel)]
        problems.extend(placeholder_problems(Located({}), body, rel))
        return _unreadable(rel, file, src_uri, body), problems
    front_lines = text.split("\n", split.body_line - 1)[: split.body_line - 1]
    doc.lines.setdefault((), 1)
    doc.lines[()] = 1  # a missing key is reported at the opening '---'
    problems = [
        Problem(rel, line, yamlsource.field_name(where) or "file", message)
        for line, where, message in doc.problems
    ]
    if not isinstance(doc.data, dict):
        problems.append(Problem(rel, 1, "file", "front matter must be a mapping of fields"))
        problems.extend(_body_checks(settings, body, rel))
        return _unreadable(rel, file, src_uri, body), problems
    kinds = tuple(settings.entity_kinds)
    severity: Severity = "error" if settings.unknown_fields == "error" else "warning"
    problems.extend(
        schema_problems(
            briefing_validator(kinds), doc, rel, severity, fast=fast_briefing_check(kinds),
            suggest=suggest,
        )
    )  # fmt: skip
    problems.extend(semantic_problems(doc, rel))
    problems.extend(cut_values(doc, front_lines, rel))
    problems.extend(placeholder_problems(doc, body, rel))
    problems.extend(_body_checks(settings, body, rel))
    problems.extend(limits.text_problems(doc, rel, split.front_matter))
    given = doc.data.get("slug")
    slug: str = given if isinstance(given, str) else file.stem
    reserved = reserved_message(slug)
    if reserved:
        problems.append(Problem(rel, doc.line_of(("slug",)), "slug", reserved))
    elif not isinstance(given, str) and not SLUG_RE.match(slug):  # a given slug: the schema
        problems.append(
            Problem(
                rel,
                doc.line_of(("slug",)),
                "slug",
                f"file name '{file.name}' is not a valid slug; rename the file "
                "(lowercase a-z, 0-9 and hyphens) or set slug:",
            )
        )
    briefing = None
    if not any(p.is_error for p in problems):
        briefing = build_briefing(settings, doc.data, slug, rel, src_uri, split.body)
    return _Parsed(rel, doc, slug, briefing, src_uri, body), problems


def _body_checks(settings: Settings, body: BodySource, rel: str) -> list[Problem]:
    """The body's own problems (ids, remote resources, limits), whatever its front matter."""
    return [*body_problems(settings, body, rel),
            *limits.body_problems(body.text, body.first_line, rel)]  # fmt: skip


def _unreadable(rel: str, file: Path, src_uri: str, body: BodySource) -> _Parsed:
    """A file whose front matter could not be read: no fields, its body still checked
    (links and anchors too, by `briefings check`); its slug is the file's name."""
    doc = Located({}, {(): 1})
    return _Parsed(rel, doc, file.stem, None, src_uri, body)
