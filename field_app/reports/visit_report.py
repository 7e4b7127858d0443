"""The site visit report (biên bản/báo cáo chuyến thăm) left with the enterprise."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from field_app.export.kinds import status_label, vi_en
from field_app.i18n import _, format_date
from field_app.reports.blocks import actions_table, open_report, sign_off
from field_app.reports.pdf import ReportError

if TYPE_CHECKING:
    from field_app.store import Store


def visit_report(store: Store, visit_id: str, path: Path, today: date | None = None) -> Path:
    """Write the PDF report of one visit; ReportError for an unknown id."""
    from field_app.models.visit import PURPOSE_LABELS

    visit = store.visits.get(visit_id)
    if visit is None:
        raise ReportError(_("no visit with id {id}").format(id=visit_id))
    doc = open_report(store, _("Site visit report"), visit, visit.visit_date)
    doc.heading(_("Visit"))
    doc.fields(
        [
            (_("Visit date"), format_date(visit.visit_date)),
            (_("Officers"), ", ".join(visit.officers)),
            (_("Purpose"), vi_en(PURPOSE_LABELS.get(visit.purpose), visit.purpose.value)),
            (_("Status"), status_label(visit.status.value)),
            (_("Follow-up date"), format_date(visit.follow_up_date)),
        ]
    )
    doc.heading(_("Findings"))
    doc.paragraph(visit.findings)
    doc.heading(_("Recommendations"))
    doc.paragraph(visit.recommendations)
    doc.heading(_("Next steps"))
    doc.paragraph(visit.next_steps)
    actions = store.actions.open_for_enterprise(visit.enterprise_id)
    actions_table(doc, actions, _("Open corrective actions"))
    sign_off(doc, store.enterprises.get(visit.enterprise_id), visit.officers, _("Officer"))
    doc.made_on(store.officer, today or date.today())
    return doc.save(path)


PDF_WRITERS = {"visit": visit_report}
"""The record kinds this module writes the report of (found by `record_pdf.writers`)."""
