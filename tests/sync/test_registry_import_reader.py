"""`field-hq registry import` reads lists with the same reader as `field-app import`."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from sync.server.storage import HQStore
from tests.sync.conftest import field_hq_cli


def test_headquarters_reads_a_department_workbook(
    hq_db: Path, tmp_path: Path, isolated_home
) -> None:
    wb = Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    summary.append(["Huyện", "Số đơn vị"])
    sheet = wb.create_sheet("Hà Giang cũ")
    for row in (
        ["SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
        ["DANH SÁCH HỢP TÁC XÃ"],
        ["STT", "Tên đơn vị", "Mã số thuế", "Tỉnh", "Xã", "Điện thoại"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
        [1, "HTX Chè Minh Sơn", 801234567, "Hà Giang", "Minh Sơn", 84912345678],
        [None, "Tổng cộng: 1 đơn vị"],
        [None, None, None, "Hà Giang, ngày 1 tháng 3 năm 2025"],
        [None, "Người lập biểu"],
    ):
        sheet.append(row)
    path = tmp_path / "ds.xlsx"
    wb.save(path)

    out = field_hq_cli(
        hq_db, "registry", "import", str(path), "--sheet", "Hà Giang cũ", home=isolated_home
    )
    assert out.returncode == 0, out.stderr
    assert "sheet 'Hà Giang cũ': header on row 3, 1 rows read (5-5)" in out.stdout
    assert "added 1" in out.stdout
    assert "former province" in out.stderr and "leading zero" in out.stderr
    hq = HQStore(hq_db)
    try:
        [row] = hq.query(
            "SELECT json_extract(data, '$.province'), json_extract(data, '$.tax_code')"
            " FROM records WHERE entity = 'enterprise'"
        )
    finally:
        hq.close()
    assert tuple(row) == ("Tuyên Quang", "0801234567")
