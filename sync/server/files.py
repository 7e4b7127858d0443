"""Attachments: content-addressed by SHA-256, uploaded in resumable chunks.

The server keeps a partial file per hash; a device asks how many bytes are there
and sends the rest. When the declared size is reached the hash is checked and the
file moves into place. A file already held is never stored twice.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from field_app.clock import utc_now
from sync.server.officers import AccessError
from sync.server.storage import HQStore

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_CHUNK_BYTES = 512 * 1024
_SHA = re.compile(r"^[0-9a-f]{64}$")


def check_sha(sha256: str) -> str:
    """The hash in canonical form, or a 400 AccessError."""
    sha = sha256.lower()
    if not _SHA.match(sha):
        raise AccessError(400, "bad_hash", "a file is named by its SHA-256: 64 hex digits")
    return sha


def final_path(hq: HQStore, sha: str) -> Path:
    """Where a complete file lives."""
    return hq.files_dir / sha[:2] / sha


def _partial_path(hq: HQStore, sha: str) -> Path:
    return hq.files_dir / "partial" / sha


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
        partial = _partial_path(hq, sha)
        partial.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("ab") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if offset + len(data) < total:
            return {"sha256": sha, "have": offset + len(data), "complete": False}
        digest = hashlib.sha256()
        with partial.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != sha:
            partial.unlink()
            raise AccessError(
                422, "hash_mismatch", "the file's content does not match its SHA-256; send it again"
            )
        final = final_path(hq, sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, final)
        with hq.atomic() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO files (sha256, size, complete, device_id, created_at)"
                " VALUES (?, ?, 1, ?, ?)",
                (sha, total, device_id, utc_now()),
            )
        return {"sha256": sha, "have": total, "complete": True}
