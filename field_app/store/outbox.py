"""The local side of the sync queue: what is waiting to go to headquarters."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from field_app.store.store import Store


@dataclass(frozen=True)
class OutboxEntry:
    """One mutation waiting in the outbox."""

    seq: int
    mutation_id: str
    entity: str
    record_id: str
    op: str
    payload: dict[str, Any]
    base_version: int
    hlc: str
    state: str
    attempts: int
    error: str | None


class Outbox:
    """Reads and state changes of the outbox (appends happen in `Store.emit`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def pending_count(self) -> int:
        """Mutations not yet acknowledged by headquarters."""
        return self.store.scalar("SELECT count(*) FROM outbox WHERE state = 'pending'") or 0

    def pending(self, limit: int = 500, after_seq: int = 0) -> list[OutboxEntry]:
        """The oldest pending mutations, in the order they were made."""
        rows = self.store.query(
            "SELECT * FROM outbox WHERE state = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
            (after_seq, limit),
        )
        return [self._entry(r) for r in rows]

    def by_state(self, state: str, limit: int = 200) -> list[OutboxEntry]:
        """Mutations in one state, e.g. 'rejected' to show the officer."""
        rows = self.store.query(
            "SELECT * FROM outbox WHERE state = ? ORDER BY seq LIMIT ?", (state, limit)
        )
        return [self._entry(r) for r in rows]

    def record_state(self, record_id: str) -> str:
        """A record's own sync state: 'pending', 'rejected', 'conflict' or 'synced'."""
        rows = self.store.query(
            "SELECT state FROM outbox WHERE record_id = ? AND state != 'acked'", (record_id,)
        )
        states = {r["state"] for r in rows}
        for state in ("rejected", "conflict", "pending"):
            if state in states:
                return state
        return "synced"

    def mark(self, results: dict[str, tuple[str, str | None]]) -> None:
        """Record headquarters' answers: mutation id -> (state, reason)."""
        with self.store.atomic() as conn:
            conn.executemany(
                "UPDATE outbox SET state = ?, error = ?, attempts = attempts + 1"
                " WHERE mutation_id = ?",
                [(state, reason, mid) for mid, (state, reason) in results.items()],
            )

    @staticmethod
    def _entry(row: Any) -> OutboxEntry:
        return OutboxEntry(
            seq=row["seq"],
            mutation_id=row["mutation_id"],
            entity=row["entity"],
            record_id=row["record_id"],
            op=row["op"],
            payload=json.loads(row["payload"]),
            base_version=row["base_version"],
            hlc=row["hlc"],
            state=row["state"],
            attempts=row["attempts"],
            error=row["error"],
        )
