"""The kinds an export holds, in the order sheets appear."""

from __future__ import annotations

from field_app.export.kinds import (
    Kind,
    certifications_kind,
    enterprises_kind,
    supports_kind,
    visits_kind,
)


def export_kinds() -> list[Kind]:
    """Every exported kind, headers in the current language.

    Order: the registry, then what officers did there, then the programme's records.
    """
    return [
        enterprises_kind(),
        visits_kind(),
        supports_kind(),
        certifications_kind(),
    ]
