"""The sheets an export holds: each record kind's, in registry order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from field_app.kinds import KINDS

if TYPE_CHECKING:
    from field_app.export.kinds import Kind
    from field_app.store import Store


def export_kinds(store: Store) -> list[Kind]:
    """Every exported sheet, headers in the current language (see `RecordKind.sheets`).

    Order: the registry, then what officers did there, then the programme's records.
    """
    return [sheet for k in KINDS.values() if k.sheets for sheet in k.sheets(store)]
