"""The VietGAP check report: readiness, failing criteria with evidence, every
criterion's result, and the corrective actions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from field_app.export.kinds import status_label, vi_en
from field_app.i18n import _, format_date
from field_app.reports.blocks import (
    Finding,
    actions_table,
    item_numbers,
    open_report,
    sign_off,
    template_of,
)
from field_app.reports.formats import format_percent
from field_app.reports.pdf import ReportError
from field_app.reports.photo_sheet import photo_sheet

if TYPE_CHECKING:
    from field_app.store import Store


def outcome_label(value: str | None) -> str:
    """A criterion's result in the interface language."""
    labels = {"pass": _("pass"), "fail": _("fail"), "na": _("N/A")}
    return labels.get(value or "", _("not checked"))


def vietgap_report(store: Store, check_id: str, path: Path, today: date | None = None) -> Path:
    """Write the PDF report of one VietGAP check; ReportError for an unknown id."""
    from field_app.models.template import Level

    check = store.vietgap_checks.get(check_id)
    if check is None:
        raise ReportError(_("no VietGAP check with id {id}").format(id=check_id))
    template = template_of(store.vietgap_checks, check)
    state = store.vietgap_checks.readiness(check)
    doc = open_report(store, _("VietGAP check report"), check, check.check_date)
    numbers = item_numbers(template)

    doc.heading(_("Check"))
    standard = template.standard
    std_title = vi_en((standard.title_vi, standard.title_en), "")
    doc.fields(
        [
            (_("Check date"), format_date(check.check_date)),
            (_("Scope"), check.scope),
            (_("Auditors"), ", ".join(check.auditors)),
            (_("Standard"), f"{standard.code} {std_title}".strip()),
            (_("Checklist"), f"{template.title()} ({_('version')} {template.version})"),
            (_("Status"), status_label(check.status.value)),
        ]
    )

    doc.heading(_("Readiness"))
    verdict = _("READY for certification") if state.ready else _("NOT READY for certification")
    doc.verdict(verdict, state.ready)
    doc.fields(
        [
            (
                _("Mandatory criteria passed"),
                f"{state.mandatory_passed}/{state.mandatory_applicable}",
            ),
            (
                _("Recommended criteria met"),
                f"{state.recommended_passed}/{state.recommended_applicable}"
                f" ({format_percent(state.recommended_percent)})",
            ),
        ],
        label_width=60,
    )
    doc.paragraph(_("The % counts recommended criteria only; mandatory ones pass or fail."))
    # One bar: a mandatory criterion is pass or fail (readiness), never a share.
    doc.bar_chart([(_("Recommended criteria met"), state.recommended_percent)])

    failing = [(i, check.result(i.id)) for i in state.failing_mandatory]
    doc.heading(_("Failing mandatory criteria"))
    if failing:
        doc.table(
            [_("No."), _("Requirement"), _("Evidence")],
            [[numbers[i.id], i.text(), r.evidence if r else ""] for i, r in failing],
            widths=(12, 96, 60),
        )
    else:
        doc.paragraph(_("None."))
    if state.unchecked_mandatory:
        doc.heading(_("Mandatory criteria not checked yet"))
        doc.paragraph("; ".join(f"{numbers[i.id]} {i.text()}" for i in state.unchecked_mandatory))

    doc.heading(_("All criteria"))
    photos: list[tuple[str, str]] = []
    for section in template.sections:
        rows = []
        for item in section.items:
            found = check.result(item.id)
            for sha in found.attachments if found else []:
                photos.append((sha, f"{numbers[item.id]} · {item.text()}"))
            level = _("mandatory") if item.level == Level.MANDATORY else _("recommended")
            outcome = found.outcome.value if found and found.outcome else None
            rows.append(
                [
                    numbers[item.id],
                    item.text(),
                    level,
                    outcome_label(outcome),
                    found.evidence if found else "",
                ]
            )
        doc.subheading(section.title())
        doc.table(
            [_("No."), _("Requirement"), _("Level"), _("Result"), _("Evidence")],
            rows,
            widths=(12, 74, 24, 18, 40),
        )
    if check.notes:
        doc.heading(_("Notes"))
        doc.paragraph(check.notes)
    photo_sheet(doc, store, photos)
    findings: dict[str, Finding] = {}
    for _section, item in template.items():
        result = check.result(item.id)
        if result and result.outcome and result.outcome.value == "fail":
            findings[item.id] = Finding(numbers[item.id], item.text(), result.evidence)
    actions_table(doc, store.actions.for_source(check.id), _("Corrective actions"), findings)
    sign_off(doc, store.enterprises.get(check.enterprise_id), check.auditors, _("Auditor"))
    doc.made_on(store.officer, today or date.today())
    return doc.save(path)


PDF_WRITERS = {"vietgap_check": vietgap_report}
"""The record kinds this module writes the report of (found by `record_pdf.writers`)."""
