"""VietGAP check storage (see ChecklistRecordRepo for drafts, completion and corrections)."""

from __future__ import annotations

from field_app.kinds import VIETGAP_CHECK
from field_app.models.vietgap import VietGAPCheck
from field_app.scoring import Readiness, readiness
from field_app.store.checklist_records import ChecklistRecordRepo


class VietGAPRepo(ChecklistRecordRepo[VietGAPCheck]):
    """All reads and writes of VietGAP checks."""

    kind = VIETGAP_CHECK

    def readiness(self, record: VietGAPCheck) -> Readiness:
        """Readiness against the check's own template version."""
        return readiness(self.template_of(record), record)
