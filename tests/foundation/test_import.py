"""Importing the enterprise registry from CSV and XLSX files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from field_app.cli import main
from field_app.importer import ImportFileError, import_enterprises
from field_app.store import Store

VI_CSV = """Tên doanh nghiệp,Mã số thuế,Loại hình,Tỉnh/Thành phố,Xã/Phường,Địa chỉ,Ngành nghề,Người đại diện,SĐT
Hợp tác xã Nông nghiệp Chi Lăng,4900101234,HTX,Lạng Sơn,Chi Lăng,Thôn Bản Chu,Nông nghiệp,Hoàng Văn Thụ,0912345678
Công ty TNHH Đồng Đăng,4900555666-001,Doanh nghiệp,Lạng Sơn,Đồng Đăng,,Thương mại,Lương Thị Hoa,
Hộ kinh doanh Vi Thị Mai,,hộ kinh doanh,Lạng Sơn,Cao Lộc,,Miến dong,Vi Thị Mai,0205 3871 234
"""


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_vietnamese_headers_with_bom(store: Store, tmp_path: Path) -> None:
    report = import_enterprises(store, write(tmp_path / "dn.csv", VI_CSV, bom=True))
    assert (report.added, report.updated, report.unchanged, report.rejected) == (3, 0, 0, [])
    coop = store.enterprises.find_by_tax_code("4900101234")
    assert coop.name == "Hợp tác xã Nông nghiệp Chi Lăng"
    assert coop.kind == "cooperative" and coop.commune == "Chi Lăng"
    assert coop.representative == "Hoàng Văn Thụ" and coop.phone == "0912345678"
    # A bulk load indexes its rows at the end: both indexes must know every row,
    # and single saves afterwards are indexed as usual.
    assert store.enterprises.search("mai cao loc").items[0].name == "Hộ kinh doanh Vi Thị Mai"
    assert store.enterprises.search("555666").items[0].name == "Công ty TNHH Đồng Đăng"
    assert store.get_meta("fts_deferred") is None
    store.enterprises.add({"name": "Trang trại Hồi Văn Quan", "tax_code": "4900777111"})
    assert store.enterprises.search("hoi van quan").total == 1
    assert store.enterprises.search("777111").total == 1


def test_english_headers_in_any_case_and_decomposed_text(store: Store, tmp_path: Path) -> None:
    text = unicodedata.normalize(
        "NFD",
        "NAME;Tax Code;KIND;Province;Commune;Phone\n"
        "Trang trại Na Hữu Lũng;;farm;Lạng Sơn;Hữu Lũng;\n"
        "Tổ hợp tác Chè Tam Đường;;hop tac xa;Lai Châu;Tam Đường;\n",
    )
    report = import_enterprises(store, write(tmp_path / "en.csv", text))
    assert report.added == 2 and not report.rejected
    names = [i.name for i in store.enterprises.search("").items]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert "Trang trại Na Hữu Lũng" in names


def test_headers_without_marks_are_recognised(store: Store, tmp_path: Path) -> None:
    text = "TEN DON VI,MST,LOAI HINH,TINH,XA,DIEN THOAI\nHTX Miến Bình Gia,4800000001,htx,Lạng Sơn,Bình Gia,\n"
    report = import_enterprises(store, write(tmp_path / "plain.csv", text))
    assert report.added == 1
    assert store.enterprises.find_by_tax_code("4800000001").kind == "cooperative"


def test_xlsx_import(store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Tên", "MST", "Loại hình", "Tỉnh", "Xã", "Điện thoại"])
    ws.append(
        [
            "Hợp tác xã Thạch đen Tràng Định",
            4900222333,
            "Hợp tác xã",
            "Lạng Sơn",
            "Tràng Định",
            912345678,
        ]
    )
    ws.append([None, None, None, None, None, None])  # blank row: skipped
    ws.append(
        [
            "Công ty CP Nước khoáng Mẫu Sơn",
            "4900444555",
            "Công ty cổ phần",
            "Lạng Sơn",
            "Mẫu Sơn",
            None,
        ]
    )
    wb.save(tmp_path / "registry.xlsx")
    report = import_enterprises(store, tmp_path / "registry.xlsx")
    assert report.added == 2 and not report.rejected
    ent = store.enterprises.find_by_tax_code("4900222333")  # a number cell, read as text
    assert ent.phone == "0912345678"  # the leading zero Excel dropped is restored


def test_reimport_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = write(tmp_path / "dn.csv", VI_CSV)
    import_enterprises(store, path)
    pending = store.outbox.pending_count()
    again = import_enterprises(store, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert store.outbox.pending_count() == pending
    assert store.counts()["enterprises"] == 3


def test_reimport_updates_changed_rows_and_keeps_data_empty_cells_lack(
    store: Store, tmp_path: Path
) -> None:
    import_enterprises(store, write(tmp_path / "dn.csv", VI_CSV))
    changed = VI_CSV.replace("Thôn Bản Chu", "Thôn Nà Hin").replace(",0912345678", ",")
    report = import_enterprises(store, write(tmp_path / "dn2.csv", changed))
    assert (report.added, report.updated, report.unchanged) == (0, 1, 2)
    coop = store.enterprises.find_by_tax_code("4900101234")
    assert coop.address == "Thôn Nà Hin"
    assert coop.phone == "0912345678"  # an empty cell never erases what was known


def test_bad_rows_abort_everything_and_are_listed_by_line(store: Store, tmp_path: Path) -> None:
    bad = (
        VI_CSV
        + "Công ty Sai Mã,12345,,Lạng Sơn,Kỳ Lừa,,,,\n,4900999888,,,,,,,\nHTX Lạ,,tàu vũ trụ,,,,,,\n"
    )
    report = import_enterprises(store, write(tmp_path / "bad.csv", bad))
    assert not report.written
    assert [(r.line, r.reason.split(":")[0]) for r in report.rejected] == [
        (5, "column 'Mã số thuế'"),
        (6, "column 'Tên doanh nghiệp'"),
        (7, "column 'Loại hình'"),
    ]
    assert "10 digits" in report.rejected[0].reason
    assert store.counts()["enterprises"] == 0
    assert store.outbox.pending_count() == 0


def test_skip_invalid_writes_the_good_rows(store: Store, tmp_path: Path) -> None:
    bad = VI_CSV + "Công ty Sai Mã,12345,,Lạng Sơn,Kỳ Lừa,,,,\n"
    report = import_enterprises(store, write(tmp_path / "bad.csv", bad), skip_invalid=True)
    assert report.written and report.added == 3
    assert [r.line for r in report.rejected] == [5]


def test_duplicate_rows_inside_one_file_are_rejected(store: Store, tmp_path: Path) -> None:
    dup = VI_CSV + "Hợp tác xã khác,4900101234,HTX,Lạng Sơn,Chi Lăng,,,,\n"
    report = import_enterprises(store, write(tmp_path / "dup.csv", dup))
    assert report.rejected[0].line == 5 and "row 2" in report.rejected[0].reason


def test_row_numbers_are_the_ones_excel_shows(store: Store, tmp_path: Path) -> None:
    # A line break inside a quoted cell (here in a header and an address) is one row
    # in Excel, so the bad row is row 3, not line 5 of the file.
    text = '"Tên\ndoanh nghiệp",tax_code,address\n"HTX A",4900000011,"Thôn 1\nxã Chi Lăng"\nHTX B,123,\n'
    report = import_enterprises(store, write(tmp_path / "ml.csv", text))
    assert [r.line for r in report.rejected] == [3]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("list.pdf", b"name\nX\n", "unsupported file type"),
        ("lost.csv", b"Ten,Xa\nH?p t?c x? N?ng nghi?p,Chi L?ng\nC?ng ty,?\xf4ng\n", "already lost"),
        ("empty.csv", b"", "empty"),
        ("noname.csv", b"foo,bar\n1,2\n", "no enterprise table"),
        ("fake.xlsx", b"this is not a workbook", "not a readable .xlsx"),
    ],
)
def test_wrong_files_get_a_clear_message(
    store: Store, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        import_enterprises(store, path)
    assert store.counts()["enterprises"] == 0


def test_command_line_reports_and_exit_codes(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "dn.csv", VI_CSV)
    assert main(["--lang", "en", "--db", str(db_path), "import", "enterprises", str(good)]) == 0
    assert "added 3, updated 0, unchanged 0, rejected 0" in capsys.readouterr().out
    assert main(["--lang", "vi", "--db", str(db_path), "import", "enterprises", str(good)]) == 0
    assert "không đổi 3" in capsys.readouterr().out

    bad = write(tmp_path / "bad.csv", VI_CSV + "X,12,,,,,,,\n")
    assert main(["import", "enterprises", str(bad), "--db", str(db_path), "--lang", "en"]) == 1
    captured = capsys.readouterr()
    assert "row 5: column 'Mã số thuế'" in captured.err
    assert "nothing was imported" in captured.err

    args = ["--lang", "en", "--db", str(db_path), "import", "enterprises", str(bad)]
    assert main([*args, "--skip-invalid"]) == 0
    assert "unchanged 3, rejected 1" in capsys.readouterr().out

    missing = str(tmp_path / "nope.csv")
    assert main(["--lang", "en", "--db", str(db_path), "import", "enterprises", missing]) == 2
    assert "no such file" in capsys.readouterr().err
