"""Counts of what a database holds, for `status` and the home screen.

Each record kind registers its count here; later kinds (audits, actions) add a key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from field_app.store.store import Store

# key in `status --json` -> SQL returning one number
COUNTS: dict[str, str] = {
    "enterprises": "SELECT count(*) FROM enterprises",
    "visits": "SELECT count(*) FROM visits",
    "certifications": "SELECT count(*) FROM certifications",
    "supports": "SELECT count(*) FROM supports",
    "audits_5s": "SELECT count(*) FROM audits_5s",
    "vietgap_checks": "SELECT count(*) FROM vietgap_checks",
    "actions": "SELECT count(*) FROM actions",
}


def collect_counts(store: Store) -> dict[str, Any]:
    """Every registered count, plus the sync queue and the last successful sync."""
    result: dict[str, Any] = {key: store.scalar(sql) for key, sql in COUNTS.items()}
    result["pending_changes"] = store.outbox.pending_count()
    result["last_sync"] = store.get_meta("last_sync")
    return result
