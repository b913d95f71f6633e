"""The `briefings` command: finds the site's config, reads the plugin's options, dispatches.

The config is the nearest `properdocs.yml`, `properdocs.yaml`, `mkdocs.yml` or
`mkdocs.yaml` in the working folder or a folder above it, in ProperDocs' order of names
(`CONFIG_NAMES`); a folder with both a ProperDocs and a MkDocs config is refused (the two
engines would read different files), so `--config-file` must choose.

Exit codes: 0 success, 1 content problems (or a refused overwrite, or an imported page
that is not an article), 2 usage errors (a missing package and unreadable input too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefings.adapters import cli_args
from briefings.content.schema import briefing_schema, is_http_url
from briefings.model.problems import (
    Problem,
    escape_text,
    format_github,
    format_json,
    format_text,
)
from briefings.model.settings import Settings

if TYPE_CHECKING:
    from briefings.adapters.mkdocs_plugin.site_config import SiteConfig
    from briefings.content.registries import Registries
    from briefings.model.content import Entity
    from briefings.tools.importer import ImportResult

#: Config file names in the order ProperDocs tries them (`properdocs.config.base`); MkDocs
#: reads only the last two.
CONFIG_NAMES = ("properdocs.yml", "properdocs.yaml", "mkdocs.yml", "mkdocs.yaml")


class UsageError(Exception):
    """A mistake in how the command was called (exit 2)."""


@dataclass(frozen=True)
class Site:
    """The parts of a site's config the commands use (`load_site`)."""

    config_file: Path
    settings: Settings
    site_dir: Path
    base_path: str  # path part of site_url, e.g. "/briefings/"


def find_config(start: Path) -> Path:
    """The nearest config file (`CONFIG_NAMES`) in `start` or a folder above it.

    Raises `UsageError` if there is none, or if the nearest folder that has one holds both
    a ProperDocs (`properdocs.yml`) and a MkDocs (`mkdocs.yml`) config.
    """
    found = _nearest_config(start)
    if found is None:
        raise UsageError(
            f"no properdocs.yml or mkdocs.yml in {start} or any folder above it "
            "(or use --config-file)"
        )
    return found


def _nearest_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        present = [folder / name for name in CONFIG_NAMES if (folder / name).is_file()]
        if not present:
            continue
        engines = {path.name.split(".")[0] for path in present}
        if len(engines) > 1:
            names = " and ".join(path.name for path in present)
            raise UsageError(
                f"{folder} has {names}: `properdocs build` reads the first, `mkdocs build` "
                "the last; pass the one the site builds with as --config-file (or remove "
                "the other)"
            )
        return present[0]
    return None


def load_site(config_file: str | None) -> Site:
    """Read the site's config (`config_file`, else `find_config`) through the MkDocs
    adapter (MkDocs' own loader knows `!ENV`). Raises `UsageError`."""
    cfg = site_config(config_file)
    return Site(cfg.config_file, cfg.settings, cfg.site_dir, cfg.base_path)


def site_config(config_file: str | None) -> SiteConfig:
    """The whole `SiteConfig` of the adapter (`check` also needs docs files and levels)."""
    from briefings.adapters.mkdocs_plugin.site_config import SiteConfigError, load_site_config

    path = Path(config_file) if config_file else find_config(Path.cwd())
    if not path.is_file():
        raise UsageError(f"{path}: no such config file")
    try:
        return load_site_config(path)
    except SiteConfigError as exc:
        raise UsageError(str(exc)) from None


