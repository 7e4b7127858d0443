"""The record-kind registry agrees with the database and the program: each kind's
table exists with its model's fields, its repository is on the Store, its count is in
`status`, its sheets are exported, its PDF command exists."""

from __future__ import annotations

from field_app.export.registry import SHEETS, export_kinds
from field_app.kinds import KINDS, checklist_kind, pdf_kinds
from field_app.reports.record_pdf import writers
from field_app.store import Store
from field_app.store.store import _repository_classes


def test_every_kind_has_its_table_repository_and_model_columns(store: Store) -> None:
    for record_kind in KINDS.values():
        columns = {r["name"] for r in store.query(f"PRAGMA table_info({record_kind.table})")}
        assert columns, f"{record_kind.name}: no table {record_kind.table}"
        assert hasattr(store, record_kind.repository), record_kind.name
        model = record_kind.model
        if model is not None and record_kind.name in _repository_classes():
            # Everything the model holds has a column (attachments keep their sha256
            # as key; a table may hold more, such as hlc or folded search columns).
            missing = set(model.model_fields) - columns
            assert not missing, f"{record_kind.name}: no column for {sorted(missing)}"
        if record_kind.date_column:
            assert record_kind.date_column in columns, record_kind.name
        for key in record_kind.key_columns:
            assert key in columns, record_kind.name


def test_counts_sheets_and_pdfs_come_from_the_registry(store: Store) -> None:
    counts = store.counts()
    keys = {k.count_key for k in KINDS.values() if k.count_key}
    assert keys <= set(counts) and "training_courses" in keys
    sheets = [sheet.key for sheet in export_kinds(store)]
    assert len(sheets) == len(set(sheets))
    assert {KINDS[name].count_key for name in SHEETS} <= set(sheets)
    assert {k.pdf.command for k in pdf_kinds() if k.pdf} == {"audit", "vietgap", "visit"}
    # Every name the layers above key by is a kind, and every kind with a PDF has a writer.
    assert set(SHEETS) <= set(KINDS) and set(_repository_classes()) <= set(KINDS)
    assert set(writers()) == {k.name for k in pdf_kinds()}
    assert checklist_kind("5s").name == "audit_5s"
    assert checklist_kind("vietgap").repository == "vietgap_checks"


def test_web_listings_name_fields_their_kinds_have(store: Store) -> None:
    listed = [k for k in KINDS.values() if k.web is not None]
    assert [k.web.key for k in listed if k.web] == ["visit", "audit_5s", "vietgap", "training"]
    for record_kind in listed:
        assert record_kind.web is not None and record_kind.model is not None
        assert record_kind.web.summary_field in record_kind.model.model_fields, record_kind.name
        assert record_kind.web.has_enterprise == ("enterprise_id" in record_kind.model.model_fields)
