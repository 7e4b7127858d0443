"""Corrective actions: proposed from audits and checks, followed up at the next visit.

Actions are editable: a change is queued as the fields that changed plus the version
they were based on (like enterprise profiles), so headquarters merges edits made on
two devices field by field.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from field_app.clock import utc_now
from field_app.i18n import _
from field_app.models.action import ACTION_FIELDS, ActionProposal, ActionStatus, CorrectiveAction

if TYPE_CHECKING:
    from field_app.store.store import Store

_COLUMNS = tuple(CorrectiveAction.model_fields)
_INSERT = (
    f"INSERT INTO actions ({', '.join(_COLUMNS)}, hlc) "
    f"VALUES ({', '.join(':' + c for c in _COLUMNS)}, :hlc)"
)
# Filters of the actions list.
FILTERS = ("open", "overdue", "done", "all")


def _action(row: Any) -> CorrectiveAction:
    return CorrectiveAction.model_validate(dict(row))


class ActionRepo:
    """All reads and writes of corrective actions."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reads -------------------------------------------------------------------

    def get(self, action_id: str) -> CorrectiveAction | None:
        """One action by id."""
        rows = self.store.query("SELECT * FROM actions WHERE id = ?", (action_id,))
        return _action(rows[0]) if rows else None

    def find(
        self,
        status: str = "open",
        *,
        enterprise_id: str | None = None,
        today: date | None = None,
        limit: int = 500,
    ) -> list[CorrectiveAction]:
        """Actions by filter: 'open', 'overdue', 'done' or 'all', optionally of one enterprise.

        Open and overdue lists are soonest due first; done lists are latest done first.
        """
        if status not in FILTERS:
            raise ValueError(
                _("filter '{value}' is not known: use {choices}").format(
                    value=status, choices=", ".join(FILTERS)
                )
            )
        where, params = [], []
        if status in ("open", "overdue"):
            where.append("status = 'open'")
        elif status == "done":
            where.append("status = 'done'")
        if status == "overdue":
            where.append("due_date IS NOT NULL AND due_date < ?")
            params.append((today or date.today()).isoformat())
        if enterprise_id:
            where.append("enterprise_id = ?")
            params.append(enterprise_id)
        order = (
            "done_on DESC, updated_at DESC"
            if status == "done"
            else "due_date IS NULL, due_date, created_at"
        )
        sql = "SELECT * FROM actions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY {order} LIMIT ?"
        return [_action(r) for r in self.store.query(sql, (*params, limit))]

    def open_for_enterprise(self, enterprise_id: str) -> list[CorrectiveAction]:
        """Open actions of an enterprise, to check off first at the next visit or audit."""
        return self.find("open", enterprise_id=enterprise_id)

    def overdue(self, today: date, limit: int = 50) -> list[CorrectiveAction]:
        """Open actions past their due date, across the registry (for the home screen)."""
        return self.find("overdue", today=today, limit=limit)

    def for_source(self, source_id: str) -> list[CorrectiveAction]:
        """Actions raised by one audit, check or visit."""
        rows = self.store.query(
            "SELECT * FROM actions WHERE source_id = ? ORDER BY created_at", (source_id,)
        )
        return [_action(r) for r in rows]

    # -- writes ------------------------------------------------------------------

    def add(self, data: CorrectiveAction | dict[str, Any]) -> CorrectiveAction:
        """Validate and save a new action; queue it for sync."""
        action = (
            data if isinstance(data, CorrectiveAction) else CorrectiveAction.model_validate(data)
        )
        action = action.model_copy(update=self.store.stamp())
        with self.store.atomic() as conn:
            if not conn.execute(
                "SELECT 1 FROM enterprises WHERE id = ?", (action.enterprise_id,)
            ).fetchone():
                raise KeyError(_("no enterprise with id {id}").format(id=action.enterprise_id))
            self._insert(conn, action)
        return action

    def _insert(self, conn: Any, action: CorrectiveAction) -> None:
        row = action.model_dump(mode="json")
        hlc = self.store.hlc()
        conn.execute(_INSERT, {**row, "hlc": hlc})
        self.store.emit("action", action.id, "create", row, hlc=hlc)

    def accept(
        self,
        proposals: list[ActionProposal],
        *,
        enterprise_id: str,
        source_kind: str,
        source_id: str | None,
    ) -> list[CorrectiveAction]:
        """Save the proposals the officer kept (possibly edited), in one transaction."""
        actions = [
            CorrectiveAction(
                **self.store.stamp(),
                enterprise_id=enterprise_id,
                source_kind=source_kind,
                source_id=source_id,
                item_id=p.item_id,
                what=p.what,
                who=p.who,
                due_date=p.due_date,
            )
            for p in proposals
        ]
        if actions:
            with self.store.atomic() as conn:
                for action in actions:
                    self._insert(conn, action)
        return actions

    def update(self, action_id: str, changes: dict[str, Any]) -> CorrectiveAction:
        """Change some fields; only the fields that really changed are queued."""
        unknown = set(changes) - set(ACTION_FIELDS)
        if unknown:
            raise ValueError(_("not editable: {fields}").format(fields=", ".join(sorted(unknown))))
        with self.store.atomic() as conn:
            current = self.get(action_id)
            if current is None:
                raise KeyError(action_id)
            merged = CorrectiveAction.model_validate({**current.model_dump(), **changes})
            before = current.model_dump(mode="json", include=set(ACTION_FIELDS))
            after = merged.model_dump(mode="json", include=set(ACTION_FIELDS))
            changed = {k: v for k, v in after.items() if before[k] != v}
            if not changed:
                return current
            hlc = self.store.hlc()
            sets = ", ".join(f"{k} = :{k}" for k in changed)
            conn.execute(
                f"UPDATE actions SET {sets}, updated_at = :updated_at, version = version + 1,"
                " hlc = :hlc WHERE id = :id",
                {**changed, "updated_at": utc_now(), "hlc": hlc, "id": action_id},
            )
            self.store.emit(
                "action", action_id, "update", changed, base_version=current.version, hlc=hlc
            )
        return self.get(action_id)  # type: ignore[return-value]

    def check_off(
        self,
        action_id: str,
        *,
        done: bool,
        note: str = "",
        at_kind: str | None = None,
        at_id: str | None = None,
        today: date | None = None,
    ) -> CorrectiveAction:
        """Record the follow-up of an action at a visit or audit: fixed (done) or still open."""
        changes: dict[str, Any] = {"check_note": note, "checked_kind": at_kind, "checked_id": at_id}
        if done:
            changes.update(status=ActionStatus.DONE, done_on=today or date.today())
        else:
            changes.update(status=ActionStatus.OPEN, done_on=None)
        return self.update(action_id, changes)

    def counts(self, today: date) -> dict[str, int]:
        """How many actions are open, overdue and done."""
        row = self.store.query(
            "SELECT sum(status = 'open'),"
            " sum(status = 'open' AND due_date IS NOT NULL AND due_date < ?),"
            " sum(status = 'done') FROM actions",
            (today.isoformat(),),
        )[0]
        return {"open": row[0] or 0, "overdue": row[1] or 0, "done": row[2] or 0}
