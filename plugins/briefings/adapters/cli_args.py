"""The `briefings` command's arguments: subcommands, flags and their help texts."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Mapping

from briefings.model.dates import parse_full

Handler = Callable[[argparse.Namespace], int]


def parse_date(value: str) -> dt.date:
    """A `--date` value: a full `YYYY-MM-DD` day, by the model's one date parser."""
    try:
        return parse_full(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date written YYYY-MM-DD: {value!r}") from None


def build_parser(handlers: Mapping[str, Handler]) -> argparse.ArgumentParser:
    """The `briefings` command line; `handlers` maps each subcommand to its function."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config-file", "-f", metavar="FILE",
                        help="the site's properdocs.yml or mkdocs.yml (default: the "
                             "nearest one up)")  # fmt: skip
    parser = argparse.ArgumentParser(prog="briefings", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = sub.add_parser("new", parents=[common], help="start a new briefing from a skeleton",
                         description="Write briefings/<date>-<title-slug>.md with a commented "
                         "front-matter skeleton and print its path. An existing file is kept "
                         "(exit 1) unless --force is given.")  # fmt: skip
    new.add_argument("title", help="the headline")
    new.add_argument("--date", type=parse_date, help="briefing date, YYYY-MM-DD (default: today)")
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
    new.set_defaults(handler=handlers["new"])

    check = sub.add_parser("check", parents=[common], help="validate content like the build",
                           description="Check content as the build does (body links, anchors), "
                           "plus hygiene; a file outside briefings/ as if inside. Exit 0: no "
                           "errors (--strict: no warnings); 1: problems; 2: usage.")  # fmt: skip
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="report only on these files or folders (references still resolve "
                       "against the whole site)")  # fmt: skip
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text: path:line: field: message; github: workflow annotations; "
                       "json: a list of records")  # fmt: skip
    check.add_argument("--no-hygiene", action="store_true", help="skip source hygiene warnings")
    check.add_argument("--strict", action="store_true", help="warnings fail too (a strict build)")
    check.set_defaults(handler=handlers["check"])

    schema = sub.add_parser("schema", parents=[common], help="print the site's JSON Schema",
                            description="Print the JSON Schema of this site's briefing front "
                            "matter, configured entity kinds included.")  # fmt: skip
    schema.set_defaults(handler=handlers["schema"])

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
    imp.add_argument("--date", type=parse_date, help="briefing date, YYYY-MM-DD (default: today)")
    imp.add_argument(
        "--html",
        action="store_true",
        help="read FILE as an HTML page (implied by .html and .htm names)",
    )
    imp.add_argument("--out", metavar="DIR", help="folder to write to (default: briefings/)")
    imp.add_argument(
        "--force", action="store_true", help="replace the file if one with the same name exists"
    )
    imp.set_defaults(handler=handlers["import"])

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
    bun.set_defaults(handler=handlers["bundle"])

    link = sub.add_parser("linkcheck", parents=[common], help="check internal links of a build",
                          description="Check that every internal href/src in the built HTML "
                          "(relative, or absolute under the path of site_url) names a file of "
                          "the site. Prints 'page: link' per broken link; "
                          "exit 1 if any.")  # fmt: skip
    link.add_argument("site_dir", nargs="?", metavar="SITE_DIR",
                      help="built site (default: site_dir of mkdocs.yml)")  # fmt: skip
    link.add_argument("--base-path", help="where the site is served, for links starting with "
                      "'/' (default: the path of site_url in mkdocs.yml, else '/')")  # fmt: skip
    link.set_defaults(handler=handlers["linkcheck"])
    return parser
