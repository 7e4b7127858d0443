"""The import itself: sheets chosen, rows read one at a time, all or nothing written.

Rows are written in batches inside one transaction as they are read, so memory stays
flat however long the file; when a row is invalid (and the officer did not ask to
skip invalid rows) the transaction is rolled back at the end and nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from field_app.i18n import _
from field_app.importer.convert import RowConverter
from field_app.importer.report import ImportFileError, ImportReport, RejectedRow, SheetRead
from field_app.importer.sources import Sheet, open_source
from field_app.importer.table import HEADER_SCAN_ROWS, TITLE, Columns, RowJudge, find_columns
from field_app.models.enterprise import Enterprise
from field_app.store import Store
from field_app.text import fold_words

BATCH = 2000
NOTICE_LIMIT = 2000
"""Notices kept for the summary; past it they are counted, not listed."""


class _RollBack(Exception):
    """Raised inside the import's transaction to undo it (some rows were invalid)."""


def list_sheets(path: Path) -> list[str]:
    """The sheet names of a workbook (a text file has one, its file name)."""
    source = open_source(Path(path))
    try:
        return [sheet.name for sheet in source.sheets]
    finally:
        source.close()


def import_enterprises(
    store: Store,
    path: Path,
    *,
    skip_invalid: bool = False,
    default_province: str = "",
    sheets: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import an enterprise list into `store`.

    Reads every sheet holding an enterprise table with the columns of the first one
    (or only the sheets named in `sheets`). Nothing is written when a row is invalid,
    unless `skip_invalid`.
    """
    path = Path(path)
    source = open_source(path)
    report = ImportReport(encoding=source.encoding)
    try:
        chosen = _choose(source.sheets, sheets)
        writer = _Writer(store, report, skip_invalid, progress)
        try:
            with store.enterprises.bulk_load():
                first: Columns | None = None
                first_name = ""
                for sheet in chosen:
                    rows = sheet.rows()
                    buffered = list(islice(rows, HEADER_SCAN_ROWS + 2))
                    found = find_columns(buffered)
                    if found is None:
                        report.sheets_not_read.append(
                            (
                                sheet.name,
                                _("no enterprise table (no header such as 'Tên doanh nghiệp')"),
                            )
                        )
                        continue
                    position, columns = found
                    if first is None:
                        first, first_name = columns, sheet.name
                        report.ignored_columns = columns.ignored
                    elif columns.signature() != first.signature() and not sheets:
                        report.sheets_not_read.append(
                            (
                                sheet.name,
                                _(
                                    "its columns differ from sheet '{first}'; import it on its"
                                    " own with --sheet"
                                ).format(first=first_name),
                            )
                        )
                        continue
                    read = SheetRead(sheet.name, columns.header_rows)
                    for number, _cells in buffered[: position - len(columns.header_rows) + 1]:
                        read.skip(number, _(TITLE))
                    report.sheets.append(read)
                    data_rows = _chain(buffered[position + 1 :], rows)
                    writer.read_table(sheet.name, columns, read, data_rows, default_province)
                if first is None:
                    raise ImportFileError(_no_table(path, source.sheets, chosen))
                writer.flush()
                if report.rejected and not skip_invalid:
                    raise _RollBack
                report.written = True
        except _RollBack:
            report.written = False
    finally:
        source.close()
    return report


def _chain(first: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from first
    yield from rest


def _choose(available: list[Sheet], wanted: list[str] | None) -> list[Sheet]:
    if not wanted:
        return available
    by_name = {s.name: s for s in available}
    by_fold = {" ".join(fold_words(s.name)): s for s in available}
    chosen = []
    for name in wanted:
        sheet = by_name.get(name) or by_fold.get(" ".join(fold_words(name)))
        if sheet is None:
            raise ImportFileError(
                _("no sheet named '{name}'; the sheets are: {sheets}").format(
                    name=name, sheets=", ".join(s.name for s in available)
                )
            )
        chosen.append(sheet)
    return chosen


def _no_table(path: Path, available: list[Sheet], chosen: list[Sheet]) -> str:
    names = ", ".join(f"'{s.name}'" for s in available)
    if len(available) > 1:
        return _(
            "{path}: no enterprise table found in {read}: the first rows hold no header such"
            " as 'Tên doanh nghiệp' or 'name'. The sheets are: {sheets}; choose one with --sheet"
        ).format(path=path, read=", ".join(f"'{s.name}'" for s in chosen), sheets=names)
    return _(
        "{path}: no enterprise table found: the first {rows} rows hold no header such as"
        " 'Tên doanh nghiệp' or 'name'"
    ).format(path=path, rows=HEADER_SCAN_ROWS)


class _Writer:
    """Validates rows, finds the records they match, and writes them in batches."""

    def __init__(
        self,
        store: Store,
        report: ImportReport,
        skip_invalid: bool,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.store = store
        self.report = report
        self.skip_invalid = skip_invalid
        self.progress = progress
        self.count = 0
        self.notices_dropped = 0
        self.by_id, self.by_tax, self.by_name = _existing_keys(store)
        self.seen_tax: dict[str, tuple[str, int]] = {}
        self.seen_name: dict[str, tuple[str, int]] = {}
        self.batch: list[tuple[Enterprise, str | None, set[str]]] = []

    def read_table(
        self,
        sheet: str,
        columns: Columns,
        read: SheetRead,
        rows: Iterator[tuple[int, list[Any]]],
        default_province: str,
    ) -> None:
        judge = RowJudge(columns)
        converter = RowConverter(columns, sheet, default_province)
        district: str | None = None
        pending_blank: list[int] = []
        for line, cells in rows:
            verdict = judge.judge(cells)
            if verdict.action == "stop":
                read.stopped_at, read.stop_reason = line, _(verdict.reason)
                break
            if verdict.action == "skip":
                if verdict.reason == "blank":
                    pending_blank.append(line)
                    continue
                if verdict.district is not None:
                    district = verdict.district
                read.skip(line, _(verdict.reason))
                continue
            for blank in pending_blank:  # blank rows inside the table, not at its end
                read.skip(blank, _("blank"))
            pending_blank = []
            read.rows += 1
            read.first_row = read.first_row or line
            read.last_row = line
            self.count += 1
            if self.progress and self.count % 1000 == 0:
                self.progress(self.count)
            result = converter.convert(line, cells, district)
            for notice in result.notes:
                self._notice(notice)
            if result.enterprise is None:
                self.report.rejected.append(RejectedRow(line, result.reason, sheet))
                continue
            self._add(sheet, line, result.enterprise, result.given)
        for key, count in converter.converted.items():
            self.report.converted[key] += count

    def _notice(self, notice: Any) -> None:
        if len(self.report.warnings) < NOTICE_LIMIT:
            self.report.warnings.append(notice)
        else:
            self.notices_dropped += 1

    def _add(self, sheet: str, line: int, ent: Enterprise, given: set[str]) -> None:
        where = (sheet, line)
        name_key = " ".join(fold_words(ent.name)) + "|" + " ".join(fold_words(ent.commune))
        if ent.tax_code:
            if ent.tax_code in self.seen_tax:
                self._duplicate(
                    where,
                    _("tax code {tax} already appears on row {other}").format(
                        tax=ent.tax_code, other=self._row(self.seen_tax[ent.tax_code], sheet)
                    ),
                )
                return
            self.seen_tax[ent.tax_code] = where
            existing = self.by_id.get(ent.id) if ent.id else None
            existing = existing or self.by_tax.get(ent.tax_code)
        else:
            if name_key in self.seen_name:
                self._duplicate(
                    where,
                    _("same name and commune as row {other}").format(
                        other=self._row(self.seen_name[name_key], sheet)
                    ),
                )
                return
            self.seen_name[name_key] = where
            existing = self.by_id.get(ent.id) if ent.id else None
            existing = existing or self.by_name.get(name_key)
        self.batch.append((ent, existing, given))
        if len(self.batch) >= BATCH:
            self.flush()

    @staticmethod
    def _row(where: tuple[str, int], sheet: str) -> str:
        other_sheet, line = where
        return str(line) if other_sheet == sheet else f"{line} ('{other_sheet}')"

    def _duplicate(self, where: tuple[str, int], reason: str) -> None:
        self.report.rejected.append(RejectedRow(where[1], reason, where[0]))

    def flush(self) -> None:
        """Write the rows read so far (inside the import's transaction)."""
        if not self.batch:
            return
        counts = self.store.enterprises.upsert_many(self.batch)
        self.report.added += counts["added"]
        self.report.updated += counts["updated"]
        self.report.unchanged += counts["unchanged"]
        self.batch = []


def _existing_keys(store: Store) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    by_id: dict[str, str] = {}
    by_tax: dict[str, str] = {}
    by_name: dict[str, str] = {}
    with store.lock:
        cur = store.conn.execute("SELECT id, tax_code, name_fold, commune FROM enterprises")
        for rid, tax, name_fold, commune in cur:
            by_id[rid] = rid
            if tax:
                by_tax[tax] = rid
            else:
                by_name[name_fold + "|" + " ".join(fold_words(commune))] = rid
    return by_id, by_tax, by_name
