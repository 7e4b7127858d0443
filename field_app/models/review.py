"""Headquarters' review of a completed record: approved, or "has issues" with a comment.

A review is written at headquarters only and synced to the officer's device, which
shows it beside the record. It never changes the record: an officer answers a review
with issues by making a correction, which supersedes the record as any correction does.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from field_app.i18n import _, format_date
from field_app.models.common import RecordMeta, Text


class ReviewState(StrEnum):
    """What the reviewer decided."""

    APPROVED = "approved"  # đã duyệt
    ISSUES = "issues"  # có vấn đề


class Review(RecordMeta):
    """One record's review; its id is the reviewed record's id (one review per record,
    changed in place when the reviewer decides again)."""

    record_id: str = Field(min_length=1)
    record_kind: str = Field(min_length=1)
    """The reviewed record's sync entity: 'visit', 'audit_5s', 'vietgap_check'..."""
    enterprise_id: str = Field(min_length=1)
    """The record's enterprise, which decides the province the review travels to."""
    state: ReviewState
    comment: Text = Field(default="", max_length=2000)
    reviewer: Text = ""
    """Full name of the headquarters user who decided."""
    reviewed_at: str = ""
    """UTC ISO time of the decision."""

    def summary(self) -> str:
        """One line for the officer, in the interface language."""
        from datetime import date

        try:
            day = format_date(date.fromisoformat(self.reviewed_at[:10]))
        except ValueError:
            day = ""
        if self.state == ReviewState.APPROVED:
            return _("Headquarters approved this record ({reviewer}, {date}).").format(
                reviewer=self.reviewer, date=day
            )
        return _(
            "Headquarters found issues ({reviewer}, {date}): {comment}. Answer with a"
            " correction (F6)."
        ).format(reviewer=self.reviewer, date=day, comment=self.comment)
