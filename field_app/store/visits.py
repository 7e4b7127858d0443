"""Site visit storage: drafts that save as the officer types, and completed visits
that never change again (a correction is a new visit that supersedes the old one).

Drafts stay on the device: headquarters receives a visit once, when it is
completed, as a single append-only record.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from field_app.i18n import _
from field_app.models.visit import RecordStatus, Visit
from field_app.store.drafts import (
    RecordLockedError,
    check_enterprise,
    correction_of,
    delete_draft,
    mark_completed,
    redraft,
)
from field_app.store.home_summary import (
    DRAFTS_WHERE,
    DUE_WHERE,
    FOLLOW_UP_WITHIN_DAYS,
    RECENT_WHERE,
)

if TYPE_CHECKING:
    from field_app.store.store import Store

_FIELDS = tuple(Visit.model_fields)


class IncompleteError(ValueError):
    """A record cannot be completed yet; `problems` says what to fill in."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _row(visit: Visit) -> dict[str, Any]:
    row = visit.model_dump(mode="json")
    row["officers"] = json.dumps(row["officers"], ensure_ascii=False)
    return row


def _visit(row: Any) -> Visit:
    data = dict(row)
    data["officers"] = json.loads(data["officers"])
    return Visit.model_validate(data)


class VisitRepo:
    """All reads and writes of site visits."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reads -------------------------------------------------------------------

    def get(self, visit_id: str) -> Visit | None:
        """One visit by id, or None."""
        rows = self.store.query("SELECT * FROM visits WHERE id = ?", (visit_id,))
        return _visit(rows[0]) if rows else None

    def for_enterprise(self, enterprise_id: str) -> list[Visit]:
        """Every visit of an enterprise (superseded ones included), newest first."""
        rows = self.store.query(
            "SELECT * FROM visits WHERE enterprise_id = ?"
            " ORDER BY visit_date DESC, created_at DESC",
            (enterprise_id,),
        )
        return [_visit(r) for r in rows]

    def drafts(self, limit: int = 50) -> list[Visit]:
        """Drafts not finished yet, most recently touched first (ties: a fixed order)."""
        rows = self.store.query(f"SELECT v.* FROM visits v WHERE {DRAFTS_WHERE} LIMIT ?", (limit,))
        return [_visit(r) for r in rows]

    def recent(self, limit: int = 10) -> list[Visit]:
        """Latest completed visits."""
        rows = self.store.query(f"SELECT v.* FROM visits v WHERE {RECENT_WHERE} LIMIT ?", (limit,))
        return [_visit(r) for r in rows]

    def follow_ups_due(
        self, today: date, within_days: int = FOLLOW_UP_WITHIN_DAYS, limit: int = 50
    ) -> list[Visit]:
        """Completed, current visits whose follow-up date is overdue or near (a later
        completed visit to the same enterprise counts as the follow-up)."""
        rows = self.store.query(
            f"SELECT v.* FROM visits v WHERE {DUE_WHERE} LIMIT ?",
            ((today + timedelta(days=within_days)).isoformat(), limit),
        )
        return [_visit(r) for r in rows]

    def superseded_by(self, visit_id: str) -> str | None:
        """The completed correction that replaces a visit, if any."""
        return self.store.scalar(
            "SELECT id FROM visits WHERE supersedes = ? AND status = 'completed'"
            " ORDER BY completed_at DESC LIMIT 1",
            (visit_id,),
        )

    # -- writes ------------------------------------------------------------------

    def save_draft(self, data: Visit | dict[str, Any]) -> Visit:
        """Create or update a draft. Completed visits refuse (RecordLockedError)."""
        visit = data if isinstance(data, Visit) else Visit.model_validate(data)
        with self.store.atomic() as conn:
            current = self.get(visit.id) if visit.id else None
            if current is None:
                stamp = self.store.stamp()
                if visit.id:
                    stamp["id"] = visit.id
                visit = visit.model_copy(update={**stamp, "status": RecordStatus.DRAFT})
                check_enterprise(conn, visit.enterprise_id)
                row = _row(visit)
                cols = ", ".join(row)
                conn.execute(
                    f"INSERT INTO visits ({cols}) VALUES ({', '.join(':' + c for c in row)})",
                    row,
                )
                return visit
            if current.status == RecordStatus.COMPLETED:
                raise RecordLockedError(
                    _("this visit is completed and cannot change; make a correction instead")
                )
            visit = redraft(visit, current)
            check_enterprise(conn, visit.enterprise_id)
            row = _row(visit)
            sets = ", ".join(f"{c} = :{c}" for c in row if c != "id")
            conn.execute(f"UPDATE visits SET {sets} WHERE id = :id", row)
            return visit

    def complete(self, visit_id: str) -> Visit:
        """Validate and complete a draft; it becomes read-only and is queued for sync."""
        with self.store.atomic() as conn:
            visit = self.get(visit_id)
            if visit is None:
                raise KeyError(visit_id)
            if visit.status == RecordStatus.COMPLETED:
                return visit
            problems = visit.check_complete()
            if problems:
                raise IncompleteError(problems)
            return mark_completed(self.store, conn, visit, "visits", "visit")

    def correct(self, visit_id: str) -> Visit:
        """Start a correction: a new draft, copied from a completed visit, superseding it."""
        message = _("only a completed visit can be corrected; edit the draft instead")
        return self.save_draft(
            correction_of(self.get(visit_id), visit_id, self.store.officer, message)
        )

    def delete_draft(self, visit_id: str) -> bool:
        """Throw away a draft; False when kept because actions were checked off at it
        (see `drafts.delete_draft`). Completed visits are never deleted."""
        return delete_draft(
            self.store, "visits", visit_id, _("a completed visit cannot be deleted")
        )


def insert_many(store: Store, visits: list[Visit]) -> int:
    """Insert ready-made visits in one transaction (demo data, bulk loads).

    Completed ones are queued for sync exactly as `VisitRepo.complete` would.
    """
    if not visits:
        return 0
    with store.atomic() as conn:
        cols = list(_row(visits[0]))
        sql = f"INSERT INTO visits ({', '.join(cols)}, hlc) VALUES"
        sql += f" ({', '.join(':' + c for c in cols)}, :hlc)"
        for visit in visits:
            hlc = store.hlc()
            conn.execute(sql, {**_row(visit), "hlc": hlc})
            if visit.status == RecordStatus.COMPLETED:
                store.emit("visit", visit.id, "create", visit.model_dump(mode="json"), hlc=hlc)
    return len(visits)
