"""Which 5S audits compare with each other: one definition for every comparison.

Two audits compare when they are of the same enterprise, the same area (read the
same, ignoring case, marks and spacing: "Kho thành phẩm" = "kho thanh pham") and a
form with the same pillars (a 6S form compares only with 6S forms). Used by

- the "previous audit" of an audit (store.audits_5s.previous: the audit screen and PDF);
- the programme report's 5S change, first to latest audit of each such area.

An office scored 53.6 % and a raw-material store scored 30.0 % are two areas, not a
fall of 21 points.
"""

from __future__ import annotations

from collections.abc import Sequence

from field_app.text import fold_key

ComparisonKey = tuple[str, str, tuple[str, ...]]


def comparison_key(enterprise_id: str, area: str, pillars: Sequence[str]) -> ComparisonKey:
    """What two audits must share to be compared."""
    return (enterprise_id, fold_key(area), tuple(pillars))


def pillar_keys(template: object) -> tuple[str, ...]:
    """The pillar keys of a 5S form (its sections), in order."""
    return tuple(section.key for section in getattr(template, "sections", ()))
