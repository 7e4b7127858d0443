"""Attachments: files copied into the data folder and named by their SHA-256.

A photo is kept twice: its original in the `originals` subfolder (on this device
only) and its upload copy (field_app/photos.py), which the record names and the
sync sends, so a 4 MB phone photo costs about 200 KB over 2G.

The same photo attached twice, to the same or another audit, is stored once. The
copy is written to a temporary name, flushed and renamed, so a killed process never
leaves a half-written file under a real hash. Each distinct file is also a record
(name, size, type) that goes to headquarters once a completed record refers to it;
files attached only to drafts stay on the device like the drafts.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from field_app.clock import utc_now
from field_app.i18n import _
from field_app.locations import attachments_dir, ensure_private_dir
from field_app.models.attachment import Attachment
from field_app.photos import looks_like_photo

if TYPE_CHECKING:
    from field_app.store.store import Store

_SHA256 = re.compile("^[0-9a-f]{64}$")
_CHUNK = 1 << 20
LAST_FOLDER_KEY = "last_photo_folder"


class AttachmentError(ValueError):
    """A file cannot be attached; the message says which and why."""


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in chunks (photos can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class AttachmentRepo:
    """Store files by hash and keep their records."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def folder(self) -> Path:
        """Where attachment files live (beside the database)."""
        return attachments_dir(self.store.path)

    def path_for(self, sha256: str) -> Path:
        """The stored file of an attachment."""
        if not _SHA256.match(sha256):
            raise ValueError(_("not a SHA-256: {value}").format(value=sha256))
        return self.folder / sha256

    def get(self, sha256: str) -> Attachment | None:
        """The record of a stored file, by hash."""
        rows = self.store.query("SELECT * FROM attachments WHERE sha256 = ?", (sha256,))
        return Attachment.model_validate(dict(rows[0])) if rows else None

    @property
    def originals_folder(self) -> Path:
        """Where the originals of photos live: never uploaded (the sync sends only the
        files directly in `folder`)."""
        return self.folder / "originals"

    def original_path(self, record: Attachment) -> Path:
        """The fullest file of an attachment on this device: the original photo when
        it is here, else the file that travels."""
        if record.original_sha256:
            original = self.originals_folder / record.original_sha256
            if original.is_file():
                return original
        return self.path_for(record.sha256)

    def _known(self, digest: str) -> Attachment | None:
        """The record already made from a file with these bytes: as a photo's
        original, or as the file itself (a document, or a photo attached before
        upload copies existed)."""
        rows = self.store.query(
            "SELECT * FROM attachments WHERE original_sha256 = ? OR sha256 = ?"
            " ORDER BY original_sha256 = ? DESC LIMIT 1",
            (digest, digest, digest),
        )
        return Attachment.model_validate(dict(rows[0])) if rows else None

    def add(self, source: Path | str) -> Attachment:
        """Copy a file in (once per distinct content) and return its record.

        A photo is kept whole in `originals_folder` and as an upload copy (upright,
        downscaled, metadata stripped: field_app/photos.py), which the record names
        and the sync sends. A file that says it is a photo but is not a readable one
        is refused and nothing is stored. Other files (documents) are kept as they are.
        """
        path = Path(source).expanduser()
        if not path.exists():
            raise AttachmentError(_("no file at {path}: check the path").format(path=path))
        if not path.is_file():
            raise AttachmentError(_("{path} is not a file").format(path=path))
        try:
            size = path.stat().st_size
            if size == 0:
                raise AttachmentError(
                    _("{name} is empty (0 bytes): nothing was attached").format(name=path.name)
                )
            digest = sha256_of(path)
            existing = self._known(digest)
            if existing is not None:
                self._copy_in(path, self._target_of(existing, digest), size)
                return existing
            with open(path, "rb") as fh:
                head = fh.read(16)
            if looks_like_photo(path, head):
                return self._add_photo(path, digest, size)
            self._copy_in(path, self.path_for(digest), size)
        except OSError as exc:
            raise AttachmentError(
                _("cannot attach {path}: {error}").format(path=path, error=exc.strerror or exc)
            ) from exc
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return self._insert(sha256=digest, file_name=path.name, size=size, media_type=media_type)

    def _target_of(self, record: Attachment, digest: str) -> Path:
        """Where a file with these bytes belongs for an existing record (its original,
        or the file itself): put back if it went missing."""
        if record.original_sha256 == digest:
            return self.originals_folder / digest
        return self.path_for(digest)

    def _add_photo(self, path: Path, digest: str, size: int) -> Attachment:
        from field_app.photos import PhotoError, make_upload_copy

        try:
            copy = make_upload_copy(path)
        except PhotoError as exc:
            raise AttachmentError(str(exc)) from exc
        upload = hashlib.sha256(copy.data).hexdigest()
        ensure_private_dir(self.folder)  # first: mkdir's parents would get the umask's mode
        self._copy_in(path, self.originals_folder / digest, size)
        self._write(self.path_for(upload), copy.data)
        existing = self.get(upload)  # another original gave the very same copy
        if existing is not None:
            return existing
        return self._insert(
            sha256=upload,
            file_name=path.name,
            size=len(copy.data),
            media_type="image/jpeg",
            original_sha256=digest,
            original_size=size,
        )

    def _insert(self, **fields: Any) -> Attachment:
        record = Attachment(**self.store.stamp(), **fields)
        row = record.model_dump(mode="json")
        with self.store.atomic() as conn:
            conn.execute(
                f"INSERT OR IGNORE INTO attachments ({', '.join(row)}) "
                f"VALUES ({', '.join(':' + c for c in row)})",
                row,
            )
        return self.get(record.sha256) or record

    def _copy_in(self, path: Path, target: Path, size: int) -> None:
        if target.exists() and target.stat().st_size == size:
            return  # already stored: same bytes, same name
        with open(path, "rb") as src:
            self._write(target, src)

    @staticmethod
    def _write(target: Path, content: bytes | BinaryIO) -> None:
        """Write to a temporary name, flush, then rename: a killed process never
        leaves a half-written file under a real hash."""
        if isinstance(content, bytes) and target.exists() and target.stat().st_size == len(content):
            return
        ensure_private_dir(target.parent)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(content, bytes):
                    out.write(content)
                else:
                    while chunk := content.read(_CHUNK):
                        out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                tmp.unlink()

    def queue(self, conn: Any, hashes: set[str]) -> int:
        """Queue records of these files for sync, once each (inside the caller's transaction)."""
        queued = 0
        for digest in sorted(hashes):
            # A record pulled from headquarters (made on another device) is never sent back.
            row = conn.execute(
                "SELECT * FROM attachments WHERE sha256 = ? AND queued = 0 AND device_id = ?",
                (digest, self.store.device_id),
            ).fetchone()
            if row is None:
                continue
            cols = [d[0] for d in conn.execute("SELECT * FROM attachments LIMIT 0").description]
            record = dict(zip(cols, row, strict=True))
            # The original stays on the device: headquarters gets the upload copy only.
            payload = Attachment.model_validate(record).model_dump(
                mode="json", exclude={"original_sha256", "original_size"}
            )
            hlc = self.store.hlc()
            conn.execute(
                "UPDATE attachments SET queued = 1, hlc = ? WHERE sha256 = ?", (hlc, digest)
            )
            self.store.emit("attachment", payload["id"], "create", payload, hlc=hlc)
            queued += 1
        return queued

    def last_folder(self) -> str | None:
        """The folder the officer last attached a file from (the picker opens there)."""
        return self.store.get_meta(LAST_FOLDER_KEY)

    def remember_folder(self, folder: Path) -> None:
        """Remember where the last attached file came from (this device only)."""
        self.store.set_meta(LAST_FOLDER_KEY, str(folder))

    def count(self) -> int:
        """Distinct files stored."""
        return self.store.scalar("SELECT count(*) FROM attachments") or 0


@dataclass(frozen=True)
class FileToUpload:
    """An attachment file headquarters has not confirmed yet."""

    sha256: str
    path: Path


class UploadedFiles:
    """Which attachment files headquarters holds (checked against their hash), so
    each file crosses the link once."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def pending(self) -> list[FileToUpload]:
        """Attachment files on this device that headquarters has not confirmed yet."""
        folder = attachments_dir(self.store.path)
        if not folder.is_dir():
            return []
        done = {r[0] for r in self.store.query("SELECT sha256 FROM sync_files")}
        return [
            FileToUpload(p.name, p)
            for p in sorted(folder.iterdir())
            if _SHA256.fullmatch(p.name) and p.name not in done and p.is_file()
        ]

    def mark_uploaded(self, sha256: str) -> None:
        """Headquarters holds this file, checked against its hash."""
        with self.store.atomic() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO sync_files (sha256, uploaded_at) VALUES (?, ?)",
                (sha256, utc_now()),
            )
