"""Queue records that predate the outbox, so an upgraded database syncs them too."""

from __future__ import annotations

import json
import sqlite3

from field_app.clock import hlc_now, utc_now
from field_app.ids import uuid7

# entity name -> table; completed visits only, since drafts never leave the device.
_TABLES = {
    "enterprise": ("enterprises", ""),
    "certification": ("certifications", ""),
    "support": ("supports", ""),
    "visit": ("visits", "WHERE status = 'completed'"),
}
_SKIP = {"rid", "name_fold", "place_fold", "hlc"}


def queue_existing_records(conn: sqlite3.Connection) -> int:
    """Append a 'create' mutation for every record already in the file."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'device_id'").fetchone()
    device = row[0] if row else ""
    queued = 0
    now = utc_now()
    for entity, (table, where) in _TABLES.items():
        cur = conn.execute(f"SELECT * FROM {table} {where} ORDER BY created_at")
        cols = [d[0] for d in cur.description]
        for values in cur.fetchall():
            record = {c: v for c, v in zip(cols, values, strict=True) if c not in _SKIP}
            if "officers" in record:
                record["officers"] = json.loads(record["officers"])
            conn.execute(
                "INSERT INTO outbox (mutation_id, entity, record_id, op, payload, base_version,"
                " hlc, created_at) VALUES (?, ?, ?, 'create', ?, 0, ?, ?)",
                (
                    uuid7(),
                    entity,
                    record["id"],
                    json.dumps(record, ensure_ascii=False),
                    hlc_now(device),
                    now,
                ),
            )
            queued += 1
    return queued
