"""What an import found and did, and how it is told to the officer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from field_app.i18n import _


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says what to fix."""


@dataclass
class RejectedRow:
    """A row that could not be imported: its row in the sheet (as Excel shows it) and why."""

    line: int
    reason: str
    sheet: str = ""


@dataclass
class Notice:
    """Something repaired, dropped or mapped in one cell; the row is still imported."""

    line: int
    column: str
    message: str
    sheet: str = ""

    def text(self) -> str:
        """'row 7, column "Điện thoại": ...' in the interface language."""
        return _("row {row}, column '{column}': {message}").format(
            row=self.line, column=self.column, message=self.message
        )


@dataclass
class SheetRead:
    """One sheet (or text file) that was read: where its table was and what was passed by."""

    name: str
    header_rows: tuple[int, ...] = ()
    first_row: int = 0
    last_row: int = 0
    rows: int = 0
    skipped: dict[str, list[int]] = field(default_factory=dict)
    """Reason -> rows passed by for it (titles, column numbers, totals, blank rows...)."""
    stopped_at: int = 0
    stop_reason: str = ""

    def skip(self, line: int, reason: str) -> None:
        self.skipped.setdefault(reason, []).append(line)


@dataclass
class ImportReport:
    """What an import did (or, when `written` is False, would have done)."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    written: bool = False
    warnings: list[Notice] = field(default_factory=list)
    sheets: list[SheetRead] = field(default_factory=list)
    sheets_not_read: list[tuple[str, str]] = field(default_factory=list)
    """(sheet, why) for every sheet of a workbook that was not read."""
    converted: Counter[tuple[str, str]] = field(default_factory=Counter)
    """(legacy encoding, column) -> cells converted to Unicode."""
    encoding: str = ""
    """The text encoding a .csv/.txt file was read in."""

    def summary_lines(self) -> list[str]:
        """The officer's summary: which sheet and rows were read, what was passed by and
        why, what was converted; in the interface language."""
        lines = []
        if self.encoding:
            lines.append(_("read as {encoding} text").format(encoding=self.encoding))
        for sheet in self.sheets:
            headers = "-".join(
                str(r) for r in sorted({sheet.header_rows[0], sheet.header_rows[-1]})
            )
            lines.append(
                _(
                    "sheet '{sheet}': header on row {header}, {count} rows read ({first}-{last})"
                ).format(
                    sheet=sheet.name,
                    header=headers,
                    count=sheet.rows,
                    first=sheet.first_row or "-",
                    last=sheet.last_row or "-",
                )
            )
            for reason, rows in sheet.skipped.items():
                lines.append(
                    _("  rows passed by ({reason}): {rows}").format(
                        reason=reason, rows=compact_rows(rows)
                    )
                )
            if sheet.stopped_at:
                lines.append(
                    _(
                        "  the table ends at row {row} ({reason}); the rows below were not read"
                    ).format(row=sheet.stopped_at, reason=sheet.stop_reason)
                )
        for name, why in self.sheets_not_read:
            lines.append(_("sheet '{sheet}' not read: {reason}").format(sheet=name, reason=why))
        for (encoding, column), count in sorted(self.converted.items()):
            lines.append(
                _("converted from {encoding}: {count} cells of column '{column}'").format(
                    encoding=encoding, count=count, column=column
                )
            )
        return lines


def compact_rows(rows: list[int], limit: int = 12) -> str:
    """'1-3, 6, 31' for a list of row numbers (long lists end with '…')."""
    spans: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if spans and row == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], row)
        else:
            spans.append((row, row))
    parts = [str(a) if a == b else f"{a}-{b}" for a, b in spans[:limit]]
    return ", ".join(parts) + (", …" if len(spans) > limit else "")
