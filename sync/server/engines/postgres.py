"""The PostgreSQL engine: psycopg 3, a small pool of connections, one per transaction.

Unlike the SQLite file, PostgreSQL lets requests run side by side, so each
transaction takes a connection of its own from the pool for its whole length and
binds it to the calling thread: a nested `atomic()` and any `query()` made inside it
join that transaction, as they do on SQLite. Statements are SQLite-dialect SQL
translated once (sync/server/dialect.py).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import lru_cache
from typing import Any

import psycopg
from psycopg.adapt import Loader
from psycopg.pq import TransactionStatus

from sync.server.dialect import to_postgres
from sync.server.engines import DatabaseError, redact

POOL_SIZE = 12
"""Connections one process keeps at most; a request beyond it waits for one."""
MIGRATION_LOCK = 0x6669656C64  # "field": the advisory lock schema changes take
SEQ_LOCK_SQL = "SELECT value FROM meta WHERE key = 'seq' FOR UPDATE"


class Row(tuple):
    """A result row readable by position (unpacking) and by column name, like sqlite3.Row."""

    __slots__ = ()
    _index: dict[str, int] = {}  # noqa: RUF012 - set per column list by _row_class

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        """Column names, so dict(row) works."""
        return list(self._index)


@lru_cache(maxsize=1024)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    index = {name: i for i, name in enumerate(names)}
    return type("Row", (Row,), {"__slots__": (), "_index": index})


def _rows(cursor: Any) -> Callable[[Sequence[Any]], Row]:
    names = tuple(d.name for d in cursor.description or ())
    cls = _row_class(names)
    return cls


class _Number(Loader):
    """numeric (what sum() and avg() return) as int or float, as SQLite gives them:
    a Decimal would not serialise to JSON."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode()
        return float(text) if any(c in text for c in ".eEN") else int(text)


class PgCursor(psycopg.Cursor):
    """psycopg's cursor with sqlite3's `lastrowid`: the identity an INSERT gave."""

    lastrowid: int | None = None


_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+([\w.]+)", re.IGNORECASE)


class PgConnection:
    """One pooled connection in a transaction, taking SQLite-dialect SQL."""

    def __init__(self, raw: psycopg.Connection, engine: PostgresEngine) -> None:
        self.raw = raw
        self.engine = engine

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> psycopg.Cursor:
        """Run one statement; the cursor's rows are `Row`s. An INSERT into a table with
        an identity column returns it, as `lastrowid`."""
        text, identity = self.engine.translate_insert(sql)
        cur = self.raw.cursor(row_factory=_rows)
        cur.execute(text, list(parameters))
        if identity:
            row = cur.fetchone() if cur.description else None
            if isinstance(cur, PgCursor) and row is not None:
                cur.lastrowid = row[0]
        return cur

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> psycopg.Cursor:
        """Run one statement for each parameter row (pipelined by psycopg)."""
        cur = self.raw.cursor(row_factory=_rows)
        rows = [list(p) for p in parameters]
        if rows:
            cur.executemany(self.engine.translate(sql), rows)
        return cur

    @property
    def in_transaction(self) -> bool:
        """True inside BEGIN ... COMMIT."""
        return self.raw.info.transaction_status != TransactionStatus.IDLE


