"""The PDF report of one record (5S audit, VietGAP check or site visit), written
either where the officer says (`field-app report ... -o FILE.pdf`) or, from the
interface, to a default file in the data folder named after the enterprise and date.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from field_app.i18n import _
from field_app.text import fold_words

if TYPE_CHECKING:
    from field_app.store import Store

REPORTS_FOLDER = "reports"
"""Folder beside the database where the interface writes reports."""

# kind -> (repository attribute, date field, short name used in the file name)
_KINDS: dict[str, tuple[str, str, str]] = {
    "audit": ("audits", "audit_date", "5s"),
    "vietgap": ("vietgap", "check_date", "vietgap"),
    "visit": ("visits", "visit_date", "visit"),
}
# Whole words up to this length: "Công ty Cổ phần Chế biến gỗ Hồng Phúc Quản Bạ" keeps the
# part that tells firms apart (it comes last), and paths stay short.
_NAME_CHARS = 60


def write_record_pdf(store: Store, kind: str, record_id: str, output: Path) -> Path:
    """Dispatch to the report of `kind` ("audit" also accepts a VietGAP check id)."""
    from field_app.reports.audit_report import audit_report
    from field_app.reports.vietgap_report import vietgap_report
    from field_app.reports.visit_report import visit_report

    if kind == "visit":
        return visit_report(store, record_id, output)
    if kind == "vietgap" or (
        kind == "audit"
        and store.audits.get(record_id) is None
        and store.vietgap.get(record_id) is not None
    ):
        return vietgap_report(store, record_id, output)
    return audit_report(store, record_id, output)


def report_file_name(enterprise: str, kind: str, day: date) -> str:
    """`cong-ty-tnhh-minh-duc_5s_2026-03-16.pdf`: plain letters, so any computer,
    USB stick or e-mail program keeps the name intact."""
    name = ""
    for word in fold_words(enterprise):
        if name and len(name) + 1 + len(word) > _NAME_CHARS:
            break
        name = f"{name}-{word}" if name else word[:_NAME_CHARS]
    return f"{name or 'report'}_{_KINDS[kind][2]}_{day.isoformat()}.pdf"


def default_report_path(store: Store, kind: str, record_id: str) -> Path:
    """A new file in `<data folder>/reports/` for the record's report.

    An earlier report of the same name is never overwritten (it may have been
    printed or sent already): the new one gets `_2`, `_3`, ...
    """
    from field_app.reports.pdf import ReportError

    repo_name, date_field, _short = _KINDS[kind]
    record: Any = getattr(store, repo_name).get(record_id)
    if record is None:
        raise ReportError(_("no record with id {id}").format(id=record_id))
    ent = store.enterprises.get(record.enterprise_id)
    folder = Path(store.path).parent / REPORTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    name = report_file_name(ent.name if ent else "", kind, getattr(record, date_field))
    path = folder / name
    n = 2
    while path.exists():
        path = folder / f"{name[:-4]}_{n}.pdf"
        n += 1
    return path


def write_default_report(store: Store, kind: str, record_id: str) -> Path:
    """Write the record's report to its default path (see `default_report_path`)."""
    return write_record_pdf(store, kind, record_id, default_report_path(store, kind, record_id))
