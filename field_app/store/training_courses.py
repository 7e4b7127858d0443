"""Training course storage: drafts, completion, corrections, and the programme's totals.

A course is saved as a draft while the officer fills it in; on completion it becomes
read-only and is queued ONCE, as one 'create' carrying the whole record (enterprises
and attachments included), like an audit. A correction is a new draft superseding it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from field_app.i18n import _
from field_app.kinds import TRAINING_COURSE
from field_app.models.training import TrainingCourse
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

if TYPE_CHECKING:
    from field_app.store.store import Store

_JSON_COLUMNS = ("trainers", "enterprises", "attachments")
_TABLE = TRAINING_COURSE.table
# Completed courses no completed correction replaces: the ones the programme counts.
_CURRENT = (
    "t.status = 'completed' AND NOT EXISTS (SELECT 1 FROM training_courses c"
    " WHERE c.supersedes = t.id AND c.status = 'completed')"
)


@dataclass(frozen=True)
class TrainingTotals:
    """What the programme counts from the courses of a period."""

    courses: int
    people: int
    """Participants of every course (people trained)."""
    productivity_experts: int
    trainee_experts: int

    @property
    def experts(self) -> int:
        """Experts trained: productivity experts and trainee experts together."""
        return self.productivity_experts + self.trainee_experts


def _row(course: TrainingCourse) -> dict[str, Any]:
    row = course.model_dump(mode="json")
    for column in _JSON_COLUMNS:
        row[column] = json.dumps(row[column], ensure_ascii=False)
    return row


def _course(row: Any) -> TrainingCourse:
    data = dict(row)
    data.pop("hlc", None)
    for column in _JSON_COLUMNS:
        data[column] = json.loads(data[column] or "[]")
    return TrainingCourse.model_validate(data)


class TrainingRepo:
    """All reads and writes of training courses."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reads -------------------------------------------------------------------

    def get(self, course_id: str) -> TrainingCourse | None:
        """One course by id, or None."""
        rows = self.store.query(f"SELECT * FROM {_TABLE} WHERE id = ?", (course_id,))
        return _course(rows[0]) if rows else None

    def for_enterprise(self, enterprise_id: str, limit: int = 200) -> list[TrainingCourse]:
        """Courses an enterprise sent people to (drafts and superseded ones included),
        newest first."""
        rows = self.store.query(
            f"SELECT * FROM {_TABLE} t WHERE EXISTS (SELECT 1 FROM json_each(t.enterprises) e"
            "  WHERE json_extract(e.value, '$.enterprise_id') = ?)"
            " ORDER BY t.start_date DESC, t.created_at DESC LIMIT ?",
            (enterprise_id, limit),
        )
        return [_course(r) for r in rows]

    def drafts(self, limit: int = 50) -> list[TrainingCourse]:
        """Drafts not finished yet, most recently touched first."""
        rows = self.store.query(
            f"SELECT * FROM {_TABLE} WHERE status = 'draft' ORDER BY updated_at DESC LIMIT ?",
            (limit,),
        )
        return [_course(r) for r in rows]

    def recent(self, limit: int = 100) -> list[TrainingCourse]:
        """Every course, drafts too, newest first (the courses list)."""
        rows = self.store.query(
            f"SELECT * FROM {_TABLE} ORDER BY start_date DESC, created_at DESC LIMIT ?",
            (limit,),
        )
        return [_course(r) for r in rows]

    def superseded_by(self, course_id: str) -> str | None:
        """The completed correction that replaces a course, if any."""
        return self.store.scalar(
            f"SELECT id FROM {_TABLE} WHERE supersedes = ? AND status = 'completed'"
            " ORDER BY completed_at DESC LIMIT 1",
            (course_id,),
        )

    def count(self) -> int:
        """Courses on the device."""
        return self.store.scalar(f"SELECT count(*) FROM {_TABLE}") or 0

    def totals(self, start: date, end: date) -> TrainingTotals:
        """People and experts trained by the current, completed courses that started
        between `start` and `end` (inclusive). Drafts and superseded courses do not count."""
        row = self.store.query(
            "SELECT count(*), coalesce(sum(t.participants), 0),"
            " coalesce(sum(t.productivity_experts), 0), coalesce(sum(t.trainee_experts), 0)"
            f" FROM {_TABLE} t WHERE {_CURRENT} AND t.start_date BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )[0]
        return TrainingTotals(int(row[0]), int(row[1]), int(row[2]), int(row[3]))

    def current(self, start: date, end: date) -> list[TrainingCourse]:
        """The completed courses no correction replaces that started between `start`
        and `end` (inclusive): the courses the programme counts, oldest first."""
        rows = self.store.query(
            f"SELECT * FROM {_TABLE} t WHERE {_CURRENT} AND t.start_date BETWEEN ? AND ?"
            " ORDER BY t.start_date, t.id",
            (start.isoformat(), end.isoformat()),
        )
        return [_course(r) for r in rows]

    def year_totals(self, year: int) -> TrainingTotals:
        """`totals` of the courses that started in `year`."""
        return self.totals(date(year, 1, 1), date(year, 12, 31))

    # -- writes ------------------------------------------------------------------

    def save_draft(self, data: TrainingCourse | dict[str, Any]) -> TrainingCourse:
        """Create or update a draft. Completed courses refuse (RecordLockedError); an
        enterprise not in the registry is refused (KeyError naming it)."""
        course = data if isinstance(data, TrainingCourse) else TrainingCourse.model_validate(data)
        with self.store.atomic() as conn:
            for enterprise in course.enterprises:
                check_enterprise(conn, enterprise.enterprise_id)
            current = self.get(course.id) if course.id else None
            if current is None:
                stamp = self.store.stamp()
                if course.id:
                    stamp["id"] = course.id
                course = course.model_copy(update={**stamp, "status": RecordStatus.DRAFT})
                row = _row(course)
                conn.execute(
                    f"INSERT INTO {_TABLE} ({', '.join(row)})"
                    f" VALUES ({', '.join(':' + c for c in row)})",
                    row,
                )
                return course
            if current.status == RecordStatus.COMPLETED:
                raise RecordLockedError(
                    _("this course is completed and cannot change; make a correction instead")
                )
            course = redraft(course, current)
            row = _row(course)
            sets = ", ".join(f"{c} = :{c}" for c in row if c != "id")
            conn.execute(f"UPDATE {_TABLE} SET {sets} WHERE id = :id", row)
            return course

    def complete(self, course: TrainingCourse | str) -> TrainingCourse:
        """Complete a draft (given by id, or as its latest content) in ONE transaction:
        it becomes read-only and is queued for sync with its attached files."""
        with self.store.atomic() as conn:
            if isinstance(course, str):
                current = self.get(course)
                if current is None:
                    raise KeyError(course)
            else:
                saved = self.get(course.id) if course.id else None
                current = (
                    self.save_draft(course)
                    if saved is None or saved.status == RecordStatus.DRAFT
                    else saved
                )
            if current.status == RecordStatus.COMPLETED:
                return current
            problems = current.check_complete()
            if problems:
                raise IncompleteError(problems)
            done = mark_completed(self.store, conn, current, _TABLE, TRAINING_COURSE.name)
            if done.attachments:
                self.store.attachments.queue(conn, set(done.attachments))
            return done

    def correct(self, course_id: str) -> TrainingCourse:
        """Start a correction: a new draft copied from a completed course, superseding it."""
        message = _("only a completed course can be corrected; edit the draft instead")
        return self.save_draft(
            correction_of(self.get(course_id), course_id, self.store.officer, message)
        )

    def delete_draft(self, course_id: str) -> bool:
        """Throw away a draft. Completed courses are never deleted."""
        return delete_draft(
            self.store, _TABLE, course_id, _("a completed course cannot be deleted")
        )

    def insert_many(self, courses: list[TrainingCourse]) -> int:
        """Insert ready-made courses in one transaction (demo data, bulk loads);
        completed ones are queued for sync exactly as `complete` would."""
        with self.store.atomic() as conn:
            for course in courses:
                row = _row(course)
                done = course.status == RecordStatus.COMPLETED
                hlc = self.store.hlc() if done else ""
                conn.execute(
                    f"INSERT INTO {_TABLE} ({', '.join(row)}, hlc)"
                    f" VALUES ({', '.join(':' + c for c in row)}, :hlc)",
                    {**row, "hlc": hlc},
                )
                if done:
                    self.store.emit(
                        TRAINING_COURSE.name,
                        course.id,
                        "create",
                        course.model_dump(mode="json"),
                        hlc=hlc,
                    )
        return len(courses)


__all__ = ["IncompleteError", "RecordLockedError", "TrainingRepo", "TrainingTotals"]
