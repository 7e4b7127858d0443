"""Where the programme report's figures come from: plain rows behind a small protocol.

The indicators (`field_app.reports.programme.compute_programme`) are computed in
Python from these rows, never from SQL, so the same computation runs on an
officer's device and at headquarters:

- on a device, `StoreProgrammeSource` (field_app/reports/programme_store.py) reads
  the local SQLite store;
- at headquarters, the server supplies its own object with the same methods over
  the records it holds for the province.

A source only *selects* rows; it never counts or averages. What a source must give:

- only records that count: completed, not replaced by a completed correction
  (visits, 5S audits, VietGAP checks); support and certificates as recorded;
- dates as `datetime.date`; money as whole dong;
- for a 5S audit, the pillar keys of the form it was made with (`AuditRow.pillars`),
  so a 6S audit is compared only with 6S audits (see field_app/audit_comparison.py).

Every method may return any iterable (a list, a generator over a cursor).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Protocol


@dataclass(frozen=True)
class SupportRow:
    """One support registration of the year (any status, cancelled included)."""

    enterprise_id: str
    enterprise_kind: str
    """The unit's `EnterpriseKind` value: enterprise, cooperative, household, ..."""
    commune: str
    tool: str
    """The tool or system supported ("5S", "ISO 9001", "VietGAP", ...)."""
    status: str
    """registered, approved, paid or cancelled."""
    amount_vnd: int


@dataclass(frozen=True)
class VisitRow:
    """A completed, current site visit."""

    enterprise_id: str
    visit_date: date
    purpose: str


@dataclass(frozen=True)
class AuditRow:
    """A completed, current 5S audit and what it is compared by."""

    id: str
    enterprise_id: str
    area: str
    pillars: tuple[str, ...]
    """Keys of the form's pillars in order (sort, set_in_order, ... and safety for 6S)."""
    audit_date: date
    total_percent: float | None
    completed_at: str = ""
    """Tie-break between audits of the same day (ISO timestamp)."""


@dataclass(frozen=True)
class CheckRow:
    """A completed, current VietGAP check."""

    enterprise_id: str
    check_date: date
    ready: bool
    recommended_percent: float | None
    completed_at: str = ""


@dataclass(frozen=True)
class ActionRow:
    """A corrective action: when it was raised and when it was done."""

    raised_on: date | None
    """Date of the audit, check or visit that raised it; for one added by hand, the
    day it was recorded."""
    done_on: date | None


@dataclass(frozen=True)
class CertificateRow:
    """A certificate an enterprise holds (ISO, VietGAP, HACCP, OCOP stars...)."""

    standard: str
    issued_on: date | None
    valid_until: date | None


@dataclass(frozen=True)
class TrainingRow:
    """A completed, current training course."""

    start_date: date
    participants: int
    """Everyone trained on the course."""
    experts: int
    """Of them, productivity experts or trainee experts."""


class ProgrammeSource(Protocol):
    """The records a programme report is computed from (see the module docstring)."""

    def supports(self, year: int) -> Iterable[SupportRow]:
        """Support registrations of `year`, every status."""
        ...

    def visits(self, start: date, end: date) -> Iterable[VisitRow]:
        """Completed, current visits dated from `start` to `end` inclusive."""
        ...

    def audits_5s(self, until: date) -> Iterable[AuditRow]:
        """Completed, current 5S audits dated up to `until` inclusive (every earlier
        year too: the first audit of an area may be years back)."""
        ...

    def vietgap_checks(self, start: date, end: date) -> Iterable[CheckRow]:
        """Completed, current VietGAP checks dated from `start` to `end`."""
        ...

    def actions(self, start: date, end: date) -> Iterable[ActionRow]:
        """Corrective actions raised or done from `start` to `end` (either date)."""
        ...

    def certificates(self) -> Iterable[CertificateRow]:
        """Every certificate recorded (the report picks issue and expiry dates)."""
        ...

    def training_courses(self, start: date, end: date) -> Iterable[TrainingRow]:
        """Completed, current training courses starting from `start` to `end`."""
        ...
