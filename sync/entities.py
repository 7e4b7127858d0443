"""The record kinds that travel between devices and headquarters.

Server and client are generic: they store any kind listed here. A new kind (an
audit, an action...) syncs by adding one `EntityKind` line; neither side needs
new code unless the kind wants special handling.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel

from field_app.text import fold_key

# How a record finds its province, which decides who may write and who receives it.
SCOPE_SELF = "self"  # the record's own `province` field (the enterprise profile)
SCOPE_ENTERPRISE = "enterprise"  # the province of the enterprise named by `enterprise_id`
SCOPE_OFFICER = "officer"  # the province of the officer who sent it (attachments)
SCOPE_GLOBAL = "global"  # headquarters only, sent to every province (templates)


@dataclass(frozen=True)
class EntityKind:
    """How one record kind syncs."""

    name: str
    """Entity name used in the outbox and on the wire."""
    table: str
    """Table holding it on the device."""
    mergeable: bool
    """True: edits merge per field by HLC. False: append-only once created."""
    scope: str
    model: str | None = None
    """`module:Class` of the pydantic model validating a full record, if any."""
    count_key: str | None = None
    """Key in `status --json` counting this kind."""
    key_columns: tuple[str, ...] = ("id",)
    """Columns identifying a row in the device's table."""

    def validator(self) -> type[BaseModel] | None:
        """The pydantic model class, imported on first use (None if unavailable)."""
        return _load_model(self.model) if self.model else None


@cache
def _load_model(path: str) -> type[BaseModel] | None:
    module, _, name = path.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        # A kind whose model is not written yet still syncs, unvalidated.
        return None


KINDS: dict[str, EntityKind] = {
    k.name: k
    for k in [
        EntityKind(
            "enterprise",
            "enterprises",
            True,
            SCOPE_SELF,
            "field_app.models.enterprise:Enterprise",
            "enterprises",
        ),
        EntityKind(
            "certification",
            "certifications",
            True,
            SCOPE_ENTERPRISE,
            "field_app.models.enterprise:Certification",
            "certifications",
        ),
        EntityKind(
            "support",
            "supports",
            True,
            SCOPE_ENTERPRISE,
            "field_app.models.enterprise:SupportRegistration",
            "supports",
        ),
        EntityKind(
            "visit", "visits", False, SCOPE_ENTERPRISE, "field_app.models.visit:Visit", "visits"
        ),
        EntityKind(
            "audit_5s",
            "audits_5s",
            False,
            SCOPE_ENTERPRISE,
            "field_app.models.audit_5s:Audit5S",
            "audits_5s",
        ),
        EntityKind(
            "vietgap_check",
            "vietgap_checks",
            False,
            SCOPE_ENTERPRISE,
            "field_app.models.vietgap:VietGAPCheck",
            "vietgap_checks",
        ),
        # Actions change state (open -> done), so they merge per field like a profile.
        EntityKind(
            "action",
            "actions",
            True,
            SCOPE_ENTERPRISE,
            "field_app.models.action:CorrectiveAction",
            "actions",
        ),
        EntityKind(
            "attachment",
            "attachments",
            False,
            SCOPE_OFFICER,
            "field_app.models.attachment:Attachment",
            "attachments",
        ),
        EntityKind("template", "templates", False, SCOPE_GLOBAL, None, None, ("id", "version")),
    ]
}

# Fields that are bookkeeping, not content: ignored when comparing two copies.
META_FIELDS = frozenset({"updated_at"})


def kind(name: str) -> EntityKind | None:
    """The kind called `name`, or None when this version does not know it."""
    return KINDS.get(name)


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