# -- commands --------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    """`briefings new TITLE`: write a briefing skeleton into the content folder and print
    its path, and on stderr the warnings `check` would give its date. Returns 0, or 1 when
    the file exists (no `--force`); raises `UsageError` for a bad `--source-url`, an unknown
    `--story`, or a title or date that `check` refuses (an empty title, a year after 2100)."""
    from briefings.content.file_rules import PLACEHOLDER_MESSAGE
    from briefings.content.hygiene import clean_address
    from briefings.content.loader import file_problems
    from briefings.content.registries import load_registries
    from briefings.tools.check import future_date_message
    from briefings.tools.scaffold import Draft, file_name, render, source_from_url

    site = load_site(args.config_file)
    if args.source_url and not is_http_url(args.source_url):
        raise UsageError(f"--source-url must be an http:// or https:// address: {args.source_url}")
    known = load_registries(site.settings).stories
    for story in args.story:
        if story not in known:
            raise UsageError(f"unknown story '{story}' (stories: {', '.join(sorted(known))})")
    url, changed = args.source_url, None
    if url:  # written as source hygiene wants it, as `import` does
        url, changed = clean_address(url, "--source-url")
    draft = Draft(
        title=args.title.strip(),
        date=args.date or dt.date.today(),
        sources=[source_from_url(url)],
        stories=list(args.story),
    )
    target = site.settings.source_dir / file_name(draft.title, draft.date)
    text = render(draft, site.settings.kinds)
    # What check refuses in what was given; the skeleton's placeholders are for the curator.
    refused = [p for p in file_problems(site.settings, target, text)
               if p.is_error and not p.message.startswith(PLACEHOLDER_MESSAGE)]  # fmt: skip
    if refused:
        reasons = dict.fromkeys(f"{p.field}: {escape_text(p.message)}" for p in refused)
        raise UsageError(f"nothing written: {'; '.join(reasons)}")
    if not _write(target, text, args.force):
        return 1
    print(_shown(target))
    if changed:
        print(f"changed: {escape_text(changed)}", file=sys.stderr)
    today = dt.date.today()
    late = future_date_message(draft.date, today, site.settings.future_margin_days)
    if late is not None:
        line = text.split("\n").index(f"date: {draft.date.isoformat()}") + 1
        warning = Problem(site.settings.relative(target), line, "date", late, "warning")
        print(format_text([warning]), file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """`briefings check [PATH ...]`: print every problem the strict build stops on
    (text, GitHub annotations or JSON). Returns 1 when there are errors (with `--strict`,
    warnings too), else 0; raises `UsageError` for a missing PATH, one that names nothing
    to check, or an unreadable config."""
    from briefings.adapters.mkdocs_plugin.file_policy import docs_problems
    from briefings.content import cache as build_cache
    from briefings.tools.check import SiteFiles, check_paths
    from briefings.tools.check_scope import NothingToCheck

    cfg = site_config(args.config_file)
    files = SiteFiles(cfg.docs_files, cfg.excluded_docs, cfg.use_directory_urls, cfg.validation,
                      theme=cfg.theme_files)  # fmt: skip
    scope = [_existing(p) for p in args.paths]
    docs = docs_problems(cfg.config_file)  # links and file types in docs/
    context = build_cache.content_context(cfg.settings)
    cache = build_cache.reuse(None, cfg.cache_dir, context, lazy=True)  # read if needed
    try:
        problems = check_paths(
            cfg.settings, files, scope, dt.date.today(), not args.no_hygiene,
            extra_problems=docs, cache=cache,
        )  # fmt: skip
    except NothingToCheck as exc:
        raise UsageError(str(exc)) from None
    cache.save()
    output = {"text": format_text, "github": format_github, "json": format_json}[args.format]
    text = output(problems)
    if text:
        print(text)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if args.format == "text":
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def _existing(path: str) -> Path:
    from briefings.tools.check import located

    resolved = located(Path(path))
    if not (resolved.exists() or resolved.is_symlink()):
        raise UsageError(f"{path}: no such file or folder")
    return resolved


def cmd_schema(args: argparse.Namespace) -> int:
    """`briefings schema`: print the JSON Schema of a briefing's front matter (with the
    site's entity kinds). Returns 0."""
    site = load_site(args.config_file)
    print(json.dumps(briefing_schema(tuple(site.settings.entity_kinds)), indent=2))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """`briefings import FILE`: turn a pasted article (text, or `--html` a saved page)
    into a briefing file and print its path and warnings. Returns 0, 1 for a page that is
    not an article or an existing file (no `--force`); raises `UsageError` for unreadable
    input or bad options."""
    from briefings.content.registries import load_registries
    from briefings.tools import importer
    from briefings.tools.importer.reading import DecodeError, decode_html, decode_text

    site = load_site(args.config_file)
    if args.url and not is_http_url(args.url):
        raise UsageError(f"--url must be an http:// or https:// address: {args.url}")
    html = args.html or args.file.lower().endswith((".html", ".htm", ".xhtml"))
    raw = _read_input(args.file)
    try:
        if html:
            importer.require_html()  # a missing package: one line, before any work
            article = importer.parse_html(decode_html(raw), args.url)
        else:
            article = importer.parse_text(decode_text(raw))
        result = importer.build(
            article,
            entities=_all_entities(load_registries(site.settings)),
            kinds=site.settings.kinds,
            date=args.date or dt.date.today(),
            url=args.url,
            source=args.source,
            extra_patterns=site.settings.boilerplate,
        )
    except importer.MissingDependency as exc:
        raise UsageError(str(exc)) from None
    except importer.NotAnArticle as exc:
        print(f"briefings: error: {args.file}: not an article: {exc}; nothing written",
              file=sys.stderr)  # fmt: skip
        return 1
    except (DecodeError, ValueError) as exc:  # includes re.error from import_boilerplate
        raise UsageError(f"{args.file}: {exc}") from None
    out = Path(args.out) if args.out else site.settings.source_dir
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    target = out / result.file_name
    if not _write(target, result.text, args.force):
        return 1
    _report_import(result, target)
    return 0


