"""What site visits, 5S audits and VietGAP checks share as drafts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from field_app.models.visit import RecordStatus

if TYPE_CHECKING:
    from field_app.store.store import Store


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
