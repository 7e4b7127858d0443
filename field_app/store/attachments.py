"""Attachments: files copied into the data folder and named by their SHA-256.

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
from typing import TYPE_CHECKING, Any

from field_app.clock import utc_now
from field_app.i18n import _
from field_app.locations import attachments_dir, ensure_private_dir
from field_app.models.attachment import Attachment

if TYPE_CHECKING:
    from field_app.store.store import Store

_SHA256 = re.compile("^[0-9a-f]{64}$")
_CHUNK = 1 << 20


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

    def add(self, source: Path | str) -> Attachment:
        """Copy a file in (once per distinct content) and return its record."""
        path = Path(source).expanduser()
        if not path.exists():
            raise AttachmentError(_("no file at {path}: check the path").format(path=path))
        if not path.is_file():
            raise AttachmentError(_("{path} is not a file").format(path=path))
        try:
            digest = sha256_of(path)
            size = path.stat().st_size
            self._copy_in(path, digest, size)
        except OSError as exc:
            raise AttachmentError(
                _("cannot attach {path}: {error}").format(path=path, error=exc.strerror or exc)
            ) from exc
        existing = self.get(digest)
        if existing is not None:
            return existing
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        record = Attachment(
            **self.store.stamp(),
            sha256=digest,
            file_name=path.name,
            size=size,
            media_type=media_type,
        )
        row = record.model_dump(mode="json")
        with self.store.atomic() as conn:
            conn.execute(
                f"INSERT OR IGNORE INTO attachments ({', '.join(row)}) "
                f"VALUES ({', '.join(':' + c for c in row)})",
                row,
            )
        return self.get(digest) or record

    def _copy_in(self, path: Path, digest: str, size: int) -> None:
        target = self.path_for(digest)
        if target.exists() and target.stat().st_size == size:
            return  # already stored: same bytes, same name
        ensure_private_dir(self.folder)
        tmp = target.with_name(f".{digest}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
                while chunk := src.read(_CHUNK):
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
            payload = Attachment.model_validate(record).model_dump(mode="json")
            hlc = self.store.hlc()
            conn.execute(
                "UPDATE attachments SET queued = 1, hlc = ? WHERE sha256 = ?", (hlc, digest)
            )
            self.store.emit("attachment", payload["id"], "create", payload, hlc=hlc)
            queued += 1
        return queued

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
