"""Folders as the picker lists them (photos first, newest first) and path completion."""

from __future__ import annotations

import os
from pathlib import Path

from field_app.photo_folders import complete_path, list_folder, start_folder


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "DCIM"
    (folder / "Cu").mkdir(parents=True)
    (folder / "album").mkdir()
    for n, name in enumerate(["IMG_0001.jpg", "IMG_0003.JPG", "so-do.png"]):
        (folder / name).write_bytes(b"x" * (n + 1))
        os.utime(folder / name, (1_700_000_000 + n * 60, 1_700_000_000 + n * 60))
    (folder / "bien-ban.pdf").write_bytes(b"%PDF")
    (folder / ".thumbnails").mkdir()
    (folder / ".hidden.jpg").write_bytes(b"x")
    return folder


def test_photos_come_first_newest_first_then_folders_then_files(tmp_path: Path) -> None:
    listing = list_folder(_folder(tmp_path))
    names = [e.path.name for e in listing.entries]
    assert names == ["so-do.png", "IMG_0003.JPG", "IMG_0001.jpg", "album", "Cu", "bien-ban.pdf"]
    assert [e.kind for e in listing.entries] == ["photo"] * 3 + ["folder"] * 2 + ["file"]
    assert (listing.photos, listing.folders, listing.files, listing.left_out) == (3, 2, 1, 0)


def test_a_huge_folder_is_cut_and_counted(tmp_path: Path) -> None:
    listing = list_folder(_folder(tmp_path), limit=4)
    assert len(listing.entries) == 4 and listing.left_out == 2


def test_an_unreadable_folder_says_why(tmp_path: Path) -> None:
    listing = list_folder(tmp_path / "not-there")
    assert listing.entries == [] and listing.error


def test_a_typed_path_completes_to_a_photo_or_a_folder(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert complete_path(f"{folder}/IMG") == f"{folder}/IMG_0003.JPG"  # newest photo first
    assert complete_path(f"{folder}/al") == f"{folder}/album/"
    assert complete_path(f"{folder}/bi") == f"{folder}/bien-ban.pdf"
    assert complete_path(f"{folder}/zz") is None
    assert complete_path(f"{folder}/") is None
    assert complete_path(f"{tmp_path}/D") == f"{tmp_path}/DCIM/"


def test_the_picker_starts_where_the_last_photo_came_from(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert start_folder(str(folder)) == folder
    fallback = start_folder(str(tmp_path / "gone"))  # unplugged USB stick: pictures or home
    assert fallback.is_dir() and fallback != tmp_path / "gone"
