"""VietGAP checks: each criterion of a VietGAP form passes, fails or does not apply."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from field_app.i18n import N_
from field_app.record_kind import Checklist, PdfReport, RecordKind, WebListing

if TYPE_CHECKING:
    from pydantic import BaseModel

    from field_app.models.action import ActionProposal


def _model() -> type[BaseModel]:
    from field_app.models.vietgap import VietGAPCheck

    return VietGAPCheck


def summary(template: Any, check: Any) -> dict[str, Any]:
    """Readiness and % of recommended criteria met, kept on the completed check."""
    from field_app.i18n import round_percent
    from field_app.scoring import readiness

    state = readiness(template, check)
    pct = state.recommended_percent
    percent = None if pct is None else round_percent(pct)
    return {"ready": state.ready, "recommended_percent": percent}


def propose(template: Any, check: Any) -> list[ActionProposal]:
    """Actions suggested by failed criteria."""
    from field_app.scoring import propose_from_check

    return propose_from_check(template, check)


VIETGAP_CHECK = KIND = RecordKind(
    name="vietgap_check",
    table="vietgap_checks",
    label=N_("VietGAP check"),
    plural=N_("{n} VietGAP checks"),
    load_model=_model,
    repository="vietgap_checks",
    count_key="vietgap_checks",
    pdf=PdfReport("vietgap", "vietgap", "PDF report of a VietGAP check"),
    date_column="check_date",
    checklist=Checklist(
        template_kind="vietgap",
        subject_field="scope",
        subject_required=False,
        summary=summary,
        propose=propose,
    ),
    web=WebListing("vietgap", "scope"),
)
