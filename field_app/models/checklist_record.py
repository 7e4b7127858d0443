"""What 5S audits and VietGAP checks share: a record filled item by item against a
checklist template, by one or more auditors."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from pydantic import field_validator

from field_app.models.common import RecordMeta


def split_names(value: object) -> object:
    """Names typed in one box ("Nguyễn Văn A, Trần Thị B" or with ";") as a list."""
    if isinstance(value, str):
        return [p for p in (s.strip() for s in value.replace(";", ",").split(",")) if p]
    return value


class ChecklistRecord(RecordMeta):
    """Base of Audit5S and VietGAPCheck: their answers, one per item, are the list named
    by `answers_field`. The fields themselves stay on each model, in their own order
    (the order of the stored columns and of the payload sent to headquarters)."""

    answers_field: ClassVar[str]

    @field_validator("auditors", mode="before", check_fields=False)
    @classmethod
    def _auditors(cls, value: object) -> object:
        return split_names(value)

    def answer(self, item_id: str) -> Any | None:
        """The answer for one item, if any."""
        for found in getattr(self, self.answers_field):
            if found.item_id == item_id:
                return found
        return None

    def with_answer(self, answer: Any) -> Self:
        """A copy with one item's answer replaced (drafts are edited this way)."""
        kept = [a for a in getattr(self, self.answers_field) if a.item_id != answer.item_id]
        return self.model_copy(update={self.answers_field: [*kept, answer]})
