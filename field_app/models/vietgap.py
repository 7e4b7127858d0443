"""VietGAP checks: each criterion of the checklist passes, fails or does not apply."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from field_app.i18n import _
from field_app.models.checklist_record import ChecklistRecord
from field_app.models.common import RequiredDate, Text
from field_app.models.template import ChecklistTemplate, TemplateKind
from field_app.models.visit import RecordStatus


class CriterionOutcome(StrEnum):
    """The result of one criterion."""

    PASS = "pass"  # đạt
    FAIL = "fail"  # không đạt
    NOT_APPLICABLE = "na"  # không áp dụng


class CriterionResult(BaseModel):
    """The officer's finding for one criterion, with evidence notes."""

    model_config = ConfigDict(extra="ignore")

    item_id: str = Field(min_length=1)
    outcome: CriterionOutcome | None = None
    """None until checked."""
    evidence: Text = ""
    """What was seen: records, documents, places (ghi chép bằng chứng)."""
    attachments: list[str] = Field(default_factory=list)
    """SHA-256 of files attached as evidence."""


class VietGAPCheck(ChecklistRecord):
    """A VietGAP readiness check of an enterprise's crop production."""

    answers_field = "results"

    enterprise_id: str = Field(min_length=1)
    scope: Text = ""
    """Crop and plots checked, e.g. "Rau cải, 2 ha, thôn Nà Hin"."""
    template_id: str = Field(min_length=1)
    template_version: int = Field(ge=1)
    check_date: RequiredDate
    auditors: list[Text] = Field(default_factory=list)
    results: list[CriterionResult] = Field(default_factory=list)
    notes: Text = ""
    ready: bool | None = None
    """Set on completion: every applicable mandatory criterion passes."""
    recommended_percent: float | None = None
    """Set on completion: % of applicable recommended criteria that pass."""
    status: RecordStatus = RecordStatus.DRAFT
    supersedes: str | None = None
    completed_at: str | None = None

    def result(self, item_id: str) -> CriterionResult | None:
        """The finding for one criterion, if any."""
        return self.answer(item_id)

    def with_result(self, found: CriterionResult) -> VietGAPCheck:
        """A copy with one criterion's finding replaced."""
        return self.with_answer(found)

    def check_complete(self, template: ChecklistTemplate) -> list[str]:
        """What must still be done before the check can be completed."""
        if template.kind != TemplateKind.VIETGAP or template.key != (
            self.template_id,
            self.template_version,
        ):
            return [_("template: the check's template is not the one given")]
        problems = []
        if not self.auditors:
            problems.append(_("auditors: at least one auditor is required"))
        known = {i.id for _s, i in template.items()}
        for found in self.results:
            if found.item_id not in known:
                problems.append(_("criterion {id}: not in the template").format(id=found.item_id))
            elif found.outcome == CriterionOutcome.NOT_APPLICABLE and not template.scoring.allow_na:
                problems.append(
                    _("criterion {id}: this template has no 'not applicable'").format(
                        id=found.item_id
                    )
                )
        missing = []
        for _s, item in template.items():
            result = self.result(item.id)
            if result is None or result.outcome is None:
                missing.append(item.id)
        if missing:
            problems.append(
                _("{n} criteria not checked yet: {ids}").format(
                    n=len(missing), ids=", ".join(missing)
                )
            )
        return problems
