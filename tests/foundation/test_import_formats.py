"""File formats and text encodings offices really send: .xls, Excel's Unicode text,
Windows-1258, files whose letters were lost, and cells typed in TCVN3 or VNI."""

from __future__ import annotations

import codecs
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from field_app.importer import ImportFileError, import_enterprises
from field_app.store import Store

ROWS = [
    ["Tên doanh nghiệp", "Mã số thuế", "Loại hình", "Tỉnh", "Xã", "Hạn OCOP"],
    ["Hợp tác xã Nông nghiệp Chi Lăng", "4900101234", "HTX", "Lạng Sơn", "Chi Lăng", "31/12/2026"],
    ["Công ty TNHH Đồng Đăng", "4900555666", "Cty TNHH", "Lạng Sơn", "Đồng Đăng", ""],
]


def _check(store: Store) -> None:
    coop = store.enterprises.find_by_tax_code("4900101234")
    assert coop.name == "Hợp tác xã Nông nghiệp Chi Lăng"
    assert unicodedata.is_normalized("NFC", coop.name)
    assert coop.kind == "cooperative" and coop.ocop_expiry == date(2026, 12, 31)
    assert store.enterprises.find_by_tax_code("4900555666").kind == "enterprise"


def test_xls_from_excel_97_2003(store: Store, tmp_path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Danh sách")
    sheet.write(0, 0, "DANH SÁCH HỢP TÁC XÃ")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate(ROWS, start=2):
        for c, value in enumerate(row):
            if r > 2 and c == 5 and value:
                sheet.write(r, c, date(2026, 12, 31), date_style)  # a real Excel date
            else:
                sheet.write(r, c, value)
    path = tmp_path / "ds.xls"
    book.save(str(path))
    report = import_enterprises(store, path)
    assert report.added == 2 and report.sheets[0].header_rows == (3,)
    _check(store)


def test_excel_unicode_text_is_utf16_with_tabs(store: Store, tmp_path: Path) -> None:
    text = "\r\n".join("\t".join(row) for row in ROWS) + "\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    report = import_enterprises(store, path)
    assert report.added == 2 and report.encoding == "UTF-16"
    _check(store)


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """`text` as Windows-1258 writes it: letters with a tone mark as the toneless letter
    (â, ơ, ư... are single bytes) followed by the combining tone."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


def test_windows_1258_is_decoded_then_composed(store: Store, tmp_path: Path) -> None:
    # cp1258 writes most tones as combining marks: decoded text is not NFC until
    # composed, and would not match "Chi Lăng" typed on a Unicode keyboard.
    text = "\r\n".join(";".join(row) for row in ROWS) + "\r\n"
    raw = to_cp1258(text)
    path = tmp_path / "cp1258.csv"
    path.write_bytes(raw)
    report = import_enterprises(store, path)
    assert report.added == 2 and report.encoding == "Windows-1258"
    _check(store)
    assert store.enterprises.search("chi lang").total >= 1


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_sniffed_below_a_title_line(
    store: Store, tmp_path: Path, delimiter: str
) -> None:
    lines = ["DANH SÁCH DOANH NGHIỆP" + delimiter * 5, *(delimiter.join(r) for r in ROWS)]
    path = tmp_path / "d.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert import_enterprises(store, path).added == 2


def test_utf8_without_bom(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("\n".join(",".join(r) for r in ROWS) + "\n", encoding="utf-8")
    assert import_enterprises(store, path).encoding == "UTF-8"
    _check(store)


def test_a_file_whose_letters_became_question_marks_is_refused(
    store: Store, tmp_path: Path
) -> None:
    text = "\n".join(",".join(r) for r in ROWS) + "\n"
    path = tmp_path / "lost.csv"
    path.write_bytes(text.encode("ascii", errors="replace"))  # what a lossy save does
    with pytest.raises(ImportFileError, match=r"letters of this file were already lost"):
        import_enterprises(store, path)
    assert store.counts()["enterprises"] == 0


def test_a_huge_cell_gets_a_clear_message(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("Tên,Xã\nHTX A,Chi Lăng\nHTX B," + "x" * 140_000 + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"row 3: a cell is longer than 131,072"):
        import_enterprises(store, path)


def test_an_xlsx_whose_text_inflates_hugely_is_refused_before_reading(
    store: Store, tmp_path: Path
) -> None:
    import zipfile

    from openpyxl import Workbook

    path = tmp_path / "bomb.xlsx"
    wb = Workbook()
    wb.active.append(["Tên", "Xã"])
    wb.save(path)
    # Replace the shared strings with 80 MB of XML that compresses to almost nothing.
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    body = b"<si><t>" + b"A" * (80 * 1024 * 1024) + b"</t></si>"
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="1" uniqueCount="1">' + body + b"</sst>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(ImportFileError, match=r"would take 80 MB once unpacked"):
        import_enterprises(store, path)


# -- legacy Vietnamese encodings --------------------------------------------------------

# Written here from the published layouts, independently of field_app's tables: the
# letters these tests use, and the byte (shown as the Latin-1 letter Excel keeps) or
# VNI key sequence each one was typed as.
TCVN3_KEYS = {
    "ợ": "î", "á": "¸", "ã": "·", "ô": "«", "ệ": "Ö", "ă": "¨", "à": "µ", "ơ": "¬",
    "ư": "\xad", "đ": "®", "ị": "Þ", "ạ": "¹", "ồ": "å", "ộ": "é", "ấ": "Ê", "ế": "Õ",
    "ổ": "æ", "ầ": "Ç", "ả": "¶", "Đ": "§",
}  # fmt: skip
VNI_KEYS = {
    "ợ": "ôï", "á": "aù", "ã": "aõ", "ô": "oâ", "ệ": "eä", "ă": "aê", "à": "aø", "ơ": "ô",
    "ư": "ö", "đ": "ñ", "ị": "ò", "ạ": "aï", "ồ": "oà", "ộ": "oä", "ấ": "aá", "ế": "eá",
    "ổ": "oå", "ầ": "aà", "ả": "aû", "Đ": "Ñ",
}  # fmt: skip


def encode(text: str, keys: dict[str, str]) -> str:
    """`text` as a legacy font would have stored it (every letter used must be in `keys`)."""
    out = []
    for char in text:
        if char in keys or char.lower() in keys:
            out.append(keys.get(char) or keys[char.lower()])
        else:
            assert char.isascii(), f"add {char!r} to the test's table"
            out.append(char)
    return "".join(out)


NAMES = [
    "Hợp tác xã Nông nghiệp Chi Lăng",
    "Hợp tác xã Đồng Đăng",
    "Hộ kinh doanh Mai Thị Hà",
    "Công ty Cổ phần Nông sản Lạng Sơn",
]


@pytest.mark.parametrize(("encoding", "keys"), [("TCVN3", TCVN3_KEYS), ("VNI", VNI_KEYS)])
def test_legacy_encoded_cells_are_converted_and_said_so(
    store: Store, tmp_path: Path, encoding: str, keys: dict[str, str]
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Tên doanh nghiệp", "Mã số thuế", "Tỉnh", "Xã"])
    for i, name in enumerate(NAMES):
        ws.append([encode(name, keys), f"49001012{i:02d}", "Lạng Sơn", "Chi Lăng"])
    path = tmp_path / "legacy.xlsx"
    wb.save(path)
    assert encode(NAMES[0], TCVN3_KEYS) == "Hîp t¸c x· N«ng nghiÖp Chi L¨ng"

    report = import_enterprises(store, path)

    stored = sorted(e.name for e in store.enterprises.search("").items)
    assert stored == sorted(NAMES)
    assert report.converted[(encoding, "Tên doanh nghiệp")] == len(NAMES)
    assert f"converted from {encoding}: 4 cells of column 'Tên doanh nghiệp'" in "\n".join(
        report.summary_lines()
    )
    assert store.enterprises.search("hop tac xa nong nghiep").total == 1  # findable again


def test_unicode_text_with_latin_letters_is_left_alone(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text(
        "Tên,Mã số thuế\nCông ty ABC® Việt Nam,4900101234\nCafé Hà Nội,4900101235\n",
        encoding="utf-8",
    )
    report = import_enterprises(store, path)
    assert not report.converted
    assert store.enterprises.find_by_tax_code("4900101234").name == "Công ty ABC® Việt Nam"


def test_viscii_cells_are_converted() -> None:
    from field_app.importer.legacy import ColumnDecoder

    # VISCII keeps Latin-1's letters where Vietnamese shares them and puts the others
    # in the upper half: ợ is byte 0xFE (shown as "þ"), ệ 0xAE ("®"), ộ 0xB5 ("µ").
    text, encoding = ColumnDecoder().decode("Hþp tác xã Nông nghi®p Lµc Bình")
    assert encoding == "VISCII" and text == "Hợp tác xã Nông nghiệp Lộc Bình"


@pytest.mark.parametrize(("name", "charset"), [("TCVN3", "TCVN5712-1"), ("VISCII", "VISCII")])
def test_legacy_tables_match_the_c_library(name: str, charset: str) -> None:
    import subprocess

    from field_app.importer import legacy

    table = getattr(legacy, name)
    for byte in range(0x80, 0x100):
        out = subprocess.run(
            ["iconv", "-f", charset, "-t", "UTF-8"], input=bytes([byte]), capture_output=True
        )
        expected = unicodedata.normalize("NFC", out.stdout.decode()) if out.returncode == 0 else ""
        if expected and expected != chr(byte) and not unicodedata.combining(expected[0]):
            assert table.get(byte) == expected, hex(byte)
