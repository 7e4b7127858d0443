"""5S audit storage (see ChecklistRecordRepo for drafts, completion and corrections)."""

from __future__ import annotations

from field_app.audit_comparison import comparison_key, pillar_keys
from field_app.kinds import AUDIT_5S
from field_app.models.audit_5s import Audit5S
from field_app.scoring import AuditScore, score_audit
from field_app.settings import Settings
from field_app.store.checklist_records import ChecklistRecordRepo


class AuditRepo(ChecklistRecordRepo[Audit5S]):
    """All reads and writes of 5S audits."""

    kind = AUDIT_5S

    def score(self, record: Audit5S, settings: Settings | None = None) -> AuditScore:
        """Per-S and total scores against the audit's own template version."""
        return score_audit(self.template_of(record), record, settings)

    def previous(self, record: Audit5S) -> Audit5S | None:
        """The last completed, current audit before this one that compares with it (same
        enterprise, area and pillars: field_app/audit_comparison.py)."""
        rows = self.store.query(
            "SELECT * FROM audits_5s a WHERE a.enterprise_id = ? AND a.status = 'completed'"
            " AND a.id != ? AND a.audit_date <= ?"
            " AND NOT EXISTS (SELECT 1 FROM audits_5s c WHERE c.supersedes = a.id"
            "                 AND c.status = 'completed')"
            " ORDER BY a.audit_date DESC, a.completed_at DESC",
            (record.enterprise_id, record.id or "", record.audit_date.isoformat()),
        )
        wanted = comparison_key(record.enterprise_id, record.area, self._pillars(record))
        for row in rows:
            if row["id"] == record.supersedes:
                continue  # a correction compares with what came before the original
            candidate = self._record(row)
            if (
                comparison_key(row["enterprise_id"], row["area"], self._pillars(candidate))
                == wanted
            ):
                return candidate
        return None

    def _pillars(self, record: Audit5S) -> tuple[str, ...]:
        try:
            return pillar_keys(self.template_of(record))
        except KeyError:  # form not on this device: compare by the form's id instead
            return (record.template_id,)
