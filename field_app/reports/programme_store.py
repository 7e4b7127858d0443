"""The programme report's rows read from an officer's local store (a `ProgrammeSource`).

Selection only: which records count (completed, not replaced by a completed
correction) is decided here in SQL; every figure is computed from the rows by
field_app/reports/programme.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from field_app.audit_comparison import pillar_keys
from field_app.reports.programme_source import (
    ActionRow,
    AuditRow,
    CertificateRow,
    CheckRow,
    SupportRow,
    TrainingRow,
    VisitRow,
)

if TYPE_CHECKING:
    from field_app.store import Store


def current(table: str) -> str:
    """SQL condition: completed and not replaced by a completed correction."""
    return (
        f"status = 'completed' AND id NOT IN (SELECT supersedes FROM {table}"
        " WHERE status = 'completed' AND supersedes IS NOT NULL)"
    )


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


class StoreProgrammeSource:
    """`ProgrammeSource` over the device's SQLite store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def supports(self, year: int) -> Iterator[SupportRow]:
        """Support registrations of `year`, every status."""
        rows = self.store.query(
            "SELECT s.enterprise_id, e.kind, e.commune, s.tool, s.status, s.amount_vnd"
            " FROM supports s JOIN enterprises e ON e.id = s.enterprise_id WHERE s.year = ?",
            (year,),
        )
        for ent, kind, commune, tool, status, amount in rows:
            yield SupportRow(ent, kind or "", commune or "", tool, status, int(amount or 0))

    def visits(self, start: date, end: date) -> Iterator[VisitRow]:
        """Completed, current visits of the period."""
        rows = self.store.query(
            f"SELECT enterprise_id, visit_date, purpose FROM visits WHERE {current('visits')}"
            " AND visit_date BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
        for ent, day, purpose in rows:
            yield VisitRow(ent, date.fromisoformat(day), purpose or "")

    def audits_5s(self, until: date) -> Iterator[AuditRow]:
        """Completed, current 5S audits up to `until`, with their forms' pillars."""
        rows = self.store.query(
            "SELECT id, enterprise_id, area, template_id, template_version, audit_date,"
            f" total_percent, completed_at FROM audits_5s WHERE {current('audits_5s')}"
            " AND audit_date <= ? ORDER BY audit_date, completed_at",
            (until.isoformat(),),
        )
        pillars: dict[tuple[str, int], tuple[str, ...]] = {}
        for audit_id, ent, area, form, version, day, percent, completed_at in rows:
            if (form, version) not in pillars:
                try:
                    pillars[form, version] = pillar_keys(self.store.templates.get(form, version))
                except KeyError:  # form not on this device: compare by the form's id
                    pillars[form, version] = (form,)
            yield AuditRow(
                audit_id,
                ent,
                area,
                pillars[form, version],
                date.fromisoformat(day),
                percent,
                completed_at or "",
            )

    def vietgap_checks(self, start: date, end: date) -> Iterator[CheckRow]:
        """Completed, current VietGAP checks of the period."""
        rows = self.store.query(
            "SELECT enterprise_id, check_date, ready, recommended_percent, completed_at"
            f" FROM vietgap_checks WHERE {current('vietgap_checks')}"
            " AND check_date BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
        for ent, day, ready, recommended, completed_at in rows:
            yield CheckRow(
                ent, date.fromisoformat(day), bool(ready), recommended, completed_at or ""
            )

    def actions(self, start: date, end: date) -> Iterator[ActionRow]:
        """Actions raised or done in the period."""
        # An action is raised on the date of the audit, check or visit that raised it;
        # one added by hand (no source), on the day it was recorded.
        rows = self.store.query(
            "SELECT raised_on, done_on FROM (SELECT coalesce(au.audit_date, vc.check_date,"
            " v.visit_date, CASE WHEN coalesce(a.source_id, '') = ''"
            " THEN substr(a.created_at, 1, 10) END) AS raised_on, a.done_on AS done_on"
            " FROM actions a LEFT JOIN audits_5s au ON au.id = a.source_id"
            " LEFT JOIN vietgap_checks vc ON vc.id = a.source_id"
            " LEFT JOIN visits v ON v.id = a.source_id)"
            " WHERE raised_on BETWEEN :s AND :e OR done_on BETWEEN :s AND :e",
            {"s": start.isoformat(), "e": end.isoformat()},
        )
        for raised_on, done_on in rows:
            yield ActionRow(_day(raised_on), _day(done_on))

    def certificates(self) -> Iterator[CertificateRow]:
        """Every certificate recorded."""
        rows = self.store.query("SELECT standard, issued_on, valid_until FROM certifications")
        for standard, issued, until in rows:
            yield CertificateRow(standard, _day(issued), _day(until))

    def training_courses(self, start: date, end: date) -> Iterator[TrainingRow]:
        """Completed, current training courses that started in the period."""
        for course in self.store.training_courses.current(start, end):
            yield TrainingRow(course.start_date, course.participants, course.experts())
