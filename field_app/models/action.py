"""Corrective actions (hành động khắc phục): what the enterprise must fix, by whom, by when.

Actions are editable records, like enterprises: each change is synced as the fields
that changed plus the version it was based on. They follow the enterprise to the
next visit or audit, where the officer checks them off with a note.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from field_app.models.common import LocalDate, RecordMeta, Text


class ActionStatus(StrEnum):
    """Where an action stands."""

    OPEN = "open"  # đang mở
    DONE = "done"  # đã khắc phục
    CANCELLED = "cancelled"  # hủy (no longer relevant)


class CorrectiveAction(RecordMeta):
    """One thing to fix at an enterprise."""

    enterprise_id: str = Field(min_length=1)
    source_kind: str = ""
    """Where it came from: 'audit_5s', 'vietgap_check', 'visit' or '' (added by hand)."""
    source_id: str | None = None
    item_id: str = ""
    """The template item or criterion that raised it."""
    what: Text = Field(min_length=1)
    """What to fix."""
    who: Text = ""
    """Who at the enterprise is responsible."""
    due_date: LocalDate = None
    status: ActionStatus = ActionStatus.OPEN
    done_on: LocalDate = None
    check_note: Text = ""
    """The officer's note when checking the action at a later visit or audit."""
    checked_kind: str | None = None
    """Kind of the visit or audit where it was last checked ('visit', 'audit_5s'...)."""
    checked_id: str | None = None

    def is_overdue(self, today: date) -> bool:
        """Open and past its due date."""
        return (
            self.status == ActionStatus.OPEN and self.due_date is not None and self.due_date < today
        )


# Fields an officer may change; each merges separately in sync.
ACTION_FIELDS: tuple[str, ...] = (
    "what",
    "who",
    "due_date",
    "status",
    "done_on",
    "check_note",
    "checked_kind",
    "checked_id",
)


class ActionProposal(BaseModel):
    """An action suggested from a low score or a failed criterion, before the officer decides."""

    item_id: str
    section_title: str
    item_text: str
    reason: str
    """Why it was proposed, e.g. "score 1" or "failed (mandatory)"."""
    what: str
    who: str = ""
    due_date: date | None = None
