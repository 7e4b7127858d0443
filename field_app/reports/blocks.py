"""Pieces every PDF report shares: the opening (letterhead, title, enterprise), the
template of a record, item numbers, the enterprise block, the actions table and the
signature blocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from field_app.export.kinds import status_label, vi_en
from field_app.i18n import _, format_date
from field_app.text import fold_words

if TYPE_CHECKING:
    from field_app.models.action import CorrectiveAction
    from field_app.models.enterprise import Enterprise
    from field_app.models.template import ChecklistTemplate
    from field_app.reports.pdf import ReportDocument
    from field_app.store import Store


def open_report(store: Store, title: str, record: Any, day: date | None = None) -> ReportDocument:
    """A new report on `record`: the letterhead dated `day` (default today), the title,
    the enterprise's name as subtitle, and the enterprise block. A record not completed
    makes a draft: watermarked on every page, no signature blocks."""
    from field_app.models.visit import RecordStatus
    from field_app.reports.letterhead import letterhead
    from field_app.reports.pdf import ReportDocument
    from field_app.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError:
        settings = None  # a broken settings file must not stop the report
    ent = store.enterprises.get(record.enterprise_id)
    name = ent.name if ent else ""
    doc = ReportDocument(
        title,
        name,
        enterprise=name,
        head=letterhead(settings, day or date.today()),
        draft=record.status != RecordStatus.COMPLETED,
    )
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
    place = full_address(ent.address, ent.commune, ent.province)
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


def full_address(address: str, commune: str, province: str) -> str:
    """Address, commune, province, without saying a place twice: "Thôn Nà Hin, xã Chi
    Lăng" already names the commune, so ", Chi Lăng" is not added."""
    parts: list[str] = []
    for part in (address, commune, province):
        if part and not any(_names(part, earlier) for earlier in parts):
            parts.append(part)
    return ", ".join(parts)


def _names(place: str, text: str) -> bool:
    """True when `text` contains the words of `place` in a row (marks and case aside)."""
    words, within = fold_words(place), fold_words(text)
    n = len(words)
    return n > 0 and any(within[i : i + n] == words for i in range(len(within) - n + 1))


def item_numbers(template: ChecklistTemplate) -> dict[str, str]:
    """Item id -> its number as printed ("2.3": third item of the second pillar or
    area). Item ids are internal and never appear in a report."""
    return {
        item.id: f"{s}.{i}"
        for s, section in enumerate(template.sections, start=1)
        for i, item in enumerate(section.items, start=1)
    }


@dataclass(frozen=True)
class Finding:
    """What an audit or check found at one item, behind a corrective action."""

    where: str
    """The item's number and result as printed: "2.4, score 1/4" or "3.1"."""
    requirement: str
    """The requirement not met."""
    note: str = ""
    """The officer's note or evidence."""

    def explain(self, what: str) -> str:
        """The lines printed under an action's `what`, saying nothing twice."""
        if self.requirement and self.requirement not in what:
            lines = [
                _("Requirement not met ({where}): {text}").format(
                    where=self.where, text=self.requirement
                )
            ]
        else:
            lines = [_("Requirement not met ({where})").format(where=self.where)]
        if self.note and self.note not in what:
            lines.append(_("Officer's note: {note}").format(note=self.note))
        return "\n".join(lines)


def actions_table(
    doc: ReportDocument,
    actions: list[CorrectiveAction],
    title: str,
    findings: dict[str, Finding] | None = None,
) -> None:
    """Corrective actions: what to fix (with the finding behind it: the requirement
    not met and the officer's note, from `findings` by item id), who, by when."""
    doc.heading(title)
    if not actions:
        doc.paragraph(_("No corrective actions."))
        return
    findings = findings or {}

    def what(action: CorrectiveAction) -> str:
        found = findings.get(action.item_id)
        return f"{action.what}\n{found.explain(action.what)}" if found else action.what

    rows = [
        [
            str(n),
            what(a),
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


def sign_off(doc: ReportDocument, ent: Enterprise | None, officers: list[str], role: str) -> None:
    """Signature blocks: the enterprise's representative on the left, the officer
    (`role`: auditor, officer) on the right, each with the printed name."""
    doc.signatures(
        _("Enterprise representative"),
        role,
        ent.representative if ent else "",
        officers[0] if officers else "",
    )
