"""The 5S audit report left with the enterprise: scores per S with a chart, every
item's score and note, photos, and the corrective actions with owners and dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from field_app.export.kinds import status_label, vi_en
from field_app.i18n import _, format_date
from field_app.reports.blocks import actions_table, open_report, template_of
from field_app.reports.formats import format_percent, format_points
from field_app.reports.pdf import ReportDocument, ReportError

if TYPE_CHECKING:
    from field_app.store import Store

PHOTO_WIDTH_MM = 70


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
    doc = open_report(store, _("5S audit report"), audit)

    doc.heading(_("Audit"))
    band = vi_en((score.band.label_vi, score.band.label_en), "") if score.band else ""
    total = format_percent(score.percent)
    doc.fields(
        [
            (_("Audit date"), format_date(audit.audit_date)),
            (_("Area"), audit.area),
            (_("Auditors"), ", ".join(audit.auditors)),
            (_("Checklist"), f"{template.title()} (v{template.version})"),
            (_("Status"), status_label(audit.status.value)),
            (_("Total score"), f"{total} · {band}" if band else total),
        ]
    )

    doc.heading(_("Score per S"))
    previous = store.audits_5s.previous(audit)
    before = store.audits_5s.score(previous) if previous else None
    change = change_per_pillar(score, before)
    rows = [
        [
            p.title,
            f"{p.points}/{p.max_points}",
            str(p.not_applicable),
            format_percent(p.percent),
            format_points(change.get(p.key)) if before else "",
        ]
        for p in [*score.pillars, score.total]
    ]
    change_head = (
        _("Change since {date}").format(date=format_date(previous.audit_date))
        if previous
        else _("Change")
    )
    doc.table(
        [_("Pillar"), _("Points"), _("Not applicable"), _("Score"), change_head],
        rows,
        widths=(62, 25, 25, 25, 31),
        align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
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
            item_rows.append([item.id, item.text(), shown, note])
            for sha in answer.attachments if answer else []:
                photos.append((sha, f"{item.id} · {item.text()}"))
        doc.paragraph(section.title(), size=10.5)
        doc.table(
            [_("Item"), _("Requirement"), _("Score"), _("Note")],
            item_rows,
            widths=(18, 86, 18, 46),
            align=("LEFT", "LEFT", "CENTER", "LEFT"),
        )
    if audit.notes:
        doc.heading(_("Notes"))
        doc.paragraph(audit.notes)
    _photos(doc, store, photos)
    actions_table(doc, store.actions.for_source(audit.id), _("Corrective actions"))
    doc.signatures(_("Enterprise representative"), _("Auditor"))
    doc.made_on(store.officer, today or date.today())
    return doc.save(path)


def _photos(doc: ReportDocument, store: Store, photos: list[tuple[str, str]]) -> None:
    """The photos attached to items, each once, with the item it shows."""
    shown: set[str] = set()
    drawn = False
    for sha, caption in photos:
        if sha in shown:
            continue
        shown.add(sha)
        try:
            path = store.attachments.path_for(sha)
        except ValueError:
            continue
        record = store.attachments.get(sha)
        if not path.exists() or (record and not record.media_type.startswith("image/")):
            continue
        if not drawn:
            doc.heading(_("Photos"))
            drawn = True
        doc.image(path, caption, width=PHOTO_WIDTH_MM)
