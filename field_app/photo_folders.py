"""Folders as the photo picker shows them: photos first (newest first, as a camera
folder is usually looked at), then subfolders, then other files; and the completion
of a typed path.

The folder the officer last took a photo from is remembered per database
(`AttachmentRepo.last_folder`), so the next photo of the same visit is one key away.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from field_app.photos import PHOTO_SUFFIXES

MAX_ENTRIES = 1000
"""Entries listed at most (a phone's DCIM folder can hold thousands); the rest are
counted, and the officer can type a name."""

EntryKind = Literal["photo", "folder", "file"]


@dataclass(frozen=True)
class FolderEntry:
    """One row of the picker."""

    path: Path
    kind: EntryKind
    size: int = 0
    modified: float = 0.0


@dataclass(frozen=True)
class FolderListing:
    """What a folder holds, in the picker's order."""

    folder: Path
    entries: list[FolderEntry]
    photos: int
    folders: int
    files: int
    left_out: int = 0
    error: str = ""
    """Why the folder could not be read (no permission...), or ""."""


def is_photo_name(path: Path) -> bool:
    """Whether a file's name says it is a photo."""
    return path.suffix.lower() in PHOTO_SUFFIXES


def list_folder(folder: Path, limit: int = MAX_ENTRIES) -> FolderListing:
    """The folder's visible entries: photos newest first, then folders, then other
    files, each group by name; hidden entries (".name") are left out."""
    photos: list[FolderEntry] = []
    folders: list[FolderEntry] = []
    files: list[FolderEntry] = []
    try:
        with os.scandir(folder) as scan:
            for entry in scan:
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.is_dir():
                        folders.append(FolderEntry(Path(entry.path), "folder"))
                        continue
                    if not entry.is_file():
                        continue
                    stat = entry.stat()
                except OSError:  # vanished or unreadable while listing
                    continue
                path = Path(entry.path)
                kind: EntryKind = "photo" if is_photo_name(path) else "file"
                row = FolderEntry(path, kind, stat.st_size, stat.st_mtime)
                (photos if kind == "photo" else files).append(row)
    except OSError as exc:
        return FolderListing(folder, [], 0, 0, 0, error=exc.strerror or str(exc))
    photos.sort(key=lambda e: (-e.modified, e.path.name.lower()))
    folders.sort(key=lambda e: e.path.name.lower())
    files.sort(key=lambda e: e.path.name.lower())
    everything = photos + folders + files
    return FolderListing(
        folder,
        everything[:limit],
        len(photos),
        len(folders),
        len(files),
        left_out=max(0, len(everything) - limit),
    )


def complete_path(typed: str) -> str | None:
    """The typed path completed to the first entry it starts (photos, then folders,
    then files, as listed), keeping what was typed; a folder gets a trailing "/".
    None when nothing starts so, or the text already names a folder ("…/")."""
    if not typed or typed.endswith(os.sep):
        return None
    path = Path(typed).expanduser()
    head, prefix = path.parent, path.name
    if not prefix or not head.is_dir():
        return None
    for entry in list_folder(head).entries:
        name = entry.path.name
        if name.startswith(prefix) and name != prefix:
            suffix = os.sep if entry.kind == "folder" else ""
            return typed + name[len(prefix) :] + suffix
    return None


def start_folder(remembered: str | None) -> Path:
    """Where the picker opens: the folder last used if it still exists, else the
    user's pictures folder, else their home."""
    if remembered:
        folder = Path(remembered).expanduser()
        if folder.is_dir():
            return folder
    try:
        from platformdirs import user_pictures_path

        pictures = user_pictures_path()
        if pictures.is_dir():
            return pictures
    except Exception:  # no pictures folder known on this system
        pass
    return Path.home()
