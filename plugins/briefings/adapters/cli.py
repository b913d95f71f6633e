"""The `briefings` command: finds mkdocs.yml, reads the plugin's options, dispatches.

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

from briefings.content.schema import briefing_schema, is_http_url
from briefings.model.dates import parse_full
from briefings.model.problems import format_github, format_json, format_text
from briefings.model.settings import Settings

if TYPE_CHECKING:
    from briefings.content.registries import Registries
    from briefings.model.content import Entity
    from briefings.tools.importer import ImportResult

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class UsageError(Exception):
    """A mistake in how the command was called (exit 2)."""


@dataclass(frozen=True)
class Site:
    config_file: Path
    settings: Settings
    site_dir: Path
    base_path: str  # path part of site_url, e.g. "/briefings/"


def find_config(start: Path) -> Path:
    """The nearest mkdocs.yml in `start` or a folder above it; `UsageError` if none."""
    found = _nearest_config(start)
    if found is None:
        raise UsageError(f"no mkdocs.yml in {start} or any folder above it (or use --config-file)")
    return found


def _nearest_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


def load_site(config_file: str | None) -> Site:
    """Read mkdocs.yml through the MkDocs adapter (MkDocs' own loader knows `!ENV`)."""
    from briefings.adapters.mkdocs_plugin.site_config import SiteConfigError, load_site_config

    path = Path(config_file) if config_file else find_config(Path.cwd())
    if not path.is_file():
        raise UsageError(f"{path}: no such config file")
    try:
        cfg = load_site_config(path)
    except SiteConfigError as exc:
        raise UsageError(str(exc)) from None
    return Site(cfg.config_file, cfg.settings, cfg.site_dir, cfg.base_path)


# -- commands --------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from briefings.content.registries import load_registries
    from briefings.tools.scaffold import Draft, file_name, render, source_from_url

    site = load_site(args.config_file)
    if args.source_url and not is_http_url(args.source_url):
        raise UsageError(f"--source-url must be an http:// or https:// address: {args.source_url}")
    known = load_registries(site.settings).stories
    for story in args.story:
        if story not in known:
            raise UsageError(f"unknown story '{story}' (stories: {', '.join(sorted(known))})")
    draft = Draft(
        title=args.title.strip(),
        date=args.date or dt.date.today(),
        sources=[source_from_url(args.source_url)],
        stories=list(args.story),
    )
    target = site.settings.source_dir / file_name(draft.title, draft.date)
    if not _write(target, render(draft, site.settings.kinds), args.force):
        return 1
    print(_shown(target))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from briefings.content.hygiene import hygiene_problems
    from briefings.content.loader import load_corpus

    site = load_site(args.config_file)
    scope = [_existing(p) for p in args.paths]
    corpus = load_corpus(site.settings)
    problems = corpus.problems if args.no_hygiene else [*corpus.problems, *hygiene_problems(corpus)]
    problems = sorted(set(p for p in problems if _in_scope(site.settings.root / p.path, scope)))
    output = {"text": format_text, "github": format_github, "json": format_json}[args.format]
    text = output(problems)
    if text:
        print(text)
    errors = sum(p.is_error for p in problems)
    if args.format == "text":
        warnings = len(problems) - errors
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def _existing(path: str) -> Path:
    resolved = Path(path).resolve()
    if not resolved.exists():
        raise UsageError(f"{path}: no such file or folder")
    return resolved


def _in_scope(file: Path, scope: Sequence[Path]) -> bool:
    if not scope:
        return True
    file = file.resolve()
    return any(file == s or s in file.parents for s in scope)


def cmd_schema(args: argparse.Namespace) -> int:
    site = load_site(args.config_file)
    print(json.dumps(briefing_schema(tuple(site.settings.entity_kinds)), indent=2))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
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
    print(f"title: {result.title}")
    for line in result.removed:
        print(f"removed: {line}")
    for kind, entities in result.suggested.items():
        if entities:
            print(f"suggested {kind}: {', '.join(e.slug for e in entities)}")
    for warning in result.warnings:
        print(f"warning: {warning}")
    print("check the summary, sources and suggestions before proposing it")


def cmd_bundle(args: argparse.Namespace) -> int:
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
        print(link)
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


def _date(value: str) -> dt.date:
    """A `--date` value: a full YYYY-MM-DD day, read by the model's one date parser."""
    try:
        return parse_full(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date written YYYY-MM-DD: {value!r}") from None


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config-file", "-f", metavar="FILE",
                        help="the site's mkdocs.yml (default: nearest one up)")  # fmt: skip
    parser = argparse.ArgumentParser(prog="briefings", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = sub.add_parser("new", parents=[common], help="start a new briefing from a skeleton",
                         description="Write briefings/<date>-<title-slug>.md with a commented "
                         "front-matter skeleton and print its path. An existing file is kept "
                         "(exit 1) unless --force is given.")  # fmt: skip
    new.add_argument("title", help="the headline")
    new.add_argument("--date", type=_date, help="briefing date, YYYY-MM-DD (default: today)")
    new.add_argument(
        "--story",
        action="append",
        default=[],
        metavar="SLUG",
        help="a story from stories.yml (repeatable; the first is the main story)",
    )
    new.add_argument(
        "--source-url",
        metavar="URL",
        help="http(s) address of the main source (its host becomes the name)",
    )
    new.add_argument(
        "--force", action="store_true", help="replace the file if one with the same name exists"
    )
    new.set_defaults(handler=cmd_new)

    check = sub.add_parser("check", parents=[common], help="validate content like the build",
                           description="Validate briefings and registries with the build's own "
                           "code, plus source hygiene warnings. Exit 0: no errors; 1: content "
                           "errors; 2: usage errors.")  # fmt: skip
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="report only on these files or folders (references still resolve "
                       "against the whole site)")  # fmt: skip
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text: path:line: field: message; github: workflow annotations; "
                       "json: a list of records")  # fmt: skip
    check.add_argument("--no-hygiene", action="store_true", help="skip source hygiene warnings")
    check.set_defaults(handler=cmd_check)

    schema = sub.add_parser("schema", parents=[common], help="print the site's JSON Schema",
                            description="Print the JSON Schema of this site's briefing front "
                            "matter, configured entity kinds included.")  # fmt: skip
    schema.set_defaults(handler=cmd_schema)

    imp = sub.add_parser("import", parents=[common], help="turn an article into a new briefing",
                         description="Turn a pasted article (UTF-8 text, first line the "
                         "headline) or a saved HTML page into briefings/<date>-<title-slug>.md: "
                         "site boilerplate removed, front matter prefilled, registered "
                         "entities suggested, and what was removed listed. A page that is not "
                         "an article is refused (exit 1). An existing file is kept (exit 1) "
                         "unless --force is given.")  # fmt: skip
    imp.add_argument("file", nargs="?", default="-", metavar="FILE",
                     help="text or HTML file; '-' or nothing reads standard input")  # fmt: skip
    imp.add_argument("--url", help="the article's http(s) address, recorded as the source url "
                     "(default: the page's canonical address)")  # fmt: skip
    imp.add_argument(
        "--source",
        metavar="NAME",
        help="outlet or author (default: the page's site name, else the host)",
    )
    imp.add_argument("--date", type=_date, help="briefing date, YYYY-MM-DD (default: today)")
    imp.add_argument(
        "--html",
        action="store_true",
        help="read FILE as an HTML page (implied by .html and .htm names)",
    )
    imp.add_argument("--out", metavar="DIR", help="folder to write to (default: briefings/)")
    imp.add_argument(
        "--force", action="store_true", help="replace the file if one with the same name exists"
    )
    imp.set_defaults(handler=cmd_import)

    bun = sub.add_parser("bundle", parents=[common], help="zip the offline edition",
                         description="Zip the offline edition (built with OFFLINE=true mkdocs "
                         "build) into one file readers unzip and open from disk: one top "
                         "folder named after the zip, index.html inside, the same bytes for "
                         "the same site. A site not built as the offline edition is refused. "
                         "An existing zip is kept (exit 1) unless --force is given.")  # fmt: skip
    bun.add_argument(
        "--site-dir",
        metavar="DIR",
        help="the built offline edition (default: site_dir of mkdocs.yml)",
    )
    bun.add_argument(
        "--out",
        metavar="FILE",
        help="the zip to write (default: briefings-offline.zip beside mkdocs.yml)",
    )
    bun.add_argument("--force", action="store_true", help="replace an existing zip file")
    bun.set_defaults(handler=cmd_bundle)

    link = sub.add_parser("linkcheck", parents=[common], help="check internal links of a build",
                          description="Check that every internal href/src in the built HTML "
                          "(relative, or absolute under the path of site_url) names a file of "
                          "the site. Prints 'page: link' per broken link; "
                          "exit 1 if any.")  # fmt: skip
    link.add_argument("site_dir", nargs="?", metavar="SITE_DIR",
                      help="built site (default: site_dir of mkdocs.yml)")  # fmt: skip
    link.add_argument("--base-path", help="where the site is served, for links starting with "
                      "'/' (default: the path of site_url in mkdocs.yml, else '/')")  # fmt: skip
    link.set_defaults(handler=cmd_linkcheck)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
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
