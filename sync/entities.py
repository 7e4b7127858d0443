"""The record kinds that travel between devices and headquarters, as the wire sees them.

The kinds themselves are described once, in `field_app.kinds`; this module is the
sync layer's view of that registry (entity name -> descriptor) plus the helpers
both ends use to compare records. Server and client are generic: a kind added to
the registry syncs without new code here unless it wants special handling.
"""

from __future__ import annotations

from typing import Any

from field_app.kinds import (
    KINDS,
    SCOPE_ENTERPRISE,
    SCOPE_GLOBAL,
    SCOPE_HQ_ENTERPRISE,
    SCOPE_OFFICER,
    SCOPE_SELF,
    RecordKind,
    kind,
)
from field_app.text import fold_key

# Fields that are bookkeeping, not content: ignored when comparing two copies.
META_FIELDS = frozenset({"updated_at"})


def province_key(value: str | None) -> str:
    """A province name folded for comparison: "Tỉnh Lạng Sơn" == "lang son"."""
    key = fold_key(value)
    for prefix in ("thanhpho", "tinh", "tp"):
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            return key[len(prefix) :]
    return key


def strip_none(data: dict[str, Any]) -> dict[str, Any]:
    """A record without its empty (None) fields: the compact, comparable form."""
    return {k: v for k, v in data.items() if v is not None}


__all__ = [
    "KINDS",
    "META_FIELDS",
    "SCOPE_ENTERPRISE",
    "SCOPE_GLOBAL",
    "SCOPE_HQ_ENTERPRISE",
    "SCOPE_OFFICER",
    "SCOPE_SELF",
    "RecordKind",
    "kind",
    "province_key",
    "strip_none",
]