def _all_entities(registries: Registries) -> list[Entity]:
    return [e for members in registries.entities.values() for e in members.values()]


def _read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise UsageError(f"{name}: cannot be read: {exc.strerror or exc}") from None


def _report_import(result: ImportResult, target: Path) -> None:
    print(f"wrote {_shown(target)}")
    print(f"title: {escape_text(result.title)}")  # text from the article: escaped
    for line in result.removed:
        print(f"removed: {escape_text(line)}")
    for kind, entities in result.suggested.items():
        if entities:
            print(f"suggested {kind}: {', '.join(e.slug for e in entities)}")
    for warning in result.warnings:
        print(f"warning: {warning}")
    for change in result.changed:  # the file differs from the page: said on stderr
        print(f"changed: {escape_text(change)}", file=sys.stderr)
    print("check the summary, sources and suggestions before proposing it")


def cmd_bundle(args: argparse.Namespace) -> int:
    """`briefings bundle`: pack the built offline edition as a zip and print its path.
    Returns 0, or 1 when the zip exists (no `--force`); raises `UsageError` for a site that
    is missing or was not built as the offline edition."""
    from briefings.tools.bundle import BundleError, bundle

    site = load_site(args.config_file)
    site_dir = Path(args.site_dir) if args.site_dir else site.site_dir
    if not site_dir.is_dir():
        raise UsageError(f"{_shown(site_dir)}: no built site; build the offline edition first "
                         "(OFFLINE=true mkdocs build)")  # fmt: skip
    out = Path(args.out) if args.out else site.settings.root / "briefings-offline.zip"
    try:
        print(_shown(bundle(site_dir, out, force=args.force)))
    except FileExistsError as exc:
        print(f"briefings: error: {exc}; not overwritten (or pass --force)", file=sys.stderr)
        return 1
    except BundleError as exc:
        raise UsageError(str(exc)) from None
    return 0


def cmd_linkcheck(args: argparse.Namespace) -> int:
    """`briefings linkcheck`: check every link and anchor between the built pages
    and print the broken ones. Returns 1 when any is broken, else 0; raises `UsageError`
    when the site folder is missing."""
    from briefings.tools.linkcheck import check_site

    # Links starting with '/' (404.html has them) are resolved under site_url's path.
    # A folder and a base path need no config; a folder alone uses one if there is one.
    has_config = bool(args.config_file) or _nearest_config(Path.cwd()) is not None
    if args.site_dir and (args.base_path or not has_config):
        site_dir, base = Path(args.site_dir), args.base_path or "/"
    else:
        site = load_site(args.config_file)
        site_dir = Path(args.site_dir) if args.site_dir else site.site_dir
        base = args.base_path or site.base_path
    if not site_dir.is_dir():
        raise UsageError(f"{site_dir}: no such folder (run mkdocs build first)")
    broken = list(check_site(site_dir, base))
    for link in broken:
        print(escape_text(str(link)))  # links come from content
    print(f"{len(broken)} broken internal link(s)", file=sys.stderr)
    return 1 if broken else 0


# -- plumbing --------------------------------------------------------------------------


def _write(target: Path, text: str, force: bool) -> bool:
    from briefings.tools.scaffold import write_new

    try:
        write_new(target, text, force)
    except FileExistsError:
        print(f"briefings: error: {_shown(target)} exists; not overwritten "
              "(choose another title or date, or pass --force)", file=sys.stderr)  # fmt: skip
        return False
    return True


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def build_parser() -> argparse.ArgumentParser:
    """The `briefings` command line with its subcommands' handlers."""
    return cli_args.build_parser(
        {
            "bundle": cmd_bundle,
            "check": cmd_check,
            "import": cmd_import,
            "linkcheck": cmd_linkcheck,
            "new": cmd_new,
            "schema": cmd_schema,
        }
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `briefings` command with `argv` (default: `sys.argv[1:]`). Returns the exit
    code: 0 success, 1 problems, 2 usage errors (printed as `briefings: error: ...`), 130
    on Ctrl-C."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        code: int = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
    except UsageError as exc:
        print(f"briefings: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `briefings check | head`: the reader has had enough
        _silence_stdout()
        return 1
    return code


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush does not fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests capture it)
        pass
    finally:
        os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
