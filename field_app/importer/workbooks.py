"""Workbooks: .xlsx through openpyxl's streaming reader, .xls (Excel 97-2003) through xlrd.

An .xlsx is a zip: openpyxl keeps its shared strings (every distinct text) in memory,
so their inflated size is checked before reading. A file built to inflate a few
megabytes into gigabytes is refused instead of exhausting the laptop's memory.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from field_app.i18n import _
from field_app.importer.report import ImportFileError
from field_app.importer.sources import Rows, Sheet, Source

SHARED_STRINGS_LIMIT = 64 * 1024 * 1024
"""Inflated size of an .xlsx's shared strings allowed (bytes of XML): about a
million distinct enterprise names; larger is a damaged or hostile file."""


def check_inflated_size(path: Path, limit: int = SHARED_STRINGS_LIMIT) -> None:
    """Refuse an .xlsx whose shared strings would inflate past `limit`, before reading."""
    from zipfile import BadZipFile, ZipFile

    try:
        with ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.lower().endswith("sharedstrings.xml") and info.file_size > limit:
                    raise ImportFileError(
                        _(
                            "{path}: its text would take {size} MB once unpacked (at most {limit}"
                            " MB); the file is damaged or not a real enterprise list. Save it"
                            " again from Excel, or as 'CSV UTF-8', and import that"
                        ).format(
                            path=path,
                            size=info.file_size // (1024 * 1024),
                            limit=limit // (1024 * 1024),
                        )
                    )
    except BadZipFile as exc:
        raise ImportFileError(
            _("{path}: not a readable .xlsx workbook ({error})").format(path=path, error=exc)
        ) from exc


def open_xlsx(path: Path) -> Source:
    """Every sheet of an .xlsx, each streamed row by row."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    check_inflated_size(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError, TypeError) as exc:
        raise ImportFileError(
            _("{path}: not a readable .xlsx workbook ({error})").format(path=path, error=exc)
        ) from exc

    def sheet_rows(ws: Any) -> Rows:
        # The stored dimensions are often wrong in files other programs wrote; reset,
        # openpyxl yields every row from 1, empty ones as (), so numbering is Excel's.
        ws.reset_dimensions()
        for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
            yield number, list(cells)

    sheets = [
        Sheet(ws.title, partial(sheet_rows, ws))
        for ws in wb.worksheets
        if getattr(ws, "sheet_state", "visible") == "visible"
    ]
    return Source(sheets, close=wb.close)


def open_xls(path: Path) -> Source:
    """Every sheet of an Excel 97-2003 workbook; dates come back as dates."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except (xlrd.XLRDError, OSError, ValueError, AssertionError, IndexError) as exc:
        raise ImportFileError(
            _("{path}: not a readable .xls workbook ({error})").format(path=path, error=exc)
        ) from exc

    def sheet_rows(index: int) -> Rows:
        sheet = book.sheet_by_index(index)
        for row in range(sheet.nrows):
            cells: list[Any] = []
            for cell in sheet.row(row):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        cells.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                    except (ValueError, OverflowError):
                        cells.append(cell.value)
                elif (
                    cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)
                    or cell.ctype == xlrd.XL_CELL_ERROR
                ):
                    cells.append(None)
                else:
                    cells.append(cell.value)
            yield row + 1, cells
        book.unload_sheet(index)

    sheets = [Sheet(name, partial(sheet_rows, i)) for i, name in enumerate(book.sheet_names())]
    return Source(sheets, close=book.release_resources)
