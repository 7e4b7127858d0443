"""Folding an enterprise created on this device into the one headquarters keeps.

Two officers (or an officer and the official registry) may create the same
enterprise; headquarters keeps the first id per tax code and tells the device the
id it keeps (`canonical`). The device then moves everything naming its own id.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from field_app.store.store import Store


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _tables_with_column(conn: sqlite3.Connection, column: str) -> list[str]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        )
    ]
    return [t for t in tables if column in _columns(conn, t)]


class EnterpriseMerges:
    """Moves a duplicate enterprise onto the id headquarters keeps."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def fold(self, local_id: str, canonical: str) -> None:
        """Fold the enterprise created here as `local_id` into `canonical`, in one
        transaction: every record naming it (each table with an `enterprise_id`
        column), queued mutations still to send, conflicts and the profile itself move
        to `canonical`, and the local duplicate goes.

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
                columns = [c for c in _columns(conn, "enterprises") if c not in ("rid", "id")]
                names = ", ".join(columns)
                conn.execute(
                    f"INSERT INTO enterprises (id, {names})"
                    f" SELECT ?, {names} FROM enterprises WHERE id = ?",
                    (canonical, local_id),
                )
            for table in _tables_with_column(conn, "enterprise_id"):
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
