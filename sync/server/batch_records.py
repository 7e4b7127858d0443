"""The records a push batch reads and creates, in a few statements per batch.

Applying a mutation looks up the stored record, the enterprise it belongs to (for
its province) and whether that enterprise was merged into another id, then mostly
inserts one row. Done one by one that is four round trips per mutation: nothing on a
SQLite file, but most of the time on a PostgreSQL server. So the batch's records and
aliases are read up front, and the batch's writes to records are queued here and
sent together (`flush`, pipelined), while later mutations of the same batch read
what it wrote from here. Only valid inside the batch's transaction, which no other
writer shares (HQStore.claim_seq); `flush` before any other statement on `records`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sync.entities import SCOPE_ENTERPRISE, kind
from sync.protocol import Mutation
from sync.server.storage import Connection

CHUNK = 500
StoredRow = tuple[str, str | None, str, int]
"""A stored record: data (JSON), clocks (JSON or None), province key, seq."""


class BatchRecords:
    """Records and enterprise aliases a batch touches."""

    def __init__(self, conn: Connection, mutations: list[Mutation]) -> None:
        self.conn = conn
        self._records: dict[tuple[str, str], StoredRow | None] = {}
        self._aliases: dict[str, str | None] = {}
        self._pending: list[tuple[str, str, tuple[Any, ...]]] = []
        enterprises = {m.record_id for m in mutations if m.entity == "enterprise"}
        for m in mutations:
            k = kind(m.entity)
            parent = m.payload.get("enterprise_id")
            if k is not None and k.scope == SCOPE_ENTERPRISE and isinstance(parent, str):
                enterprises.add(parent)
        self._fetch_aliases(enterprises)
        wanted: dict[str, set[str]] = {"enterprise": set(enterprises)}
        wanted["enterprise"].update(c for c in self._aliases.values() if c)
        for m in mutations:
            wanted.setdefault(m.entity, set()).add(m.record_id)
        for entity, ids in wanted.items():
            self._fetch_records(entity, ids)

    def _fetch_aliases(self, ids: Iterable[str]) -> None:
        todo = [i for i in ids if i not in self._aliases]
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start : start + CHUNK]
            for record_id in chunk:
                self._aliases[record_id] = None
            marks = ",".join("?" * len(chunk))
            for record_id, canonical in self.conn.execute(
                "SELECT id, canonical FROM aliases"
                f" WHERE entity = 'enterprise' AND id IN ({marks})",
                chunk,
            ):
                self._aliases[record_id] = canonical

    def _fetch_records(self, entity: str, ids: Iterable[str]) -> None:
        todo = [i for i in ids if (entity, i) not in self._records]
        for start in range(0, len(todo), CHUNK):
            chunk = todo[start : start + CHUNK]
            for record_id in chunk:
                self._records[(entity, record_id)] = None
            marks = ",".join("?" * len(chunk))
            for record_id, data, clocks, province, seq in self.conn.execute(
                "SELECT id, data, clocks, province, seq FROM records"
                f" WHERE entity = ? AND id IN ({marks})",
                [entity, *chunk],
            ):
                self._records[(entity, record_id)] = (data, clocks, province, seq)

    def record(self, entity: str, record_id: str) -> StoredRow | None:
        """The stored record, or None when headquarters has none."""
        if (entity, record_id) not in self._records:
            self._fetch_records(entity, [record_id])
        return self._records[(entity, record_id)]

    def alias(self, record_id: str) -> str | None:
        """The id a merged enterprise is kept under, or None."""
        if record_id not in self._aliases:
            self._fetch_aliases([record_id])
        return self._aliases[record_id]

    def create(
        self,
        entity: str,
        record_id: str,
        row: StoredRow,
        origin: str,
        skip_device: str | None,
    ) -> None:
        """Queue a new record, readable at once through `record`."""
        data, clocks, province, seq = row
        self._queue(
            entity,
            "INSERT INTO records (entity, id, province, data, clocks, seq, origin, skip_device)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (entity, record_id, province, data, clocks, seq, origin, skip_device),
        )
        self._records[(entity, record_id)] = row

    def update(self, entity: str, record_id: str, row: StoredRow) -> None:
        """Queue a stored record's new data, clocks and sequence number."""
        data, clocks, _province, seq = row
        self._queue(
            entity,
            "UPDATE records SET data = ?, clocks = ?, seq = ? WHERE entity = ? AND id = ?",
            (data, clocks, seq, entity, record_id),
        )
        self._records[(entity, record_id)] = row

    def restamp(self, entity: str, record_id: str, seq: int) -> None:
        """Queue a new sequence number on a stored record (its content unchanged)."""
        self._queue(
            entity,
            "UPDATE records SET seq = ? WHERE entity = ? AND id = ?",
            (seq, entity, record_id),
        )
        row = self._records.get((entity, record_id))
        if row is not None:
            self._records[(entity, record_id)] = (row[0], row[1], row[2], seq)

    def _queue(self, entity: str, sql: str, params: tuple[Any, ...]) -> None:
        self._pending.append((entity, sql, params))

    def flush(self, entity: str | None = None) -> None:
        """Write the queued changes, in order, consecutive ones of one statement together
        (pipelined): all of them, or only if some touch records of `entity`."""
        if entity is not None and not any(p[0] == entity for p in self._pending):
            return
        pending, self._pending = self._pending, []
        start = 0
        while start < len(pending):
            sql = pending[start][1]
            end = start
            while end < len(pending) and pending[end][1] == sql:
                end += 1
            self.conn.executemany(sql, [p[2] for p in pending[start:end]])
            start = end

    def aliased(self, record_id: str, canonical: str) -> None:
        """Note an alias the batch has just written (an existing one is kept)."""
        if self._aliases.get(record_id) is None:
            self._aliases[record_id] = canonical
