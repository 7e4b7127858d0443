"""Pull: pages of records and conflicts after a cursor, ordered by server sequence."""

from __future__ import annotations

import json
from typing import Any

from sync.server.officers import Principal
from sync.server.storage import HQStore

GLOBAL_PROVINCE = "*"


def pull_page(
    hq: HQStore, who: Principal, cursor: int, limit: int = 500, own: bool = False
) -> dict[str, Any]:
    """One page for `who`'s province: records changed after `cursor`, their conflicts,
    and the cursor to send next.

    Append-only records a device sent itself are left out (it has them) unless
    `own` is set, which a device restored from an old backup asks for.
    """
    limit = max(1, min(limit, 2000))
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
        rows = rows[:limit]
        upto = rows[-1][3] if more else top
        conflicts = conn.execute(
            "SELECT entity, record_id, field, kept_value, kept_hlc, kept_device, lost_value,"
            " lost_hlc, lost_device, seq FROM conflicts"
            " WHERE seq > ? AND seq <= ? AND province = ? ORDER BY seq",
            (cursor, upto, who.province_key),
        ).fetchall()
    return {
        "c": max(upto, cursor),
        "more": more,
        "r": [{"e": e, "r": r, "s": s, "d": json.loads(d)} for e, r, d, s in rows],
        "x": [
            {
                "e": c[0],
                "r": c[1],
                "f": c[2],
                "kv": json.loads(c[3]),
                "kh": c[4],
                "kd": c[5],
                "lv": json.loads(c[6]),
                "lh": c[7],
                "ld": c[8],
                "s": c[9],
            }
            for c in conflicts
        ],
    }
