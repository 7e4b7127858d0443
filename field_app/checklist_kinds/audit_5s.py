"""5S audits: each item of a 5S form scored on the template's scale."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from field_app.i18n import N_
from field_app.record_kind import Checklist, PdfReport, RecordKind, WebListing

if TYPE_CHECKING:
    from pydantic import BaseModel

    from field_app.models.action import ActionProposal


def _model() -> type[BaseModel]:
    from field_app.models.audit_5s import Audit5S

    return Audit5S


def summary(template: Any, audit: Any) -> dict[str, Any]:
    """The total % kept on the completed audit."""
    from field_app.i18n import round_percent
    from field_app.scoring import score_audit

    percent = score_audit(template, audit).percent
    return {"total_percent": None if percent is None else round_percent(percent)}


def propose(template: Any, audit: Any) -> list[ActionProposal]:
    """Actions suggested by items scored 0 or 1."""
    from field_app.scoring import propose_from_audit

    return propose_from_audit(template, audit)


AUDIT_5S = KIND = RecordKind(
    name="audit_5s",
    table="audits_5s",
    label=N_("5S audit"),
    plural=N_("{n} 5S audits"),
    load_model=_model,
    repository="audits_5s",
    count_key="audits_5s",
    pdf=PdfReport("audit", "5s", "PDF report of a 5S audit (or of a VietGAP check, given its id)"),
    date_column="audit_date",
    checklist=Checklist(
        template_kind="5s",
        subject_field="area",
        subject_required=True,
        summary=summary,
        propose=propose,
    ),
    web=WebListing("audit_5s", "area"),
)
