"""Attachments: content-addressed by SHA-256, uploaded in resumable chunks.

The server keeps a partial file per hash; a device asks how many bytes are there
and sends the rest. When the declared size is reached the hash is checked and the
file moves into place. A file already held is never stored twice.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from field_app.clock import utc_now
from sync.server.officers import AccessError
from sync.server.storage import HQStore, private_dir

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CHUNK_BYTES = 512 * 1024
PARTIAL_QUOTA_BYTES = 200 * 1024 * 1024
"""Bytes of unfinished uploads one device may hold at headquarters at a time."""
PARTIAL_EXPIRY_DAYS = 7
"""An upload left unfinished this long is deleted; the device starts it again."""
_SHA = re.compile(r"[0-9a-f]{64}")


def check_sha(sha256: str) -> str:
    """The hash as given (64 lowercase hex digits, the whole name), or a 400."""
    if not _SHA.fullmatch(sha256):
        raise AccessError(
            400, "bad_hash", "a file is named by its SHA-256: 64 lowercase hex digits"
        )
    return sha256


def expire_partials(hq: HQStore, now: datetime | None = None) -> int:
    """Delete unfinished uploads older than PARTIAL_EXPIRY_DAYS; returns how many."""
    now = now or datetime.now(UTC)
    cutoff = (now - timedelta(days=PARTIAL_EXPIRY_DAYS)).strftime("%Y-%m-%dT%H:%M:%S")
    with hq.atomic() as conn:
        stale = [
            r[0]
            for r in conn.execute(
                "SELECT sha256 FROM partial_files WHERE started_at < ?", (cutoff,)
            )
        ]
        for sha in stale:
            _partial_path(hq, sha).unlink(missing_ok=True)
            conn.execute("DELETE FROM partial_files WHERE sha256 = ?", (sha,))
    return len(stale)


def _start_partial(hq: HQStore, device_id: str, sha: str, total: int) -> None:
    """Count a new unfinished upload against the device's quota (or refuse it)."""
    with hq.atomic() as conn:
        if conn.execute("SELECT 1 FROM partial_files WHERE sha256 = ?", (sha,)).fetchone():
            return
        held = conn.execute(
            "SELECT coalesce(sum(total), 0) FROM partial_files WHERE device_id = ?", (device_id,)
        ).fetchone()[0]
        if held + total > PARTIAL_QUOTA_BYTES:
            raise AccessError(
                413,
                "upload_quota",
                f"this device has {held} bytes of unfinished uploads at headquarters (at most"
                f" {PARTIAL_QUOTA_BYTES}): finish them, or wait {PARTIAL_EXPIRY_DAYS} days",
            )
        conn.execute(
            "INSERT INTO partial_files (sha256, device_id, total, started_at) VALUES (?, ?, ?, ?)",
            (sha, device_id, total, utc_now()),
        )


def _append(path: Path, data: bytes) -> None:
    private_dir(path.parent.parent)
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "ab") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def final_path(hq: HQStore, sha: str) -> Path:
    """Where a complete file lives."""
    return hq.files_dir / sha[:2] / sha


def _partial_path(hq: HQStore, sha: str) -> Path:
    return hq.files_dir / "partial" / sha


def _forget_partial(hq: HQStore, sha: str) -> None:
    with hq.atomic() as conn:
        conn.execute("DELETE FROM partial_files WHERE sha256 = ?", (sha,))


def file_state(hq: HQStore, sha256: str) -> dict:
    """How many bytes headquarters has of a file, and whether it is complete."""
    sha = check_sha(sha256)
    final = final_path(hq, sha)
    if final.exists():
        return {"sha256": sha, "have": final.stat().st_size, "complete": True}
    partial = _partial_path(hq, sha)
    return {
        "sha256": sha,
        "have": partial.stat().st_size if partial.exists() else 0,
        "complete": False,
    }


def put_chunk(
    hq: HQStore, device_id: str, sha256: str, offset: int, total: int, data: bytes
) -> dict:
    """Append a chunk at `offset` of a file of `total` bytes; returns the new state.

    A chunk not starting where the server's copy ends is refused with 409 and the
    right offset, so a resumed upload never writes a byte twice or leaves a gap.
    """
    sha = check_sha(sha256)
    if not 0 < total <= MAX_FILE_BYTES:
        raise AccessError(
            413, "file_too_large", f"files are limited to {MAX_FILE_BYTES // (1024 * 1024)} MB"
        )
    if len(data) > MAX_CHUNK_BYTES:
        raise AccessError(413, "chunk_too_large", f"chunks are limited to {MAX_CHUNK_BYTES} bytes")
    with hq.lock:
        state = file_state(hq, sha)
        if state["complete"]:
            return state
        if offset != state["have"]:
            raise AccessError(
                409,
                "wrong_offset",
                f"headquarters has {state['have']} bytes; send from there (offset={state['have']})",
            )
        if offset + len(data) > total:
            raise AccessError(400, "past_end", "the chunk goes past the declared file size")
        if offset == 0:
            expire_partials(hq)
        _start_partial(hq, device_id, sha, total)
        partial = _partial_path(hq, sha)
        _append(partial, data)
        if offset + len(data) < total:
            return {"sha256": sha, "have": offset + len(data), "complete": False}
        digest = hashlib.sha256()
        with partial.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != sha:
            partial.unlink()
            _forget_partial(hq, sha)
            raise AccessError(
                422, "hash_mismatch", "the file's content does not match its SHA-256; send it again"
            )
        final = final_path(hq, sha)
        private_dir(final.parent)
        os.replace(partial, final)
        _forget_partial(hq, sha)
        with hq.atomic() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO files (sha256, size, complete, device_id, created_at)"
                " VALUES (?, ?, 1, ?, ?)",
                (sha, total, device_id, utc_now()),
            )
        return {"sha256": sha, "have": total, "complete": True}
