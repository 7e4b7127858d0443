"""Enterprise lists shaped as departments keep them: title blocks, two-row headers,
column numbers, subtotals, footers and one sheet per former district."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from field_app.cli import main
from field_app.importer import ImportFileError, import_enterprises
from field_app.store import Store

TITLE = [
    ["UBND TỈNH LẠNG SƠN"],
    ["SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
    [],
    ["DANH SÁCH DOANH NGHIỆP, HỢP TÁC XÃ THAM GIA CHƯƠNG TRÌNH NĂNG SUẤT CHẤT LƯỢNG"],
    ["(Kèm theo Quyết định số 123/QĐ-SKHCN ngày 15/3/2025)"],
]
FOOTER = [
    ["Tổng cộng: 3 đơn vị"],
    [],
    [None, None, None, "Lạng Sơn, ngày 20 tháng 3 năm 2025"],
    [None, "Người lập biểu", None, "KT. GIÁM ĐỐC"],
    [None, None, None, "PHÓ GIÁM ĐỐC"],
    [],
    [None, "Nguyễn Thị Lan", None, "Hoàng Văn Nam"],
]


def workbook(
    path: Path, sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None
) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for cells in (merges or {}).get(title, []):
            ws.merge_cells(cells)
    wb.save(path)
    return path


def test_title_block_two_row_header_column_numbers_subtotals_and_footer(
    store: Store, tmp_path: Path
) -> None:
    rows = [
        *TITLE,  # rows 1-5
        ["STT", "Tên doanh nghiệp", "Mã số thuế", "Thông tin liên hệ", None, "Xã/Phường"],  # 6
        [None, None, None, "Người đại diện", "Điện thoại", None],  # 7
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],  # 8
        ["I", "Huyện Chi Lăng"],  # 9: a group heading naming a former district
        [
            1,
            "Hợp tác xã Nông nghiệp Chi Lăng",
            "4900101234",
            "Hoàng Văn Thụ",
            "0912345678",
            "Chi Lăng",
        ],
        [2, "Công ty TNHH Đồng Đăng", "4900555666", "Lương Thị Hoa", "0205 3870 123", "Đồng Đăng"],
        [None, "Cộng huyện Chi Lăng: 2 đơn vị"],  # 12
        ["II", "Huyện Cao Lộc"],
        [3, "Hộ kinh doanh Vi Thị Mai", None, "Vi Thị Mai", None, "Ba Sơn"],  # 14
        *FOOTER,  # rows 15-21
    ]
    merges = {"DS": ["A1:F1", "A4:F4", "D6:E6", "A6:A7", "B6:B7", "C6:C7", "F6:F7"]}
    path = workbook(tmp_path / "ds.xlsx", {"DS": rows}, merges)

    report = import_enterprises(store, path, default_province="Lạng Sơn")

    assert report.written and report.added == 3 and not report.rejected
    coop = store.enterprises.find_by_tax_code("4900101234")
    assert coop.representative == "Hoàng Văn Thụ" and coop.phone == "0912345678"
    assert coop.commune == "Chi Lăng" and coop.commune_code == "06463"
    assert store.counts()["enterprises"] == 3  # no junk rows from the footer
    [sheet] = report.sheets
    assert sheet.header_rows == (6, 7)
    assert (sheet.first_row, sheet.last_row, sheet.rows) == (10, 14, 3)
    assert sheet.skipped["column numbers"] == [8]
    assert sheet.skipped["group heading"] == [9, 13]
    assert sheet.skipped["subtotal"] == [12]
    assert sheet.skipped["total"] == [15]
    assert sheet.stopped_at == 17 and "signature" in sheet.stop_reason
    summary = "\n".join(report.summary_lines())
    assert "header on row 6-7, 3 rows read (10-14)" in summary
    assert "title or blank rows above the header): 1-5" in summary


def test_sheets_with_the_same_columns_are_all_read_and_a_summary_sheet_is_named(
    store: Store, tmp_path: Path
) -> None:
    header = ["STT", "Tên đơn vị", "Mã số thuế", "Xã"]
    path = workbook(
        tmp_path / "huyen.xlsx",
        {
            "Tổng hợp": [["Huyện", "Số đơn vị"], ["Chi Lăng", 1], ["Cao Lộc", 1]],
            "Chi Lăng": [
                ["DANH SÁCH HUYỆN CHI LĂNG"],
                header,
                [1, "HTX Chi Lăng", "4900101234", "Chi Lăng"],
            ],
            "Cao Lộc": [header, [1, "HTX Ba Sơn", "4900101235", "Ba Sơn"]],
        },
    )
    report = import_enterprises(store, path)
    assert report.added == 2
    assert [s.name for s in report.sheets] == ["Chi Lăng", "Cao Lộc"]
    assert report.sheets_not_read[0][0] == "Tổng hợp"
    assert "no enterprise table" in report.sheets_not_read[0][1]

    only = import_enterprises(store, path, sheets=["cao loc"])
    assert [s.name for s in only.sheets] == ["Cao Lộc"] and only.unchanged == 1
    with pytest.raises(ImportFileError, match="the sheets are: Tổng hợp, Chi Lăng, Cao Lộc"):
        import_enterprises(store, path, sheets=["Đình Lập"])


def test_a_workbook_without_a_table_names_its_sheets(store: Store, tmp_path: Path) -> None:
    path = workbook(tmp_path / "x.xlsx", {"Tổng hợp": [["Huyện", "Số"]], "Ghi chú": [["x"]]})
    with pytest.raises(ImportFileError, match="'Tổng hợp', 'Ghi chú'; choose one with --sheet"):
        import_enterprises(store, path)


def test_sheet_option_on_the_command_line(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    header = ["Tên đơn vị", "Mã số thuế"]
    path = workbook(
        tmp_path / "two.xlsx",
        {"A": [header, ["HTX A", "4900101234"]], "B": [["Tên đơn vị", "Xã"], ["HTX B", "Ba Sơn"]]},
    )
    args = ["--lang", "en", "--db", str(db_path), "import", "enterprises", str(path)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "sheet 'B' not read: its columns differ from sheet 'A'" in out
    assert main([*args, "--sheet", "B"]) == 0
    assert "added 1" in capsys.readouterr().out
    assert main(["--lang", "vi", *args[2:], "--sheet", "B"]) == 0
    assert "trang 'B': tiêu đề cột ở dòng 1" in capsys.readouterr().out


def test_blank_rows_inside_the_table_are_passed_by(store: Store, tmp_path: Path) -> None:
    rows = [["Tên", "Mã số thuế"], ["HTX A", "4900101234"], [], ["HTX B", "4900101235"]]
    report = import_enterprises(store, workbook(tmp_path / "b.xlsx", {"S": rows}))
    assert report.added == 2 and report.sheets[0].skipped["blank"] == [3]


def test_a_bad_row_on_a_later_sheet_names_its_sheet_and_excel_row(
    store: Store, tmp_path: Path
) -> None:
    header = ["Tên đơn vị", "Mã số thuế"]
    path = workbook(
        tmp_path / "s.xlsx",
        {"A": [header, ["HTX A", "4900101234"]], "B": [["TIÊU ĐỀ"], header, ["HTX B", "12"]]},
    )
    report = import_enterprises(store, path)
    assert [(r.sheet, r.line) for r in report.rejected] == [("B", 3)]
    assert not report.written and store.counts()["enterprises"] == 0
