"""Pieces every PDF report shares: the opening (title, enterprise), the template of a
record, the enterprise block and the actions table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from field_app.export.kinds import status_label, vi_en
from field_app.i18n import _, format_date

if TYPE_CHECKING:
    from field_app.models.action import CorrectiveAction
    from field_app.models.enterprise import Enterprise
    from field_app.models.template import ChecklistTemplate
    from field_app.reports.pdf import ReportDocument
    from field_app.store import Store


def open_report(store: Store, title: str, record: Any) -> ReportDocument:
    """A new report on `record`: the title, the enterprise's name as subtitle (marked
    as a draft when the record is not completed), and the enterprise block."""
    from field_app.models.visit import RecordStatus
    from field_app.reports.pdf import ReportDocument

    ent = store.enterprises.get(record.enterprise_id)
    subtitle = ent.name if ent else ""
    if record.status != RecordStatus.COMPLETED:
        subtitle += " · " + _("DRAFT, not completed")
    doc = ReportDocument(title, subtitle)
    enterprise_block(doc, ent, record.enterprise_id)
    return doc


def template_of(repo: Any, record: Any) -> ChecklistTemplate:
    """The template version a record was made with; ReportError when not on the device."""
    from field_app.reports.pdf import ReportError

    try:
        return repo.template_of(record)
    except KeyError as exc:
        raise ReportError(str(exc.args[0]) if exc.args else str(exc)) from exc


def enterprise_block(doc: ReportDocument, ent: Enterprise | None, enterprise_id: str) -> None:
    """Name, kind, tax code, address and contact of the unit the report is about."""
    from field_app.models.enterprise import KIND_LABELS

    doc.heading(_("Enterprise"))
    if ent is None:
        doc.paragraph(_("enterprise {id} is not on this device").format(id=enterprise_id))
        return
    place = ", ".join(p for p in (ent.address, ent.commune, ent.province) if p)
    doc.fields(
        [
            (_("Name"), ent.name),
            (_("Kind"), vi_en(KIND_LABELS.get(ent.kind), ent.kind.value)),
            (_("Tax code"), ent.tax_code or ""),
            (_("Address"), place),
            (_("Representative"), ent.representative),
            (_("Phone"), ent.phone or ""),
        ]
    )


def actions_table(doc: ReportDocument, actions: list[CorrectiveAction], title: str) -> None:
    """Corrective actions with who is responsible and by when."""
    doc.heading(title)
    if not actions:
        doc.paragraph(_("No corrective actions."))
        return
    rows = [
        [
            str(n),
            a.what,
            a.who,
            format_date(a.due_date),
            status_label(a.status.value),
        ]
        for n, a in enumerate(actions, start=1)
    ]
    doc.table(
        [_("No."), _("What to fix"), _("Responsible"), _("Due date"), _("Status")],
        rows,
        widths=(8, 80, 36, 22, 22),
    )
