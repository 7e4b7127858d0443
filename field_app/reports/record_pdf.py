"""The PDF report of one record (any kind with a `pdf` in the registry), written
either where the officer says (`field-app report ... -o FILE.pdf`) or, from the
interface, to a default file in the data folder named after the enterprise and date.
"""

from __future__ import annotations

import pkgutil
import sys
from collections.abc import Callable
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from field_app.i18n import _
from field_app.kinds import KINDS, RecordKind, pdf_kinds
from field_app.text import fold_words

if TYPE_CHECKING:
    from field_app.store import Store

Writer = Callable[["Store", str, Path], Path]
"""Writes the report of one record: (store, record id, output path) in, the path out."""


def writers() -> dict[str, Writer]:
    """The PDF writer of each kind, by kind name: the `PDF_WRITERS` of every module of
    this package named `..._report` (so a new kind's report module needs no line here)."""
    package = sys.modules[__name__.rpartition(".")[0]]
    found: dict[str, Writer] = {}
    for name in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
        if name.endswith("_report"):
            module = import_module(f"{package.__name__}.{name}")
            found.update(getattr(module, "PDF_WRITERS", {}))
    return found


REPORTS_FOLDER = "reports"
"""Folder beside the database where the interface writes reports."""

# Whole words up to this length: "Công ty Cổ phần Chế biến gỗ Hồng Phúc Quản Bạ" keeps the
# part that tells firms apart (it comes last), and paths stay short.
_NAME_CHARS = 60


def _record(store: Store, record_kind: RecordKind, record_id: str) -> Any:
    return getattr(store, record_kind.repository).get(record_id)


def write_record_pdf(store: Store, kind_name: str, record_id: str, output: Path) -> Path:
    """Write the report of a record of kind `kind_name` ("audit_5s", "visit"...).

    A checklist id given with another checklist kind (a VietGAP check id to
    `report audit`) gets the report of the kind it belongs to, as officers expect.
    """
    record_kind = KINDS[kind_name]
    if record_kind.checklist is not None and _record(store, record_kind, record_id) is None:
        for other in pdf_kinds():
            if other.checklist is not None and _record(store, other, record_id) is not None:
                record_kind = other
                break
    assert record_kind.pdf is not None, f"{kind_name} has no PDF report"
    return writers()[record_kind.name](store, record_id, output)


def report_file_name(enterprise: str, kind_name: str, day: date) -> str:
    """`cong-ty-tnhh-minh-duc_5s_2026-03-16.pdf`: plain letters, so any computer,
    USB stick or e-mail program keeps the name intact."""
    name = ""
    for word in fold_words(enterprise):
        if name and len(name) + 1 + len(word) > _NAME_CHARS:
            break
        name = f"{name}-{word}" if name else word[:_NAME_CHARS]
    pdf = KINDS[kind_name].pdf
    assert pdf is not None, f"{kind_name} has no PDF report"
    return f"{name or 'report'}_{pdf.file_tag}_{day.isoformat()}.pdf"


def default_report_path(store: Store, kind_name: str, record_id: str) -> Path:
    """A new file in `<data folder>/reports/` for the record's report.

    An earlier report of the same name is never overwritten (it may have been
    printed or sent already): the new one gets `_2`, `_3`, ...
    """
    from field_app.reports.pdf import ReportError

    record_kind = KINDS[kind_name]
    record: Any = _record(store, record_kind, record_id)
    if record is None:
        raise ReportError(_("no record with id {id}").format(id=record_id))
    ent = store.enterprises.get(record.enterprise_id)
    folder = Path(store.path).parent / REPORTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    day = getattr(record, record_kind.date_column or "created_at")
    name = report_file_name(ent.name if ent else "", kind_name, day)
    path = folder / name
    n = 2
    while path.exists():
        path = folder / f"{name[:-4]}_{n}.pdf"
        n += 1
    return path


def write_default_report(store: Store, kind_name: str, record_id: str) -> Path:
    """Write the record's report to its default path (see `default_report_path`)."""
    return write_record_pdf(
        store, kind_name, record_id, default_report_path(store, kind_name, record_id)
    )
