"""Site visits (chuyến thăm cơ sở)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator

from field_app.i18n import _
from field_app.models.common import LocalDate, RecordMeta, RequiredDate, Text


class VisitPurpose(StrEnum):
    """Why the officer went."""

    ADVICE = "advice"  # tư vấn
    SURVEY = "survey"  # khảo sát
    AUDIT = "audit"  # đánh giá
    FOLLOW_UP = "follow_up"  # theo dõi, kiểm tra lại
    TRAINING = "training"  # đào tạo


PURPOSE_LABELS = {
    VisitPurpose.ADVICE: ("Tư vấn", "Advice"),
    VisitPurpose.SURVEY: ("Khảo sát", "Survey"),
    VisitPurpose.AUDIT: ("Đánh giá", "Audit"),
    VisitPurpose.FOLLOW_UP: ("Theo dõi", "Follow-up"),
    VisitPurpose.TRAINING: ("Đào tạo", "Training"),
}


class RecordStatus(StrEnum):
    """Drafts may change; completed records are append-only."""

    DRAFT = "draft"
    COMPLETED = "completed"


class Visit(RecordMeta):
    """A site visit. Once completed it is never edited: a correction supersedes it."""

    enterprise_id: str = Field(min_length=1)
    visit_date: RequiredDate
    officers: list[Text] = Field(default_factory=list)
    purpose: VisitPurpose = VisitPurpose.ADVICE
    findings: Text = ""
    recommendations: Text = ""
    next_steps: Text = ""
    follow_up_date: LocalDate = None
    status: RecordStatus = RecordStatus.DRAFT
    supersedes: str | None = None
    """Id of the completed visit this one corrects."""
    completed_at: str | None = None

    @field_validator("officers", mode="before")
    @classmethod
    def _officers(cls, value: object) -> object:
        # Officers type "Nguyễn Văn A, Trần Thị B" in one box.
        if isinstance(value, str):
            return [p for p in (s.strip() for s in value.replace(";", ",").split(",")) if p]
        return value

    def check_complete(self) -> list[str]:
        """What must still be filled in before the visit can be completed."""
        missing = []
        if not self.officers:
            missing.append(_("officers: at least one officer is required"))
        if not self.findings:
            missing.append(_("findings: write what was found"))
        if self.follow_up_date and self.follow_up_date < self.visit_date:
            missing.append(_("follow-up date: must not be before the visit date"))
        return missing
