"""The 5S audit report left with the enterprise: scores per S with a chart and the
previous comparable audit, every item's score and note, photos, and the corrective
actions saying what to fix, who and by when."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from field_app.export.kinds import status_label
from field_app.i18n import _, format_date
from field_app.reports.blocks import (
    Finding,
    actions_table,
    item_numbers,
    open_report,
    sign_off,
    template_of,
)
from field_app.reports.formats import format_percent, format_points
from field_app.reports.pdf import ReportError
from field_app.reports.photo_sheet import photo_sheet

if TYPE_CHECKING:
    from field_app.models.audit_5s import Audit5S
    from field_app.models.template import ChecklistTemplate
    from field_app.store import Store


def audit_report(store: Store, audit_id: str, path: Path, today: date | None = None) -> Path:
    """Write the PDF report of one 5S audit; ReportError for an unknown id."""
    from field_app.scoring import change_per_pillar
    from field_app.settings import SettingsError, load_settings

    audit = store.audits_5s.get(audit_id)
    if audit is None:
        raise ReportError(_("no 5S audit with id {id}").format(id=audit_id))
    template = template_of(store.audits_5s, audit)
    try:
        settings = load_settings()
    except SettingsError:
        settings = None
    score = store.audits_5s.score(audit, settings)
    doc = open_report(store, _("5S audit report"), audit, audit.audit_date)
    numbers = item_numbers(template)

    doc.heading(_("Audit"))
    band = score.rating()
    total = format_percent(score.percent)
    doc.fields(
        [
            (_("Audit date"), format_date(audit.audit_date)),
            (_("Area"), audit.area),
            (_("Auditors"), ", ".join(audit.auditors)),
            (_("Checklist"), f"{template.title()} ({_('version')} {template.version})"),
            (_("Status"), status_label(audit.status.value)),
            (_("Total score"), f"{total} · {band}" if band else total),
        ]
    )

    # The previous audit of the same area on a form of the same pillars
    # (field_app/audit_comparison.py), as the programme report's 5S change uses.
    previous = store.audits_5s.previous(audit)
    before = store.audits_5s.score(previous) if previous else None
    change = change_per_pillar(score, before)
    earlier = {p.key: p.percent for p in before.pillars} if before else {}
    if before:
        earlier["total"] = before.total.percent
    doc.heading(_("Score per S"))
    rows = [
        [
            p.title,
            f"{p.points}/{p.max_points}",
            str(p.not_applicable),
            format_percent(p.percent),
            format_percent(earlier.get(key)) if before else "—",
            format_points(change.get(key)) if before else "—",
        ]
        for key, p in [(p.key, p) for p in score.pillars] + [("total", score.total)]
    ]
    previous_head = (
        _("Previous audit {date}").format(date=format_date(previous.audit_date))
        if previous
        else _("Previous audit")
    )
    doc.table(
        [_("Pillar"), _("Points"), _("Not applicable"), _("Score"), previous_head, _("Change")],
        rows,
        widths=(50, 22, 24, 20, 32, 22),
        align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
    )
    doc.bar_chart([(p.title, p.percent) for p in score.pillars])

    doc.heading(_("Items"))
    photos: list[tuple[str, str]] = []
    for section in template.sections:
        item_rows = []
        for item in section.items:
            answer = audit.item(item.id)
            if answer is None or not answer.answered:
                shown = _("not scored")
            elif answer.not_applicable:
                shown = _("N/A")
            else:
                shown = f"{answer.score}/{template.scoring.max_score}"
            note = answer.note if answer else ""
            item_rows.append([numbers[item.id], item.text(), shown, note])
            for sha in answer.attachments if answer else []:
                photos.append((sha, f"{numbers[item.id]} · {item.text()}"))
        doc.subheading(section.title())
        doc.table(
            [_("No."), _("Requirement"), _("Score"), _("Note")],
            item_rows,
            widths=(12, 86, 18, 52),
            align=("LEFT", "LEFT", "CENTER", "LEFT"),
        )
    if audit.notes:
        doc.heading(_("Notes"))
        doc.paragraph(audit.notes)
    photo_sheet(doc, store, photos)
    actions_table(
        doc,
        store.actions.for_source(audit.id),
        _("Corrective actions"),
        findings(template, audit, numbers),
    )
    ent = store.enterprises.get(audit.enterprise_id)
    sign_off(doc, ent, audit.auditors, _("Auditor"))
    doc.made_on(store.officer, today or date.today())
    return doc.save(path)


def findings(
    template: ChecklistTemplate, audit: Audit5S, numbers: dict[str, str]
) -> dict[str, Finding]:
    """Item id -> what the audit found there (number, score, requirement, note)."""
    found = {}
    for _section, item in template.items():
        answer = audit.item(item.id)
        if answer is None or answer.score is None:
            continue
        where = _("{number}, score {score}/{max}").format(
            number=numbers[item.id], score=answer.score, max=template.scoring.max_score
        )
        found[item.id] = Finding(where, item.text(), answer.note)
    return found


PDF_WRITERS = {"audit_5s": audit_report}
"""The record kinds this module writes the report of (found by `record_pdf.writers`)."""
