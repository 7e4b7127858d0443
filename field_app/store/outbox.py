"""The local side of the sync queue: what is waiting to go to headquarters, and
what headquarters answered for each mutation (applied, refused with a reason code,
in conflict). The outbox number (`seq`) is also how a device restored from an older
copy of its file recognises itself."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from field_app.store.store import Store

RESTORE_ACK_KEY = "sync_restore_seen"
_CLOCK_REFUSED = (
    "SELECT seq FROM outbox WHERE state = 'rejected'"
    " AND (error_code = 'clock_ahead' OR error LIKE 'clock:%')"
)


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


@dataclass(frozen=True)
class Answer:
    """Headquarters' answer for one mutation: the state it leaves the mutation in
    ('acked', 'rejected', 'conflict'), the English reason, its code and parameters."""

    state: str
    reason: str | None = None
    code: str | None = None
    params: dict[str, Any] | None = None


@dataclass(frozen=True)
class Refusal:
    """A mutation headquarters refused (or kept in conflict), with its reason."""

    mutation_id: str
    entity: str
    record_id: str
    op: str
    error: str | None
    code: str | None
    params: dict[str, Any]


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

    def mark(self, answers: dict[str, Answer]) -> None:
        """Record headquarters' answers by mutation id; the code is what the officer
        sees, translated."""
        with self.store.atomic() as conn:
            conn.executemany(
                "UPDATE outbox SET state = ?, error = ?, error_code = ?, error_params = ?,"
                " attempts = attempts + 1 WHERE mutation_id = ?",
                [
                    (
                        a.state,
                        a.reason,
                        a.code,
                        json.dumps(a.params or {}, ensure_ascii=False) if a.code else None,
                        mid,
                    )
                    for mid, a in answers.items()
                ],
            )

    def refusals(self, state: str = "rejected", limit: int = 200) -> list[Refusal]:
        """Mutations in `state` ('rejected' or 'conflict') with headquarters' reason,
        oldest first."""
        rows = self.store.query(
            "SELECT mutation_id, entity, record_id, op, error, error_code, error_params"
            " FROM outbox WHERE state = ? ORDER BY seq LIMIT ?",
            (state, limit),
        )
        return [
            Refusal(
                mutation_id=r["mutation_id"],
                entity=r["entity"],
                record_id=r["record_id"],
                op=r["op"],
                error=r["error"],
                code=r["error_code"],
                params=json.loads(r["error_params"]) if r["error_params"] else {},
            )
            for r in rows
        ]

    def count(self, state: str) -> int:
        """How many mutations are in `state`."""
        return self.store.scalar("SELECT count(*) FROM outbox WHERE state = ?", (state,)) or 0

    # -- the clock ran ahead -------------------------------------------------------

    def clock_rejections(self) -> int:
        """How many mutations headquarters refused because this device's clock was ahead."""
        return self.store.scalar(_CLOCK_REFUSED.replace("seq", "count(*)", 1)) or 0

    def rewind_clock(self, hq_ms: int, max_ahead_ms: int) -> bool:
        """After the officer corrected a clock that ran far ahead: bring this device's
        hybrid logical clock (in memory and the copy kept in meta) back to
        headquarters' time `hq_ms` if it reads more than `max_ahead_ms` later, so the
        next stamps are sane without restarting the app. True if it was rewound."""
        from field_app.clock import decode_hlc, encode_hlc, hlc_rewind

        limit = hq_ms + max_ahead_ms
        moved = hlc_rewind(hq_ms, limit)
        last = self.store.get_meta("hlc_last")
        if last and decode_hlc(last)[0] > limit:
            self.store.set_meta("hlc_last", encode_hlc(hq_ms, 0, self.store.device_id))
            moved = True
        return moved

    def requeue_clock_rejections(self, stale_after_ms: int | None = None) -> int:
        """Send again, with a fresh clock, mutations refused because the clock was ahead,
        and pending ones stamped later than `stale_after_ms` (same fate otherwise)."""
        with self.store.atomic() as conn:
            rows = conn.execute(_CLOCK_REFUSED).fetchall()
            if stale_after_ms is not None:
                rows += conn.execute(
                    "SELECT seq FROM outbox WHERE state = 'pending'"
                    " AND CAST(substr(hlc, 1, 13) AS INTEGER) > ?",
                    (stale_after_ms,),
                ).fetchall()
            for (seq,) in sorted(rows):  # re-stamped in the order they were made
                conn.execute(
                    "UPDATE outbox SET state = 'pending', error = NULL, error_code = NULL,"
                    " error_params = NULL, hlc = ? WHERE seq = ?",
                    (self.store.hlc(), seq),
                )
        return len(rows)

    # -- restored from an older copy ---------------------------------------------------

    def high_water(self) -> int:
        """The highest outbox number this file ever handed out."""
        value = self.store.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
        return int(value or 0)

    def is_restored_copy(self, high_water: int, mutation_id: str) -> bool:
        """True when headquarters holds mutation `mutation_id` as this device's number
        `high_water` but this file has another (or none) there: it is an older copy."""
        if high_water <= 0 or not mutation_id:
            return False
        if self.store.get_meta(RESTORE_ACK_KEY) == f"{high_water}:{mutation_id}":
            return False  # already detected and handled
        here = self.store.scalar("SELECT mutation_id FROM outbox WHERE seq = ?", (high_water,))
        return here != mutation_id

    def raise_high_water(self, value: int) -> None:
        """Move the outbox numbering past `value` (after a restore from backup)."""
        with self.store.atomic() as conn:
            conn.execute(
                "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'", (value,)
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
