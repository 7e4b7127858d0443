"""The training courses sheet: one row per course, its enterprises in one cell.

A course names several enterprises (or none), so the sheet does not start with the
owner columns of the other sheets; the enterprises cell reads "Name (people); ...".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from field_app.export.kinds import (
    DATE,
    INT,
    Column,
    Kind,
    Period,
    joined,
    status_label,
    stream,
    to_date,
)
from field_app.i18n import _
from field_app.kinds import TRAINING_COURSE

if TYPE_CHECKING:
    from field_app.store import Store

_DAY = TRAINING_COURSE.day_sql("t")


def _rows(store: Store, period: Period) -> Iterator[tuple[Any, ...]]:
    from field_app.models.training import topic_label

    where, params = period.of(TRAINING_COURSE, "t")
    sql = (
        "SELECT t.id, t.start_date, t.end_date, t.topic, t.title, t.organiser, t.place,"
        " t.trainers, t.participants, t.productivity_experts, t.trainee_experts,"
        " t.enterprises, t.notes, t.attachments, t.status, t.supersedes"
        f" FROM {TRAINING_COURSE.table} t WHERE {where} ORDER BY {_DAY}, t.id"
    )
    for r in list(stream(store, sql, params)):
        sent = json.loads(r[11] or "[]")
        names = store.enterprises.names([e.get("enterprise_id", "") for e in sent])
        enterprises = "; ".join(
            f"{names.get(e.get('enterprise_id', ''), e.get('enterprise_id', ''))}"
            f" ({e.get('participants', 0)})"
            for e in sent
        )
        yield (
            r[0], to_date(r[1]), to_date(r[2]), topic_label(r[3]), r[4], r[5], r[6],
            joined(r[7]), r[8], r[9], r[10], len(sent), enterprises, r[12],
            len(json.loads(r[13] or "[]")), status_label(r[14]), r[15],
        )  # fmt: skip


def training_courses_sheet() -> Kind:
    """Training courses: dates, topic, organiser, trainers, people and experts trained."""
    return Kind(
        key=TRAINING_COURSE.count_key or TRAINING_COURSE.table,
        title=_("Training courses"),
        columns=(
            Column(_("Id"), width=38),
            Column(_("Start date"), DATE, width=12),
            Column(_("End date"), DATE, width=12),
            Column(_("Topic"), width=24),
            Column(_("Course title"), width=36),
            Column(_("Organiser"), width=30),
            Column(_("Place"), width=30),
            Column(_("Trainers"), width=30),
            Column(_("Participants"), INT, width=10),
            Column(_("Productivity experts"), INT, width=10),
            Column(_("Trainee experts"), INT, width=10),
            Column(_("Enterprises"), INT, width=10),
            Column(_("Enterprises and people sent"), width=50),
            Column(_("Notes"), width=40),
            Column(_("Attachments"), INT, width=8),
            Column(_("Status"), width=12),
            Column(_("Corrects course"), width=38),
        ),
        rows=_rows,
        count_sql=f"SELECT count(*) FROM {TRAINING_COURSE.table} t WHERE {{where}}",
        where=lambda p: p.of(TRAINING_COURSE, "t"),
    )
