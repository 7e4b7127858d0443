"""What the device received from headquarters: pulled records applied to the
tables, the pull cursor, the conflicts to show, and records parked because they
could not be stored.

A pulled page and its cursor are written in one transaction, so a cut link costs
at most one page. A pulled value never overwrites a field that has a local change
not yet acknowledged by headquarters (it is still in the outbox). A record that
cannot be stored (its parent has not arrived, a kind this version does not know, a
value out of range) is parked in `sync_inbox` with its reason and the pull goes
on: one bad record never stops a device.

How each kind is stored (table, key columns, merged or append-only) comes from the
domain's registry, `field_app.kinds`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from field_app.clock import utc_now
from field_app.kinds import RecordKind, kind
from field_app.store.outbox import RESTORE_ACK_KEY

if TYPE_CHECKING:
    from field_app.store.store import Store

CURSOR_KEY = "sync_cursor"
FULL_PULL_KEY = "sync_full_pull"
WAITING_FOR_PARENT = "parent"
"""The reason of a record that arrived before the record it names (retried)."""
UNKNOWN_KIND = "unknown kind"


@dataclass(frozen=True)
class PulledRow:
    """A record as headquarters holds it, at server sequence `seq`."""

    entity: str
    record_id: str
    seq: int
    data: dict[str, Any]


@dataclass(frozen=True)
class Conflict:
    """A field two devices changed at once: the value kept and the value that lost."""

    entity: str
    record_id: str
    field: str
    kept_value: Any
    kept_device: str
    lost_value: Any
    lost_device: str
    received_at: str
    kept_hlc: str = ""
    lost_hlc: str = ""
    seq: int = 0


@dataclass(frozen=True)
class ParkedRecord:
    """A pulled record kept aside, with the reason it could not be stored."""

    entity: str
    record_id: str
    seq: int
    reason: str
    received_at: str


def _column_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


# What a bad pulled value can raise on its way into a table: out-of-range integers
# (OverflowError), types SQLite cannot bind, constraint failures, models refusing it.
_UNSTORABLE = (sqlite3.IntegrityError, sqlite3.InterfaceError, ValueError, OverflowError, TypeError)


class PullState:
    """Reads and writes of what was pulled."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._columns: dict[str, list[str]] = {}

    # -- cursor and per-record sequence ----------------------------------------------

    def cursor(self) -> int:
        """The server sequence up to which this device has pulled."""
        try:
            return max(0, int(self.store.get_meta(CURSOR_KEY) or 0))
        except ValueError:
            return 0

    def full_pull(self) -> bool:
        """True while a full re-download (after a restore from backup) is under way."""
        return self.store.get_meta(FULL_PULL_KEY) == "1"

    def start_full_pull(self, acknowledge: str = "") -> None:
        """Pull everything again from the start, own records included; `acknowledge`
        marks the restore that caused it as handled."""
        with self.store.atomic():
            if acknowledge:
                self.store.set_meta(RESTORE_ACK_KEY, acknowledge)
            self.store.set_meta(CURSOR_KEY, "0")
            self.store.set_meta(FULL_PULL_KEY, "1")

    def seen_seqs(self, record_ids: list[str]) -> dict[str, int]:
        """Server sequence of each record as last pulled (for conflict detection)."""
        found: dict[str, int] = {}
        for start in range(0, len(record_ids), 500):
            chunk = record_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.store.query(
                f"SELECT record_id, max(server_seq) FROM sync_records WHERE record_id IN ({marks})"
                " GROUP BY record_id",
                tuple(chunk),
            ):
                found[row[0]] = row[1]
        return found

    # -- applying a pulled page ----------------------------------------------------------

    def apply_page(
        self,
        records: list[PulledRow],
        conflicts: list[Conflict],
        cursor: int,
        *,
        parked: Sequence[tuple[PulledRow, str]] = (),
        finished: bool = False,
    ) -> int:
        """Apply records and conflicts, park `parked` (record, reason) and store the
        cursor, all in one transaction. Returns how many records changed something."""
        changed = 0
        now = utc_now()
        with self.store.atomic() as conn:
            for row, reason in parked:
                self._park(conn, row, reason, now)
            for row in records:
                if self._apply(conn, row, now):
                    changed += 1
                conn.execute(
                    "INSERT INTO sync_records (entity, record_id, server_seq) VALUES (?, ?, ?)"
                    " ON CONFLICT(entity, record_id)"
                    " DO UPDATE SET server_seq = excluded.server_seq",
                    (row.entity, row.record_id, row.seq),
                )
            self._retry_waiting(conn, now)
            conn.executemany(
                "INSERT OR IGNORE INTO sync_conflicts (entity, record_id, field, kept_value,"
                " kept_hlc, kept_device, lost_value, lost_hlc, lost_device, server_seq,"
                " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        c.entity,
                        c.record_id,
                        c.field,
                        json.dumps(c.kept_value, ensure_ascii=False),
                        c.kept_hlc,
                        c.kept_device,
                        json.dumps(c.lost_value, ensure_ascii=False),
                        c.lost_hlc,
                        c.lost_device,
                        c.seq,
                        now,
                    )
                    for c in conflicts
                ],
            )
            self.store.set_meta(CURSOR_KEY, str(cursor))
            if finished:
                self.store.set_meta(FULL_PULL_KEY, None)
        return changed

    def _table_columns(self, conn: sqlite3.Connection, table: str) -> list[str]:
        if table not in self._columns:
            self._columns[table] = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        return self._columns[table]

    def _apply(self, conn: sqlite3.Connection, row: PulledRow, now: str) -> bool:
        k = kind(row.entity)
        columns = self._table_columns(conn, k.table) if k else []
        if k is None or not columns:
            # Kept, not dropped: a newer app version will know what to do with it.
            self._park(conn, row, UNKNOWN_KIND, now)
            return False
        conn.execute("SAVEPOINT pulled")
        try:
            changed = self._write(conn, k, columns, row.record_id, row.data)
        except _UNSTORABLE as exc:
            conn.execute("ROLLBACK TO pulled")
            conn.execute("RELEASE pulled")
            reason = WAITING_FOR_PARENT if "FOREIGN KEY" in str(exc) else f"refused: {exc}"
            self._park(conn, row, reason[:500], now)
            return False
        conn.execute("RELEASE pulled")
        conn.execute(
            "DELETE FROM sync_inbox WHERE entity = ? AND record_id = ?", (row.entity, row.record_id)
        )
        return changed

    def _write(
        self,
        conn: sqlite3.Connection,
        k: RecordKind,
        columns: list[str],
        record_id: str,
        data: dict[str, Any],
    ) -> bool:
        keys = {c: data.get(c) for c in k.key_columns}
        where = " AND ".join(f"{c} = :k_{c}" for c in keys)
        params = {f"k_{c}": v for c, v in keys.items()}
        cur = conn.execute(f"SELECT * FROM {k.table} WHERE {where}", params)
        names = [d[0] for d in cur.description]
        found = cur.fetchone()
        if found is None:
            row = {c: _column_value(v) for c, v in data.items() if c in columns}
            row.update(_derived(k.name, row))
            cols = ", ".join(row)
            conn.execute(
                f"INSERT INTO {k.table} ({cols}) VALUES ({', '.join(':' + c for c in row)})", row
            )
            return True
        if not k.mergeable:
            return False  # append-only: the copy here is the same record
        current = dict(zip(names, found, strict=True))
        protected = self._pending_fields(conn, k.name, record_id)
        if protected is None:
            return False  # created here and not yet acknowledged: keep it whole
        changes = {
            c: _column_value(v)
            for c, v in data.items()
            if c in columns
            and c not in protected
            and c not in k.key_columns
            and current.get(c) != _column_value(v)
        }
        if not changes:
            return False
        changes.update(_derived(k.name, {**current, **changes}))
        sets = ", ".join(f"{c} = :{c}" for c in changes)
        conn.execute(f"UPDATE {k.table} SET {sets} WHERE {where}", {**changes, **params})
        return True

    @staticmethod
    def _pending_fields(conn: sqlite3.Connection, entity: str, record_id: str) -> set[str] | None:
        """Fields with a local change not yet acknowledged; None when the whole record is."""
        fields: set[str] = set()
        for op, payload in conn.execute(
            "SELECT op, payload FROM outbox WHERE entity = ? AND record_id = ?"
            " AND state = 'pending'",
            (entity, record_id),
        ):
            if op == "create":
                return None
            fields.update(json.loads(payload))
        return fields

    @staticmethod
    def _park(conn: sqlite3.Connection, row: PulledRow, reason: str, now: str) -> None:
        # Parked as sent, escaped to ASCII: even text that is not valid Unicode (a lone
        # surrogate) is kept without breaking the write.
        def safe(text: str) -> str:
            return text.encode("utf-8", "backslashreplace").decode("utf-8")

        conn.execute(
            "INSERT INTO sync_inbox (entity, record_id, data, server_seq, reason, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(entity, record_id) DO UPDATE SET"
            " data = excluded.data, server_seq = excluded.server_seq, reason = excluded.reason",
            (
                safe(row.entity),
                safe(row.record_id),
                json.dumps(row.data, default=str),
                row.seq if 0 <= row.seq < 2**63 else 0,
                safe(reason),
                now,
            ),
        )

    def _retry_waiting(self, conn: sqlite3.Connection, now: str) -> None:
        """Records that arrived before their parent: try again now that more arrived."""
        for _round in range(3):
            rows = conn.execute(
                "SELECT entity, record_id, data, server_seq FROM sync_inbox"
                " WHERE reason = ? ORDER BY server_seq LIMIT 5000",
                (WAITING_FOR_PARENT,),
            ).fetchall()
            progress = False
            for entity, record_id, data, seq in rows:
                self._apply(conn, PulledRow(entity, record_id, seq, json.loads(data)), now)
                if not conn.execute(
                    "SELECT 1 FROM sync_inbox WHERE entity = ? AND record_id = ?",
                    (entity, record_id),
                ).fetchone():
                    progress = True
            if not progress:
                return

    # -- what the interface shows -------------------------------------------------------

    def conflicts(self, limit: int = 200) -> list[Conflict]:
        """Conflicts received from headquarters, newest first."""
        rows = self.store.query(
            "SELECT * FROM sync_conflicts ORDER BY server_seq DESC, id DESC LIMIT ?", (limit,)
        )
        return [
            Conflict(
                r["entity"],
                r["record_id"],
                r["field"],
                json.loads(r["kept_value"]),
                r["kept_device"],
                json.loads(r["lost_value"]),
                r["lost_device"],
                r["received_at"],
                r["kept_hlc"],
                r["lost_hlc"],
                r["server_seq"],
            )
            for r in rows
        ]

    def conflict_count(self) -> int:
        """How many conflicts headquarters reported."""
        return self.store.scalar("SELECT count(*) FROM sync_conflicts") or 0

    def waiting_count(self) -> int:
        """Pulled records not applied yet (parent not arrived, unknown kind, refused)."""
        return self.store.scalar("SELECT count(*) FROM sync_inbox") or 0

    def parked(self, limit: int = 200) -> list[ParkedRecord]:
        """Pulled records this device could not store, with the reason, oldest first
        (those only waiting for their parent are left out: they resolve themselves)."""
        rows = self.store.query(
            "SELECT entity, record_id, server_seq, reason, received_at FROM sync_inbox"
            " WHERE reason != ? ORDER BY server_seq LIMIT ?",
            (WAITING_FOR_PARENT, limit),
        )
        return [
            ParkedRecord(
                r["entity"], r["record_id"], r["server_seq"], r["reason"], r["received_at"]
            )
            for r in rows
        ]


def _derived(entity: str, row: dict[str, Any]) -> dict[str, Any]:
    """Columns computed locally from a record (the enterprise's folded search text)."""
    if entity != "enterprise":
        return {}
    from field_app.models.enterprise import Enterprise
    from field_app.store.enterprises import fold_columns

    return fold_columns(Enterprise.model_validate(row))
