"""`briefings bundle`: only the offline edition, safe entry names, no silent overwrite."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from briefings.adapters.cli import main
from briefings.tools.bundle import OFFLINE_MARKER, BundleError, bundle, folder_name

from .helpers import build
from .sites import write_site


def fake_site(folder: Path, *, offline: bool = True) -> Path:
    (folder / "assets" / "briefings").mkdir(parents=True)
    (folder / "index.html").write_text("<p>hi</p>")
    if offline:
        (folder / OFFLINE_MARKER).write_text("{}")
    return folder


def names(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.namelist()


@pytest.mark.build
def test_the_offline_build_writes_the_marker_and_an_online_build_removes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = write_site(tmp_path / "src")
    monkeypatch.chdir(site)
    build(site, env={"OFFLINE": "true"})
    assert (site / "site" / OFFLINE_MARKER).is_file()
    assert main(["bundle"]) == 0
    zipped = names(site / "briefings-offline.zip")
    assert "briefings-offline/index.html" in zipped
    assert all(n.startswith("briefings-offline/") and ".." not in n.split("/") for n in zipped)

    # an online build into the same folder, even one that keeps old files, is not offline
    build(site, strict=False, options=["--dirty", "-q"])
    assert not (site / "site" / OFFLINE_MARKER).exists()
    capsys.readouterr()
    assert main(["bundle", "--out", str(tmp_path / "online.zip")]) == 2
    err = capsys.readouterr().err
    assert "was not built as the offline edition" in err
    assert "OFFLINE=true mkdocs build" in err
    assert not (tmp_path / "online.zip").exists()


def test_a_site_without_the_marker_is_refused(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site", offline=False)
    with pytest.raises(BundleError, match=r"not built as the offline edition .*OFFLINE=true"):
        bundle(site, tmp_path / "x.zip")
    with pytest.raises(BundleError, match=r"no index\.html"):
        bundle(tmp_path / "missing", tmp_path / "x.zip")


@pytest.mark.parametrize(
    ("out", "folder"),
    [
        ("..", "briefings-offline"),
        ("..zip", "briefings-offline"),
        ("...zip", "briefings-offline"),
        (".hidden.zip", "briefings-offline"),
        ("edition 2023.zip", "briefings-offline"),
        ("edition-2023.zip", "edition-2023"),
        ("../up/../edition.zip", "edition"),
    ],
)
def test_out_paths_never_make_entries_outside_the_folder(out: str, folder: str) -> None:
    assert folder_name(Path(out), Path("site")) == folder


def test_zip_entries_from_odd_out_names(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    (tmp_path / "out").mkdir()
    written = bundle(site, tmp_path / "out" / "..zip")
    assert names(written) == [f"briefings-offline/{OFFLINE_MARKER}", "briefings-offline/index.html"]
    with pytest.raises(BundleError, match="not a plain folder name"):
        bundle(site, tmp_path / "x.zip", name="../evil")


def test_an_existing_folder_or_file_is_never_replaced_silently(tmp_path: Path, capsys) -> None:
    site = fake_site(tmp_path / "site")
    folder = tmp_path / "taken.zip"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    for force in (False, True):
        with pytest.raises(BundleError, match="is a folder; give the zip's file name"):
            bundle(site, folder, force=force)
    assert (folder / "keep.txt").read_text() == "keep"
    code = main(["bundle", "--site-dir", str(site), "--out", str(folder), "--force",
                 "-f", str(write_site(tmp_path / "cfg") / "mkdocs.yml")])  # fmt: skip
    assert code == 2 and "is a folder" in capsys.readouterr().err

    file = tmp_path / "edition.zip"
    file.write_bytes(b"keep")
    with pytest.raises(FileExistsError):
        bundle(site, file)
    assert file.read_bytes() == b"keep"
    assert bundle(site, file, force=True) == file
    assert names(file)[0].startswith("edition/")
    assert not list(tmp_path.glob(".*partial"))  # no temporary file left behind


def test_symbolic_links_are_not_followed(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "site")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (site / "link.txt").symlink_to(secret)
    (site / "linked-folder").symlink_to(tmp_path, target_is_directory=True)
    assert "b/link.txt" not in names(bundle(site, tmp_path / "b.zip"))
    assert not any("linked-folder" in n for n in names(tmp_path / "b.zip"))
