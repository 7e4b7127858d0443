"""What an interface shows about sync: the queue, the last success, refusals,
conflicts and parked records. Reads only the device's database: no network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sync.credentials import load_credentials
from sync.engine import LAST_ERROR_CODE_KEY, LAST_ERROR_KEY, LAST_SYNC_KEY, is_running

if TYPE_CHECKING:
    from field_app.store.pull_state import Conflict
    from field_app.store.store import Store


@dataclass
class SyncStatus:
    """What an interface shows: the queue, the last success, the state now."""

    enrolled: bool
    pending: int
    rejected: int
    conflicts: int
    last_sync: str | None
    last_error: str | None
    running: bool
    offline: bool
    parked: int = 0
    """Pulled records this device could not store."""


@dataclass(frozen=True)
class RejectedRecord:
    """A record headquarters refused, or one pulled that this device could not store.

    `reason` is in the officer's language (from the refusal's `code` and `params`),
    `reason_en` as headquarters (or the device) wrote it."""

    entity: str
    record_id: str
    op: str
    reason: str
    reason_en: str
    code: str | None
    params: dict[str, Any]
    mutation_id: str = ""
    received: bool = False
    """True for a pulled record parked here, False for a change headquarters refused."""


def sync_status(store: Store) -> SyncStatus:
    """The sync state to show: pending, rejected, conflicts, last success, running/offline."""
    error = store.get_meta(LAST_ERROR_KEY)
    return SyncStatus(
        enrolled=load_credentials(store.device_id) is not None,
        pending=store.outbox.pending_count(),
        rejected=store.outbox.count("rejected"),
        conflicts=store.pulled.conflict_count(),
        last_sync=store.get_meta(LAST_SYNC_KEY),
        last_error=error,
        running=is_running(store),
        offline=bool(error) and store.get_meta(LAST_ERROR_CODE_KEY) == "no_link",
        parked=len(store.pulled.parked(10_000)),
    )


def rejected_records(store: Store, limit: int = 200) -> list[RejectedRecord]:
    """Records headquarters refused (oldest first), then pulled records this device
    parked because it could not store them."""
    from field_app.i18n import _
    from sync.refusals import refusal_text

    refused = [
        RejectedRecord(
            entity=r.entity,
            record_id=r.record_id,
            op=r.op,
            reason=refusal_text(r.code, r.params, r.error),
            reason_en=r.error or "",
            code=r.code,
            params=r.params,
            mutation_id=r.mutation_id,
        )
        for r in store.outbox.refusals("rejected", limit)
    ]
    parked = [
        RejectedRecord(
            entity=p.entity,
            record_id=p.record_id,
            op="pull",
            reason=_("received from headquarters but not stored here: {reason}").format(
                reason=p.reason
            ),
            reason_en=p.reason,
            code="parked",
            params={"reason": p.reason},
            received=True,
        )
        for p in store.pulled.parked(limit)
    ]
    return (refused + parked)[:limit]


def conflicts(store: Store, limit: int = 200) -> list[Conflict]:
    """Values that lost a conflict (kept, to be shown), newest first."""
    return store.pulled.conflicts(limit)


def record_state(store: Store, record_id: str) -> str:
    """One record's sync state: 'pending', 'rejected', 'conflict' or 'synced'."""
    return store.outbox.record_state(record_id)
