"""The enterprise's fields are described once, on the model; everything else derives."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from field_app.export.registry import export_kinds
from field_app.export.xlsx import write_workbook
from field_app.i18n import set_language
from field_app.models.enterprise import (
    ENTERPRISE_FIELDS,
    HEADERS,
    Enterprise,
    enterprise_fields,
    export_fields,
    profile_fields,
)
from field_app.store import open_store
from field_app.text import fold_key


def test_editable_fields_are_the_described_ones() -> None:
    described = {f.name for f in enterprise_fields()}
    assert set(ENTERPRISE_FIELDS) == described - {"id", "created_at"}
    assert set(ENTERPRISE_FIELDS) <= set(Enterprise.model_fields)


def test_every_field_has_both_labels_and_its_own_headers() -> None:
    for described in enterprise_fields():
        vi, en = described.label_pair
        assert vi and en, described.name
        for header in described.headers():
            assert HEADERS[fold_key(header)] == described.name, header


def test_headers_match_with_or_without_marks() -> None:
    assert HEADERS[fold_key("Mã số thuế")] == "tax_code"
    assert HEADERS[fold_key("MA SO THUE")] == "tax_code"
    assert HEADERS[fold_key("Người đại diện")] == "representative"
    assert HEADERS[fold_key("nguoi dai dien")] == "representative"


def test_profile_fields_follow_their_order_hints() -> None:
    names = [f.name for f in profile_fields()]
    assert names[:3] == ["kind", "name", "tax_code"]
    assert "province_code" not in names  # codes follow from the chosen commune
    set_language("vi")
    try:
        labels = {f.name: f.form_label for f in profile_fields()}
    finally:
        set_language("en")
    assert labels["ocop_stars"] == "Số sao OCOP (3-5)"


def test_export_columns_come_from_the_descriptions(tmp_path: Path) -> None:
    store = open_store(tmp_path / "t.db")
    with store:
        store.enterprises.add(Enterprise(name="HTX Chi Lăng", kind="HTX", email="a@b.vn"))
        target = tmp_path / "out.xlsx"
        kinds = [k for k in export_kinds(store) if k.key == "enterprises"]
        write_workbook(store, target, kinds)
    sheet = load_workbook(target, read_only=True).worksheets[0]
    header, row = list(sheet.iter_rows(max_row=2, values_only=True))
    assert list(header) == [f.export_header for f in export_fields()]
    values = dict(zip(header, row, strict=True))
    assert values["Name"] == "HTX Chi Lăng" and values["Email"] == "a@b.vn"
    assert values["Kind"] == "Cooperative"
