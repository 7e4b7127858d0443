"""Storage shared by 5S audits and VietGAP checks: drafts, completion, corrections.

Both are filled against a checklist template, save themselves as drafts while the
officer works, and on completion become read-only and are queued for sync ONCE, as
one 'create' carrying the whole record with every item result, so a 2G link ships
one compact record instead of thirty small ones. A correction is a new record that
supersedes the completed one.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, get_origin

from pydantic import BaseModel

from field_app.i18n import _
from field_app.kinds import RecordKind
from field_app.models.action import ActionProposal, CorrectiveAction
from field_app.models.audit_5s import Audit5S
from field_app.models.template import ChecklistTemplate
from field_app.models.vietgap import VietGAPCheck
from field_app.models.visit import RecordStatus
from field_app.store.drafts import (
    RecordLockedError,
    check_enterprise,
    correction_of,
    delete_draft,
    mark_completed,
    redraft,
)
from field_app.store.visits import IncompleteError
from field_app.text import fold_key

if TYPE_CHECKING:
    from field_app.store.store import Store

R = TypeVar("R", Audit5S, VietGAPCheck)


class ChecklistRecordRepo(Generic[R]):
    """Reads and writes of one kind of checklist record, as its descriptor says.

    The Store makes one for each checklist kind of the registry; 5S audits and VietGAP
    checks use subclasses only for their own extra reads (scores, comparisons)."""

    kind: RecordKind
    """The registry's description: table, entity name, model, date column and scoring
    hooks come from it (a subclass may set it; otherwise it is given)."""

    def __init__(self, store: Store, kind: RecordKind | None = None) -> None:
        if kind is not None:
            self.kind = kind
        assert self.kind.checklist is not None, f"{self.kind.name} is not a checklist kind"
        self.checklist = self.kind.checklist
        self.store = store
        self.table = self.kind.table
        self.entity = self.kind.name
        self.date_column: str = self.kind.date_column or "created_at"
        self.model: type[BaseModel] = cast("type[BaseModel]", self.kind.model)
        self.columns: tuple[str, ...] = tuple(self.model.model_fields)
        # Lists (auditors, item answers) are kept as JSON text in their column.
        self.json_columns = tuple(
            name
            for name, field in self.model.model_fields.items()
            if get_origin(field.annotation) in (list, dict)
        )
        self._insert_sql = (
            f"INSERT INTO {self.table} ({', '.join(self.columns)}, hlc) "
            f"VALUES ({', '.join(':' + c for c in self.columns)}, :hlc)"
        )

    # -- conversion ----------------------------------------------------------------

    def _row(self, record: R) -> dict[str, Any]:
        row = record.model_dump(mode="json")
        for col in self.json_columns:
            row[col] = json.dumps(row[col], ensure_ascii=False)
        return row

    def _record(self, row: Any) -> R:
        data = dict(row)
        data.pop("hlc", None)
        for col in self.json_columns:
            data[col] = json.loads(data[col])
        return cast(R, self.model.model_validate(data))

    # -- reads -----------------------------------------------------------------------

    def get(self, record_id: str) -> R | None:
        """One record by id, or None."""
        rows = self.store.query(f"SELECT * FROM {self.table} WHERE id = ?", (record_id,))
        return self._record(rows[0]) if rows else None

    def template_of(self, record: R) -> ChecklistTemplate:
        """The template version the record was made with (never a newer one)."""
        return self.store.templates.get(record.template_id, record.template_version)

    def for_enterprise(self, enterprise_id: str, limit: int = 200) -> list[R]:
        """Every record of an enterprise (drafts and superseded ones included), newest first."""
        rows = self.store.query(
            f"SELECT * FROM {self.table} WHERE enterprise_id = ?"
            f" ORDER BY {self.date_column} DESC, created_at DESC LIMIT ?",
            (enterprise_id, limit),
        )
        return [self._record(r) for r in rows]

    def drafts(self, limit: int = 50) -> list[R]:
        """Drafts not finished yet, most recently touched first."""
        rows = self.store.query(
            f"SELECT * FROM {self.table} WHERE status = 'draft' ORDER BY updated_at DESC LIMIT ?",
            (limit,),
        )
        return [self._record(r) for r in rows]

    def recent(self, limit: int = 10) -> list[R]:
        """Latest completed records."""
        rows = self.store.query(
            f"SELECT * FROM {self.table} WHERE status = 'completed'"
            f" ORDER BY {self.date_column} DESC, completed_at DESC LIMIT ?",
            (limit,),
        )
        return [self._record(r) for r in rows]

    def superseded_by(self, record_id: str) -> str | None:
        """The completed correction that replaces a record, if any."""
        return self.store.scalar(
            f"SELECT id FROM {self.table} WHERE supersedes = ? AND status = 'completed'"
            " ORDER BY completed_at DESC LIMIT 1",
            (record_id,),
        )

    def count(self) -> int:
        """Records of this kind on the device."""
        return self.store.scalar(f"SELECT count(*) FROM {self.table}") or 0

    # -- writes --------------------------------------------------------------------

    def save_draft(self, data: R | dict[str, Any]) -> R:
        """Create or update a draft. Completed records refuse (RecordLockedError)."""
        record = cast(R, data if isinstance(data, self.model) else self.model.model_validate(data))
        with self.store.atomic() as conn:
            return self._write_draft(conn, record)

    def _write_draft(self, conn: Any, record: R) -> R:
        current = self.get(record.id) if record.id else None
        self._check_refs(conn, record)
        if current is None:
            stamp = self.store.stamp()
            if record.id:
                stamp["id"] = record.id
            record = record.model_copy(update={**stamp, "status": RecordStatus.DRAFT})
            conn.execute(self._insert_sql, {**self._row(record), "hlc": ""})
            return record
        if current.status == RecordStatus.COMPLETED:
            raise RecordLockedError(
                _("this record is completed and cannot change; make a correction instead")
            )
        record = redraft(record, current)
        row = self._row(record)
        sets = ", ".join(f"{c} = :{c}" for c in row if c != "id")
        conn.execute(f"UPDATE {self.table} SET {sets} WHERE id = :id", row)
        return record

    def _check_refs(self, conn: Any, record: R) -> None:
        check_enterprise(conn, record.enterprise_id)
        self.template_of(record)  # KeyError naming the template if unknown

    def summary(self, record: R, template: ChecklistTemplate) -> dict[str, Any]:
        """Fields computed on completion (score, readiness), by the kind's scoring."""
        return self.checklist.summary(template, record) if self.checklist.summary else {}

    def propose(self, record: R) -> list[ActionProposal]:
        """Corrective actions suggested by this record, by the kind's scoring."""
        if self.checklist.propose is None:
            return []
        return self.checklist.propose(self.template_of(record), record)

    def complete(self, record: R | str, actions: list[ActionProposal] | None = None) -> R:
        """Complete a draft (given by id, or as its latest content) in ONE transaction.

        The record becomes read-only and is queued once as 'create' with every item
        result; the accepted actions and the records of attached files are saved and
        queued in the same transaction, so none of it is half-saved.
        """
        with self.store.atomic() as conn:
            if isinstance(record, str):
                current = self.get(record)
                if current is None:
                    raise KeyError(record)
            else:
                current = self.get(record.id) if record.id else None
                if current is None or current.status == RecordStatus.DRAFT:
                    current = self._write_draft(conn, record)
            if current.status == RecordStatus.COMPLETED:
                return current
            template = self.template_of(current)
            problems = current.check_complete(template)
            if problems:
                raise IncompleteError(problems)
            summary = self.summary(current, template)
            done = mark_completed(self.store, conn, current, self.table, self.entity, summary)
            hashes = {h for a in getattr(done, done.answers_field) for h in a.attachments}
            if hashes:
                self.store.attachments.queue(conn, hashes)
            if actions:
                self.store.actions.accept(
                    actions,
                    enterprise_id=done.enterprise_id,
                    source_kind=self.entity,
                    source_id=done.id,
                )
            return done

    def correct(self, record_id: str) -> R:
        """Start a correction: a new draft copied from a completed record, superseding it."""
        message = _("only a completed record can be corrected; edit the draft instead")
        return self.save_draft(
            correction_of(self.get(record_id), record_id, self.store.officer, message)
        )

    def delete_draft(self, record_id: str) -> bool:
        """Throw away a draft; False when kept because actions were checked off at it
        (see `drafts.delete_draft`). Completed records are never deleted."""
        return delete_draft(
            self.store, self.table, record_id, _("a completed record cannot be deleted")
        )

    def insert_many(self, records: list[R]) -> int:
        """Insert ready-made records in one transaction (demo data, bulk loads).

        Completed ones are queued for sync exactly as `complete` would.
        """
        with self.store.atomic() as conn:
            for record in records:
                hlc = self.store.hlc() if record.status == RecordStatus.COMPLETED else ""
                conn.execute(self._insert_sql, {**self._row(record), "hlc": hlc})
                if record.status == RecordStatus.COMPLETED:
                    self.store.emit(
                        self.entity, record.id, "create", record.model_dump(mode="json"), hlc=hlc
                    )
        return len(records)


def same_area(a: str, b: str) -> bool:
    """Areas match when they read the same, ignoring case, marks and spacing."""
    return fold_key(a) == fold_key(b)


__all__ = ["ChecklistRecordRepo", "CorrectiveAction", "IncompleteError", "RecordLockedError"]