class _Buffered:
    """The rows of a statement run outside any transaction, read in full."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows, self.rowcount = rows, rowcount

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        return list(self._rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


class AmbientConnection:
    """`hq.conn` on PostgreSQL: runs in the calling thread's transaction if there is
    one, else on a pooled connection in autocommit (each statement its own)."""

    def __init__(self, engine: PostgresEngine) -> None:
        self.engine = engine

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Any:
        current = self.engine.current()
        if current is not None:
            return current.execute(sql, parameters)
        with self.engine.borrow() as raw:
            cur = PgConnection(raw, self.engine).execute(sql, parameters)
            rows = cur.fetchall() if cur.description else []
            return _Buffered(rows, cur.rowcount)

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Any:
        with self.engine.atomic() as conn:
            return conn.executemany(sql, parameters)


class PostgresEngine:
    """A PostgreSQL database reached by URL."""

    name = "postgresql"

    def __init__(self, url: str, pool_size: int = POOL_SIZE) -> None:
        self.url = url
        self.lock = threading.RLock()
        self._idle: list[psycopg.Connection] = []
        self._idle_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(pool_size)
        self._local = threading.local()
        self._keys: dict[str, tuple[str, ...]] = {}
        self._identities: dict[str, str | None] = {}
        self._inserts: dict[str, tuple[str, bool]] = {}
        self._closed = False
        # Connect now: an unreachable server or a missing database is said at once.
        self._idle.append(self._connect())
        self.conn = AmbientConnection(self)

    @property
    def location(self) -> str:
        """The URL without its password."""
        return redact(self.url)

    def _connect(self) -> psycopg.Connection:
        try:
            raw = psycopg.connect(
                self.url, autocommit=True, connect_timeout=10, cursor_factory=PgCursor
            )
        except psycopg.Error as exc:
            # libpq says "connection failed: <what>\n\t<hint>": keep what, on one line.
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            reason = lines[0].split(": ", 1)[-1] if lines else type(exc).__name__
            raise DatabaseError(
                f"cannot open the PostgreSQL database {self.location}: {reason}"
            ) from None
        raw.adapters.register_loader("numeric", _Number)
        # What SQLite's busy_timeout is to a locked file: wait for a row, then fail.
        raw.execute("SET lock_timeout = '30s'")
        return raw

    @contextmanager
    def borrow(self) -> Iterator[psycopg.Connection]:
        """A pooled connection for the caller alone; back in the pool when done."""
        if not self._slots.acquire(timeout=60):
            raise DatabaseError("no PostgreSQL connection came free within 60 s")
        try:
            with self._idle_lock:
                raw = self._idle.pop() if self._idle else None
            if raw is None or raw.closed:
                raw = self._connect()
            try:
                yield raw
            finally:
                self._give_back(raw)
        finally:
            self._slots.release()

    def _give_back(self, raw: psycopg.Connection) -> None:
        if not raw.closed and raw.info.transaction_status != TransactionStatus.IDLE:
            with suppress(psycopg.Error):
                raw.execute("ROLLBACK")
        if raw.closed or self._closed or raw.info.transaction_status != TransactionStatus.IDLE:
            with suppress(psycopg.Error):
                raw.close()
            return
        with self._idle_lock:
            self._idle.append(raw)

    def current(self) -> PgConnection | None:
        """The calling thread's open transaction, if any."""
        return getattr(self._local, "conn", None)

    @contextmanager
    def _transaction(self, begin: str, lock: bool = False) -> Iterator[PgConnection]:
        current = self.current()
        if current is not None:
            yield current
            return
        with self.borrow() as raw:
            conn = PgConnection(raw, self)
            raw.execute(begin)
            if lock:
                raw.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            self._local.conn = conn
            try:
                yield conn
            except BaseException:
                self._local.conn = None
                with suppress(psycopg.Error):
                    raw.execute("ROLLBACK")
                raise
            self._local.conn = None
            raw.execute("COMMIT")

    def atomic(self, exclusive: bool = False) -> Any:
        """One write transaction; nested calls join it. `exclusive` also takes the
        schema lock, so two processes never migrate at once."""
        return self._transaction("BEGIN", lock=exclusive)

    def snapshot(self) -> Any:
        """A read-only transaction whose queries all see one snapshot."""
        return self._transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def query(self, sql: str, params: tuple | list = ()) -> list[Any]:
        """Rows addressable by column name."""
        current = self.current()
        if current is not None:
            return current.execute(sql, params).fetchall()
        with self.borrow() as raw:
            return PgConnection(raw, self).execute(sql, params).fetchall()

    def claim_seq(self, conn: PgConnection) -> int:
        """The last sequence number, its row locked until the caller's transaction ends.

        Every batch that hands out sequence numbers claims this row first, so batches
        commit their numbers in order: a pull can never see seq 12 while 11 is still
        uncommitted (docs/sync-protocol.md, "Sequence numbers under concurrency")."""
        row = conn.execute(SEQ_LOCK_SQL).fetchone()
        return int(row[0]) if row else 0

    def translate(self, sql: str) -> str:
        """The PostgreSQL form of a SQLite-dialect statement."""
        return to_postgres(sql, self.primary_key)

    def translate_insert(self, sql: str) -> tuple[str, bool]:
        """The PostgreSQL form, with `RETURNING` the identity column when `sql` inserts
        one row into a table that has one (so `lastrowid` can be read)."""
        found = self._inserts.get(sql)
        if found is None:
            text, identity = self.translate(sql), None
            match = _INSERT.match(sql)
            if match and "RETURNING" not in sql.upper() and "SELECT" not in sql.upper():
                identity = self.identity_column(match.group(1))
            if identity:
                text = f"{text} RETURNING {identity}"
            found = self._inserts[sql] = (text, bool(identity))
        return found

    def identity_column(self, table: str) -> str | None:
        """The identity (INTEGER PRIMARY KEY) column of `table`, if it has one."""
        if table not in self._identities:
            rows = self.query_raw(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = %s"
                " AND is_identity = 'YES'",
                (table,),
            )
            self._identities[table] = rows[0][0] if rows else None
        return self._identities[table]

    def primary_key(self, table: str) -> tuple[str, ...]:
        """The key columns of `table` (for INSERT OR REPLACE)."""
        if table not in self._keys:
            rows = self.query_raw(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                " ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
                " WHERE i.indrelid = %s::regclass AND i.indisprimary"
                " ORDER BY array_position(i.indkey, a.attnum)",
                (table,),
            )
            self._keys[table] = tuple(r[0] for r in rows)
        return self._keys[table]

    def query_raw(self, sql: str, params: tuple | list = ()) -> list[Any]:
        """PostgreSQL SQL as is (no translation), in the caller's transaction if any."""
        current = self.current()
        if current is not None:
            return current.raw.execute(sql, list(params)).fetchall()
        with self.borrow() as raw:
            return raw.execute(sql, list(params)).fetchall()

    def is_integrity_error(self, exc: BaseException) -> bool:
        """True for a broken unique key or constraint."""
        return isinstance(exc, psycopg.IntegrityError)

    def close(self) -> None:
        """Close every pooled connection."""
        self._closed = True
        with self._idle_lock:
            idle, self._idle = self._idle, []
        for raw in idle:
            with suppress(psycopg.Error):
                raw.close()
