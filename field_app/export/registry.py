"""The sheets an export holds: each record kind's, in registry order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from field_app.export.audit_kinds import actions_kind, audit_items_kind, audits_kind, vietgap_kind
from field_app.export.kinds import (
    Kind,
    certifications_kind,
    enterprises_kind,
    supports_kind,
    visits_kind,
)
from field_app.export.training_sheet import training_courses_sheet
from field_app.kinds import KINDS, RecordKind

if TYPE_CHECKING:
    from field_app.store import Store

SHEETS: dict[str, Callable[[Store], Sequence[Kind]]] = {
    "enterprise": lambda store: [enterprises_kind()],
    "visit": lambda store: [visits_kind()],
    "audit_5s": lambda store: [audits_kind(store), audit_items_kind()],
    "vietgap_check": lambda store: [vietgap_kind()],
    "action": lambda store: [actions_kind()],
    "support": lambda store: [supports_kind()],
    "certification": lambda store: [certifications_kind()],
    "training_course": lambda store: [training_courses_sheet()],
}
"""Each kind's export sheets by kind name, headers in the current language; a kind
missing here (templates, attachments, reviews) is not exported."""


def sheets_of(record_kind: RecordKind, store: Store) -> Sequence[Kind]:
    """The export sheets of one kind (none for a kind that is not exported)."""
    sheets = SHEETS.get(record_kind.name)
    return sheets(store) if sheets else []


def export_kinds(store: Store) -> list[Kind]:
    """Every exported sheet, headers in the current language.

    Order: the registry, then what officers did there, then the programme's records.
    """
    return [sheet for k in KINDS.values() for sheet in sheets_of(k, store)]
