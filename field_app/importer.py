"""Importing the enterprise registry from the spreadsheets provinces really keep.

Headers are recognised in Vietnamese or English whatever their case, marks or
spacing ("Tên doanh nghiệp", "TEN DOANH NGHIEP", "name"). Rows are validated first;
by default nothing is written unless every row is valid, so a broken file never
leaves a half-imported registry.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from field_app.i18n import _
from field_app.models.common import describe_errors
from field_app.models.enterprise import ENTERPRISE_FIELDS, HEADERS, Enterprise
from field_app.store import Store
from field_app.text import fold_key, fold_words

# Folded header -> Enterprise field, from the model's field descriptions (the
# labels of both languages, the export headers and the aliases).
HEADER_ALIASES: dict[str, str] = {
    key: name for key, name in HEADERS.items() if name in ENTERPRISE_FIELDS
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says what to fix."""


@dataclass
class RejectedRow:
    """A row that could not be imported: its line in the file and why."""

    line: int
    reason: str


@dataclass
class ImportReport:
    """What an import did (or, when `written` is False, would have done)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    written: bool = False


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """The header row and (line number, cells) of each data row of a .csv or .xlsx."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFileError(_("{path}: no such file").format(path=path))
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise ImportFileError(
        _("{path}: unsupported file type '{suffix}'; use .csv (UTF-8) or .xlsx").format(
            path=path, suffix=suffix or "(none)"
        )
    )


def _read_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a BOM
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "{path}: not UTF-8 text (byte {pos}); in Excel choose "
                "'Save as' → 'CSV UTF-8 (comma delimited)'"
            ).format(path=path, pos=exc.start)
        ) from exc
    if "\x00" in text[:4096]:
        raise ImportFileError(_("{path}: this is not a CSV text file").format(path=path))
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError(_("{path}: the file is empty").format(path=path)) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        start = reader.line_num + 1
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1

    return header, rows()


def _read_xlsx(path: Path) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(
            _("{path}: not a readable .xlsx workbook ({error})").format(path=path, error=exc)
        ) from exc
    sheet = wb.worksheets[0]
    it = sheet.iter_rows(values_only=True)
    try:
        header = ["" if c is None else str(c) for c in next(it)]
    except StopIteration:
        raise ImportFileError(_("{path}: the first sheet is empty").format(path=path)) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in enumerate(it, start=2):
            yield number, list(cells)
        wb.close()

    return header, rows()


def map_headers(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field, and the headers that were not recognised."""
    mapping: dict[int, str] = {}
    ignored = []
    for index, title in enumerate(header):
        fieldname = HEADER_ALIASES.get(fold_key(str(title or "")))
        if fieldname and fieldname not in mapping.values():
            mapping[index] = fieldname
        elif str(title or "").strip() and fold_key(str(title)) not in HEADERS:
            ignored.append(str(title))
    if "name" not in mapping.values():
        raise ImportFileError(
            _(
                "no name column found; the first row must hold headers such as "
                "'Tên doanh nghiệp' or 'name' (found: {found})"
            ).format(found=", ".join(str(h) for h in header) or "nothing")
        )
    return mapping, ignored


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def import_enterprises(
    store: Store,
    path: Path,
    *,
    skip_invalid: bool = False,
    default_province: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import an enterprise list into `store`; see the module docstring for the rules."""
    header, rows = read_rows(Path(path))
    mapping, ignored = map_headers(header)
    report = ImportReport(ignored_columns=ignored)

    by_tax, by_name = _existing_keys(store)
    seen_tax: dict[str, int] = {}
    seen_name: dict[tuple[str, str], int] = {}
    batch: list[tuple[Enterprise, str | None, set[str]]] = []
    for count, (line, cells) in enumerate(rows, start=1):
        if progress and count % 1000 == 0:
            progress(count)
        data = {
            fieldname: _cell(cells[i])
            for i, fieldname in mapping.items()
            if i < len(cells) and cells[i] not in (None, "")
        }
        if not data:
            continue  # blank line
        if default_province and not data.get("province"):
            data["province"] = default_province
        try:
            ent = Enterprise.model_validate(data)
        except ValidationError as exc:
            report.rejected.append(RejectedRow(line, "; ".join(describe_errors(exc))))
            continue
        name_key = (" ".join(fold_words(ent.name)), " ".join(fold_words(ent.commune)))
        if ent.tax_code:
            if ent.tax_code in seen_tax:
                report.rejected.append(
                    RejectedRow(
                        line,
                        _("tax code {tax} already appears on line {other}").format(
                            tax=ent.tax_code, other=seen_tax[ent.tax_code]
                        ),
                    )
                )
                continue
            seen_tax[ent.tax_code] = line
            existing = by_tax.get(ent.tax_code)
        else:
            if name_key in seen_name:
                report.rejected.append(
                    RejectedRow(
                        line,
                        _("same name and commune as line {other}").format(
                            other=seen_name[name_key]
                        ),
                    )
                )
                continue
            seen_name[name_key] = line
            existing = by_name.get(name_key)
        batch.append((ent, existing, set(data)))

    if report.rejected and not skip_invalid:
        return report
    counts = store.enterprises.upsert_many(batch)
    report.added, report.updated, report.unchanged = (
        counts["added"],
        counts["updated"],
        counts["unchanged"],
    )
    report.written = True
    return report


def _existing_keys(store: Store) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    by_tax: dict[str, str] = {}
    by_name: dict[tuple[str, str], str] = {}
    with store.lock:
        cur = store.conn.execute("SELECT id, tax_code, name_fold, commune FROM enterprises")
        for rid, tax, name_fold, commune in cur:
            if tax:
                by_tax[tax] = rid
            else:
                by_name[(name_fold, " ".join(fold_words(commune)))] = rid
    return by_tax, by_name
