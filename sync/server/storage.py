"""Headquarters' SQLite file: schema, connection, and the server sequence.

Records of every kind live in one table keyed by (entity, id), holding the
record's JSON, its province (the scope that decides who may write and who
receives it), the per-field clocks of mergeable kinds, and `seq`, the server
sequence number of its last change, by which devices pull.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS officers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    province TEXT NOT NULL,
    province_key TEXT NOT NULL,
    code_hash TEXT,
    code_device TEXT,
    revoked INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
    id TEXT PRIMARY KEY,
    officer_id INTEGER NOT NULL REFERENCES officers(id),
    name TEXT NOT NULL DEFAULT '',
    token_hash TEXT UNIQUE,
    enrolled_at TEXT NOT NULL,
    last_seen TEXT,
    hw INTEGER NOT NULL DEFAULT 0,
    hm TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS records (
    entity TEXT NOT NULL,
    id TEXT NOT NULL,
    province TEXT NOT NULL,
    data TEXT NOT NULL,
    clocks TEXT,
    seq INTEGER NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    skip_device TEXT,
    PRIMARY KEY (entity, id)
);
CREATE INDEX IF NOT EXISTS records_seq ON records(seq);
-- The tax code identifies an enterprise within a province (see apply._same_tax_code).
CREATE INDEX IF NOT EXISTS records_tax ON records(province, json_extract(data, '$.tax_code'))
    WHERE entity = 'enterprise';
-- Ids of enterprises created twice (same tax code), merged into the one kept.
CREATE TABLE IF NOT EXISTS aliases (
    entity TEXT NOT NULL,
    id TEXT NOT NULL,
    canonical TEXT NOT NULL,
    device_id TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (entity, id)
);
CREATE TABLE IF NOT EXISTS mutations (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    status TEXT NOT NULL,
    seq INTEGER,
    received_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS conflicts (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    field TEXT NOT NULL,
    kept_value TEXT,
    kept_hlc TEXT NOT NULL,
    kept_device TEXT NOT NULL,
    lost_value TEXT,
    lost_hlc TEXT NOT NULL,
    lost_device TEXT NOT NULL,
    province TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS conflicts_seq ON conflicts(seq);
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    complete INTEGER NOT NULL DEFAULT 0,
    device_id TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
-- One-time enrollment codes, hashed with a salt of their own (sync/server/officers.py).
CREATE TABLE IF NOT EXISTS enroll_codes (
    id INTEGER PRIMARY KEY,
    officer_id INTEGER NOT NULL REFERENCES officers(id),
    salt TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    void INTEGER NOT NULL DEFAULT 0,
    used_at TEXT,
    device_id TEXT,
    secret_hash TEXT
);
-- Mutations received from each device (every one, refused and repeated included):
-- a device's outbox number (hw) can never honestly be higher.
CREATE TABLE IF NOT EXISTS device_counts (
    device_id TEXT PRIMARY KEY,
    received INTEGER NOT NULL DEFAULT 0
);
-- Devices revoked one by one (`field-hq device revoke`), beside the officer's state.
CREATE TABLE IF NOT EXISTS revoked_devices (device_id TEXT PRIMARY KEY, at TEXT NOT NULL);
-- Partial uploads in progress: who started each and when, for the quota and expiry.
CREATE TABLE IF NOT EXISTS partial_files (
    sha256 TEXT NOT NULL,
    device_id TEXT NOT NULL,
    total INTEGER NOT NULL,
    started_at TEXT NOT NULL,
    PRIMARY KEY (sha256)
);
-- Headquarters' staff who log in to the web interface (sync/server/users.py).
CREATE TABLE IF NOT EXISTS hq_users (
    login TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    province TEXT NOT NULL,
    province_key TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    sessions_after TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
-- Mutations headquarters refused, per device, for the web interface's sync page:
-- nothing of a refused record is stored in `records`, so this is all that says it came.
CREATE TABLE IF NOT EXISTS refusals (
    mutation_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    entity TEXT NOT NULL,
    record_id TEXT NOT NULL,
    code TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS refusals_device ON refusals(device_id, at);
"""


def _owner_only(path: Path) -> None:
    """Create the database owner-only whatever the umask (SQLite gives its -wal and
    -shm files the database's permissions), and tighten files made earlier."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists():
            os.chmod(name, 0o600)


def private_dir(path: Path) -> Path:
    """A folder only the owner can enter (created, or tightened if it exists)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


class HQStore:
    """An open headquarters database. One connection shared under a lock."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _owner_only(self.path)
        self.conn = sqlite3.connect(
            self.path, isolation_level=None, check_same_thread=False, timeout=30.0
        )
        self.conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode survives a server crash; only a power cut may lose the
        # last commits, and devices then simply push them again (dedupe by id).
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA busy_timeout=30000")
        self.lock = threading.RLock()
        private_dir(self.files_dir)
        with self.atomic() as conn:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    conn.execute(statement)

    @property
    def files_dir(self) -> Path:
        """Where uploaded attachments are kept, named by SHA-256."""
        return self.path.parent / (self.path.stem + "-files")

    def close(self) -> None:
        """Close the connection."""
        with self.lock:
            self.conn.close()

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE); nested calls join it."""
        with self.lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        """Rows addressable by column name."""
        with self.lock:
            cur = self.conn.cursor()
            cur.row_factory = sqlite3.Row
            return cur.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: tuple | list = ()) -> Any:
        """One value (None when there is no row)."""
        with self.lock:
            row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def current_seq(self) -> int:
        """The last server sequence number handed out."""
        return int(self.scalar("SELECT value FROM meta WHERE key = 'seq'") or 0)

    def set_seq(self, conn: sqlite3.Connection, value: int) -> None:
        """Store the sequence (inside the caller's transaction)."""
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('seq', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (str(value),),
        )
