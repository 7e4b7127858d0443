"""Counts of what a database holds, for `status` and the home screen.

One count per record kind that names a `count_key` in the registry
(`field_app.kinds`), so a new kind is counted without an edit here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from field_app.kinds import KINDS

if TYPE_CHECKING:
    from field_app.store.store import Store


def count_queries() -> dict[str, str]:
    """Key in `status --json` -> SQL returning one number, for every counted kind."""
    return {k.count_key: f"SELECT count(*) FROM {k.table}" for k in KINDS.values() if k.count_key}


COUNTS = count_queries()


def collect_counts(store: Store) -> dict[str, Any]:
    """Every registered count, plus the sync queue and the last successful sync."""
    result: dict[str, Any] = {key: store.scalar(sql) for key, sql in count_queries().items()}
    drafts = draft_counts(store)
    result["drafts"] = sum(drafts.values())
    result["drafts_by_kind"] = drafts
    result["pending_changes"] = store.outbox.pending_count()
    result["last_sync"] = store.get_meta("last_sync")
    return result


def draft_counts(store: Store) -> dict[str, int]:
    """Unfinished drafts per count key, for every kind whose records start as drafts
    (the counts above include them; officers asked which of them are drafts)."""
    counts: dict[str, int] = {}
    for kind in KINDS.values():
        if not kind.count_key:
            continue
        columns = {row[1] for row in store.query(f"PRAGMA table_info({kind.table})")}
        if "status" in columns:
            sql = f"SELECT count(*) FROM {kind.table} WHERE status = 'draft'"
            counts[kind.count_key] = int(store.scalar(sql) or 0)
    return counts
