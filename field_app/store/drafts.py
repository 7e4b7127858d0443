"""What site visits, 5S audits and VietGAP checks share as drafts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from field_app.clock import utc_now
from field_app.i18n import _
from field_app.models.common import RecordMeta
from field_app.models.visit import RecordStatus

if TYPE_CHECKING:
    from field_app.store.store import Store

R = TypeVar("R")
# A stored record model (visit, training course), for helpers that copy and dump it.
M = TypeVar("M", bound=RecordMeta)


class RecordLockedError(ValueError):
    """A completed record was asked to change; make a correction instead."""


def delete_draft(store: Store, table: str, record_id: str, locked_message: str) -> bool:
    """Delete a draft; True if it was deleted.

    A draft at which corrective actions were checked off is KEPT (False): the actions
    name it as the visit or audit where they were followed up (`checked_id`, already
    queued for headquarters), so deleting it would leave them pointing at nothing. The
    officer finds it among the drafts. Completed records refuse (RecordLockedError).
    """
    with store.atomic() as conn:
        row = conn.execute(f"SELECT status FROM {table} WHERE id = ?", (record_id,)).fetchone()
        if row is None:
            return False
        if row[0] != RecordStatus.DRAFT:
            raise RecordLockedError(locked_message)
        checked = "SELECT 1 FROM actions WHERE checked_id = ? LIMIT 1"
        if conn.execute(checked, (record_id,)).fetchone():
            return False
        conn.execute(f"DELETE FROM {table} WHERE id = ?", (record_id,))
        return True


def redraft(record: R, current: Any) -> R:
    """`record` as the next version of the saved draft `current`: who made it, when
    and on which device never change; the version goes up by one."""
    return record.model_copy(  # type: ignore[attr-defined]
        update={
            "created_at": current.created_at,
            "created_by": current.created_by,
            "device_id": current.device_id,
            "version": current.version + 1,
            "updated_at": utc_now(),
            "status": RecordStatus.DRAFT,
        }
    )


def mark_completed(
    store: Store,
    conn: Any,
    record: M,
    table: str,
    entity: str,
    computed: dict[str, Any] | None = None,
) -> M:
    """Complete a checked draft in `conn`'s transaction: stamp it, make it read-only and
    queue the whole record for sync (a completed record travels once, whole).

    `computed` holds columns worked out at completion (a 5S audit's total score, a
    VietGAP check's readiness), saved and sent with the rest."""
    now = utc_now()
    extra = computed or {}
    done = record.model_copy(
        update={**extra, "status": RecordStatus.COMPLETED, "completed_at": now, "updated_at": now}
    )
    hlc = store.hlc()
    sets = "".join(f", {column} = :{column}" for column in extra)
    conn.execute(
        f"UPDATE {table} SET status = 'completed', completed_at = :now, updated_at = :now{sets},"
        " hlc = :hlc WHERE id = :id",
        {**extra, "now": now, "hlc": hlc, "id": done.id},
    )
    store.emit(entity, done.id, "create", done.model_dump(mode="json"), hlc=hlc)
    return done


def check_enterprise(conn: Any, enterprise_id: str) -> None:
    """KeyError (naming the id) unless the enterprise is in the registry."""
    if not conn.execute("SELECT 1 FROM enterprises WHERE id = ?", (enterprise_id,)).fetchone():
        raise KeyError(_("no enterprise with id {id}").format(id=enterprise_id))


def correction_of(original: Any, record_id: str, officer: str, not_completed: str) -> Any:
    """A new draft's content copied from the completed `original`, superseding it.

    KeyError when there is no such record; ValueError (`not_completed`) for a draft.
    """
    if original is None:
        raise KeyError(record_id)
    if original.status != RecordStatus.COMPLETED:
        raise ValueError(not_completed)
    copy = original.model_dump(
        exclude={"id", "created_at", "updated_at", "version", "status", "completed_at"}
    )
    copy.update(supersedes=original.id, created_by=officer)
    return type(original).model_validate(copy)
