"""Importing the enterprise registry from the spreadsheets provinces really keep.

- `sources`, `text_files`, `workbooks`: a .xlsx, .xls, .csv or .txt file as sheets of
  rows, streamed, numbered as Excel numbers them;
- `table`: where the table is in a sheet (title block, one- or two-row header, column
  numbers, subtotals, footer);
- `legacy`: cells typed in TCVN3, VNI or VISCII, back to Unicode;
- `repairs`: values as Excel leaves them (tax codes without their zero, +84 phones,
  "4 sao"), each repair noted;
- `convert`: one row into an Enterprise on the 2025 map;
- `run`: the import, all or nothing; `report`: what it did, told to the officer.

Headers are recognised in Vietnamese or English whatever their case, marks or
spacing, from the enterprise model's field descriptions.
"""

from __future__ import annotations

from field_app.importer.report import ImportFileError, ImportReport, Notice, RejectedRow
from field_app.importer.run import import_enterprises, list_sheets

__all__ = [
    "ImportFileError",
    "ImportReport",
    "Notice",
    "RejectedRow",
    "import_enterprises",
    "list_sheets",
]
