"""Reviews headquarters made of this device's records (pulled, never written here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from field_app.models.review import Review, ReviewState

if TYPE_CHECKING:
    from field_app.store.store import Store


def _answered(alias: str) -> str:
    # A review with issues is answered once a completed correction of its record exists,
    # in any kind a correction can supersede (its model has `supersedes`).
    from field_app.kinds import KINDS

    tables = [
        k.table
        for k in KINDS.values()
        if k.model is not None and "supersedes" in k.model.model_fields
    ]
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM {table} c WHERE c.supersedes = {alias}.record_id"
        " AND c.status = 'completed')"
        for table in tables
    )


class ReviewRepo:
    """Reads of headquarters' reviews."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def for_record(self, record_id: str) -> Review | None:
        """The review of one record, or None when headquarters has not reviewed it."""
        rows = self.store.query("SELECT * FROM reviews WHERE record_id = ?", (record_id,))
        return Review.model_validate(dict(rows[0])) if rows else None

    def needing_attention(self, limit: int = 50) -> list[Review]:
        """Reviews with issues whose record has no completed correction yet, newest first."""
        rows = self.store.query(
            f"SELECT * FROM reviews r WHERE r.state = ? AND NOT ({_answered('r')})"
            " ORDER BY r.reviewed_at DESC LIMIT ?",
            (ReviewState.ISSUES.value, limit),
        )
        return [Review.model_validate(dict(r)) for r in rows]

    def attention_count(self) -> int:
        """How many records need the officer's attention after review."""
        return int(
            self.store.scalar(
                f"SELECT count(*) FROM reviews r WHERE r.state = ? AND NOT ({_answered('r')})",
                (ReviewState.ISSUES.value,),
            )
            or 0
        )
