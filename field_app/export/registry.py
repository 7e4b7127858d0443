"""The kinds an export holds, in the order sheets appear."""

from __future__ import annotations

from typing import TYPE_CHECKING

from field_app.export.audit_kinds import (
    actions_kind,
    audit_items_kind,
    audits_kind,
    vietgap_kind,
)
from field_app.export.kinds import (
    Kind,
    certifications_kind,
    enterprises_kind,
    supports_kind,
    visits_kind,
)

if TYPE_CHECKING:
    from field_app.store import Store


def export_kinds(store: Store) -> list[Kind]:
    """Every exported kind, headers in the current language.

    Order: the registry, then what officers did there, then the programme's records.
    """
    return [
        enterprises_kind(),
        visits_kind(),
        audits_kind(store),
        audit_items_kind(),
        vietgap_kind(),
        actions_kind(),
        supports_kind(),
        certifications_kind(),
    ]
