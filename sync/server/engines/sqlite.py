"""The SQLite engine: one file, one connection shared under a lock (docs/decisions.md)."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any


def _owner_only(path: Path) -> None:
    """Create the database owner-only whatever the umask (SQLite gives its -wal and
    -shm files the database's permissions), and tighten files made earlier."""
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists():
            os.chmod(name, 0o600)


class SQLiteEngine:
    """An open headquarters file in WAL mode."""

    name = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
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

    @property
    def location(self) -> str:
        """The file, as the user named it."""
        return str(self.path)

    def close(self) -> None:
        """Close the connection."""
        with self.lock:
            self.conn.close()

    @contextmanager
    def atomic(self, exclusive: bool = False) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: writers queue on the file, which also
        makes it exclusive); nested calls join it."""
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

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside sees one state of the file."""
        with self.lock:
            if self.conn.in_transaction:
                yield self.conn
                return
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple | list = ()) -> list[Any]:
        """Rows addressable by column name."""
        with self.lock:
            cur = self.conn.cursor()
            cur.row_factory = sqlite3.Row
            return cur.execute(sql, params).fetchall()

    def claim_seq(self, conn: sqlite3.Connection) -> int:
        """The last sequence number, inside a write transaction (which, on SQLite, no
        other writer shares)."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'seq'").fetchone()
        return int(row[0]) if row else 0

    def is_integrity_error(self, exc: BaseException) -> bool:
        """True for a broken unique key or constraint."""
        return isinstance(exc, sqlite3.IntegrityError)
