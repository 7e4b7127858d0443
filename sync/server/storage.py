"""Headquarters' database: a SQLite file (the default) or PostgreSQL, behind one API.

Records of every kind live in one table keyed by (entity, id), holding the
record's JSON, its province (the scope that decides who may write and who
receives it), the per-field clocks of mergeable kinds, and `seq`, the server
sequence number of its last change, by which devices pull.

Code above this module writes SQL once, in SQLite's dialect with `?` placeholders,
and runs it through `atomic()` (a write transaction), `snapshot()` (a consistent
read), `query()` and `scalar()`; on PostgreSQL each statement is translated in one
place (sync/server/dialect.py). The schema is the numbered migrations of
sync/server/migrations.py: add one there to change it, for both engines at once.
"""

from __future__ import annotations

import os
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sync.server.engines import Connection, Cursor, DatabaseError, engine_of

__all__ = ["Connection", "Cursor", "DatabaseError", "HQStore"]

DATA_ENV = "FIELD_HQ_DATA"
"""Folder for attachments and other local files when the database is PostgreSQL."""


def private_dir(path: Path) -> Path:
    """A folder only the owner can enter (created, or tightened if it exists)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


class HQStore:
    """An open headquarters database.

    `target` is a file path (SQLite) or a postgresql:// URL. `data_dir` is where
    files that do not go in the database (attachments) are kept: beside a SQLite
    file; for PostgreSQL, $FIELD_HQ_DATA or else the current folder.
    """

    def __init__(self, target: Path | str, data_dir: Path | str | None = None) -> None:
        from sync.server.migrations import migrate

        self.engine = engine_of(str(target))
        self._impl: Any
        if self.engine == "postgresql":
            from sync.server.engines.postgres import PostgresEngine

            self._impl = PostgresEngine(str(target))
            local = Path(data_dir or os.environ.get(DATA_ENV) or ".").resolve()
            # Not a file: the stem its side folders are named after, as for SQLite.
            self.path = local / "field-hq"
        else:
            from sync.server.engines.sqlite import SQLiteEngine

            self.path = Path(target)
            self._impl = SQLiteEngine(self.path)
            private_dir(self.files_dir)
        self.lock = self._impl.lock
        self.conn: Connection = self._impl.conn
        try:
            migrate(self)
        except BaseException:
            self._impl.close()
            raise

    @property
    def location(self) -> str:
        """What to print for this database: the file, or the URL without password."""
        return str(self._impl.location)

    @property
    def files_dir(self) -> Path:
        """Where uploaded attachments are kept, named by SHA-256."""
        return self.path.parent / (self.path.stem + "-files")

    def close(self) -> None:
        """Close the connection(s)."""
        self._impl.close()

    def atomic(self, exclusive: bool = False) -> AbstractContextManager[Connection]:
        """One write transaction; nested calls join it. `exclusive` keeps other
        processes' exclusive transactions out (schema migrations)."""
        return self._impl.atomic(exclusive)

    def snapshot(self) -> AbstractContextManager[Connection]:
        """A read transaction: every query inside it sees the same committed state."""
        return self._impl.snapshot()

    def query(self, sql: str, params: tuple | list = ()) -> list[Any]:
        """Rows addressable by position and by column name."""
        return self._impl.query(sql, params)

    def scalar(self, sql: str, params: tuple | list = ()) -> Any:
        """One value (None when there is no row)."""
        rows = self._impl.query(sql, params)
        return rows[0][0] if rows else None

    def is_integrity_error(self, exc: BaseException) -> bool:
        """True when `exc` is a broken unique key or constraint, on either engine."""
        return bool(self._impl.is_integrity_error(exc))

    def current_seq(self) -> int:
        """The last server sequence number handed out."""
        return int(self.scalar("SELECT value FROM meta WHERE key = 'seq'") or 0)

    def claim_seq(self, conn: Connection) -> int:
        """The last sequence number, read inside a write transaction that will hand out
        the next ones: no other transaction hands out numbers until this one ends."""
        return int(self._impl.claim_seq(conn))

    def set_seq(self, conn: Connection, value: int) -> None:
        """Store the sequence (inside the caller's transaction)."""
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('seq', ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (str(value),),
        )
