"""Values as Excel and officers leave them: each repaired with a note, a bad optional
cell dropped without losing the row, and old addresses mapped onto the 2025 map."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from field_app.i18n import set_language
from field_app.importer import import_enterprises
from field_app.store import Store

HEADER = [
    "Tên doanh nghiệp",
    "Mã số thuế",
    "Loại hình",
    "Tỉnh",
    "Xã",
    "Điện thoại",
    "OCOP",
    "Hạn OCOP",
]


def sheet(path: Path, *rows: list) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def notes_of(report, line: int) -> list[str]:
    return [n.message for n in report.warnings if n.line == line]


def test_each_repair_is_made_and_noted(store: Store, tmp_path: Path) -> None:
    path = sheet(
        tmp_path / "r.xlsx",
        [
            "HTX Chi Lăng",
            101234567,
            "HTX",
            "Lạng Sơn",
            "Chi Lăng",
            84912345670,
            "4 sao",
            datetime(2026, 6, 30),
        ],
        [
            "Cty TNHH Đồng Đăng",
            "'0101 234.568",
            "Cty TNHH",
            "Lạng Sơn",
            "Đồng Đăng",
            "+84 205 387 0123",
            "4*",
            "31/12/2026",
        ],
        [
            "Tổ hợp tác Mây tre",
            10123456789,
            "THT",
            "Lạng Sơn",
            "Chi Lăng",
            "0912 345 678; 0987 654 321",
            "4 ★",
            46000,
        ],
        ["Hộ Vi Thị Mai", None, "Hộ", "Lạng Sơn", "Chi Lăng", 912000111, None, None],
        ["Trang trại Na", None, "Trang trại", "Lạng Sơn", "Chi Lăng", None, "★★★", None],
        ["Công ty Cổ phần Lạng Sơn", None, "CTCP", "Lạng Sơn", "Chi Lăng", None, None, None],
        ["DNTN Hoa", None, "DNTN", "Lạng Sơn", "Chi Lăng", None, None, None],
        ["Hộ kinh doanh Nông", None, "HKD", "Lạng Sơn", "Chi Lăng", None, None, None],
        ["Cty Cổ phần Miến", None, "Cty CP", "Lạng Sơn", "Chi Lăng", None, None, None],
    )
    report = import_enterprises(store, path)
    assert report.written and report.added == 9 and not report.rejected

    coop = store.enterprises.find_by_tax_code("0101234567")
    assert coop.phone == "0912345670" and coop.ocop_stars == 4
    assert coop.ocop_expiry == date(2026, 6, 30)
    assert any("lost its leading zero" in n for n in notes_of(report, 2))
    assert any("written as 0912345670" in n for n in notes_of(report, 2))
    assert any("'4 sao' read as 4 stars" in n for n in notes_of(report, 2))

    company = store.enterprises.find_by_tax_code("0101234568")
    assert company.kind == "enterprise" and company.phone == "02053870123"
    assert company.ocop_stars == 4 and company.ocop_expiry == date(2026, 12, 31)
    assert any("written as 0101234568" in n for n in notes_of(report, 3))

    group = store.enterprises.find_by_tax_code("010123456789")  # 11 digits -> 12
    assert group.kind == "coop_group" and group.phone == "0912 345 678"
    assert group.ocop_stars == 4 and group.ocop_expiry == date(2025, 12, 9)
    assert any("went into the notes: 0987 654 321" in n for n in notes_of(report, 4))
    assert group.notes == "Other phones: 0987 654 321"
    assert coop.notes == "" and company.notes == ""
    assert any("Excel date 09/12/2025" in n for n in notes_of(report, 4))

    kinds = {e.name: e.kind for e in store.enterprises.search("", limit=50).items}
    assert kinds["Hộ Vi Thị Mai"] == "household"
    assert kinds["Trang trại Na"] == "farm"
    assert {kinds[n] for n in ("Công ty Cổ phần Lạng Sơn", "DNTN Hoa", "Cty Cổ phần Miến")} == {
        "enterprise"
    }
    assert kinds["Hộ kinh doanh Nông"] == "household"
    mai = next(e for e in store.enterprises.search("vi thi mai").items)
    assert store.enterprises.get(mai.id).phone == "0912000111"


def test_a_tax_code_in_scientific_notation_is_refused(store: Store, tmp_path: Path) -> None:
    path = sheet(tmp_path / "s.xlsx", ["HTX A", "1.01234E+09", "HTX", "Lạng Sơn", "Chi Lăng"])
    report = import_enterprises(store, path)
    assert not report.written
    [row] = report.rejected
    assert row.line == 2 and "scientific notation" in row.reason and "Mã số thuế" in row.reason


def test_a_bad_optional_cell_is_dropped_with_a_note_naming_row_and_column(
    store: Store, tmp_path: Path
) -> None:
    path = sheet(
        tmp_path / "o.xlsx",
        ["HTX A", "4900101234", "HTX", "Lạng Sơn", "Chi Lăng", "12", "7 sao", "hôm qua"],
    )
    report = import_enterprises(store, path)
    assert report.written and report.added == 1 and not report.rejected
    ent = store.enterprises.find_by_tax_code("4900101234")
    assert ent.phone is None and ent.ocop_stars is None and ent.ocop_expiry is None
    columns = {n.column for n in report.warnings if n.line == 2}
    assert {"Điện thoại", "OCOP", "Hạn OCOP"} <= columns
    assert "row 2, column 'OCOP': OCOP stars must be 3, 4 or 5" in report.warnings[1].text() or any(
        n.text().startswith("row 2, column 'OCOP'") for n in report.warnings
    )


def test_messages_are_in_the_interface_language(store: Store, tmp_path: Path) -> None:
    path = sheet(
        tmp_path / "v.xlsx", ["HTX A", "4900101234", "HTX", "Lạng Sơn", "Chi Lăng", None, "7"]
    )
    set_language("vi")
    try:
        report = import_enterprises(store, path)
        texts = [n.text() for n in report.warnings]
    finally:
        set_language("en")
    assert any(t.startswith("dòng 2, cột 'OCOP': số sao OCOP phải là 3, 4 hoặc 5") for t in texts)


@pytest.mark.parametrize(
    ("province", "commune", "district", "expected"),
    [
        # Hà Giang joined Tuyên Quang on 1 July 2025; Minh Sơn kept its name and code.
        ("Hà Giang", "Minh Sơn", None, ("Tuyên Quang", "Minh Sơn", "00982")),
        # Vân An merged into the new commune Chiến Thắng.
        ("Lạng Sơn", "Xã Vân An", "Huyện Chi Lăng", ("Lạng Sơn", "Chiến Thắng", "06481")),
        # Tây Đằng was divided between two new communes: both are named, none chosen.
        ("Hà Nội", "Tây Đằng", "Ba Vì", ("Hà Nội", "", None)),
    ],
)
def test_old_units_are_mapped_to_the_2025_map(
    store: Store,
    tmp_path: Path,
    province: str,
    commune: str,
    district: str | None,
    expected: tuple[str, str, str | None],
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Tên doanh nghiệp", "Tỉnh", "Huyện", "Xã", "Địa chỉ"])
    ws.append(["HTX A", province, district, commune, "Thôn 1"])
    wb.save(tmp_path / "old.xlsx")
    report = import_enterprises(store, tmp_path / "old.xlsx")
    assert report.written and not report.rejected
    [ent] = store.enterprises.search("htx a").items
    full = store.enterprises.get(ent.id)
    assert (full.province, full.commune, full.commune_code) == expected
    assert full.old_address.startswith("Thôn 1, ") and province in full.old_address
    assert report.warnings, "a mapping is always said"
    if not expected[1]:
        assert "Minh Châu" in report.warnings[-1].message
        assert "Quảng Oai" in report.warnings[-1].message
    assert "Huyện" not in report.ignored_columns


def test_an_unknown_commune_warns_and_keeps_the_text(store: Store, tmp_path: Path) -> None:
    path = sheet(tmp_path / "u.xlsx", ["HTX A", "4900101234", "HTX", "Lạng Sơn", "Xã Không Có"])
    report = import_enterprises(store, path)
    assert report.written
    assert store.enterprises.find_by_tax_code("4900101234").commune == "Xã Không Có"
    assert any("not on the 2025 map" in n.message for n in report.warnings)


def test_founding_date_and_notes_columns(store: Store, tmp_path: Path) -> None:
    """A founding date reads like OCOP expiry (Excel date or dd/mm/yyyy text); a notes
    column is kept, and a cell's extra phones and emails are added to it."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Tên doanh nghiệp", "Xã", "Điện thoại", "Email", "Ngày cấp ĐKKD", "Ghi chú"])
    ws.append(["HTX Một", "Chi Lăng", "0912000001, 0912000002", None, datetime(2012, 3, 5), None])
    ws.append(["HTX Hai", "Chi Lăng", "0912000003", "a@x.vn; b@x.vn", "07/08/2019", "Mở cửa sáng"])
    ws.append(["HTX Ba", "Chi Lăng", None, None, "31/02/2019", "Chỉ ghi chú"])
    wb.save(tmp_path / "f.xlsx")
    report = import_enterprises(store, tmp_path / "f.xlsx", default_province="Lạng Sơn")
    assert report.written and report.added == 3 and not report.rejected
    assert not report.ignored_columns

    by_name = {
        e.name: store.enterprises.get(e.id) for e in store.enterprises.search("", limit=10).items
    }
    one, two, three = by_name["HTX Một"], by_name["HTX Hai"], by_name["HTX Ba"]
    assert one.founded_on == date(2012, 3, 5) and one.phone == "0912000001"
    assert one.notes == "Other phones: 0912000002"
    assert two.founded_on == date(2019, 8, 7) and two.email == "a@x.vn"
    assert two.notes == "Mở cửa sáng; Other emails: b@x.vn"
    # An impossible date costs the cell, with a note naming it, never the row.
    assert three.founded_on is None and three.notes == "Chỉ ghi chú"
    assert any(n.column == "Ngày cấp ĐKKD" for n in report.warnings if n.line == 4)


@pytest.mark.parametrize("header", ["Ngày thành lập", "Founded", "Ngày cấp ĐKKD"])
def test_founding_date_headers(store: Store, tmp_path: Path, header: str) -> None:
    path = tmp_path / "h.csv"
    path.write_text(f"Tên doanh nghiệp,{header}\nHTX Bốn,15/01/2020\n", encoding="utf-8")
    report = import_enterprises(store, path)
    assert report.written and report.added == 1
    found = store.enterprises.search("", limit=1).items[0]
    assert store.enterprises.get(found.id).founded_on == date(2020, 1, 15)
