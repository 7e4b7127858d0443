"""VietGAP check storage (see ChecklistRecordRepo for drafts, completion and corrections)."""

from __future__ import annotations

from typing import Any

from field_app.i18n import round_percent
from field_app.kinds import VIETGAP_CHECK
from field_app.models.action import ActionProposal
from field_app.models.template import ChecklistTemplate
from field_app.models.vietgap import VietGAPCheck
from field_app.scoring import Readiness, propose_from_check, readiness
from field_app.store.checklist_records import ChecklistRecordRepo


class VietGAPRepo(ChecklistRecordRepo[VietGAPCheck]):
    """All reads and writes of VietGAP checks."""

    kind = VIETGAP_CHECK
    json_columns = ("auditors", "results")

    def summary(self, record: VietGAPCheck, template: ChecklistTemplate) -> dict[str, Any]:
        """Readiness and % of recommended criteria met, kept on the completed check."""
        state = readiness(template, record)
        pct = state.recommended_percent
        percent = None if pct is None else round_percent(pct)
        return {"ready": state.ready, "recommended_percent": percent}

    def readiness(self, record: VietGAPCheck) -> Readiness:
        """Readiness against the check's own template version."""
        return readiness(self.template_of(record), record)

    def propose(self, record: VietGAPCheck) -> list[ActionProposal]:
        """Actions suggested by failed criteria."""
        return propose_from_check(self.template_of(record), record)
