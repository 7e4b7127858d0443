"""The sync API the interface calls (screens/ imports only field_app and textual).

Thin doors onto `sync.client`, imported lazily so that start-up never loads httpx.
See docs/sync-protocol.md ("The device's API for an interface").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from field_app.store import Store
    from field_app.store.sync_state import Conflict


def run_sync(store: Store, **kwargs: Any) -> Any:
    """One complete sync (push, files, pull); returns a `sync.client.SyncResult`."""
    from sync.client import run_sync as run

    return run(store, **kwargs)


def sync_status(store: Store) -> Any:
    """Pending, rejected, conflicts, last sync, last error, running, offline, enrolled."""
    from sync.client import sync_status as status

    return status(store)


def rejected_records(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    """Records headquarters refused: `reason` translated from the refusal's code,
    `reason_en` as headquarters wrote it, `code` and `params`."""
    from sync.client import rejected_records as rejected

    return rejected(store, limit)


def conflicts(store: Store, limit: int = 200) -> list[Conflict]:
    """Values that lost a conflict (kept, to be shown), newest first."""
    from field_app.store.sync_state import SyncStateRepo

    return SyncStateRepo(store).conflicts(limit)


def record_state(store: Store, record_id: str) -> str:
    """One record's sync state: 'pending', 'rejected', 'conflict' or 'synced'."""
    return store.outbox.record_state(record_id)


def download_file(store: Store, sha256: str) -> Any:
    """Fetch one attachment from headquarters into the attachments folder; its path."""
    from sync.client import download_file as download

    return download(store, sha256)
