"""The device's side of sync: applying pulled records, the pull cursor, conflicts
to show, and what still waits to be uploaded.

A pulled page and its cursor are written in one transaction, so a cut link costs
at most one page. A pulled value never overwrites a field that has a local change
not yet acknowledged by headquarters (it is still in the outbox).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from field_app.clock import utc_now

if TYPE_CHECKING:
    from pathlib import Path

    from field_app.store.store import Store

_CLOCK_REFUSED = (
    "SELECT seq FROM outbox WHERE state = 'rejected'"
    " AND (error_code = 'clock_ahead' OR error LIKE 'clock:%')"
)
CURSOR_KEY = "sync_cursor"
FULL_PULL_KEY = "sync_full_pull"
RESTORE_ACK_KEY = "sync_restore_seen"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


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


def _column_value(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


class SyncStateRepo:
    """Reads and writes of the sync bookkeeping tables."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._columns: dict[str, list[str]] = {}

    # -- cursor and per-record sequence ----------------------------------------------

    def cursor(self) -> int:
        """The server sequence up to which this device has pulled."""
        return int(self.store.get_meta(CURSOR_KEY) or 0)

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

    def outbox_high_water(self) -> int:
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

    def raise_outbox_high_water(self, value: int) -> None:
        """Move the outbox numbering past `value` (after a restore from backup)."""
        with self.store.atomic() as conn:
            conn.execute(
                "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'", (value,)
            )

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

    # -- headquarters' answers -----------------------------------------------------------

    def mark(self, results: dict[str, tuple[str, str | None, str | None, Any]]) -> None:
        """Record headquarters' answers: mutation id -> (state, English reason, reason
        code, code parameters); the code is what the officer sees, translated."""
        with self.store.atomic() as conn:
            conn.executemany(
                "UPDATE outbox SET state = ?, error = ?, error_code = ?, error_params = ?,"
                " attempts = attempts + 1 WHERE mutation_id = ?",
                [
                    (
                        state,
                        reason,
                        code,
                        json.dumps(params, ensure_ascii=False) if code else None,
                        mid,
                    )
                    for mid, (state, reason, code, params) in results.items()
                ],
            )

    def refusals(self, state: str = "rejected", limit: int = 200) -> list[dict[str, Any]]:
        """Mutations in `state` ('rejected' or 'conflict') with the English reason
        (`error`), its `code` and `params`, oldest first."""
        rows = self.store.query(
            "SELECT mutation_id, entity, record_id, op, error, error_code, error_params"
            " FROM outbox WHERE state = ? ORDER BY seq LIMIT ?",
            (state, limit),
        )
        return [
            {
                "mutation_id": r["mutation_id"],
                "entity": r["entity"],
                "record_id": r["record_id"],
                "op": r["op"],
                "error": r["error"],
                "code": r["error_code"],
                "params": json.loads(r["error_params"]) if r["error_params"] else {},
            }
            for r in rows
        ]

    def merge_enterprise(self, local_id: str, canonical: str) -> None:
        """Fold the enterprise created here as `local_id` into `canonical`, the id
        headquarters keeps it under (another device or the registry had the same tax
        code), in one transaction: every record naming it (each table with an
        `enterprise_id` column), queued mutations still to send, conflicts and the
        profile itself move to `canonical`, and the local duplicate goes.

        Headquarters already merged this device's profile values field by field into
        its record (a value that lost is kept as a conflict); the pull that follows
        brings the result. When `canonical` has not been pulled yet the local profile
        is kept under the new id until it is.
        """
        if local_id == canonical:
            return
        with self.store.atomic() as conn:
            has = {
                r[0]
                for r in conn.execute(
                    "SELECT id FROM enterprises WHERE id IN (?, ?)", (local_id, canonical)
                )
            }
            if local_id in has and canonical not in has:
                columns = [
                    c for c in self._table_columns(conn, "enterprises") if c not in ("rid", "id")
                ]
                names = ", ".join(columns)
                conn.execute(
                    f"INSERT INTO enterprises (id, {names})"
                    f" SELECT ?, {names} FROM enterprises WHERE id = ?",
                    (canonical, local_id),
                )
            for table in self._tables_with_column(conn, "enterprise_id"):
                conn.execute(
                    f"UPDATE {table} SET enterprise_id = ? WHERE enterprise_id = ?",
                    (canonical, local_id),
                )
            conn.execute(
                "UPDATE outbox SET record_id = :new, payload = CASE"
                " WHEN json_valid(payload) AND json_extract(payload, '$.id') = :old"
                " THEN json_set(payload, '$.id', :new) ELSE payload END"
                " WHERE entity = 'enterprise' AND record_id = :old",
                {"new": canonical, "old": local_id},
            )
            # Records queued before the merge reach headquarters naming the canonical id.
            conn.execute(
                "UPDATE outbox SET payload = json_set(payload, '$.enterprise_id', ?)"
                " WHERE json_valid(payload) AND json_extract(payload, '$.enterprise_id') = ?",
                (canonical, local_id),
            )
            conn.execute(
                "UPDATE sync_conflicts SET record_id = ? WHERE entity = 'enterprise'"
                " AND record_id = ?",
                (canonical, local_id),
            )
            conn.execute(
                "DELETE FROM sync_records WHERE entity = 'enterprise' AND record_id = ?",
                (local_id,),
            )
            conn.execute("DELETE FROM enterprises WHERE id = ?", (local_id,))

    def _tables_with_column(self, conn: sqlite3.Connection, column: str) -> list[str]:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND sql NOT LIKE 'CREATE VIRTUAL%'"
            )
        ]
        return [t for t in tables if column in self._table_columns(conn, t)]

    # -- applying a pulled page ----------------------------------------------------------

    def apply_page(
        self,
        records: list[tuple[str, str, int, dict[str, Any]]],
        conflicts: list[dict[str, Any]],
        cursor: int,
        *,
        finished: bool = False,
    ) -> int:
        """Apply (entity, id, server seq, data) records and conflicts, and store the cursor,
        all in one transaction. Returns how many records changed something locally."""
        changed = 0
        now = utc_now()
        with self.store.atomic() as conn:
            for entity, record_id, seq, data in records:
                if self._apply(conn, entity, record_id, data, now, seq):
                    changed += 1
                conn.execute(
                    "INSERT INTO sync_records (entity, record_id, server_seq) VALUES (?, ?, ?)"
                    " ON CONFLICT(entity, record_id)"
                    " DO UPDATE SET server_seq = excluded.server_seq",
                    (entity, record_id, seq),
                )
            self._retry_waiting(conn, now)
            conn.executemany(
                "INSERT OR IGNORE INTO sync_conflicts (entity, record_id, field, kept_value,"
                " kept_hlc, kept_device, lost_value, lost_hlc, lost_device, server_seq,"
                " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        c["e"],
                        c["r"],
                        c["f"],
                        json.dumps(c.get("kv"), ensure_ascii=False),
                        c.get("kh", ""),
                        c.get("kd", ""),
                        json.dumps(c.get("lv"), ensure_ascii=False),
                        c.get("lh", ""),
                        c.get("ld", ""),
                        c.get("s", 0),
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

    def _apply(
        self,
        conn: sqlite3.Connection,
        entity: str,
        record_id: str,
        data: dict[str, Any],
        now: str,
        seq: int,
    ) -> bool:
        from sync.entities import kind

        k = kind(entity)
        columns = self._table_columns(conn, k.table) if k else []
        if k is None or not columns:
            # Kept, not dropped: a newer app version will know what to do with it.
            self._wait(conn, entity, record_id, data, seq, "unknown kind", now)
            return False
        conn.execute("SAVEPOINT pulled")
        try:
            changed = self._write(conn, k, columns, record_id, data)
        except (sqlite3.IntegrityError, ValueError) as exc:
            conn.execute("ROLLBACK TO pulled")
            conn.execute("RELEASE pulled")
            reason = "parent" if "FOREIGN KEY" in str(exc) else f"refused: {exc}"
            self._wait(conn, entity, record_id, data, seq, reason, now)
            return False
        conn.execute("RELEASE pulled")
        conn.execute(
            "DELETE FROM sync_inbox WHERE entity = ? AND record_id = ?", (entity, record_id)
        )
        return changed

    def _write(
        self,
        conn: sqlite3.Connection,
        k: Any,
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
    def _wait(
        conn: sqlite3.Connection,
        entity: str,
        record_id: str,
        data: dict[str, Any],
        seq: int,
        reason: str,
        now: str,
    ) -> None:
        conn.execute(
            "INSERT INTO sync_inbox (entity, record_id, data, server_seq, reason, received_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(entity, record_id) DO UPDATE SET"
            " data = excluded.data, server_seq = excluded.server_seq, reason = excluded.reason",
            (entity, record_id, json.dumps(data, ensure_ascii=False), seq, reason, now),
        )

    def _retry_waiting(self, conn: sqlite3.Connection, now: str) -> None:
        """Records that arrived before their parent: try again now that more arrived."""
        for _round in range(3):
            rows = conn.execute(
                "SELECT entity, record_id, data, server_seq FROM sync_inbox"
                " WHERE reason = 'parent' ORDER BY server_seq LIMIT 5000"
            ).fetchall()
            progress = False
            for entity, record_id, data, seq in rows:
                self._apply(conn, entity, record_id, json.loads(data), now, seq)
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
            )
            for r in rows
        ]

    def conflict_count(self) -> int:
        """How many conflicts headquarters reported."""
        return self.store.scalar("SELECT count(*) FROM sync_conflicts") or 0

    def waiting_count(self) -> int:
        """Pulled records not applied yet (their parent has not arrived, or unknown kind)."""
        return self.store.scalar("SELECT count(*) FROM sync_inbox") or 0

    # -- attachments ---------------------------------------------------------------------

    def files_to_upload(self) -> list[tuple[str, Path]]:
        """Attachment files on this device that headquarters has not confirmed yet."""
        from field_app.locations import attachments_dir

        folder = attachments_dir(self.store.path)
        if not folder.is_dir():
            return []
        done = {r[0] for r in self.store.query("SELECT sha256 FROM sync_files")}
        return [
            (p.name, p)
            for p in sorted(folder.iterdir())
            if _SHA256.match(p.name) and p.name not in done and p.is_file()
        ]

    def mark_uploaded(self, sha256: str) -> None:
        """Headquarters holds this file, checked against its hash."""
        with self.store.atomic() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO sync_files (sha256, uploaded_at) VALUES (?, ?)",
                (sha256, utc_now()),
            )


def _derived(entity: str, row: dict[str, Any]) -> dict[str, Any]:
    """Columns computed locally from a record (the enterprise's folded search text)."""
    if entity != "enterprise":
        return {}
    from field_app.models.enterprise import Enterprise
    from field_app.store.enterprises import fold_columns

    return fold_columns(Enterprise.model_validate(row))
