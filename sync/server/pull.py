"""Pull: pages of records and conflicts after a cursor, ordered by server sequence."""

from __future__ import annotations

import json

from sync.protocol import PulledConflict, PulledRecord, PullResponse
from sync.server.officers import Principal
from sync.server.storage import HQStore

GLOBAL_PROVINCE = "*"
MAX_PULL_LIMIT = 2000
"""Most records a device may ask for in one page."""
MAX_PAGE_BYTES = 256 * 1024
"""A page holds records up to about this much JSON (before gzip), and always at
least one: whatever the records, no page can exhaust a laptop's memory (a record
itself is at most `sync.bounds.MAX_RECORD_BYTES`)."""


def _within_bytes(rows: list) -> list:
    """The longest head of `rows` (at least one) whose JSON stays within the budget."""
    size = 0
    for index, row in enumerate(rows):
        size += len(row[2].encode()) + 120  # the data, and the page's keys around it
        if size > MAX_PAGE_BYTES and index > 0:
            return rows[:index]
    return rows


def pull_page(
    hq: HQStore, who: Principal, cursor: int, limit: int = 500, own: bool = False
) -> PullResponse:
    """One page for `who`'s province: records changed after `cursor`, their conflicts,
    and the cursor to send next.

    Append-only records a device sent itself are left out (it has them) unless
    `own` is set, which a device restored from an old backup asks for.
    """
    limit = max(1, min(limit, MAX_PULL_LIMIT))
    # One read transaction: the page and its upper bound come from one snapshot.
    with hq.snapshot() as conn:
        top = hq.current_seq()
        rows = conn.execute(
            "SELECT entity, id, data, seq FROM records WHERE seq > ? AND seq <= ?"
            " AND province IN (?, ?) AND (skip_device IS NULL OR skip_device != ? OR ? = 1)"
            " ORDER BY seq LIMIT ?",
            (
                cursor,
                top,
                who.province_key,
                GLOBAL_PROVINCE,
                who.device_id,
                int(own),
                limit + 1,
            ),
        ).fetchall()
        more = len(rows) > limit
        fetched = rows[:limit]
        rows = _within_bytes(fetched)
        more = more or len(rows) < len(fetched)
        upto = rows[-1][3] if more else top
        conflicts = conn.execute(
            "SELECT entity, record_id, field, kept_value, kept_hlc, kept_device, lost_value,"
            " lost_hlc, lost_device, seq FROM conflicts"
            " WHERE seq > ? AND seq <= ? AND province = ? ORDER BY seq",
            (cursor, upto, who.province_key),
        ).fetchall()
    return PullResponse(
        cursor=max(upto, cursor),
        more=more,
        records=[
            PulledRecord(entity=e, record_id=r, seq=s, data=json.loads(d)).wire()
            for e, r, d, s in rows
        ],
        conflicts=[
            PulledConflict(
                entity=c[0],
                record_id=c[1],
                field=c[2],
                kept_value=json.loads(c[3]),
                kept_hlc=c[4],
                kept_device=c[5],
                lost_value=json.loads(c[6]),
                lost_hlc=c[7],
                lost_device=c[8],
                seq=c[9],
            )
            for c in conflicts
        ],
    )
