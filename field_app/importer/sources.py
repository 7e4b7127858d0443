"""A file as sheets of rows, whatever its format; row numbers are the ones Excel shows.

Every source streams: a sheet yields one row at a time, so memory does not grow
with the file (see bench/import.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from field_app.i18n import _
from field_app.importer.report import ImportFileError

Rows = Iterator[tuple[int, list[Any]]]
"""(row number as Excel shows it, cells) of each row of a sheet."""


@dataclass
class Sheet:
    """One sheet of a workbook, or the one table of a text file."""

    name: str
    rows: Callable[[], Rows]


@dataclass
class Source:
    """The sheets of a file, and what reading it needs said (its text encoding)."""

    sheets: list[Sheet]
    encoding: str = ""
    close: Callable[[], None] = lambda: None


TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


def open_source(path: Path) -> Source:
    """The sheets of a .xlsx, .xls, .csv or .txt file; ImportFileError when unreadable."""
    if not path.is_file():
        raise ImportFileError(_("{path}: no such file").format(path=path))
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        from field_app.importer.text_files import open_text

        return open_text(path)
    if suffix in XLSX_SUFFIXES:
        from field_app.importer.workbooks import open_xlsx

        return open_xlsx(path)
    if suffix == ".xls":
        from field_app.importer.workbooks import open_xls

        return open_xls(path)
    raise ImportFileError(
        _("{path}: unsupported file type '{suffix}'; use .xlsx, .xls, .csv or .txt").format(
            path=path, suffix=suffix or "(none)"
        )
    )
