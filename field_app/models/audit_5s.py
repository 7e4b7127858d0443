"""5S audits (đánh giá 5S): one area of an enterprise scored item by item."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from field_app.i18n import _
from field_app.models.checklist_record import ChecklistRecord
from field_app.models.common import RequiredDate, Text
from field_app.models.template import ChecklistTemplate, TemplateKind
from field_app.models.visit import RecordStatus


class ItemScore(BaseModel):
    """The officer's answer for one item: a score, or not applicable, plus a note."""

    model_config = ConfigDict(extra="ignore")

    item_id: str = Field(min_length=1)
    score: int | None = Field(default=None, ge=0, le=9)
    """None until scored (or when not applicable)."""
    not_applicable: bool = False
    """Not applicable is not the same as 0: the item leaves the % altogether."""
    note: Text = ""
    attachments: list[str] = Field(default_factory=list)
    """SHA-256 of files attached to this item (see AttachmentRepo)."""

    @model_validator(mode="after")
    def _one_answer(self) -> ItemScore:
        if self.not_applicable and self.score is not None:
            raise ValueError(_("an item is either scored or not applicable, not both"))
        return self

    @property
    def answered(self) -> bool:
        """True once the item has a score or is marked not applicable."""
        return self.not_applicable or self.score is not None


class Audit5S(ChecklistRecord):
    """A 5S audit of one area. Completed audits are never edited: a correction supersedes."""

    answers_field = "items"

    enterprise_id: str = Field(min_length=1)
    area: Text = Field(min_length=1)
    """The area audited, in the officer's words ("Xưởng may số 2", "Kho thành phẩm")."""
    template_id: str = Field(min_length=1)
    template_version: int = Field(ge=1)
    audit_date: RequiredDate
    auditors: list[Text] = Field(default_factory=list)
    items: list[ItemScore] = Field(default_factory=list)
    notes: Text = ""
    total_percent: float | None = None
    """Set on completion, so lists and headquarters need not recompute it."""
    status: RecordStatus = RecordStatus.DRAFT
    supersedes: str | None = None
    completed_at: str | None = None

    def item(self, item_id: str) -> ItemScore | None:
        """The answer for one item, if any."""
        return self.answer(item_id)

    def check_complete(self, template: ChecklistTemplate) -> list[str]:
        """What must still be done before the audit can be completed."""
        problems = []
        if template.kind != TemplateKind.FIVE_S or template.key != (
            self.template_id,
            self.template_version,
        ):
            problems.append(_("template: the audit's template is not the one given"))
            return problems
        if not self.auditors:
            problems.append(_("auditors: at least one auditor is required"))
        scoring = template.scoring
        known = {i.id for _s, i in template.items()}
        for answer in self.items:
            if answer.item_id not in known:
                problems.append(_("item {id}: not in the template").format(id=answer.item_id))
            elif answer.score is not None and answer.score not in scoring.scores:
                problems.append(
                    _("item {id}: score must be {lo} to {hi}").format(
                        id=answer.item_id, lo=scoring.min_score, hi=scoring.max_score
                    )
                )
            elif answer.not_applicable and not scoring.allow_na:
                problems.append(
                    _("item {id}: this template has no 'not applicable'").format(id=answer.item_id)
                )
        missing = [
            i.id
            for _s, i in template.items()
            if not (self.item(i.id) or ItemScore(item_id=i.id)).answered
        ]
        if missing:
            problems.append(
                _("{n} items not scored yet: {ids}").format(n=len(missing), ids=", ".join(missing))
            )
        return problems
