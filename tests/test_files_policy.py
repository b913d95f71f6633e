"""Which files are read and copied: links, sizes and types in briefings/ and docs/."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from briefings.content.files import ASSET_SUFFIXES, scan_content
from briefings.content.loader import load_corpus
from briefings.model.settings import Settings

from .helpers import REPO, build, edit_config, parse
from .sites import write_site

pytestmark = [pytest.mark.timeout(300), pytest.mark.build]

OK = "---\ntitle: T\ndate: 2022-01-01\nsummary: S\nsources: [{name: A, note: N}]\n---\n"
OUTSIDE = "is a symbolic link to a path outside the repository"


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0\0"))
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "briefings").mkdir(parents=True)
    for name in ("stories.yml", "entities.yml"):
        (root / "briefings" / name).write_bytes((REPO / "briefings" / name).read_bytes())
    return root


def problems(root: Path, **options: object) -> list[str]:
    settings = Settings(root=root, entity_kinds={"equipment": "Equipment"}, **options)  # type: ignore[arg-type]
    return [str(p) for p in load_corpus(settings).problems]


# -- briefings/: the core's rules ----------------------------------------------------------


def test_a_link_to_a_file_inside_the_repository_is_read(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "drafts").mkdir()
    (root / "drafts" / "2022-01-01-kept.md").write_text(OK)
    (root / "briefings" / "2022-01-01-kept.md").symlink_to("../drafts/2022-01-01-kept.md")
    corpus = load_corpus(Settings(root=root, entity_kinds={"equipment": "Equipment"}))
    assert corpus.problems == []
    assert [b.slug for b in corpus.briefings] == ["2022-01-01-kept"]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/etc/passwd", OUTSIDE),
        ("/dev/zero", OUTSIDE),
        ("/proc/self/environ", OUTSIDE),
        ("../../secret.md", OUTSIDE),
        ("missing.md", "is a symbolic link to nothing (its target does not exist)"),
        ("..", "is a symbolic link to a folder"),  # the repository folder itself
    ],
)
def test_links_outside_the_repository_or_to_non_files_are_refused(
    tmp_path: Path, target: str, message: str
) -> None:
    root = repo(tmp_path)
    (tmp_path / "secret.md").write_text(OK)
    (root / "briefings" / "2022-01-01-link.md").symlink_to(target)
    (found,) = problems(root)
    assert found.startswith(f"briefings/2022-01-01-link.md:1: file: {message}")


def test_linked_folders_and_a_linked_briefings_folder_are_refused(tmp_path: Path) -> None:
    root = repo(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "2022-01-01-x.md").write_text(OK)
    (root / "briefings" / "more").symlink_to(elsewhere)
    assert problems(root) == [
        "briefings/more:1: file: is a symbolic link to a folder; folders are not followed "
        "through links: commit the folder itself"
    ]
    other = repo(tmp_path / "other")
    os.rename(other / "briefings", tmp_path / "real-briefings")
    (other / "briefings").symlink_to(tmp_path / "real-briefings")
    found = problems(other)
    assert found[0] == (
        "briefings:1: file: is a symbolic link; the briefings folder must be a real folder "
        "in the repository"
    )
    # The registries in the linked folder are refused too, not read.
    assert all("folder that is a symbolic link" in p for p in found[1:]) and len(found) == 3


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    root = repo(tmp_path)
    big = OK + "x" * 2_000_001
    (root / "briefings" / "2022-01-01-big.md").write_text(big)
    (root / "briefings" / "photo.jpg").write_bytes(b"\xff" * 2_000_001)
    assert problems(root) == [
        f"briefings/2022-01-01-big.md:1: file: is {len(big):,} bytes; the limit is 2,000,000 "
        "(plugin option max_file_size in mkdocs.yml)",
        "briefings/photo.jpg:1: file: is 2,000,001 bytes; the limit is 2,000,000 (plugin "
        "option max_file_size in mkdocs.yml)",
    ]
    assert problems(root, max_file_bytes=3_000_000) == []


def test_a_registry_over_the_limit_is_refused(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "briefings" / "stories.yml").write_text("# " + "x" * 200 + "\n")
    size = (root / "briefings" / "entities.yml").stat().st_size
    assert problems(root, max_file_bytes=100) == [
        f"briefings/entities.yml:1: file: is {size:,} bytes; the limit is 100 (plugin option "
        "max_file_size in mkdocs.yml)",
        "briefings/stories.yml:1: file: is 203 bytes; the limit is 100 (plugin option "
        "max_file_size in mkdocs.yml)",
    ]


@pytest.mark.parametrize("name", ["evil.html", "x/evil.svg", "script.js", "page.htm", "feed.xml",
                                  "style.css", "data.json", "notes", "2022-01-01-x.MD"])  # fmt: skip
def test_only_allowed_types_may_sit_beside_briefings(tmp_path: Path, name: str) -> None:
    root = repo(tmp_path)
    (root / "briefings" / name).parent.mkdir(parents=True, exist_ok=True)
    (root / "briefings" / name).write_text("<script>alert(1)</script>")
    (found,) = problems(root)
    assert found.startswith(f"briefings/{name}:1: file: is not a type that is copied into the site")
    allowed = found.split(": file: ")[1]
    assert ".png" in allowed and ".pdf" in allowed and ".svg" not in allowed


def test_assets_beside_briefings_are_listed_and_underscore_names_ignored(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "briefings" / "x").mkdir()
    for name in (
        "photo.JPG",
        "x/map.png",
        "x/report.pdf",
        "x/clip.webm",
        "_notes.html",
        ".DS_Store",
    ):
        (root / "briefings" / name).write_bytes(b"data")
    (root / "briefings" / "_private").mkdir()
    (root / "briefings" / "_private" / "evil.html").write_text("<script>")
    settings = Settings(root=root)
    found = scan_content(settings.source_dir, root, 100, settings.relative)
    assert found.problems == []
    assert [p.relative_to(root / "briefings").as_posix() for p in found.assets] == [
        "photo.JPG", "x/clip.webm", "x/map.png", "x/report.pdf"
    ]  # fmt: skip
    assert {".png", ".jpg", ".pdf", ".webp"} <= ASSET_SUFFIXES
    assert not {".svg", ".html", ".js", ".xml", ".css"} & ASSET_SUFFIXES


# -- the build ---------------------------------------------------------------------------


def test_images_beside_a_briefing_are_copied_and_links_to_them_work(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site")
    slug = "2022-06-25-moscow-missiles-belarus"
    (site / "briefings" / slug).mkdir()
    (site / "briefings" / slug / "map.png").write_bytes(png())
    (site / "briefings" / "photo.png").write_bytes(png())
    (site / "briefings" / "report.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    path = site / "briefings" / f"{slug}.md"
    path.write_text(path.read_text() + f"\n![Map]({slug}/map.png)\n\n![Photo](photo.png)\n\n"
                    "[The report](report.pdf)\n")  # fmt: skip
    for urls in (True, False):
        edit_config(site, use_directory_urls=urls)
        build(site)
        page = site / "site" / "briefings" / (f"{slug}/index.html" if urls else f"{slug}.html")
        tree = parse(page)
        links = tree.xpath("//article//img/@src") + tree.xpath(
            "//article//a[text()='The report']/@href"
        )
        assert len(links) == 3, links
        for link in links:
            assert (page.parent / link).resolve().is_file(), link


def docs_site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site")


def test_docs_index_may_link_to_the_readme(tmp_path: Path) -> None:
    site = docs_site(tmp_path)
    (site / "README.md").write_text("# Read me\n\nThe linked home page.\n")
    (site / "docs" / "index.md").unlink()
    (site / "docs" / "index.md").symlink_to("../README.md")
    build(site)
    assert "The linked home page." in (site / "site" / "index.html").read_text()


@pytest.mark.parametrize("target", ["/etc/passwd", "outside-folder", "/dev/zero"])
def test_links_in_docs_to_outside_or_non_files_stop_the_build_before_copying(
    tmp_path: Path, target: str
) -> None:
    site = docs_site(tmp_path)
    outside = tmp_path / "outside-folder"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (site / "docs" / "leak").symlink_to(outside if target == "outside-folder" else target)
    result = build(site, check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"docs/leak:1: file: {OUTSIDE}" in result.stderr
    assert not (site / "site" / "leak").exists()


@pytest.mark.parametrize("name", ["evil.html", "img/evil.svg", "x.js", "feed.xml"])
def test_unlisted_active_files_in_docs_stop_the_build(tmp_path: Path, name: str) -> None:
    site = docs_site(tmp_path)
    (site / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
    (site / "docs" / name).write_text("<svg onload=alert(1)></svg>")
    result = build(site, check=False)
    assert result.returncode != 0
    assert (
        f"docs/{name}:1: file: is not a type that is copied into the site from docs/"
        in result.stderr
    )
    assert "1 file(s) refused" in result.stderr


def test_the_maintainers_own_files_still_work(tmp_path: Path) -> None:
    site = docs_site(tmp_path)
    docs = site / "docs"
    (docs / "css").mkdir()
    (docs / "css" / "extra.css").write_text("body { color: black; }\n")
    (docs / "js").mkdir()
    (docs / "js" / "extra.js").write_text("console.log('own');\n")
    (docs / "diagrams").mkdir()
    (docs / "diagrams" / "flow.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (docs / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (docs / "CNAME").write_text("briefings.example.org\n")
    (site / "overrides").mkdir()
    (site / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Own override{% endblock %}\n'
    )
    text = (site / "mkdocs.yml").read_text()
    text = text.replace(
        "  - briefings:\n", "  - briefings:\n      allow_files: ['diagrams/*.svg']\n"
    )
    text = text.replace("theme:\n  name: material\n",
                        "theme:\n  name: material\n  custom_dir: overrides\n  logo: logo.svg\n")  # fmt: skip
    (site / "mkdocs.yml").write_text(
        text + "extra_css: [css/extra.css]\nextra_javascript: [js/extra.js]\n"
    )
    build(site)
    out = site / "site"
    for name in ("css/extra.css", "js/extra.js", "diagrams/flow.svg", "logo.svg", "CNAME"):
        assert (out / name).is_file(), name
    assert "Own override" in (out / "index.html").read_text()
    assert (out / "assets" / "briefings" / "javascripts" / "briefings.js").is_file()


def test_pipes_are_never_opened_directly_or_through_a_link(tmp_path: Path) -> None:
    root = repo(tmp_path)
    os.mkfifo(root / "pipe")  # opening it for reading would wait for ever
    os.mkfifo(root / "briefings" / "2022-01-02-pipe.md")
    (root / "briefings" / "2022-01-01-link.md").symlink_to("../pipe")
    assert problems(root) == [
        "briefings/2022-01-01-link.md:1: file: is a symbolic link to something that is not a "
        "regular file (a folder, a device, ...); links are followed only to files",
        "briefings/2022-01-02-pipe.md:1: file: is not a regular file (a device, a pipe, ...)",
    ]


def test_a_briefings_folder_outside_the_repository_is_named_as_such(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "2022-01-01-x.md").write_text(OK)
    settings = Settings(root=root, briefings_dir="../shared")
    (found,) = [str(p) for p in load_corpus(settings).problems]
    assert found.endswith(
        "2022-01-01-x.md:1: file: is outside the repository (the folder holding mkdocs.yml)"
    )
